// Direct: small products computed straight from the operands, without packing.
//
// Packing costs O(m·k + k·n) copies to save O(m·n·k) work; when m is a handful of rows (a mini-batch of 1
// or 10, inference) the k × n copy of op(B) costs as much as the product itself, and the 8-row tile runs
// mostly padding. For the forward shape Z = A·Wᵀ (A not transposed, B transposed) both operands are
// contiguous along k, so each C element is a dot product of two rows: the kernel takes 4 rows of A × 4
// rows of B, keeps 16 vector partial sums in registers over k, then reduces each horizontally. It reads
// every row of B once per 4 rows of A, straight from where it lives (L2 for a 784 × 100 layer).
// Tile: 5 × 4 dot products (20 zmm accumulators, 9 vector loads per 20 FMAs), then 4 × 4; rows of A left over are
// done 2 × 4 then 1 × 4, columns of C left over re-read the last row of B and discard the sums, except that a
// last block of 1 or 2 columns under 5-row blocks takes a 5 × 2 kernel (n = 30 in nielsen1's first layer). All three
// kernels give each element the same FMA sequence, so threads may split the rows anywhere on a 4-row
// boundary and the result stays bit-identical.
// Design source: BLIS's "gemmsup" (small/unpacked) path, which skips packing for small or skinny
// problems, here specialised to the dot-product orientation; the crossover is measured (see MaxRows).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Backprop.Numerics.GemmKernels.VectorFma;

namespace Backprop.Numerics.GemmKernels;

/// <summary>Unpacked dot-product path for products with few rows, where packing does not pay.</summary>
internal static unsafe class Direct
{
    /// <summary>
    /// Most rows of C for which the direct path beats packing whatever n is. Measured on Zen 5 (bench
    /// `probe-direct`, k = 784, GFLOP/s direct vs packed): n = 256: m = 10 → 83 vs 63, m = 16 → 88 vs 84,
    /// m = 24 → 90 vs 91, m = 32 → 77 vs 96. For narrow C (n ≤ 128) packing op(B) is amortised over fewer
    /// columns' worth of work and direct still wins at m = 48 (n = 100: 91 vs 70), hence the wider bound.
    /// A field rather than a constant only so the probe can switch paths.
    /// </summary>
    public static int MaxRows = 16;

    /// <summary>Whether <paramref name="p"/> is small and oriented for the direct path.</summary>
    public static bool Applies<T>(in GemmProblem<T> p) where T : unmanaged =>
        Vector512.IsHardwareAccelerated && !p.TransA && p.TransB && p.K >= Vector512<T>.Count
        && (p.M <= MaxRows || (p.M <= 3 * MaxRows && p.N <= 128));

