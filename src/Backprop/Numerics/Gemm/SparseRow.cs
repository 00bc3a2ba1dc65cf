// SparseRow: one row of A times B (m = 1, B not transposed), as a sum of B's rows scaled by A's elements, skipping
// A's zeros.
//
// For C (1 × n) = α·a·B + β·C with B stored k × n, c_j = Σ_q a_q·b_qj: row q of B scaled by a_q, summed over q (the
// "axpy" form of a vector-matrix product). A block of up to 8 vectors of C (128 floats) stays in registers while the
// rows of B go by, so no horizontal sum is needed, and a row whose a_q is zero is not read at all: one example through
// a layer whose weights are stored input-major reads only the rows of its nonzero inputs (half of a Fashion-MNIST
// image's pixels are 0, and a ReLU layer zeroes about half its units). Reading W from L2 is what one example costs
// (bench/c/matvec_l2.c), so halving the rows read halves the product.
//
// Skipping is exact for finite B: a zero a_q would add ±0 to every sum, which changes nothing. (A zero a_q against an
// infinite b_qj would have made NaN; here it adds nothing. A NaN in a is not zero and propagates.)
// Summation order: every element is one FMA chain over the nonzero a_q in increasing q, whatever the column range,
// so threads split the columns on vector boundaries and the result is bit-identical for any thread count.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Backprop.Numerics.GemmKernels.VectorFma;

namespace Backprop.Numerics.GemmKernels;

/// <summary>The product of a single row by a matrix stored row by row, reading only the rows its nonzero elements select.</summary>
internal static unsafe class SparseRow
{
    /// <summary>Whether <paramref name="p"/> is one contiguous row of A times B stored k × n.</summary>
    public static bool Applies<T>(in GemmProblem<T> p) where T : unmanaged =>
        Vector512.IsHardwareAccelerated && p.M == 1 && !p.TransB && (!p.TransA || p.Lda == 1);

