// VectorFma: the fused multiply-add every kernel of the product is built from, generic over float and double.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Numerics.GemmKernels;

/// <summary>a·b + c rounded once, on 512-, 256- and 128-bit vectors of <c>float</c> or <c>double</c>.</summary>
internal static class VectorFma
{
    /// <summary>a·b + c with one rounding (a multiply then an add for element types other than float and double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        // typeof tests on a struct type parameter are constants to the JIT: only one branch survives.
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    /// <summary>a·b + c with one rounding, 128-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fma<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector128.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector128.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    /// <summary>a·b + c with one rounding, 256-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fma<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }
}
