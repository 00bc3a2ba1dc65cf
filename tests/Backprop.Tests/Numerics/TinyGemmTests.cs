// The tiny-product path must give exactly what the blocked (packed) path gives, bit for bit.
using System.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Tests.Numerics;

public unsafe class TinyGemmTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in new[] { 1, 7, 10, 30 })
            foreach (int n in new[] { 8, 10, 16, 30, 33, 64, 65, 100, 128 })
                foreach (int k in new[] { 1, 10, 30 })
                    data.Add(m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Tiny_path_equals_the_blocked_path_bit_for_bit(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
            foreach (var (alpha, beta) in new[] { (1.0, 0.0), (-0.37, 1.0), (0.5, 0.93) })
                foreach (int pad in new[] { 0, 3 })
                {
                    Check<float>(ta, m, n, k, alpha, beta, pad);
                    Check<double>(ta, m, n, k, alpha, beta, pad);
                }
    }

    private static void Check<T>(bool ta, int m, int n, int k, double alpha, double beta, int pad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n > Tiny.MaxVectors * System.Runtime.Intrinsics.Vector512<T>.Count) return;   // rows wider than the kernel's 8 vectors never take it
        var rng = new Random(m * 1000 + n * 100 + k);
        T[] Fill(int count) { var x = new T[count]; for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(rng.NextDouble() * 2 - 1); return x; }
        int lda = (ta ? m : k) + pad, ldb = n + pad, ldc = n + pad;
        var a = Fill((ta ? k : m) * lda);
        var b = Fill(k * ldb);
        var c = Fill(m * ldc);
        if (beta == 0) for (int i = 0; i < c.Length; i += 2) c[i] = T.NaN;   // β = 0 must not read C
        var (tiny, blocked) = ((T[])c.Clone(), (T[])c.Clone());
        fixed (T* pa = a, pb = b, pt = tiny, pbl = blocked)
        {
            var problem = new GemmProblem<T>
            {
                TransA = ta, TransB = false, M = m, N = n, K = k, Alpha = T.CreateChecked(alpha), Beta = T.CreateChecked(beta),
                A = pa, B = pb, C = pt, Lda = lda, Ldb = ldb, Ldc = ldc,
            };
            Assert.Equal(2L * m * n * k <= Tiny.MaxFlops && n >= System.Runtime.Intrinsics.Vector256<T>.Count, Tiny.Applies(in problem));   // the kernel is compared on larger shapes too
            Tiny.Run(in problem);
            problem.C = pbl;
            Blocking.Run(in problem, 0, m, 0, n);
        }
        for (int i = 0; i < c.Length; i++)
            Assert.True(tiny[i].Equals(blocked[i]) || (T.IsNaN(tiny[i]) && T.IsNaN(blocked[i])),
                $"{typeof(T).Name} ta={ta} {m}x{n}x{k} α={alpha} β={beta} pad={pad}: C[{i}] tiny {tiny[i]}, blocked {blocked[i]}");
    }
}