    /// <summary>
    /// Rows [i0, i1) and columns [j0, j1) of C = α·A·Bᵀ + β·C with A (m × k) and B (n × k) read in place. Column
    /// ranges start on a multiple of 4 (the tile width), so every element sees the same FMA sequence however C is cut.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> p, int i0, int i1, int j0 = 0, int j1 = int.MaxValue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        j1 = Math.Min(j1, p.N);
        int i = i0;
        for (; i + 5 <= i1; i += 5)
            for (int j = j0; j < j1; j += 4)
            {
                if (j1 - j <= 2) Dot<T, Five, Two>(p, i, j);   // n = 30: the last 2 columns, not 4 with 2 discarded (6.7 % of the FMAs)
                else Dot<T, Five, Four>(p, i, j);
            }
        for (; i + 4 <= i1; i += 4)
            for (int j = j0; j < j1; j += 4)
                Dot<T, Four, Four>(p, i, j);
        if (i + 2 <= i1)
        {
            for (int j = j0; j < j1; j += 4)
                Dot<T, Two, Four>(p, i, j);
            i += 2;
        }
        if (i < i1)
            for (int j = j0; j < j1; j += 4)
                Dot<T, One, Four>(p, i, j);
    }

    /// <summary>Row j + r of B, or its last row when j + r runs past n (those sums are discarded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T* RowB<T>(in GemmProblem<T> p, int j) where T : unmanaged => p.B + Math.Min(j, p.N - 1) * p.Ldb;

    /// <summary>
    /// TRows rows of A × TCols rows of B (TRows ∈ {5, 4, 2, 1}, TCols ∈ {4, 2}), one accumulator per dot product, the
    /// k loop ending in one overlapping vector with A's already-summed lanes masked off. Written once: the guards on
    /// the counts are constants to the JIT (<see cref="ITileSize"/>), so each shape compiles to its own kernel, and every
    /// shape gives an element the same FMA sequence. 5 × 4 (20 accumulators, 9 vector loads per 20 FMAs) carries a
    /// mini-batch of 10 as two blocks: 4 + 4 + 2 rows read B three times and ran the weaker 2 × 4 kernel (nielsen3's
    /// forward product 10 × 100 × 784 took 18.5 µs that way and 15.4 µs in 5-row blocks, measured in C on this machine,
    /// bench/c/forward_m10.c).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot<T, TRows, TCols>(in GemmProblem<T> p, int i, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, ITileSize
        where TCols : struct, ITileSize
    {
        Vector512<T> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector512<T> s10 = default, s11 = default, s12 = default, s13 = default;
        Vector512<T> s20 = default, s21 = default, s22 = default, s23 = default;
        Vector512<T> s30 = default, s31 = default, s32 = default, s33 = default;
        Vector512<T> s40 = default, s41 = default, s42 = default, s43 = default;
        int v = Vector512<T>.Count, k = p.K, q = 0;
        T* a0 = p.A + i * p.Lda, a1 = a0 + p.Lda, a2 = a1 + p.Lda, a3 = a2 + p.Lda, a4 = a3 + p.Lda;
        T* b0 = RowB(p, j), b1 = RowB(p, j + 1);
        T* b2 = TCols.Count > 2 ? RowB(p, j + 2) : b0, b3 = TCols.Count > 2 ? RowB(p, j + 3) : b0;
        Vector512<T> keep = Vector512<T>.AllBitsSet;
        while (true)
        {
            if (q + v > k)
            {
                if (q == k) break;
                // Tail: one overlapping vector with the lanes already summed masked off in A.
                q = k - v;
                keep = Vector512.GreaterThanOrEqual(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(v - (k % v))));
            }
            Vector512<T> x0 = Vector512.Load(b0 + q), x1 = Vector512.Load(b1 + q), y;
            Vector512<T> x2 = TCols.Count > 2 ? Vector512.Load(b2 + q) : default, x3 = TCols.Count > 2 ? Vector512.Load(b3 + q) : default;
            y = Vector512.Load(a0 + q) & keep; s00 = Fma(y, x0, s00); s01 = Fma(y, x1, s01);
            if (TCols.Count > 2) { s02 = Fma(y, x2, s02); s03 = Fma(y, x3, s03); }
            if (TRows.Count > 1)
            {
                y = Vector512.Load(a1 + q) & keep; s10 = Fma(y, x0, s10); s11 = Fma(y, x1, s11);
                if (TCols.Count > 2) { s12 = Fma(y, x2, s12); s13 = Fma(y, x3, s13); }
            }
            if (TRows.Count > 2)
            {
                y = Vector512.Load(a2 + q) & keep; s20 = Fma(y, x0, s20); s21 = Fma(y, x1, s21);
                if (TCols.Count > 2) { s22 = Fma(y, x2, s22); s23 = Fma(y, x3, s23); }
                y = Vector512.Load(a3 + q) & keep; s30 = Fma(y, x0, s30); s31 = Fma(y, x1, s31);
                if (TCols.Count > 2) { s32 = Fma(y, x2, s32); s33 = Fma(y, x3, s33); }
            }
            if (TRows.Count > 4)
            {
                y = Vector512.Load(a4 + q) & keep; s40 = Fma(y, x0, s40); s41 = Fma(y, x1, s41);
                if (TCols.Count > 2) { s42 = Fma(y, x2, s42); s43 = Fma(y, x3, s43); }
            }
            q += v;
        }
        Store<T, TCols>(p, i, j, s00, s01, s02, s03);
        if (TRows.Count > 1) Store<T, TCols>(p, i + 1, j, s10, s11, s12, s13);
        if (TRows.Count > 2)
        {
            Store<T, TCols>(p, i + 2, j, s20, s21, s22, s23);
            Store<T, TCols>(p, i + 3, j, s30, s31, s32, s33);
        }
        if (TRows.Count > 4) Store<T, TCols>(p, i + 4, j, s40, s41, s42, s43);
    }

    /// <summary>Reduces TCols partial-sum vectors into C[i, j..j+TCols) (only the columns that exist).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T, TCols>(in GemmProblem<T> p, int i, int j, Vector512<T> s0, Vector512<T> s1, Vector512<T> s2, Vector512<T> s3)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TCols : struct, ITileSize
    {
        T* c = p.C + i * p.Ldc + j;
        int cols = Math.Min(TCols.Count, p.N - j);
        T r0, r1, r2, r3;
        if (typeof(T) == typeof(float))
        {
            var sums = Sum4(s0.AsSingle(), s1.AsSingle(), s2.AsSingle(), s3.AsSingle()).As<float, T>();
            if (cols == 4 && p.Beta == T.Zero) { Vector128.Store(sums * Vector128.Create(p.Alpha), c); return; }
            (r0, r1, r2, r3) = (sums[0], sums[1], sums[2], sums[3]);
        }
        else (r0, r1, r2, r3) = (Vector512.Sum(s0), Vector512.Sum(s1), TCols.Count > 2 ? Vector512.Sum(s2) : T.Zero, TCols.Count > 2 ? Vector512.Sum(s3) : T.Zero);
        Microkernel.Merge(ref c[0], r0, p.Alpha, p.Beta);
        if (cols > 1) Microkernel.Merge(ref c[1], r1, p.Alpha, p.Beta);
        if (cols > 2) Microkernel.Merge(ref c[2], r2, p.Alpha, p.Beta);
        if (cols > 3) Microkernel.Merge(ref c[3], r3, p.Alpha, p.Beta);
    }

    /// <summary>
    /// The sums of four vectors' 16 lanes, reduced together: halves added (2 shuffles and 1 add per pair), then quarters
    /// of the two pairs (2 shuffles, 1 add), then within 128-bit lanes (2 permutes, 2 adds), 14 operations in all against
    /// 32 for four separate <see cref="Vector512.Sum{T}"/>. Each sum's tree depends only on its own lanes, so a vector
    /// reduced beside garbage (the discarded columns of a narrow tile) gets the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Sum4(Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        // [s0.q0 + s0.q2, s0.q1 + s0.q3, s1.q0 + s1.q2, s1.q1 + s1.q3] (q = 128-bit quarter), likewise s2, s3.
        var t01 = Avx512F.Shuffle4x128(s0, s1, 0b01_00_01_00) + Avx512F.Shuffle4x128(s0, s1, 0b11_10_11_10);
        var t23 = Avx512F.Shuffle4x128(s2, s3, 0b01_00_01_00) + Avx512F.Shuffle4x128(s2, s3, 0b11_10_11_10);
        // Quarter g now holds 4 partial sums of s_g.
        var u = Avx512F.Shuffle4x128(t01, t23, 0b10_00_10_00) + Avx512F.Shuffle4x128(t01, t23, 0b11_01_11_01);
        u += Avx512F.Permute4x32(u, 0b01_00_11_10);
        u += Avx512F.Permute4x32(u, 0b10_11_00_01);
        // Every lane of quarter g holds the sum of s_g: gather lanes 0, 4, 8, 12.
        return Avx512F.PermuteVar16x32(u, Vector512.Create(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).GetLower().GetLower();
    }
}
