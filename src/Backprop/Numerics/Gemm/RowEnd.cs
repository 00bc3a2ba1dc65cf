// RowEnd: how the sparse kernels (SparseRow, SparseRows) read the last vector of each row of B, as types, so that each
// kernel body is compiled once per way with the choice a constant (as ITileSize does for tile shapes): whole (the load
// folds into its FMA), masked to the live columns, or with the last few columns taken from a compact copy kept apart
// (GemmProblem.BTail: the Predictor's 784-100 layer, 100 = 6·16 + 4, reads 6 cache lines a row instead of 7).
using System.Runtime.Intrinsics;

namespace Backprop.Numerics.GemmKernels;

/// <summary>How a kernel reads the last vector of B's rows.</summary>
internal interface IRowEnd
{
    /// <summary>Whether the last vector is loaded whole (and so folds into its FMA).</summary>
    static abstract bool Whole { get; }

    /// <summary>Whether the last columns (fewer than a 128-bit vector holds) are read from BTail, after the whole vectors.</summary>
    static abstract bool Apart { get; }
}

/// <summary>The last vector read whole.</summary>
internal struct WholeRows : IRowEnd { public static bool Whole => true; public static bool Apart => false; }

/// <summary>The last vector read masked.</summary>
internal struct MaskedRows : IRowEnd { public static bool Whole => false; public static bool Apart => false; }

/// <summary>Whole vectors from B, then the last columns from BTail.</summary>
internal struct ApartRows : IRowEnd { public static bool Whole => true; public static bool Apart => true; }

/// <summary>The rule for B's last columns kept apart (<see cref="GemmProblem{T}.BTail"/>).</summary>
internal static class TailColumns
{
    /// <summary>
    /// How many columns past the last whole Vector512 of <paramref name="n"/> columns a copy apart holds: n mod
    /// Vector512&lt;T&gt;.Count when that fits one 128-bit vector (1 to Vector128&lt;T&gt;.Count), else 0 (none kept).
    /// </summary>
    public static int Count<T>(int n)
    {
        int tail = n % Vector512<T>.Count;
        return tail <= Vector128<T>.Count ? tail : 0;
    }

    /// <summary>
    /// The copy apart that <see cref="GemmProblem{T}.BTail"/> reads: for each of B's <paramref name="k"/> rows (row q at
    /// q·<paramref name="ldb"/>, <paramref name="n"/> columns), its last <see cref="Count{T}"/>(n) columns at
    /// <paramref name="copy"/>[q·Vector128&lt;T&gt;.Count…], the rest of each row of the copy left as it is (zero in a new array).
    /// </summary>
    public static void Copy<T>(ReadOnlySpan<T> b, int ldb, int n, int k, Span<T> copy) where T : unmanaged
    {
        int tail = Count<T>(n), width = Vector128<T>.Count;
        for (int q = 0; q < k; q++)
            b.Slice(q * ldb + n - tail, tail).CopyTo(copy[(q * width)..]);
    }

    /// <summary>
    /// Whether the columns [j, j + cols) (a block in <see cref="SparseRow"/>, a panel in <see cref="SparseRows"/>) take
    /// their last columns from BTail: there is one, they end at B's last column, and whole vectors come before them.
    /// </summary>
    public static unsafe bool Apart<T>(in GemmProblem<T> p, int j, int cols) where T : unmanaged
    {
        int tail = Count<T>(cols);
        return p.BTail != null && j + cols == p.N && tail > 0 && cols > tail;
    }
}
