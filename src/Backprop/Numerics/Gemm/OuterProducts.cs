// OuterProducts: C = α·Aᵀ·B + β·C when k is small (≤ 48), as a sum of k outer products: c_ij = β·c_ij + Σ_q (α·a_qi)·b_qj.
//
// BP4 over a mini-batch of m examples is exactly that: ∂C/∂W^l = Σ_x δ^x (a^x)ᵀ, one outer product per example, and the
// folded descent W ← κ·W − η·δᵀ·a^(l−1) is one call with k = m, α = −η, β = κ (nielsen1 and nielsen3: 30 × 784 × 10 and
// 100 × 784 × 10). The packed path pays for those shapes twice over: it copies op(A) and B into panels, and its 8 × 32 tile
// runs only k = 10 steps between loading C and storing it back (C = α·acc + β·C, a multiply and an FMA more per element).
// Here nothing of B is copied: a tile of up to 8 rows × 2 vectors of C starts its FMA chains at β·c (at c for β = 1, at 0
// for β = 0, the old C ignored, NaN included), reads B's rows where they lie (k rows of n: 31 KB for 10 × 784, in L1
// while the rows of C stream), and adds (α·a_qi)·b_qj in increasing q, α·Aᵀ being copied once per call (m·k values).
// Each element's chain is the same whichever tile or thread computes it, so threads cut rows anywhere and results are
// bit-identical for any thread count. The summation differs from the packed path's (α applied to each a_iq, β·c first),
// as SparseRows' does: both are checked against the naive loop, not against each other.
//
// Measured (2026-11-25, bench `-- nielsen3-layout`, 6,000 steps of ten Fashion-MNIST images, 1 thread, 4 rounds after a
// warm-up): nielsen3's W ← κ·W − η·δᵀ·x, 100 × 784 × 10, 18.65-18.74 µs a step packed, 15.92-16.04 as outer products;
// nielsen1's (30 × 784 × 10, β = 1) 5.59-5.63 against 5.05-5.10. `backprop bench --config nielsen3 --threads 1`, 5
// alternating rounds: 263.9k-275.0k ex/s before, 282.7k-286.5k with this path; nielsen1 within noise. Tried and left:
// the path for A not transposed too (BP2's δ^L·W^L for a 10-unit output layer), whose copy of α·A is then a transpose
// element by element: 128 × 100 × 10 4.06 against 3.76 µs packed, 128 × 128 × 10 4.48 against 3.67 (same probe);
// a variant of 4 rows × 1 vector holding B's 10 vectors in registers: 17.5 against 17.0 µs for this one. Larger
// mini-batches (same probe, 100 × 784 × k, 2,000 calls, 3 rounds, packed/outer products in µs): k = 8 16.7/14.2,
// 10 19.3/16.7, 16 27.5/25.0, 24 38.4/35.7, 32 49.3/47.0, 48 71.8/68.5; the copies the packed path makes cost the same
// ~3 µs whatever k, so the path takes k up to 48 (past that, not measured; from 64 the sparse path takes BP4 when δ
// has zeros).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Backprop.Numerics.GemmKernels.RowOfC;
using static Backprop.Numerics.GemmKernels.VectorFma;

namespace Backprop.Numerics.GemmKernels;

/// <summary>The product for a small k (BP4 over a small mini-batch), as k outer products added to C, B read in place.</summary>
internal static unsafe class OuterProducts
{
    /// <summary>Largest k this path takes (a field only so the bench's probe can sweep it; see the header for the sweep).</summary>
    public static int MaxK = 48;

    /// <summary>Whether the path may be chosen; a field only so the bench's probe can compare it with the packed path.</summary>
    internal static bool Enabled = true;

