// RowOfC: how the kernels that start each element's FMA chain at the old C (SparseRows, OuterProducts), rather than
// merging a finished sum into it (the packed path, Tiny, SparseRow), read and write a row of C vector by vector.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Numerics.GemmKernels;

/// <summary>Where an element's chain starts: from c as it stands (β = 1, or a later block of k), from 0 (β = 0: the old C ignored, NaN included), or from β·c.</summary>
internal enum Chains { Continue, FromZero, FromScaled }

/// <summary>Vectors of a row of C as FMA chains start from them and are stored back, the row's last vector through a mask of its live columns.</summary>
internal static unsafe class RowOfC
{
    /// <summary>Where the chains of C = α·op(A)·op(B) + β·C start for this β, over the first (or only) block of k.</summary>
    public static Chains StartFor<T>(T beta) where T : IFloatingPointIeee754<T> =>
        beta == T.One ? Chains.Continue : beta == T.Zero ? Chains.FromZero : Chains.FromScaled;

    /// <summary>Vector <paramref name="vector"/> of the row of C at <paramref name="c"/> as its chains start (<see cref="Chains"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Begin<T>(T* c, int vector, int lastVector, Vector512<T> live, Chains start, Vector512<T> beta)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        start == Chains.FromZero ? Vector512<T>.Zero : start == Chains.FromScaled ? beta * Load(c, vector, lastVector, live) : Load(c, vector, lastVector, live);

    /// <summary>
    /// Vector <paramref name="vector"/> of the row of C at <paramref name="c"/>: whole, or only the lanes of
    /// <paramref name="live"/> when it is the row's <paramref name="lastVector"/>. Outside the FMA loop only: the JIT
    /// keeps the result of this conditional in a register, so a load through it would not fold into an FMA.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load<T>(T* c, int vector, int lastVector, Vector512<T> live) where T : unmanaged =>
        vector == lastVector ? SparseRow.MaskedLoad(c + vector * Vector512<T>.Count, live) : Vector512.Load(c + vector * Vector512<T>.Count);

    /// <summary>Stores <paramref name="s"/> as vector <paramref name="vector"/> of the row of C at <paramref name="c"/>: whole, or only the lanes of <paramref name="live"/> when it is the row's <paramref name="lastVector"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(T* c, int vector, int lastVector, Vector512<T> s, Vector512<T> live) where T : unmanaged
    {
        if (vector == lastVector) SparseRow.MaskedStore(c + vector * Vector512<T>.Count, live, s);
        else Vector512.Store(s, c + vector * Vector512<T>.Count);
    }
}
