// Gemm against the GemmReference oracle: shapes around the tile and block edges, every transpose
// combination, α/β variants, padded leading dimensions, float and double, thread-count invariance,
// and zero allocation in steady state.
using System.Numerics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;
using CsCheck;

namespace Backprop.Tests.Numerics;

[Collection(AllocationCounting.Name)]
public class GemmTests
{
    private const int OperandSeed = 20240611;
    private const int GarbageSeed = 777;

    /// <summary>Odd sizes around the tiles (6, 8, 16, 32), the k block (256) and a 784-pixel row.</summary>
    public static readonly int[] Sizes = [1, 7, 31, 33, 785];

    public static TheoryData<int, int, int> OddShapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in Sizes)
            foreach (int n in Sizes)
                foreach (int k in Sizes)
                    if ((long)m * n * k <= 5_000_000) data.Add(m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void Gemm_matches_reference_on_odd_shapes_for_all_transposes_in_float(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                AssertMatchesReference<float>(ta, tb, m, n, k, 1f, 0f, pad: 0, threads: 1);
    }

    [Theory]
    [InlineData(7, 13, 5)]
    [InlineData(33, 31, 257)]
    [InlineData(129, 100, 784)]
    [InlineData(10, 785, 30)]
    public void Gemm_matches_reference_on_odd_shapes_for_all_transposes_in_double(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                AssertMatchesReference<double>(ta, tb, m, n, k, 1.0, 0.0, pad: 0, threads: 1);
    }

    [Fact]
    public void Gemm_matches_reference_on_7x13x5() =>
        AssertMatchesReference<float>(false, false, 7, 13, 5, 1f, 0f, pad: 0, threads: 1);

    [Theory]
    [InlineData(false, true, 128, 100, 784)]
    [InlineData(true, false, 256, 784, 128)]
    [InlineData(false, false, 128, 784, 256)]
    [InlineData(false, true, 1000, 100, 784)]
    [InlineData(false, true, 10, 30, 784)]
    [InlineData(false, true, 1, 100, 784)]
    [InlineData(true, false, 30, 784, 10)]
    [InlineData(true, false, 100, 784, 10)]
    [InlineData(true, false, 13, 784, 10)]
    public void Gemm_matches_reference_on_training_shapes(bool ta, bool tb, int m, int n, int k)
    {
        AssertMatchesReference<float>(ta, tb, m, n, k, 1f, 0f, pad: 0, threads: 1);
        AssertMatchesReference<float>(ta, tb, m, n, k, 1f, 0f, pad: 0, threads: 2);
        AssertMatchesReference<float>(ta, tb, m, n, k, -0.5f, 0.999f, pad: 0, threads: 1);   // the BP4 step: β = κ, α = −η
    }

    [Theory]
    [InlineData(0.5f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(-2f, 0.25f)]
    [InlineData(0f, 3f)]
    [InlineData(0f, 0f)]
    public void Gemm_applies_alpha_and_beta_like_the_reference(float alpha, float beta)
    {
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
                AssertMatchesReference(ta, tb, 33, 41, 300, alpha, beta, pad: 0, threads: 1);
    }

    [Fact]
    public void Gemm_with_beta_zero_ignores_NaN_in_C()
    {
        // AssertMatchesReference fills C with NaN garbage whenever β = 0; the result must be finite.
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var c = AssertMatchesReference<float>(ta, tb, 17, 35, 9, 1f, 0f, pad: 0, threads: 1);
                Assert.All(c, x => Assert.False(float.IsNaN(x)));
            }
    }

    [Fact]
    public void Gemm_with_beta_one_accumulates_into_C()
    {
        // Two products of half the k range each, accumulated with β = 1, equal one product over all of k.
        const int m = 19, n = 37, k = 40;
        var (a, b, _) = Operands<float>(m, n, k, false, false, 0);
        var whole = new float[m * n];
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, whole, n);
        var halves = new float[m * n];
        var aLeft = new float[m * k / 2];
        var aRight = new float[m * k / 2];
        for (int i = 0; i < m; i++)
        {
            Array.Copy(a, i * k, aLeft, i * k / 2, k / 2);
            Array.Copy(a, i * k + k / 2, aRight, i * k / 2, k / 2);
        }
        Gemm.Multiply(false, false, m, n, k / 2, 1f, aLeft, k / 2, b, n, 0f, halves, n);
        Gemm.Multiply(false, false, m, n, k / 2, 1f, aRight, k / 2, b.AsSpan(k / 2 * n), n, 1f, halves, n);
        for (int i = 0; i < whole.Length; i++) Assert.Equal(whole[i], halves[i], 1e-4f);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Gemm_honours_leading_dimensions_larger_than_the_width(bool ta, bool tb)
    {
        AssertMatchesReference<float>(ta, tb, 33, 45, 70, 1.5f, 0.5f, pad: 5, threads: 1);
        AssertMatchesReference<double>(ta, tb, 9, 17, 300, 1.0, 0.0, pad: 3, threads: 2);
    }

    [Theory]
    [InlineData(10, 100, 784)]
    [InlineData(14, 30, 785)]
    [InlineData(10, 30, 784)]
    [InlineData(10, 29, 100)]
    [InlineData(9, 7, 33)]
    public void Gemm_with_few_rows_gives_each_row_the_bits_it_gets_alone(int m, int n, int k)
    {
        // The direct path takes rows in blocks of 5, 4, 2 and 1 (and the last 1-2 columns of 5-row blocks 5 × 2); every block must give an element the same FMA
        // sequence, so a mini-batch's outputs do not depend on which other examples share it.
        var (a, b, _) = Operands<float>(m, n, k, false, true, 0);
        var together = new float[m * n];
        Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, together, n, threads: 1);
        for (int i = 0; i < m; i++)
        {
            var alone = new float[n];
            Gemm.Multiply(false, true, 1, n, k, 1f, a.AsSpan(i * k, k), k, b, k, 0f, alone, n, threads: 1);
            Assert.Equal(alone, together.AsSpan(i * n, n).ToArray());
        }
    }

    [Fact]
    public void One_example_against_a_large_layer_is_split_by_columns_over_two_threads()
    {
        var split = Backprop.Numerics.GemmKernels.Split.Choose<float>(1, 100, 784, threads: 2, GemmPath.Direct, transA: false, transB: true);
        Assert.Equal(2, split.Parts);
        Assert.False(split.ByRows);
        Assert.Equal(48, split.Start(1, 100));    // 25 tiles of 4 columns: 12 on the first thread, 13 on the second
    }

    [Fact]
    public void One_example_against_a_layer_that_fits_in_L1_stays_on_one_thread()
    {
        var split = Backprop.Numerics.GemmKernels.Split.Choose<float>(1, 10, 100, threads: 2, GemmPath.Direct, transA: false, transB: true);
        Assert.Equal(1, split.Parts);
    }

    [Theory]
    [InlineData(false, true, 128, 256, 784)]
    [InlineData(true, false, 256, 784, 128)]
    [InlineData(false, false, 128, 784, 256)]
    [InlineData(false, true, 1000, 100, 784)]
    [InlineData(true, true, 131, 67, 300)]
    [InlineData(false, true, 47, 100, 784)]
    [InlineData(false, true, 16, 1000, 784)]
    [InlineData(false, true, 1, 100, 784)]
    [InlineData(false, true, 2, 101, 785)]
    public void Gemm_gives_bit_identical_results_for_one_and_two_threads(bool ta, bool tb, int m, int n, int k)
    {
        var (a, b, c0) = Operands<float>(m, n, k, ta, tb, 0);
        int lda = ta ? m : k, ldb = tb ? k : n;
        var c1 = (float[])c0.Clone();
        var c2 = (float[])c0.Clone();
        var c3 = (float[])c0.Clone();
        Gemm.Multiply(ta, tb, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c1, n, threads: 1);
        Gemm.Multiply(ta, tb, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c2, n, threads: 2);
        Gemm.Multiply(ta, tb, m, n, k, 0.75f, a, lda, b, ldb, 0.5f, c3, n, threads: 3);
        Assert.Equal(c1, c2);
        Assert.Equal(c1, c3);
    }

    [Theory]
    [InlineData(false, true, 128, 100, 784)]
    [InlineData(true, false, 100, 784, 128)]
    [InlineData(false, false, 128, 784, 100)]
    [InlineData(false, true, 10, 30, 784)]
    [InlineData(false, true, 1, 100, 784)]
    public void Gemm_allocates_nothing_in_steady_state_on_one_thread(bool ta, bool tb, int m, int n, int k)
    {
        var (a, b, c) = Operands<float>(m, n, k, ta, tb, 0);
        int lda = ta ? m : k, ldb = tb ? k : n;
        Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, threads: 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n, threads: 1);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void Gemm_allocates_nothing_in_steady_state_on_two_threads()
    {
        const int m = 128, n = 256, k = 784;
        var (a, b, c) = Operands<float>(m, n, k, false, true, 0);
        Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n, threads: 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemm.Multiply(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n, threads: 2);
        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }

    [Fact]
    public void Gemm_on_two_threads_survives_bursts_and_pauses()
    {
        // Back-to-back products (workers polling) and products after a pause (workers asleep) must both
        // complete and agree with the single-thread result; a lost wake-up would hang this test.
        const int m = 64, n = 100, k = 784;
        var (a, b, c0) = Operands<float>(m, n, k, false, false, 0);
        var expected = (float[])c0.Clone();
        Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, expected, n, threads: 1);
        for (int round = 0; round < 40; round++)
        {
            if (round % 10 == 0) Thread.Sleep(5);
            var c = (float[])c0.Clone();
            Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n, threads: 2);
            Assert.Equal(expected, c);
        }
    }

    [Fact]
    public void Gemm_handles_empty_dimensions_and_k_zero()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply<float>(false, false, 2, 2, 0, 1f, [], 0, [], 2, 2f, c, 2);
        Assert.Equal([2f, 4f, 6f, 8f], c);
        Gemm.Multiply<float>(false, false, 0, 2, 3, 1f, [], 3, new float[6], 2, 2f, c, 2);
        Assert.Equal([2f, 4f, 6f, 8f], c);
    }

    [Fact]
    public void Gemm_rejects_too_short_buffers_and_bad_thread_counts()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[3], 2, new float[4], 2, 0f, new float[4], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[4], 2, new float[4], 2, 0f, new float[4], 2, threads: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.DefaultThreads = 0);
    }

    [Fact]
    public void Gemm_matches_reference_on_random_shapes()
    {
        Gen.Select(Gen.Int[1, 70], Gen.Int[1, 70], Gen.Int[1, 300], Gen.Bool, Gen.Bool, Gen.Int[0, 3], Gen.Int[1, 2])
            .Sample((m, n, k, ta, tb, pad, threads) =>
            {
                AssertMatchesReference(ta, tb, m, n, k, 1.25f, 0.5f, pad, threads);
                AssertMatchesReference(ta, tb, m, n, k, 1.0, 0.0, pad, threads);
            }, iter: 200, seed: "0N0XIzNsQ0O2");
    }

    /// <summary>Runs both implementations on the same operands and checks each element within a k-scaled tolerance.</summary>
    private static T[] AssertMatchesReference<T>(bool ta, bool tb, int m, int n, int k, T alpha, T beta, int pad, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c) = Operands<T>(m, n, k, ta, tb, pad);
        int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
        if (beta == T.Zero) c.AsSpan().Fill(T.NaN);
        var expected = (T[])c.Clone();
        var actual = (T[])c.Clone();
        GemmReference.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc, threads);
        // Operands lie in [-1, 1]: each sum of k products differs from the oracle's order by at most ~k·ε·|α|.
        T eps = T.CreateChecked(typeof(T) == typeof(float) ? 1e-6 : 1e-15);
        T tol = T.CreateChecked(4 * (k + 2)) * eps * (T.One + T.Abs(alpha) + T.Abs(beta));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T e = expected[i * ldc + j], x = actual[i * ldc + j];
                Assert.True(T.Abs(e - x) <= tol, $"{typeof(T).Name} ta={ta} tb={tb} {m}x{n}x{k} pad={pad}: C[{i},{j}] = {x}, expected {e}");
            }
            // Padding between rows of C is not part of C and must be left alone.
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                Assert.Equal(c[i * ldc + j], actual[i * ldc + j]);
        }
        return actual;
    }

    /// <summary>Stored A, B and C (with padded rows) filled from <see cref="OperandSeed"/>; C's extra entries are garbage.</summary>
    private static (T[] A, T[] B, T[] C) Operands<T>(int m, int n, int k, bool ta, bool tb, int pad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(OperandSeed);
        T[] Fill(int rows, int cols)
        {
            var x = new T[rows * (cols + pad)];
            for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(rng.NextDouble() * 2 - 1);
            return x;
        }
        var a = ta ? Fill(k, m) : Fill(m, k);
        var b = tb ? Fill(n, k) : Fill(k, n);
        var garbage = new Random(GarbageSeed);
        var c = new T[m * (n + pad)];
        for (int i = 0; i < c.Length; i++) c[i] = T.CreateChecked(garbage.NextDouble() * 4 - 2);
        return (a, b, c);
    }
}
