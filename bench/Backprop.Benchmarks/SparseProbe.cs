// `-- sparse`: the batch product that skips zero inputs (Gemm/SparseRows.cs) against the packed path, on Fashion-MNIST
// test images, at the shapes of training's forward product (z = a·Wᵀ, W stored n × k) and inference's, at 1 and 2 threads.
using System.Diagnostics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Benchmarks;

/// <summary>Probe of <see cref="SparseRows"/>.</summary>
public static class SparseProbe
{
    /// <summary>Runs the probe.</summary>
    public static void Run()
    {
        var images = Backprop.Data.ImageData.Read<float>("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz", "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz").Inputs;
        const int k = 784;
        var rng = new Random(1);
        foreach (int threads in new[] { 1, 2 })
        foreach (int n in new[] { 100, 256 })
        foreach (int m in new[] { 128, 1000 })
        {
            var w = new float[n * k];
            for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() - 0.5);
            var x = images.AsSpan(0, m * k).ToArray();
            long nnz = x.Count(e => e != 0);
            var z1 = new float[m * n];
            var z2 = new float[m * n];
            var times = new List<(double Packed, double Sparse)>();
            for (int round = 0; round < 5; round++)
            {
                SparseRows.Enabled = false;
                double packed = Median(() => Gemm.Multiply(false, true, m, n, k, 1f, x, k, w, k, 0f, z1, n, threads));
                SparseRows.Enabled = true;
                double sparse = Median(() => Gemm.Multiply(false, true, m, n, k, 1f, x, k, w, k, 0f, z2, n, threads));
                times.Add((packed, sparse));
            }
            double err = 0;
            for (int i = 0; i < z1.Length; i++) err = Math.Max(err, Math.Abs(z1[i] - z2[i]));
            var ratios = times.Select(t => t.Sparse / t.Packed).Order().ToArray();
            double p = times.Select(t => t.Packed).Order().ElementAt(2), s = times.Select(t => t.Sparse).Order().ElementAt(2);
            double fmas = (double)nnz * ((n + 15) / 16) / threads;
            Console.WriteLine($"{threads} thread(s) {m} x {n} x {k} (zeros {1 - nnz / (double)(m * k):P1}): packed {p * 1e6:F1} µs, sparse {s * 1e6:F1} µs; sparse/packed by round {string.Join(" ", ratios.Select(r => r.ToString("F2")))}; sparse {s * 3.7e9 / fmas:F2} cycles per vector FMA per thread at 3.7 GHz; max |diff| {err:G3}");
        }
    }

    /// <summary>Median seconds of one call of <paramref name="a"/> over 15 rounds of 5, after 10 warm-up calls.</summary>
    internal static double Median(Action a)
    {
        for (int i = 0; i < 10; i++) a();
        var t = new double[15];
        for (int r = 0; r < t.Length; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 5; i++) a();
            t[r] = sw.Elapsed.TotalSeconds / 5;
        }
        Array.Sort(t);
        return t[t.Length / 2];
    }
}