    /// <summary>
    /// Whether <paramref name="p"/> suits the path: op(A) = Aᵀ (BP4's δ^l, stored m × n_l, so α·op(A)'s columns are rows of A
    /// and copy as vectors), B not transposed (k rows of n), k ≤ <see cref="MaxK"/>, at least one vector of columns, float
    /// or double with 512-bit vectors. With A not transposed (BP2's δ^L·W^L for a 10-unit output layer, 128 × 100 × 10 and
    /// 128 × 128 × 10) the copy is a transpose, element by element, and the packed path was faster: 3.8 and 3.7 µs against
    /// 4.1 and 4.5 (probe `-- nielsen3-layout`).
    /// </summary>
    public static bool Applies<T>(in GemmProblem<T> p) where T : unmanaged =>
        Enabled && Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double))
        && p.TransA && !p.TransB && p.K <= MaxK && p.N >= Vector512<T>.Count;

    /// <summary>
    /// Rows [i0, i1) of C = α·Aᵀ·B + β·C: α·Aᵀ's rows copied into this thread's workspace (k values each), then
    /// tiles of 8 rows (4, then 1, at the end) × 2 vectors of columns (1, masked to the last columns, at the end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> p, int i0, int i1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = p.K, rows = i1 - i0;
        if (rows <= 0) return;
        // α·op(A) column by column, i.e. α·A row by row (A is stored k × m): element (r, q) at scaled[q·rows + r], so a
        // tile's rows at step q are adjacent.
        T* scaled = Workspace<T>.Get(rows * k);
        for (int q = 0; q < k; q++)
            System.Numerics.Tensors.TensorPrimitives.Multiply(new ReadOnlySpan<T>(p.A + q * p.Lda + i0, rows), p.Alpha, new Span<T>(scaled + q * rows, rows));
        var start = StartFor(p.Beta);
        int i = 0;
        for (; i + 8 <= rows; i += 8) Rows<T, Eight>(p, scaled + i, rows, i0 + i, start);
        for (; i + 4 <= rows; i += 4) Rows<T, Four>(p, scaled + i, rows, i0 + i, start);
        for (; i < rows; i++) Rows<T, One>(p, scaled + i, rows, i0 + i, start);
    }

    /// <summary>TRows rows of C from row <paramref name="i"/>, across all n columns: pairs of whole vectors, then the rest; α·op(A)'s values for step q at a + q·<paramref name="lda"/>.</summary>
    private static void Rows<T, TRows>(in GemmProblem<T> p, T* a, nint lda, int i, Chains start) where T : unmanaged, IFloatingPointIeee754<T> where TRows : struct, ITileSize
    {
        int n = p.N, v = Vector512<T>.Count, j = 0;
        T* c = p.C + (nint)i * p.Ldc;
        var all = Vector512<T>.AllBitsSet;
        for (; j + 2 * v <= n; j += 2 * v) Tile<T, TRows, Two>(p, a, lda, c + j, p.B + j, all, start);
        for (; j < n; j += v)
        {
            var live = Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(n - j)));
            Tile<T, TRows, One>(p, a, lda, c + j, p.B + j, live, start);
        }
    }

    /// <summary>
    /// A TRows × TVectors tile of C at <paramref name="c"/>: each chain starts as <paramref name="start"/> says, then adds
    /// (α·a_rq)·B[q, ·] for q = 0…k−1. A single vector is read and written through <paramref name="live"/> (the last
    /// columns: B's last row may end there, and C's lanes past n are not ours).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<T, TRows, TVectors>(in GemmProblem<T> p, T* a, nint lda, T* c, T* b, Vector512<T> live, Chains start)
        where T : unmanaged, IFloatingPointIeee754<T> where TRows : struct, ITileSize where TVectors : struct, ITileSize
    {
        // A one-vector tile reads and writes its vector of C through live (RowOfC's last vector); a two-vector tile has none.
        int k = p.K, v = Vector512<T>.Count, last = TVectors.Count > 1 ? -1 : 0;
        nint ldb = p.Ldb, ldc = p.Ldc;
        var beta = Vector512.Create(p.Beta);
        Vector512<T> s00, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default,
            s40 = default, s41 = default, s50 = default, s51 = default, s60 = default, s61 = default, s70 = default, s71 = default;
        s00 = Begin(c, 0, last, live, start, beta);
        if (TVectors.Count > 1) s01 = Begin(c, 1, last, live, start, beta);
        if (TRows.Count > 1)
        {
            s10 = Begin(c + ldc, 0, last, live, start, beta);
            if (TVectors.Count > 1) s11 = Begin(c + ldc, 1, last, live, start, beta);
            s20 = Begin(c + 2 * ldc, 0, last, live, start, beta);
            if (TVectors.Count > 1) s21 = Begin(c + 2 * ldc, 1, last, live, start, beta);
            s30 = Begin(c + 3 * ldc, 0, last, live, start, beta);
            if (TVectors.Count > 1) s31 = Begin(c + 3 * ldc, 1, last, live, start, beta);
        }
        if (TRows.Count > 4)
        {
            s40 = Begin(c + 4 * ldc, 0, last, live, start, beta);
            if (TVectors.Count > 1) s41 = Begin(c + 4 * ldc, 1, last, live, start, beta);
            s50 = Begin(c + 5 * ldc, 0, last, live, start, beta);
            if (TVectors.Count > 1) s51 = Begin(c + 5 * ldc, 1, last, live, start, beta);
            s60 = Begin(c + 6 * ldc, 0, last, live, start, beta);
            if (TVectors.Count > 1) s61 = Begin(c + 6 * ldc, 1, last, live, start, beta);
            s70 = Begin(c + 7 * ldc, 0, last, live, start, beta);
            if (TVectors.Count > 1) s71 = Begin(c + 7 * ldc, 1, last, live, start, beta);
        }
        for (int q = 0; q < k; q++, b += ldb, a += lda)
        {
            var b0 = TVectors.Count > 1 ? Vector512.Load(b) : SparseRow.MaskedLoad(b, live);
            var b1 = TVectors.Count > 1 ? Vector512.Load(b + v) : default;
            var x = Vector512.Create(a[0]);
            s00 = Fma(b0, x, s00);
            if (TVectors.Count > 1) s01 = Fma(b1, x, s01);
            if (TRows.Count > 1)
            {
                x = Vector512.Create(a[1]);
                s10 = Fma(b0, x, s10);
                if (TVectors.Count > 1) s11 = Fma(b1, x, s11);
                x = Vector512.Create(a[2]);
                s20 = Fma(b0, x, s20);
                if (TVectors.Count > 1) s21 = Fma(b1, x, s21);
                x = Vector512.Create(a[3]);
                s30 = Fma(b0, x, s30);
                if (TVectors.Count > 1) s31 = Fma(b1, x, s31);
            }
            if (TRows.Count > 4)
            {
                x = Vector512.Create(a[4]);
                s40 = Fma(b0, x, s40);
                if (TVectors.Count > 1) s41 = Fma(b1, x, s41);
                x = Vector512.Create(a[5]);
                s50 = Fma(b0, x, s50);
                if (TVectors.Count > 1) s51 = Fma(b1, x, s51);
                x = Vector512.Create(a[6]);
                s60 = Fma(b0, x, s60);
                if (TVectors.Count > 1) s61 = Fma(b1, x, s61);
                x = Vector512.Create(a[7]);
                s70 = Fma(b0, x, s70);
                if (TVectors.Count > 1) s71 = Fma(b1, x, s71);
            }
        }
        Store(c, 0, last, s00, live);
        if (TVectors.Count > 1) Store(c, 1, last, s01, live);
        if (TRows.Count > 1)
        {
            Store(c + ldc, 0, last, s10, live);
            if (TVectors.Count > 1) Store(c + ldc, 1, last, s11, live);
            Store(c + 2 * ldc, 0, last, s20, live);
            if (TVectors.Count > 1) Store(c + 2 * ldc, 1, last, s21, live);
            Store(c + 3 * ldc, 0, last, s30, live);
            if (TVectors.Count > 1) Store(c + 3 * ldc, 1, last, s31, live);
        }
        if (TRows.Count > 4)
        {
            Store(c + 4 * ldc, 0, last, s40, live);
            if (TVectors.Count > 1) Store(c + 4 * ldc, 1, last, s41, live);
            Store(c + 5 * ldc, 0, last, s50, live);
            if (TVectors.Count > 1) Store(c + 5 * ldc, 1, last, s51, live);
            Store(c + 6 * ldc, 0, last, s60, live);
            if (TVectors.Count > 1) Store(c + 6 * ldc, 1, last, s61, live);
            Store(c + 7 * ldc, 0, last, s70, live);
            if (TVectors.Count > 1) Store(c + 7 * ldc, 1, last, s71, live);
        }
    }
}
