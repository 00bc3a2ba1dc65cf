// `-- sparse-bp4`: training's BP4 product with the descent folded in, W^1 ← W^1 − η·δᵀ·x (A = δ^1 read transposed,
// β = 1), on the sparse path (Gemm/SparseRows.cs) against the packed one, with δ^1 and x taken from relu128 / wide128
// after 300 steps on Fashion-MNIST, at 1 and 2 threads. `-- sparse-bp4 loop`: only the sparse product, for perf.
using System.Diagnostics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Benchmarks;

/// <summary>Probe of <see cref="SparseRows"/> on BP4.</summary>
public static class SparseBp4Probe
{
    /// <summary>Runs the probe; <paramref name="loop"/>: only the sparse product at 1 thread for 8 s per shape (for perf).</summary>
    public static void Run(bool loop)
    {
        var data = Backprop.Data.ImageData.Read<float>("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");
        const int m = 128, k = 784;
        foreach (var sizes in new[] { new[] { 784, 100, 10 }, new[] { 784, 256, 128, 10 } })
        {
            var net = Network<float>.Create(sizes, "relu", cost: "nll");
            var rng = new Backprop.Randomness.Rng(1);
            Backprop.Training.WeightInitializer.Initialize(net, Backprop.Training.WeightInit.Nielsen, rng);
            var x = new float[m * k];
            var y = new float[m * 10];
            for (int step = 0; step < 300; step++)
            {
                ZerosProbe.DrawBatch(data, rng, x, y);
                net.BackpropagateAndDescend(x, y, m, 0.1f, 1f);
            }
            int n = sizes[1];
            var delta = net.Delta(1, m).ToArray();
            double zeros = delta.Count(d => d == 0) / (double)delta.Length;
            var w = net.Layer(1).Weights!;
            if (loop)
            {
                var sw = Stopwatch.StartNew();
                int calls = 0;
                while (sw.Elapsed.TotalSeconds < 8) { Gemm.Multiply(true, false, n, k, m, -1e-9f, delta, n, x, k, 1f, w, k, 1); calls++; }
                Console.WriteLine($"{n}: {sw.Elapsed.TotalSeconds / calls * 1e6:F1} µs per product");
                continue;
            }
            foreach (int threads in new[] { 1, 2 })
            {
                var times = new List<(double Packed, double Sparse)>();
                for (int round = 0; round < 5; round++)
                {
                    SparseRows.Enabled = false;
                    double packed = SparseProbe.Median(() => Gemm.Multiply(true, false, n, k, m, -1e-9f, delta, n, x, k, 1f, w, k, threads));
                    SparseRows.Enabled = true;
                    double sparse = SparseProbe.Median(() => Gemm.Multiply(true, false, n, k, m, -1e-9f, delta, n, x, k, 1f, w, k, threads));
                    times.Add((packed, sparse));
                }
                var ratios = times.Select(t => t.Sparse / t.Packed).Order().ToArray();
                double p = times.Select(t => t.Packed).Order().ElementAt(2), s = times.Select(t => t.Sparse).Order().ElementAt(2);
                Console.WriteLine($"{threads} thread(s) BP4 {n} x {k} x {m} (δ zeros {zeros:P1}): packed {p * 1e6:F1} µs, sparse {s * 1e6:F1} µs; sparse/packed by round {string.Join(" ", ratios.Select(r => r.ToString("F2")))}");
                // x on 64-byte lines: SparseRows reads its panels in place instead of packing them (or x where the trainer keeps it, if aligned).
                var (xa, xo) = CacheLines.Pinned<float>(m * k);
                x.CopyTo(xa.AsSpan(xo));
                var inPlace = new List<(double Packed, double InPlace)>();
                for (int round = 0; round < 5; round++)
                {
                    double packedX = SparseProbe.Median(() => Gemm.Multiply(true, false, n, k, m, -1e-9f, delta, n, x, k, 1f, w, k, threads));
                    double alignedX = SparseProbe.Median(() => Gemm.Multiply(true, false, n, k, m, -1e-9f, delta, n, xa.AsSpan(xo, m * k), k, 1f, w, k, threads));
                    inPlace.Add((packedX, alignedX));
                }
                Console.WriteLine($"{threads} thread(s) BP4 {n}: x aligned (in place) / x packed by round {string.Join(" ", inPlace.Select(t => (t.InPlace / t.Packed).ToString("F2")))}; x address mod 64 = {System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(x, 0) % 64}");
            }
        }
    }
}
