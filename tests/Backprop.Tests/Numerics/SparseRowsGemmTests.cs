// Many rows with many zeros times op(B) (Gemm/SparseRows.cs): each element of C is one FMA chain that starts at β·c
// (0 when β = 0) and adds (α·a_iq)·b_qj over its row's nonzero elements in increasing q; rows of op(B) under a zero
// element are not read. The path is taken when m ≥ 64, k ≥ 64 and at least 35 % of A's sampled elements are 0, A
// stored as it is (the forward product z = a·Wᵀ) or transposed (BP4's W ← W − η·δᵀ·a, with β = 1). With B stored
// transposed (W), the last n mod 16 columns, when at most 4 (100 = 6·16 + 4), are dot products over A's rows instead.
using System.Numerics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Tests.Numerics;

[Collection(AllocationCounting.Name)]
public unsafe class SparseRowsGemmTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        // m across the 32-row group and the 128-row one (taken when k is at most two blocks or op(B)'s panels pass
        // 512 KB: n = 257 with k = 784); n from just over one vector (the path needs two: 16 floats, 8 doubles) to past
        // the 8-vector panel (128 floats); k across the 64-row block.
        foreach (int m in new[] { 64, 97, 161 })
            foreach (int n in new[] { 17, 31, 33, 100, 129, 257 })
                foreach (int k in new[] { 64, 65, 200, 784 })
                    data.Add(m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_element_is_one_chain_over_its_rows_nonzero_elements_in_k_order(int m, int n, int k)
    {
        foreach (bool transB in new[] { false, true })
            foreach (double alpha in new[] { 1.0, -0.37 })
            {
                Check<float>(m, n, k, transA: false, transB, alpha, beta: 0);
                Check<double>(m, n, k, transA: false, transB, alpha, beta: 0);
            }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void With_A_transposed_each_element_is_the_same_chain_over_a_column_of_A(int m, int n, int k)
    {
        foreach (bool transB in new[] { false, true })
        {
            Check<float>(m, n, k, transA: true, transB, alpha: 1, beta: 0);
            Check<double>(m, n, k, transA: true, transB, alpha: -0.37, beta: 0);
        }
    }

    [Theory]
    [InlineData(64, 100, 128)]
    [InlineData(100, 784, 128)]
    [InlineData(97, 17, 65)]
    public void With_beta_each_chain_starts_at_beta_times_the_old_element(int m, int n, int k)
    {
        // BP4 with the descent folded in: W ← κ·W − η·δᵀ·a (β = κ = 1, or 1 − ηλ/n with L2).
        foreach (double beta in new[] { 1.0, 0.999 })
        {
            Check<float>(m, n, k, transA: true, transB: false, alpha: -0.1, beta);
            Check<double>(m, n, k, transA: true, transB: false, alpha: -0.1, beta);
            Check<float>(m, n, k, transA: false, transB: true, alpha: 2, beta);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void A_row_with_no_nonzero_element_in_its_first_block_still_starts_its_chains(double beta)
    {
        // The first block starts each row's chains (0, β·c or c): a row with nothing to add there, or anywhere, must
        // still leave 0 (β = 0, the old NaN gone) or β·c in C.
        Check<float>(97, 100, 200, transA: false, transB: true, alpha: 1, beta, emptyRows: 40);
        Check<double>(97, 100, 200, transA: false, transB: false, alpha: 1, beta, emptyRows: 40);
        Check<float>(97, 784, 128, transA: true, transB: false, alpha: -0.1, beta, emptyRows: 40);
    }

    [Fact]
    public void The_path_is_taken_for_a_batch_with_half_its_inputs_zero()
    {
        Assert.True(Takes<float>(128, 100, 784, zeros: 0.5, transA: false, beta: 0));
        Assert.True(Takes<double>(128, 100, 784, zeros: 0.5, transA: false, beta: 0));
    }

    [Fact]
    public void The_path_is_taken_for_BP4_with_half_of_delta_zero()
    {
        // ∂C/∂W^1 = δᵀ·x for relu128: δ^1 is 128 × 100 (read transposed), half zero where z ≤ 0; β = 1 for the folded descent.
        Assert.True(Takes<float>(100, 784, 128, zeros: 0.5, transA: true, beta: 1));
        Assert.True(Takes<double>(100, 784, 128, zeros: 0.5, transA: true, beta: 1));
    }

    [Theory]
    [InlineData(0.0, false, 128, 784)]    // dense A: the packed kernel is faster
    [InlineData(0.3, false, 128, 784)]    // too few zeros to repay ~1.5 cycles per FMA against ~1.05
    [InlineData(0.3, true, 128, 784)]     // the same, A stored transposed
    [InlineData(0.5, false, 63, 784)]     // too few rows to repay packing op(B)
    [InlineData(0.5, true, 63, 784)]      // the same, A stored transposed
    [InlineData(0.5, false, 128, 63)]     // k shorter than a block
    public void The_path_is_not_taken(double zeros, bool transA, int m, int k)
    {
        Assert.False(Takes<float>(m, 100, k, zeros, transA, beta: 0));
    }

    [Theory]
    [InlineData(10)]    // an output layer of 10 classes: z^L = a^(L−1)·(W^L)ᵀ
    [InlineData(16)]    // exactly one float vector
    public void The_path_is_not_taken_for_one_vector_of_columns(int n)
    {
        // One accumulator per row: each FMA would wait for the one before it.
        Assert.False(Takes<float>(128, n, 128, zeros: 0.5, transA: false, beta: 0));
        Assert.True(Takes<float>(128, 17, 128, zeros: 0.5, transA: false, beta: 0));     // two vectors
        Assert.False(Takes<double>(128, 8, 128, zeros: 0.5, transA: false, beta: 0));
    }

    [Fact]
    public void Rows_of_B_under_zero_elements_are_not_read()
    {
        // Column 5 of A is 0 in every row, so row 5 of B (NaN and infinity) never reaches C.
        int m = 64, n = 20, k = 64;
        var (a, b) = Operands<float>(m, n, k, 0.5, transB: false);
        for (int i = 0; i < m; i++) a[i * k + 5] = 0;
        for (int j = 0; j < n; j++) b[5 * n + j] = j % 2 == 0 ? float.NaN : float.PositiveInfinity;
        var c = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n, threads: 1);
        Assert.All(c, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void With_A_transposed_rows_of_B_under_zero_elements_are_not_read()
    {
        // A is stored k × m; its row 5 (column 5 of op(A)) is 0, so row 5 of B never reaches C.
        int m = 64, n = 20, k = 64;
        var (a, b) = Operands<float>(m, n, k, 0.5, transB: false);
        for (int i = 0; i < m; i++) a[5 * m + i] = 0;
        for (int j = 0; j < n; j++) b[5 * n + j] = j % 2 == 0 ? float.NaN : float.PositiveInfinity;
        var c = new float[m * n];
        Gemm.Multiply(true, false, m, n, k, 1f, a, m, b, n, 1f, c, n, threads: 1);
        Assert.All(c, x => Assert.True(float.IsFinite(x)));
    }

    /// <summary>
    /// BP4's B: m = 128 examples × 784 pixels, where the first 112 pixels (the first panel of 7 vectors) are 0 in every
    /// other example, as the blank top rows of an image are; stored densely (packed) or 64-byte aligned with a padded
    /// stride (read in place).
    /// </summary>
    private static (float[] A, float[] B) BlankPanelOperands(int m, int n, int k)
    {
        var (a, b) = Operands<float>(m, n, k, 0.5, transB: false);
        for (int q = 0; q < k; q += 2) Array.Clear(b, q * n, 112);
        return (a, b);
    }

    [Fact]
    public void Rows_of_B_that_are_0_across_a_panel_change_no_value()
    {
        // Skipped or not, such a row adds ±0 to each chain; against the chain written out, which multiplies them all.
        int m = 100, n = 784, k = 128;   // BP4 of relu128: ∂C/∂W^1 = δᵀ·x, δ stored k × m
        var (a, b) = BlankPanelOperands(m, n, k);
        var old = new float[m * n];
        for (int i = 0; i < old.Length; i++) old[i] = (i % 13 - 6) * 0.25f + 0.125f;
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = old[i * n + j];
                for (int q = 0; q < k; q++)
                {
                    float x = -0.1f * a[q * m + i];
                    if (x != 0) acc = MathF.FusedMultiplyAdd(x, b[q * n + j], acc);
                }
                expected[i * n + j] = acc;
            }
        foreach (int threads in new[] { 1, 2 })
        {
            var c = (float[])old.Clone();
            Gemm.Multiply(true, false, m, n, k, -0.1f, a, m, b, n, 1f, c, n, threads);
            Assert.True(expected.AsSpan().SequenceEqual(c), $"{threads} thread(s)");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rows_of_B_that_are_0_across_a_panel_are_skipped(bool inPlace)
    {
        // Observable through the sign of zero: C = −0 (β = 1) plus only (positive a)·(+0) terms stays −0 when they are
        // skipped; multiplied, −0 + +0 would be +0. The first panel of B (columns 0…111) is 0 in every row.
        int m = 64, n = 784, k = 64, ldb = inPlace ? 800 : n;   // 800 floats: whole vectors, not a multiple of 1 KB
        var (storage, aligned) = CacheLines.Pinned<float>(k * ldb);
        int offset = inPlace ? aligned : 0;
        var b = storage.AsSpan(offset, k * ldb);
        for (int q = 0; q < k; q++) for (int j = 0; j < n; j++) b[q * ldb + j] = j < 112 ? 0 : 1;
        var a = new float[k * m];   // A stored k × m: op(A)[i, q] = a[q·m + i], 0.5 for even i + q, else 0 (half zero: the sparse path)
        for (int q = 0; q < k; q++) for (int i = (q % 2); i < m; i += 2) a[q * m + i] = 0.5f;
        var c = new float[m * n];
        Array.Fill(c, -0f);
        Gemm.Multiply(true, false, m, n, k, 1f, a, m, b, ldb, 1f, c, n, threads: 1);
        Assert.True(float.IsNegative(c[0]) && c[0] == 0, $"c[0, 0] = {c[0]}");
        Assert.Equal(0.5f * (k / 2), c[200]);
    }

    [Fact]
    public void An_infinity_in_A_still_meets_the_zeros_of_B_and_gives_NaN()
    {
        // ∞·0 is NaN in the product: a row of op(A) holding ±∞ or NaN multiplies every row of B, 0 across a panel or not.
        int m = 100, n = 784, k = 128;
        var (a, b) = BlankPanelOperands(m, n, k);
        a[0 * m + 7] = float.PositiveInfinity;   // op(A)[7, 0]: row 0 of B is 0 across the first panel
        var c = new float[m * n];
        Gemm.Multiply(true, false, m, n, k, 1f, a, m, b, n, 0f, c, n, threads: 1);
        Assert.True(float.IsNaN(c[7 * n + 5]), $"c[7, 5] = {c[7 * n + 5]}");
        Assert.True(float.IsFinite(c[8 * n + 5]));
    }

    [Fact]
    public void A_NaN_in_a_row_reaches_every_column_of_that_row_only()
    {
        int m = 64, n = 20, k = 64;
        var (a, b) = Operands<float>(m, n, k, 0.5, transB: false);
        a[3 * k + 10] = float.NaN;
        var c = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n, threads: 1);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(i == 3, float.IsNaN(c[i * n + j]));
    }

    [Theory]
    [InlineData(100, 112)]    // Predictor's (W^1)ᵀ for 784-100-10: rows padded to 7 vectors
    [InlineData(256, 272)]    // a 256-wide layer, rows padded past a 1 KB stride
    [InlineData(17, 32)]
    public void B_laid_out_as_a_panel_gives_the_same_chains_and_its_padding_never_reaches_C(int n, int ldb)
    {
        // B stored k × n with a row stride of ldb (64-byte aligned: read in place, not packed) holds NaN in its padding
        // columns n…ldb−1; C must equal the product with B stored densely (which is packed), bit for bit, and be finite.
        int m = 96, k = 784;
        var (a, dense) = Operands<float>(m, n, k, 0.5, transB: false);
        var expected = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, dense, n, 0f, expected, n, threads: 1);
        var b = AsPanel(dense, n, k, ldb, columns: n);
        foreach (int threads in new[] { 1, 2 })
        {
            var c = new float[m * n];
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, ldb, 0f, c, n, threads);
            Assert.True(expected.AsSpan().SequenceEqual(c), $"n = {n}, ldb = {ldb}, {threads} thread(s)");
        }
    }

    [Theory]
    [InlineData(100, 112)]    // Predictor's (W^1)ᵀ for 784-100-10: 6 vectors and 4 columns
    [InlineData(116, 128)]    // 7 vectors and 4
    [InlineData(20, 32)]      // 1 vector and 4
    [InlineData(17, 32)]      // 1 vector and 1
    public void Last_columns_kept_apart_are_read_from_the_copy_with_the_same_chains(int n, int ldb)
    {
        // B read in place holds NaN in its last n mod 16 columns and its padding; the copy (k rows of 4) holds those
        // columns' values. C must equal the product with B stored densely, bit for bit, with and without β.
        int m = 96, k = 784, tail = n % 16;
        var (a, dense) = Operands<float>(m, n, k, 0.5, transB: false);
        var copy = new float[k * 4];
        TailColumns.Copy<float>(dense, n, n, k, copy);
        // Only the vector paths read the copy; without AVX-512 another path reads B, which must then be whole.
        int kept = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? n - tail : n;
        var b = AsPanel(dense, n, k, ldb, kept);
        foreach (float beta in new[] { 0f, 0.75f })
        {
            var old = Enumerable.Range(0, m * n).Select(i => (i % 11 - 5) * 0.125f).ToArray();
            var expected = (float[])old.Clone();
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, dense, n, beta, expected, n, threads: 1);
            foreach (int threads in new[] { 1, 2 })
            {
                var c = (float[])old.Clone();
                Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, ldb, beta, c, n, threads, copy);
                Assert.True(expected.AsSpan().SequenceEqual(c), $"n = {n}, ldb = {ldb}, β = {beta}, {threads} thread(s)");
            }
        }
    }

    [Fact]
    public void Last_columns_given_as_rows_of_k_are_dot_products_and_the_others_the_same_chains()
    {
        // The Predictor's batch: (W^1)ᵀ read in place (rows of 112), its last 4 columns also kept as k-long rows of W^1.
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;   // the path needs AVX-512
        const int m = 96, n = 100, k = 784, ldb = 112, dots = 4;
        var (a, dense) = Operands<float>(m, n, k, 0.5, transB: false);
        var b = AsPanel(dense, n, k, ldb, columns: n);
        var copy = new float[k * 4];
        TailColumns.Copy<float>(dense, n, n, k, copy);
        var rows = new float[n * k];   // Bᵀ: row j holds column j of B
        for (int q = 0; q < k; q++) for (int j = 0; j < n; j++) rows[j * k + q] = dense[q * n + j];
        foreach (float beta in new[] { 0f, 0.75f })
        {
            var old = Enumerable.Range(0, m * n).Select(i => (i % 11 - 5) * 0.125f).ToArray();
            var expected = (float[])old.Clone();
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, dense, n, beta, expected, n, threads: 1);   // chains in every column
            var tail = DotsOverLastRows(a, rows, old, m, n, k, dots, 1f, beta);
            for (int i = 0; i < m; i++) tail.AsSpan(i * dots, dots).CopyTo(expected.AsSpan(i * n + n - dots, dots));
            var c = (float[])old.Clone();
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, ldb, beta, c, n, 1, copy, rows.AsSpan((n - dots) * k));
            Assert.True(expected.AsSpan().SequenceEqual(c), $"β = {beta}");
        }
    }

    [Theory]
    [InlineData(100)]   // 6 vectors and 4 columns: relu128's and infer1000's layer 1, z = a·(W^1)ᵀ
    [InlineData(97)]    // 6 vectors and 1
    [InlineData(98)]
    [InlineData(99)]
    [InlineData(105)]   // 6 vectors and 9: too many for 128 bits, all in the panels
    [InlineData(20)]    // 1 vector and 4: the one vector would be a single chain per row, all in the panels
    [InlineData(34)]    // 2 vectors and 2
    public void A_transposed_Bs_last_columns_past_its_whole_vectors_are_dot_products_when_they_fit_128_bits(int n)
    {
        Check<float>(128, n, 784, transA: false, transB: true, alpha: 1, beta: 0);
        Check<float>(128, n, 784, transA: false, transB: true, alpha: -0.5, beta: 0.75);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(63)]
    [InlineData(17)]
    [InlineData(1)]
    public void A_blocks_nonzero_mask_has_bit_t_set_for_each_nonzero_element_t_NaN_included(int length)
    {
        // Elements 3t mod 5 ≠ 0 are nonzero; element 1 is NaN (nonzero), element 2 is −0 (zero).
        var f = new float[64];
        var d = new double[64];
        ulong expected = 0;
        for (int t = 0; t < length; t++)
        {
            bool nonzero = t == 1 || (t != 2 && 3 * t % 5 != 0);
            f[t] = t == 1 ? float.NaN : t == 2 ? -0f : nonzero ? t : 0f;
            d[t] = f[t];
            if (nonzero) expected |= 1UL << t;
        }
        for (int t = length; t < 64; t++) { f[t] = 1f; d[t] = 1.0; }   // past the length: never counted
        fixed (float* pf = f)
            Assert.Equal(expected, SparseRows.NonZeroMask(pf, length));
        fixed (double* pd = d)
            Assert.Equal(expected, SparseRows.NonZeroMask(pd, length));
    }

    [Theory]
    [InlineData(128, 100, 784)]
    [InlineData(1000, 256, 784)]
    [InlineData(97, 33, 200)]
    public void Results_are_bit_identical_on_one_two_and_three_threads(int m, int n, int k)
    {
        var (a, w) = Operands<float>(m, n, k, 0.5, transB: true);
        AssertSameOnOneTwoThreeThreads(new float[m * n], (c, threads) => Gemm.Multiply(false, true, m, n, k, 1f, a, k, w, k, 0f, c, n, threads));
    }

    [Fact]
    public void BP4_results_are_bit_identical_on_one_two_and_three_threads()
    {
        int m = 256, n = 784, k = 128;
        var (a, b) = Operands<float>(m, n, k, 0.5, transB: false);
        var rng = new Random(3);
        var w = new float[m * n];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() - 0.5);
        AssertSameOnOneTwoThreeThreads(w, (c, threads) => Gemm.Multiply(true, false, m, n, k, -0.1f, a, m, b, n, 1f, c, n, threads));
    }

    /// <summary>Runs <paramref name="multiply"/> on copies of <paramref name="c"/> with 1, 2 and 3 threads and asserts the three results are equal bit for bit.</summary>
    private static void AssertSameOnOneTwoThreeThreads(float[] c, Action<float[], int> multiply)
    {
        var c1 = (float[])c.Clone();
        var c2 = (float[])c.Clone();
        var c3 = (float[])c.Clone();
        multiply(c1, 1);
        multiply(c2, 2);
        multiply(c3, 3);
        Assert.Equal(c1, c2);
        Assert.Equal(c1, c3);
    }

    [Fact]
    public void A_large_product_is_split_by_rows()
    {
        var split = Split.Choose<float>(128, 100, 784, threads: 2, GemmPath.SparseRows, transA: false, transB: true);
        Assert.Equal(2, split.Parts);
        Assert.True(split.ByRows);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_product_allocates_nothing_in_steady_state(int threads)
    {
        var (a, w) = Operands<float>(128, 100, 784, 0.5, transB: true);
        var c = new float[128 * 100];
        AssertSecondCallAllocatesNothing(() => Gemm.Multiply(false, true, 128, 100, 784, 1f, a, 784, w, 784, 0f, c, 100, threads));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BP4_allocates_nothing_in_steady_state(int threads)
    {
        var (delta, x) = Operands<float>(100, 784, 128, 0.5, transB: false);
        var w = new float[100 * 784];
        AssertSecondCallAllocatesNothing(() => Gemm.Multiply(true, false, 100, 784, 128, -0.1f, delta, 100, x, 784, 1f, w, 784, threads));
    }

    /// <summary>Calls <paramref name="multiply"/> once to size its buffers, then asserts a second call allocates 0 bytes on this thread.</summary>
    private static void AssertSecondCallAllocatesNothing(Action multiply)
    {
        multiply();
        long before = GC.GetAllocatedBytesForCurrentThread();
        multiply();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// C = α·op(A)·op(B) + β·C against the chain written out: acc ← β·c (0 when β = 0), then acc ← fma(α·a_iq, b_qj, acc)
    /// for the q = 0…k−1 where α·a_iq ≠ 0. With <paramref name="transA"/>, A is stored k × m and a_iq is A[q, i].
    /// </summary>
    private static void Check<T>(int m, int n, int k, bool transA, bool transB, double alpha, double beta, int emptyRows = 0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = Operands<T>(m, n, k, 0.6, transB);
        // The first emptyRows rows of op(A) are 0 across their first block (a Fashion-MNIST image's first 64 pixels), row 0 throughout.
        for (int i = 0; i < emptyRows; i++)
            for (int q = 0; q < (i == 0 ? k : Math.Min(k, SparseRows.BlockRows)); q++)
                a[transA ? q * m + i : i * k + q] = T.Zero;
        Assert.True(Takes<T>(m, n, k, 0.6, transA, beta), "the operands take the path");
        T al = T.CreateChecked(alpha), be = T.CreateChecked(beta);
        var old = new T[m * n];
        for (int i = 0; i < old.Length; i++) old[i] = beta == 0 ? T.NaN : T.CreateChecked((i % 13 - 6) * 0.25);   // β = 0: the old C is ignored
        var expected = new T[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T acc = beta == 0 ? T.Zero : be * old[i * n + j];
                for (int q = 0; q < k; q++)
                {
                    T x = al * (transA ? a[q * m + i] : a[i * k + q]);
                    if (x != T.Zero) acc = T.FusedMultiplyAdd(x, transB ? b[j * k + q] : b[q * n + j], acc);
                }
                expected[i * n + j] = acc;
            }
        // A transposed B's last columns past its whole vectors, when they fit 128 bits, are dot products instead.
        int dots = DotColumns<T>(n, transA, transB);
        if (dots > 0)
        {
            var tail = DotsOverLastRows(a, b, old, m, n, k, dots, al, be);
            for (int i = 0; i < m; i++) tail.AsSpan(i * dots, dots).CopyTo(expected.AsSpan(i * n + n - dots, dots));
        }
        var c = (T[])old.Clone();
        Gemm.Multiply(transA, transB, m, n, k, al, a, transA ? m : k, b, transB ? k : n, be, c, n, threads: 1);
        Assert.True(expected.AsSpan().SequenceEqual(c), $"{typeof(T).Name} {m} × {n} × {k}, {(transA ? "Aᵀ" : "A")}, B{(transB ? "ᵀ" : "")}, α = {alpha}, β = {beta}");
    }

    /// <summary>
    /// B (k × n, stored densely in <paramref name="dense"/>) laid out as a panel the path reads in place: rows
    /// <paramref name="ldb"/> apart from a 64-byte line, each row's first <paramref name="columns"/> copied, the rest of
    /// it (the padding, and any columns left out) NaN.
    /// </summary>
    private static Span<float> AsPanel(float[] dense, int n, int k, int ldb, int columns)
    {
        var (storage, offset) = CacheLines.Pinned<float>(k * ldb);
        var b = storage.AsSpan(offset, k * ldb);
        b.Fill(float.NaN);
        for (int q = 0; q < k; q++) dense.AsSpan(q * n, columns).CopyTo(b[(q * ldb)..]);
        return b;
    }

    /// <summary>
    /// The last columns the path takes as dot products: with B stored transposed (n × k, W^l for z = a·(W^l)ᵀ) and A not,
    /// the n mod Vector512&lt;T&gt;.Count columns past the last whole vector when they fit a 128-bit vector (100 = 6·16 + 4)
    /// and at least two whole vectors stay in the panels (not n = 17: one vector is one FMA chain per row, waiting on itself).
    /// </summary>
    private static int DotColumns<T>(int n, bool transA, bool transB) where T : unmanaged
    {
        int v = System.Runtime.Intrinsics.Vector512<T>.Count, tail = n % v;
        return transB && !transA && tail <= System.Runtime.Intrinsics.Vector128<T>.Count && n - tail >= 2 * v ? tail : 0;
    }

    /// <summary>
    /// C's last <paramref name="dots"/> columns as the direct path's dot products make them (Gemm/Direct.cs, whose chains
    /// DirectGemmTests writes out): A (m × k) times the last rows of B (n × k), from the old C with α and β.
    /// </summary>
    private static T[] DotsOverLastRows<T>(T[] a, T[] b, T[] old, int m, int n, int k, int dots, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = new T[m * dots];
        for (int i = 0; i < m; i++) old.AsSpan(i * n + n - dots, dots).CopyTo(c.AsSpan(i * dots, dots));
        fixed (T* pa = a, pb = b, pc = c)
        {
            var p = new GemmProblem<T>
            {
                TransB = true, M = m, N = dots, K = k, Alpha = alpha, Beta = beta,
                A = pa, B = pb + (nint)(n - dots) * k, C = pc, Lda = k, Ldb = k, Ldc = dots,
            };
            Direct.Run(in p, 0, m);
        }
        return c;
    }

    /// <summary>Whether Gemm would take the path for operands of this shape with a fraction <paramref name="zeros"/> of A zero.</summary>
    private static bool Takes<T>(int m, int n, int k, double zeros, bool transA, double beta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b) = Operands<T>(m, n, k, zeros, transB: false);
        fixed (T* pa = a, pb = b)
        {
            var p = new GemmProblem<T>
            {
                TransA = transA, M = m, N = n, K = k, Alpha = T.One, Beta = T.CreateChecked(beta),
                A = pa, B = pb, Lda = transA ? m : k, Ldb = n,
            };
            return SparseRows.Applies(in p);
        }
    }

    /// <summary>A (m × k, or k × m stored transposed: the same m·k elements; a fraction <paramref name="zeros"/> of it 0) and B (k × n, or n × k when transposed).</summary>
    private static (T[] A, T[] B) Operands<T>(int m, int n, int k, double zeros, bool transB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 7919 + n * 131 + k);
        var a = new T[m * k];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextDouble() < zeros ? T.Zero : T.CreateChecked(rng.NextDouble() * 2 - 1);
        var b = new T[k * n];
        for (int i = 0; i < b.Length; i++) b[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
        return (a, b);
    }
}
