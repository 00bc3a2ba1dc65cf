// BP4 over a small mini-batch (Gemm/OuterProducts.cs): C = α·Aᵀ·B + β·C with k ≤ 48, A stored k × m (δ^l, one example per
// row), B stored k × n (a^(l−1)). Each element of C is one FMA chain that starts at β·c (c itself for β = 1, 0 for β = 0,
// the old C ignored) and adds (α·a_qi)·b_qj for q = 0…k−1: the chains below are written out with Math(F).FusedMultiplyAdd
// and must match bit for bit.
using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Tests.Numerics;

public unsafe class OuterProductsGemmTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        // m across the 8-, 4- and 1-row tiles (13 = 8 + 4 + 1, 30 = 3·8 + 4 + 2·1); n across the 2-vector tile, one whole
        // vector and a last partial one (784 with m = 30 or 100 and k = 10: nielsen1's and nielsen3's first layers); k up
        // to the path's 48.
        foreach (int m in new[] { 1, 4, 7, 13, 30, 100 })
            foreach (int n in new[] { 16, 17, 32, 33, 100, 784, 785 })
                foreach (int k in new[] { 1, 10, 16, 48 })
                    data.Add(m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Each_element_is_one_chain_from_beta_times_c_over_the_k_examples_in_order(int m, int n, int k)
    {
        foreach (var (alpha, beta) in new[] { (1.0, 0.0), (-0.37, 1.0), (-0.05, 0.99996) })
            foreach (int pad in new[] { 0, 5 })
            {
                Check<float>(m, n, k, alpha, beta, pad);
                Check<double>(m, n, k, alpha, beta, pad);
            }
    }

    private static void Check<T>(int m, int n, int k, double alpha, double beta, int pad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 10_000 + n * 100 + k);
        T[] Fill(int count) { var x = new T[count]; for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(rng.NextDouble() * 2 - 1); return x; }
        int lda = m + pad, ldb = n + pad, ldc = n + pad;
        var a = Fill(k * lda);
        var b = Fill(k * ldb);
        var c = Fill(m * ldc);
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc; j++) c[i * ldc + j] = T.CreateChecked(1234);   // C's padding: never written
        if (beta == 0) for (int i = 0; i < m; i++) c[i * ldc + (i % n)] = T.NaN;      // β = 0 must not read C
        T al = T.CreateChecked(alpha), be = T.CreateChecked(beta);
        var expected = (T[])c.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T old = c[i * ldc + j], acc = be == T.Zero ? T.Zero : be == T.One ? old : be * old;
                for (int q = 0; q < k; q++) acc = T.FusedMultiplyAdd(al * a[q * lda + i], b[q * ldb + j], acc);
                expected[i * ldc + j] = acc;
            }
        var problem = new GemmProblem<T> { TransA = true, M = m, N = n, K = k, Alpha = al, Beta = be, Lda = lda, Ldb = ldb, Ldc = ldc };
        Assert.True(OuterProducts.Applies(in problem) || !Vector512.IsHardwareAccelerated);
        if (!Vector512.IsHardwareAccelerated) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            problem.A = pa;
            problem.B = pb;
            problem.C = pc;
            OuterProducts.Run(in problem, 0, m);
        }
        for (int i = 0; i < c.Length; i++)
            Assert.True(c[i].Equals(expected[i]), $"{typeof(T).Name} {m}x{n}x{k} α={alpha} β={beta} pad={pad}: C[{i}] = {c[i]}, expected {expected[i]}");
    }

    [Theory]
    [InlineData(30, 784, 10)]     // nielsen1: W^1 ← W^1 − η·δᵀ·x over 10 examples
    [InlineData(100, 784, 10)]    // nielsen3
    [InlineData(100, 784, 32)]    // a mini-batch of 32
    [InlineData(100, 784, 48)]
    public void The_path_is_taken_for_BP4_over_a_small_mini_batch(int m, int n, int k)
    {
        Assert.True(OuterProducts.Applies(Problem<float>(m, n, k, transA: true, transB: false)) || !Vector512.IsHardwareAccelerated);
        Assert.True(OuterProducts.Applies(Problem<double>(m, n, k, transA: true, transB: false)) || !Vector512.IsHardwareAccelerated);
    }

    [Theory]
    [InlineData(100, 784, 49, true, false)]     // more examples than the path's 48: the packed or the sparse path
    [InlineData(128, 100, 10, false, false)]    // BP2 of a 10-unit output layer, δ^L·W^L: A not transposed
    [InlineData(10, 100, 10, true, true)]       // B transposed
    [InlineData(100, 15, 10, true, false)]      // less than one vector of columns
    public void The_path_is_not_taken(int m, int n, int k, bool transA, bool transB)
    {
        Assert.False(OuterProducts.Applies(Problem<float>(m, n, k, transA, transB)));
    }

    private static GemmProblem<T> Problem<T>(int m, int n, int k, bool transA, bool transB) where T : unmanaged =>
        new() { TransA = transA, TransB = transB, M = m, N = n, K = k, Lda = transA ? m : k, Ldb = transB ? k : n, Ldc = n };

    [Fact]
    public void Nothing_is_skipped_so_an_infinity_in_A_times_a_zero_of_B_gives_NaN()
    {
        // The path multiplies every b_qj, zero or not: ∞·0 is NaN in the product and must be NaN here.
        int m = 8, n = 32, k = 10;
        var a = new float[k * m];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = 0.5f;
        for (int i = 0; i < b.Length; i++) b[i] = 1f;
        a[3 * m + 2] = float.PositiveInfinity;   // op(A)[2, 3]
        b[3 * n + 7] = 0f;
        var c = new float[m * n];
        Gemm.Multiply(true, false, m, n, k, 1f, a, m, b, n, 0f, c, n, threads: 1);
        Assert.True(float.IsNaN(c[2 * n + 7]), $"c[2, 7] = {c[2 * n + 7]}");
        Assert.Equal(float.PositiveInfinity, c[2 * n + 8]);
        Assert.Equal(4.5f, c[3 * n + 7]);   // another row: nine terms of 0.5·1 and 0.5·0
        Assert.Equal(5f, c[3 * n + 8]);     // ten terms of 0.5·1
    }

    [Fact]
    public void Results_are_bit_identical_on_one_two_and_three_threads()
    {
        // Large enough to be split by rows (2·m·n·k ≥ 4 MFLOP); m = 1,000 is not a multiple of the 8-row tile per thread.
        int m = 1000, n = 784, k = 16;
        var rng = new Random(5);
        var a = Enumerable.Range(0, k * m).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var w = Enumerable.Range(0, m * n).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        Assert.True(Split.Choose<float>(m, n, k, threads: 2, GemmPath.OuterProducts, transA: true, transB: false).Parts == 2);
        var results = new[] { 1, 2, 3 }.Select(threads =>
        {
            var c = (float[])w.Clone();
            Gemm.Multiply(true, false, m, n, k, -0.1f, a, m, b, n, 0.999f, c, n, threads);
            return c;
        }).ToArray();
        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[0], results[2]);
    }
}