    /// <summary>
    /// Columns [j0, j1) of C = α·a·B + β·C, in blocks of up to 8 vectors. <paramref name="j0"/> is a multiple of the
    /// vector width (a thread's range), so each element sees the same FMA chain however the columns are cut.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> p, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        j1 = Math.Min(j1, p.N);
        int v = Vector512<T>.Count;
        for (int j = j0; j < j1; j += 8 * v)
        {
            int cols = Math.Min(8 * v, j1 - j);
            // The block that ends at B's last column reads the last columns from BTail when the caller keeps one
            // (Predictor: 100 units are 6 vectors and 4 columns, and the 4 columns of 784 rows fit in 12.5 KB), so each
            // row read costs one cache line less: 6 of 7 for 784-100 (bench/c/sparse_row_l2.c: 1.72 -> 1.56-1.64 µs).
            if (TailColumns.Apart(p, j, cols))
            {
                Block<T, ApartRows>(p, j, cols, j == j0);
                continue;
            }
            // A block's last vector of B's rows may be read whole when it starts a 64-byte line in every row: the line
            // holds a live column, so it is memory of B, and the lanes past the block's columns only reach lanes of the
            // accumulator that are never stored. Otherwise it is a masked load (a separate instruction: it cannot fold
            // into its FMA).
            bool whole = ((nint)(p.B + j + (cols - 1) / v * v) & 63) == 0 && p.Ldb * sizeof(T) % 64 == 0;
            if (whole) Block<T, WholeRows>(p, j, cols, j == j0);
            else Block<T, MaskedRows>(p, j, cols, j == j0);
        }
    }

    /// <summary>
    /// The block of columns [j, j + cols) with as many accumulators as it has vectors (1 to 8), or with the last
    /// columns apart (<see cref="ApartRows"/>, Gemm/RowEnd.cs) as many as it has whole vectors.
    /// </summary>
    private static void Block<T, TEnd>(in GemmProblem<T> p, int j, int cols, bool prefetchNext)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEnd : struct, IRowEnd
    {
        switch (TEnd.Apart ? cols / Vector512<T>.Count : (cols + Vector512<T>.Count - 1) / Vector512<T>.Count)
        {
            case 1: Block<T, One, TEnd>(p, j, cols, prefetchNext); break;
            case 2: Block<T, Two, TEnd>(p, j, cols, prefetchNext); break;
            case 3: Block<T, Three, TEnd>(p, j, cols, prefetchNext); break;
            case 4: Block<T, Four, TEnd>(p, j, cols, prefetchNext); break;
            case 5: Block<T, Five, TEnd>(p, j, cols, prefetchNext); break;
            case 6: Block<T, Six, TEnd>(p, j, cols, prefetchNext); break;
            case 7: Block<T, Seven, TEnd>(p, j, cols, prefetchNext); break;
            default: Block<T, Eight, TEnd>(p, j, cols, prefetchNext); break;
        }
    }

    /// <summary>
    /// Columns [j, j + cols) of C, TVectors vectors of accumulators, the last one's stores masked to the live columns:
    /// for each nonzero a_q, s += a_q·B[q, j…]. a is taken 64 elements at a time as a mask of its nonzero elements
    /// (<see cref="SparseRows.NonZeroMask{T}"/>) whose set bits the loop walks (tzcnt, then clear it), as the batch
    /// kernel does. Measured (`backprop bench --config infer1`, 1 thread, the whole 784-100-10 pass): 2.27-2.31 µs an
    /// example when the positions were listed with vpcompressd and the 7th vector of each row was a masked load,
    /// 1.99-2.25 µs (median 2.04) with the mask walk and the 7th vector read whole; layer 1 alone 1.81-1.84 µs (bench
    /// `-- infer`), against 1.85-1.90 µs for this loop in C over the same streamed images and 1.69-1.77 µs with the next
    /// row prefetched (bench/c/sparse_row_l2.c). With the last 4 columns read from BTail (6 lines a row, not 7),
    /// 1.98-2.01 -> 1.83-1.85 µs at 1 thread and 1.50-1.64 -> 1.40 µs at 2 (4 and 3 alternating rounds); in C
    /// 1.71-1.74 -> 1.56-1.64 µs. The guards on TVectors are constants to the JIT.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<T, TVectors, TEnd>(in GemmProblem<T> p, int j, int cols, bool prefetchNext)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVectors : struct, ITileSize
        where TEnd : struct, IRowEnd
    {
        // With the columns apart, TVectors counts the whole vectors, all stored whole, and the tail is one more, masked.
        int v = Vector512<T>.Count, last = TEnd.Whole ? -1 : TVectors.Count - 1, lastStored = TEnd.Apart ? TVectors.Count : TVectors.Count - 1;
        Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        Vector128<T> st = default;
        Vector512<T> live = Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(cols - lastStored * v)));
        nint ldb = p.Ldb, ldt = Vector128<T>.Count;
        int k = p.K;
        // The k elements after the row, asked for while its own are read (prefetchNext: on each thread's first block of
        // columns, so that every core that reads the row asks once): when the caller streams examples stored row after
        // row (a test set, a queue of requests), the next call's row is then in cache instead of in memory. A prefetch
        // never faults, wherever it points.
        prefetchNext &= !p.TransA;
        for (int q0 = 0; q0 < k; q0 += SparseRows.BlockRows)
        {
            T* a = p.A + q0, rows = p.B + q0 * ldb + j, tails = p.BTail + q0 * ldt;
            int length = Math.Min(SparseRows.BlockRows, k - q0);
            ulong nonzero = SparseRows.NonZeroMask(a, length);
            if (Sse.IsSupported && prefetchNext)
                for (int t = 0; t < length; t += 64 / sizeof(T)) Sse.Prefetch0(a + k + t);
            while (nonzero != 0)
            {
                nint q = (nint)BitOperations.TrailingZeroCount(nonzero);
                var x = Vector512.Create(a[q]);
                T* b = rows + q * ldb;
                { if (last == 0) s0 = Fma(MaskedLoad(b, live), x, s0); else s0 = Fma(Vector512.Load(b), x, s0); }
                if (TVectors.Count > 1) { if (last == 1) s1 = Fma(MaskedLoad(b + v, live), x, s1); else s1 = Fma(Vector512.Load(b + v), x, s1); }
                if (TVectors.Count > 2) { if (last == 2) s2 = Fma(MaskedLoad(b + 2 * v, live), x, s2); else s2 = Fma(Vector512.Load(b + 2 * v), x, s2); }
                if (TVectors.Count > 3) { if (last == 3) s3 = Fma(MaskedLoad(b + 3 * v, live), x, s3); else s3 = Fma(Vector512.Load(b + 3 * v), x, s3); }
                if (TVectors.Count > 4) { if (last == 4) s4 = Fma(MaskedLoad(b + 4 * v, live), x, s4); else s4 = Fma(Vector512.Load(b + 4 * v), x, s4); }
                if (TVectors.Count > 5) { if (last == 5) s5 = Fma(MaskedLoad(b + 5 * v, live), x, s5); else s5 = Fma(Vector512.Load(b + 5 * v), x, s5); }
                if (TVectors.Count > 6) { if (last == 6) s6 = Fma(MaskedLoad(b + 6 * v, live), x, s6); else s6 = Fma(Vector512.Load(b + 6 * v), x, s6); }
                if (TVectors.Count > 7) { if (last == 7) s7 = Fma(MaskedLoad(b + 7 * v, live), x, s7); else s7 = Fma(Vector512.Load(b + 7 * v), x, s7); }
                if (TEnd.Apart) st = Fma(Vector128.Load(tails + q * ldt), x.GetLower().GetLower(), st);
                nonzero &= nonzero - 1;
            }
        }
        T* c = p.C + j;
        var alpha = Vector512.Create(p.Alpha);
        var beta = Vector512.Create(p.Beta);
        bool overwrite = p.Beta == T.Zero;
        Update(c, s0, alpha, beta, overwrite, lastStored == 0, live);
        if (TVectors.Count > 1) Update(c + v, s1, alpha, beta, overwrite, lastStored == 1, live);
        if (TVectors.Count > 2) Update(c + 2 * v, s2, alpha, beta, overwrite, lastStored == 2, live);
        if (TVectors.Count > 3) Update(c + 3 * v, s3, alpha, beta, overwrite, lastStored == 3, live);
        if (TVectors.Count > 4) Update(c + 4 * v, s4, alpha, beta, overwrite, lastStored == 4, live);
        if (TVectors.Count > 5) Update(c + 5 * v, s5, alpha, beta, overwrite, lastStored == 5, live);
        if (TVectors.Count > 6) Update(c + 6 * v, s6, alpha, beta, overwrite, lastStored == 6, live);
        if (TVectors.Count > 7) Update(c + 7 * v, s7, alpha, beta, overwrite, lastStored == 7, live);
        if (TEnd.Apart) Update(c + lastStored * v, st.ToVector256Unsafe().ToVector512Unsafe(), alpha, beta, overwrite, true, live);
    }

    /// <summary>The lanes of <paramref name="live"/> loaded from <paramref name="source"/>, zeros elsewhere; masked-off lanes are never read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> MaskedLoad<T>(T* source, Vector512<T> live) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Avx512F.MaskLoad((float*)source, live.AsSingle(), Vector512<float>.Zero).As<float, T>();
        if (typeof(T) == typeof(double)) return Avx512F.MaskLoad((double*)source, live.AsDouble(), Vector512<double>.Zero).As<double, T>();
        throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>C ← α·s + β·C on one vector of C (masked to <paramref name="live"/> when <paramref name="masked"/>), rounded as <see cref="Microkernel.Merge"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update<T>(T* c, Vector512<T> s, Vector512<T> alpha, Vector512<T> beta, bool overwrite, bool masked, Vector512<T> live)
        where T : unmanaged
    {
        if (!masked)
        {
            Microkernel.UpdateHalf512(c, s, alpha, beta, overwrite);
            return;
        }
        MaskedStore(c, live, overwrite ? s * alpha : Fma(s, alpha, beta * MaskedLoad(c, live)));
    }

    /// <summary>Stores the lanes of <paramref name="s"/> that <paramref name="live"/> selects at <paramref name="c"/>; masked-off lanes are never written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MaskedStore<T>(T* c, Vector512<T> live, Vector512<T> s) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) Avx512F.MaskStore((float*)c, live.AsSingle(), s.AsSingle());
        else if (typeof(T) == typeof(double)) Avx512F.MaskStore((double*)c, live.AsDouble(), s.AsDouble());
        else throw new NotSupportedException(typeof(T).Name);
    }
}
