// One row times a matrix stored k × n (m = 1, B not transposed): each element of C is one FMA chain over the row's
// nonzero elements in increasing k, then merged as every kernel merges (α·acc, or fma(acc, α, β·c)); rows of B under a
// zero element are not read.
using System.Numerics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Tests.Numerics;

[Collection(AllocationCounting.Name)]
public class SparseRowGemmTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        // n around the vector (16 floats, 8 doubles) and the 8-vector block (128 floats); k past the 64-element blocks of the row's masks.
        foreach (int n in new[] { 1, 7, 15, 16, 17, 31, 33, 100, 128, 129, 257 })
            foreach (int k in new[] { 1, 7, 33, 784, 2100 })
                data.Add(n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void One_row_times_a_matrix_sums_each_element_in_k_order(int n, int k)
    {
        foreach (var (alpha, beta) in new[] { (1.0, 0.0), (-0.37, 1.0), (0.5, 0.93) })
            foreach (int pad in new[] { 0, 5 })
            {
                Check<float>(n, k, alpha, beta, pad, zeros: 0.5);
                Check<double>(n, k, alpha, beta, pad, zeros: 0.5);
            }
    }

    [Fact]
    public void A_dense_row_gives_the_same_chain()
    {
        Check<float>(100, 784, 1.0, 0.0, 0, zeros: 0);
        Check<double>(100, 784, 1.0, 0.0, 0, zeros: 0);
    }

    [Fact]
    public void A_row_of_zeros_gives_beta_times_C()
    {
        var b = Enumerable.Range(0, 784 * 100).Select(i => (float)Math.Sin(i)).ToArray();
        var c = Enumerable.Range(0, 100).Select(j => (float)j).ToArray();
        Gemm.Multiply(false, false, 1, 100, 784, 2f, new float[784], 784, b, 100, 0.5f, c, 100, threads: 1);
        Assert.Equal(Enumerable.Range(0, 100).Select(j => 0.5f * j), c);
    }

    [Fact]
    public void Rows_of_B_under_a_zero_element_are_not_read()
    {
        // a = (2, 0, 3): row 1 of B is skipped, so the NaN and infinity there never reach C; C = 2·row 0 + 3·row 2.
        float[] a = [2, 0, 3];
        float[] b = [1, 2, 3, float.NaN, float.PositiveInfinity, float.NaN, 10, 20, 30];
        var c = new float[3];
        Gemm.Multiply(false, false, 1, 3, 3, 1f, a, 3, b, 3, 0f, c, 3, threads: 1);
        Assert.Equal([32f, 64f, 96f], c);
    }

    [Fact]
    public void A_NaN_in_the_row_reaches_every_column()
    {
        float[] a = [1, float.NaN, 0];
        var b = new float[3 * 20];
        b.AsSpan().Fill(1f);
        var c = new float[20];
        Gemm.Multiply(false, false, 1, 20, 3, 1f, a, 3, b, 20, 0f, c, 20, threads: 1);
        Assert.All(c, x => Assert.True(float.IsNaN(x)));
    }

    [Fact]
    public void A_row_stored_as_a_column_with_unit_stride_takes_the_same_path()
    {
        var (a, b) = Operands<float>(100, 784, 0.5, 0);
        var asRow = new float[100];
        var asColumn = new float[100];
        Gemm.Multiply(false, false, 1, 100, 784, 1f, a, 784, b, 100, 0f, asRow, 100, threads: 1);
        Gemm.Multiply(true, false, 1, 100, 784, 1f, a, 1, b, 100, 0f, asColumn, 100, threads: 1);
        Assert.Equal(asRow, asColumn);
    }

    [Fact]
    public void A_ten_column_product_of_one_row_also_skips_the_zeros()
    {
        // A 10-unit output layer for one example (1 × 10 × 100) takes this path too: the infinity under a zero element
        // never reaches C, where a product that multiplied the zeros would give NaN. C = 0.5·2 + 0.5·2 in every column.
        var a = new float[100];
        a[3] = 0.5f;
        a[60] = 0.5f;
        var b = new float[100 * 10];
        b.AsSpan().Fill(2f);
        b[50 * 10 + 4] = float.PositiveInfinity;
        var c = new float[10];
        Gemm.Multiply(false, false, 1, 10, 100, 1f, a, 100, b, 10, 0f, c, 10, threads: 1);
        Assert.Equal(Enumerable.Repeat(2f, 10), c);
    }

    [Fact]
    public void Rows_laid_out_on_whole_cache_lines_are_read_whole_without_their_padding_reaching_C()
    {
        // B as the predictor keeps (W^1)ᵀ: rows of 100 floats at a stride of 112 (7 lines), 64-byte aligned, so the
        // last vector of each row is loaded whole. Its 12 padding lanes hold NaN; C must equal the unpadded product
        // bit for bit, and the 12 floats after C's 100 must stay as they were. A is the last 784 floats of its array,
        // so the prefetch of what follows the row points past the array's end.
        const int n = 100, k = 784, stride = 112;
        var (a, b) = Operands<float>(n, k, 0.5, 0);
        var (padded, offset) = CacheLines.Pinned<float>(k * stride);
        padded.AsSpan().Fill(float.NaN);
        for (int q = 0; q < k; q++) b.AsSpan(q * n, n).CopyTo(padded.AsSpan(offset + q * stride));
        var aAtEnd = new float[k + 7];
        a.CopyTo(aAtEnd.AsSpan(7));
        var expected = new float[n];
        var c = new float[stride];
        c.AsSpan(n).Fill(-3f);
        Gemm.Multiply(false, false, 1, n, k, 1f, a, k, b, n, 0f, expected, n, threads: 1);
        Gemm.Multiply(false, false, 1, n, k, 1f, aAtEnd.AsSpan(7), k, padded.AsSpan(offset, k * stride), stride, 0f, c.AsSpan(0, n), n, threads: 1);
        Assert.Equal(expected, c.AsSpan(0, n).ToArray());
        Assert.All(c.AsSpan(n).ToArray(), x => Assert.Equal(-3f, x));
    }

    [Theory]
    [InlineData(100, 784, 1)]     // 6 vectors of 16 and 4 columns: the predictor's 784-100 layer
    [InlineData(100, 784, 2)]     // the thread with the last columns: 3 vectors and the 4
    [InlineData(20, 130, 1)]      // 1 vector and 4
    [InlineData(17, 33, 1)]       // 1 vector and 1
    [InlineData(148, 784, 1)]     // a block of 8 vectors, then 1 vector and 4
    public void Last_columns_kept_apart_are_read_from_the_copy_with_the_same_chain(int n, int k, int threads)
    {
        // B's last n mod 16 columns hold NaN and the copy (k rows of 4, zero-padded) holds their values: C must be the
        // product with the values, element by element the same chain as for B whole.
        CheckTail<float>(n, k, threads, 1.0, 0.0);
        CheckTail<float>(n, k, threads, -0.37, 0.93);
    }

    [Theory]
    [InlineData(10, 784, 1)]      // 1 vector of 8 doubles and 2 columns
    [InlineData(50, 400, 2)]      // 6 vectors and 2, split between two threads (B is 160 KB)
    public void Last_columns_kept_apart_are_read_from_the_copy_in_double(int n, int k, int threads)
    {
        CheckTail<double>(n, k, threads, 1.0, 0.0);
        CheckTail<double>(n, k, threads, 0.5, -1.5);
    }

    [Theory]
    [InlineData(96, 784)]         // no last columns: 6 whole vectors
    [InlineData(105, 784)]        // 9 last columns: more than a 128-bit vector holds
    public void A_copy_of_last_columns_that_do_not_fit_a_128_bit_vector_is_refused(int n, int k)
    {
        var (a, b) = Operands<float>(n, k, 0.5, 0);
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 1, n, k, 1f, a, k, b, n, 0f, new float[n], n, 1, new float[k * 4]));
        Assert.Contains($"n = {n}", e.Message);
    }

    [Fact]
    public void A_copy_of_last_columns_shorter_than_k_rows_is_refused()
    {
        var (a, b) = Operands<float>(100, 784, 0.5, 0);
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 1, 100, 784, 1f, a, 784, b, 100, 0f, new float[100], 100, 1, new float[783 * 4]));
        Assert.Contains("3132 values", e.Message);
    }

    [Theory]
    [InlineData(100, 784)]
    [InlineData(1000, 784)]
    [InlineData(33, 2100)]
    public void One_row_gives_bit_identical_results_on_one_two_and_three_threads(int n, int k)
    {
        var (a, b) = Operands<float>(n, k, 0.5, 0);
        var c1 = new float[n];
        var c2 = new float[n];
        var c3 = new float[n];
        Gemm.Multiply(false, false, 1, n, k, 1f, a, k, b, n, 0f, c1, n, threads: 1);
        Gemm.Multiply(false, false, 1, n, k, 1f, a, k, b, n, 0f, c2, n, threads: 2);
        Gemm.Multiply(false, false, 1, n, k, 1f, a, k, b, n, 0f, c3, n, threads: 3);
        Assert.Equal(c1, c2);
        Assert.Equal(c1, c3);
    }

    [Fact]
    public void One_row_against_a_large_matrix_is_split_by_whole_vectors_of_columns()
    {
        var split = Split.Choose<float>(1, 100, 784, threads: 2, GemmPath.SparseRow, transA: false, transB: false);
        Assert.Equal(2, split.Parts);
        Assert.False(split.ByRows);
        Assert.Equal(48, split.Start(1, 100));    // 7 vectors of 16 columns: 3 on the first thread, 4 on the second
    }

    [Fact]
    public void One_row_against_a_matrix_that_fits_in_L1_stays_on_one_thread()
    {
        var split = Split.Choose<float>(1, 10, 100, threads: 2, GemmPath.SparseRow, transA: false, transB: false);
        Assert.Equal(1, split.Parts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void One_row_allocates_nothing_in_steady_state(int threads)
    {
        var (a, b) = Operands<float>(100, 784, 0.5, 0);
        var c = new float[100];
        Gemm.Multiply(false, false, 1, 100, 784, 1f, a, 784, b, 100, 0f, c, 100, threads);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemm.Multiply(false, false, 1, 100, 784, 1f, a, 784, b, 100, 0f, c, 100, threads);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>C = α·a·B + β·C against the chain written out: acc ← fma(a_q, b_qj, acc) for q = 0…k−1, then the merge.</summary>
    private static void Check<T>(int n, int k, double alpha, double beta, int pad, double zeros) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = Operands<T>(n, k, zeros, pad);
        int ldb = n + pad;
        var rng = new Random(n * 31 + k);
        var c = Enumerable.Range(0, n).Select(_ => T.CreateChecked(rng.NextDouble() * 2 - 1)).ToArray();
        T al = T.CreateChecked(alpha), be = T.CreateChecked(beta);
        var expected = Chain(a, b, ldb, n, al, be, c);
        Gemm.Multiply(false, false, 1, n, k, al, a, k, b, ldb, be, c, n, threads: 1);
        Assert.True(expected.AsSpan().SequenceEqual(c), $"{typeof(T).Name} 1 × {n} × {k}, α = {alpha}, β = {beta}, pad {pad}");
    }

    /// <summary>The one-row product written out: c_j = α·acc_j (β = 0) or fma(acc_j, α, β·c_j), acc_j ← fma(a_q, b_qj, acc_j) for q = 0…k−1.</summary>
    private static T[] Chain<T>(T[] a, T[] b, int ldb, int n, T alpha, T beta, T[] c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = new T[n];
        for (int j = 0; j < n; j++)
        {
            T acc = T.Zero;
            for (int q = 0; q < a.Length; q++) acc = T.FusedMultiplyAdd(a[q], b[q * ldb + j], acc);
            expected[j] = beta == T.Zero ? acc * alpha : T.FusedMultiplyAdd(acc, alpha, beta * c[j]);
        }
        return expected;
    }

    /// <summary>
    /// C = α·a·B + β·C with B's last n mod Vector512&lt;T&gt;.Count columns replaced by NaN and given apart, in rows of
    /// Vector128&lt;T&gt;.Count, against the chain (<see cref="Chain{T}"/>) over the true B.
    /// </summary>
    private static void CheckTail<T>(int n, int k, int threads, double alpha, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = Operands<T>(n, k, 0.5, 0);
        int width = System.Runtime.Intrinsics.Vector128<T>.Count, tail = n % System.Runtime.Intrinsics.Vector512<T>.Count;
        var copy = new T[k * width];
        TailColumns.Copy<T>(b, n, n, k, copy);
        var poisoned = (T[])b.Clone();
        // Only the one-row path reads the copy; without AVX-512 another path reads B, which must then be whole.
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            for (int q = 0; q < k; q++) poisoned.AsSpan(q * n + n - tail, tail).Fill(T.NaN);
        var rng = new Random(n * 7 + k);
        var c = Enumerable.Range(0, n).Select(_ => T.CreateChecked(rng.NextDouble() * 2 - 1)).ToArray();
        T al = T.CreateChecked(alpha), be = T.CreateChecked(beta);
        var expected = Chain(a, b, n, n, al, be, c);
        Gemm.Multiply(false, false, 1, n, k, al, a, k, poisoned, n, be, c, n, threads, copy);
        Assert.True(expected.AsSpan().SequenceEqual(c), $"{typeof(T).Name} 1 × {n} × {k} on {threads} threads, α = {alpha}, β = {beta}");
    }

    /// <summary>A row of k elements, a fraction <paramref name="zeros"/> of them 0, and B (k × n, rows padded by <paramref name="pad"/>).</summary>
    private static (T[] A, T[] B) Operands<T>(int n, int k, double zeros, int pad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(n * 1000 + k);
        var a = new T[k];
        for (int q = 0; q < k; q++) a[q] = rng.NextDouble() < zeros ? T.Zero : T.CreateChecked(rng.NextDouble() * 2 - 1);
        var b = new T[k * (n + pad)];
        for (int i = 0; i < b.Length; i++) b[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
        return (a, b);
    }
}
