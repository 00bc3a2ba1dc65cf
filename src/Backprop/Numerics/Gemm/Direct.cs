// Direct: small products computed straight from the operands, without packing.
using System.Numerics;

namespace Backprop.Numerics.GemmKernels;

/// <summary>Unpacked path for products too small to repay packing.</summary>
internal static unsafe class Direct
{
    /// <summary>Whether <paramref name="p"/> is small enough for the direct path.</summary>
    public static bool Applies<T>(in GemmProblem<T> p) where T : unmanaged => false;

    /// <summary>Computes <paramref name="p"/> directly.</summary>
    public static void Run<T>(in GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T> => throw new NotImplementedException();
}
