// `-- nielsen3-layout`: would nielsen3 (784-100-10, m = 10, L2 decay) gain from keeping (W^1)ᵀ input-major during training,
// so that its two layer-1 products could skip the images' zeros, and from a lazy decay (W = s·V, so BP4 runs with β = 1)?
// Times, per step of ten Fashion-MNIST training images in a shuffled order, the products as training runs them now
// (z = x·Wᵀ as dot products, BP4 into W with β = κ) against the alternatives: ten one-row products over an input-major
// (W^1)ᵀ laid out as the Predictor keeps it (SparseRow skips each image's zeros), BP4 with β = 1, and BP4 into the
// input-major copy; and counts the pixels that are 0 in all ten images of a step (the columns of ∂C/∂W a BP4 could skip).
// Also BP4 by the packed path against Gemm/OuterProducts.cs (the path Gemm now takes for k ≤ 16), for nielsen3's
// 100 × 784 × 10 (β = κ) and nielsen1's 30 × 784 × 10 (β = 1); the other BP4 figures are then outer products too.
using System.Diagnostics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Benchmarks;

/// <summary>Probe of an input-major first layer for nielsen3.</summary>
public static class Nielsen3LayoutProbe
{
    /// <summary>Runs the probe: five rounds of 6,000 steps, then the share of all-zero pixels over 2,000 steps.</summary>
    public static void Run()
    {
        var images = Backprop.Data.ImageData.Read<float>("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz").Inputs;
        const int d = 784, h = 100, m = 10, steps = 6000;
        int n = images.Length / d, stride = SparseRows.InPlaceStride<float>(h);
        var rng = new Random(1);
        var w = new float[h * d];
        for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextDouble() - 0.5) * 0.1f;
        var (wtArray, offset) = CacheLines.Pinned<float>(d * stride);
        var wt = wtArray.AsSpan(offset, d * stride);
        for (int k = 0; k < d; k++) for (int j = 0; j < h; j++) wt[k * stride + j] = w[j * d + k];
        var x = new float[m * d];
        var z = new float[m * h];
        var delta = new float[m * h];
        for (int i = 0; i < delta.Length; i++) delta[i] = (float)(rng.NextDouble() - 0.5);
        var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        const float eta = -0.05f, keep = 0.99996f;
        for (int round = 0; round < 5; round++)
        {
            double outer = 0, outer30 = 0, packed30 = 0, dots = 0, rows = 0, bp4Keep = 0, bp4One = 0, bp4InputMajor = 0;
            var clock = new Stopwatch();
            for (int s = 0; s < steps; s++)
            {
                for (int i = 0; i < m; i++) images.AsSpan(order[(s * m + i) % n] * d, d).CopyTo(x.AsSpan(i * d, d));
                clock.Restart();
                Gemm.Multiply(false, true, m, h, d, 1f, x, d, w, d, 0f, z, h, 1);
                dots += clock.Elapsed.TotalMicroseconds;
                clock.Restart();
                for (int i = 0; i < m; i++) Gemm.Multiply(false, false, 1, h, d, 1f, x.AsSpan(i * d, d), d, wt, stride, 0f, z.AsSpan(i * h, h), h, 1);
                rows += clock.Elapsed.TotalMicroseconds;
                clock.Restart();
                OuterProducts.Enabled = false;
                Gemm.Multiply(true, false, h, d, m, eta, delta, h, x, d, keep, w, d, 1);
                bp4Keep += clock.Elapsed.TotalMicroseconds;
                OuterProducts.Enabled = true;
                clock.Restart();
                Gemm.Multiply(true, false, h, d, m, eta, delta, h, x, d, keep, w, d, 1);
                outer += clock.Elapsed.TotalMicroseconds;
                clock.Restart();
                Gemm.Multiply(true, false, 30, d, m, eta, delta, h, x, d, 1f, w, d, 1);
                outer30 += clock.Elapsed.TotalMicroseconds;
                OuterProducts.Enabled = false;
                clock.Restart();
                Gemm.Multiply(true, false, 30, d, m, eta, delta, h, x, d, 1f, w, d, 1);
                packed30 += clock.Elapsed.TotalMicroseconds;
                OuterProducts.Enabled = true;
                clock.Restart();
                Gemm.Multiply(true, false, h, d, m, eta, delta, h, x, d, 1f, w, d, 1);
                bp4One += clock.Elapsed.TotalMicroseconds;
                clock.Restart();
                Gemm.Multiply(true, false, d, h, m, eta, x, d, delta, h, keep, wt, stride, 1);
                bp4InputMajor += clock.Elapsed.TotalMicroseconds;
            }
            Console.WriteLine($"µs a step: forward as dot products {dots / steps:F2}, as ten one-row products over input-major Wᵀ {rows / steps:F2}; " +
                $"BP4 β = κ packed {bp4Keep / steps:F2}, as outer products {outer / steps:F2}, β = 1 {bp4One / steps:F2}, into input-major Wᵀ {bp4InputMajor / steps:F2}; " +
                $"nielsen1's BP4 (30 rows, β = 1) packed {packed30 / steps:F2}, as outer products {outer30 / steps:F2}");
        }
        // BP4 of 100 × 784 × k for mini-batches of k = 8…48 images: packed against outer products (MaxK raised for the sweep).
        OuterProducts.MaxK = 64;
        foreach (int kk in new[] { 8, 10, 16, 24, 32, 48 })
        {
            var dk = new float[kk * h];
            for (int i = 0; i < dk.Length; i++) dk[i] = (float)(rng.NextDouble() - 0.5);
            var xk = new float[kk * d];
            var times = new List<double>[] { new(), new() };
            for (int rep = 0; rep < 4; rep++)
                foreach (bool on in new[] { false, true })
                {
                    OuterProducts.Enabled = on;
                    var clock = Stopwatch.StartNew();
                    for (int s = 0; s < 2000; s++)
                    {
                        images.AsSpan(order[s % n] * d, d).CopyTo(xk.AsSpan((s % kk) * d, d));
                        Gemm.Multiply(true, false, h, d, kk, eta, dk, h, xk, d, keep, w, d, 1);
                    }
                    times[on ? 1 : 0].Add(clock.Elapsed.TotalMicroseconds / 2000);
                }
            OuterProducts.Enabled = true;
            Console.WriteLine($"BP4 100 × 784 × {kk}: packed {string.Join("/", times[0].Skip(1).Select(t => t.ToString("F2")))} µs, outer products {string.Join("/", times[1].Skip(1).Select(t => t.ToString("F2")))} µs");
        }
        OuterProducts.MaxK = 16;
        long zeroPixels = 0, pixels = 0;
        for (int s = 0; s < 2000; s++)
        {
            var batch = Enumerable.Range(0, m).Select(_ => rng.Next(n)).ToArray();
            for (int k = 0; k < d; k++, pixels++)
                if (batch.All(e => images[e * d + k] == 0)) zeroPixels++;
        }
        Console.WriteLine($"pixels 0 in all {m} images of a step: {zeroPixels / (double)pixels:P1}");
    }
}
