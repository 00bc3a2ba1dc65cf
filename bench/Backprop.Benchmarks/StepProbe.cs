// Step probe: where the microseconds of one small-batch training step go (nielsen1 / nielsen3 shapes, one thread).
using System.Diagnostics;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>`-- step`: median µs of a whole fused SGD step, its forward pass, and its two large GEMMs alone.</summary>
public static class StepProbe
{
    /// <summary>Prints one line per configuration.</summary>
    public static void Run()
    {
        foreach (var (name, sizes, act, cost) in new[] { ("nielsen1", new[] { 784, 30, 10 }, "sigmoid", "quadratic"), ("nielsen3", new[] { 784, 100, 10 }, "sigmoid", "ce") })
        {
            const int m = 10;
            var net = Network<float>.Create(sizes, act, cost: cost);
            var rng = new Rng(1);
            WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
            var x = new float[m * 784];
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextInt(256) / 255f;
            var y = new float[m * 10];
            for (int i = 0; i < m; i++) y[i * 10 + i % 10] = 1;
            int n1 = sizes[1];
            var z = new float[m * n1];
            var w = net.Layer(1).Weights!;
            var wcopy = (float[])w.Clone();
            double step = Median(() => net.BackpropagateAndDescend(x, y, m, 1e-6f, 1f));
            double fwd = Median(() => net.FeedForward(x, m));
            double g1 = Median(() => Gemm.Multiply(false, true, m, n1, 784, 1f, x, 784, w, 784, 0f, z, n1, 1));
            double g2 = Median(() => Gemm.Multiply(true, false, n1, 784, m, -1e-6f, z, n1, x, 784, 1f, wcopy, 784, 1));
            var a1 = new float[m * n1]; var w2 = net.Layer(2).Weights!; var z2 = new float[m * 10]; var d1 = new float[m * n1];
            double s1 = Median(() => Gemm.Multiply(false, true, m, 10, n1, 1f, a1, n1, w2, n1, 0f, z2, 10, 1));
            double s2 = Median(() => Gemm.Multiply(false, false, m, n1, 10, 1f, z2, 10, w2, n1, 0f, d1, n1, 1));
            double s3 = Median(() => Gemm.Multiply(true, false, 10, n1, m, -1e-6f, z2, 10, a1, n1, 1f, w2, n1, 1));
            double sg = Median(() => System.Numerics.Tensors.TensorPrimitives.Sigmoid(z, a1));
            var sigmoid = Backprop.Activations.Activation.Create<float>("sigmoid");
            var b1 = new float[n1];
            double sgOurs = Median(() => sigmoid.AddBiasAndActivate(z, b1, a1, n1));
            double bw = Median(() => net.BackpropagateAndDescend(x, y, m, 1e-6f, 1f)) - fwd;
            Console.WriteLine($"{name}: layer-2 GEMMs fwd {s1 * 1e6:F2} BP2 {s2 * 1e6:F2} BP4 {s3 * 1e6:F2} µs; sigmoid over z^1 {sg * 1e6:F2} µs (TensorPrimitives), + b and σ {sgOurs * 1e6:F2} µs (ours); backward {bw * 1e6:F2} µs");
            Console.WriteLine($"{name}: step {step * 1e6:F2} µs, forward {fwd * 1e6:F2} µs, fwd GEMM {g1 * 1e6:F2} µs, BP4 GEMM {g2 * 1e6:F2} µs, rest of step {(step - g1 - g2) * 1e6:F2} µs");
        }
    }

    /// <summary>`-- step128`: relu128 and wide128 steps (m = 128) at 1 and 2 threads, and their layer-1 products alone.</summary>
    public static void RunBatch128()
    {
        foreach (string name in new[] { "relu128", "wide128" })
        {
            const int m = Batch;
            var (net, x, y) = Batch128(name);
            int n1 = net.Layer(1).Units;
            var z = new float[m * n1];
            var w = net.Layer(1).Weights!;
            var wcopy = (float[])w.Clone();
            foreach (int threads in new[] { 1, 2 })
            {
                net.Threads = threads;
                double step = MedianOnce(() => { for (int i = 0; i < 200; i++) net.BackpropagateAndDescend(x, y, m, 1e-6f, 1f); }) / 200;
                double fwd = MedianOnce(() => { for (int i = 0; i < 200; i++) net.FeedForward(x, m); }) / 200;
                double g1 = MedianOnce(() => { for (int i = 0; i < 200; i++) Gemm.Multiply(false, true, m, n1, 784, 1f, x, 784, w, 784, 0f, z, n1, threads); }) / 200;
                double g2 = MedianOnce(() => { for (int i = 0; i < 200; i++) Gemm.Multiply(true, false, n1, 784, m, -1e-6f, z, n1, x, 784, 1f, wcopy, 784, threads); }) / 200;
                double f = 2.0 * m * n1 * 784;
                Console.WriteLine($"{name} {threads} thread(s): step {step * 1e6:F1} µs ({m / step:F0} ex/s), forward {fwd * 1e6:F1} µs, layer-1 fwd GEMM {g1 * 1e6:F1} µs ({f / g1 / 1e9:F1} GFLOP/s), BP4 GEMM {g2 * 1e6:F1} µs ({f / g2 / 1e9:F1} GFLOP/s), rest {(step - g1 - g2) * 1e6:F1} µs");
            }
        }
    }

    /// <summary>`-- step128-loop NAME THREADS`: only training steps of one configuration for ~10 s (for perf).</summary>
    public static void LoopBatch128(string name, int threads)
    {
        var (net, x, y) = Batch128(name);
        net.Threads = threads;
        var sw = Stopwatch.StartNew();
        int steps = 0;
        while (sw.Elapsed.TotalSeconds < 10) { net.BackpropagateAndDescend(x, y, Batch, 1e-6f, 1f); steps++; }
        Console.WriteLine($"{name} {threads}: {sw.Elapsed.TotalSeconds / steps * 1e6:F1} µs per step");
    }

    /// <summary>
    /// `-- infer-loop T [BATCH] [same]`: the Predictor over Fashion-MNIST's test images in batches of BATCH (1,000) for
    /// 10 s (for perf); with `same`, the first batch over and over (its images stay in cache).
    /// </summary>
    public static void LoopInference(int threads, int batch, bool same)
    {
        var net = Network<float>.Create([784, 100, 10], "relu", cost: "nll");
        WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(1));
        var images = Backprop.Data.ImageData.Read<float>("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz", "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz").Inputs;
        var predictor = new Backprop.Inference.Predictor<float>(net) { Threads = threads };
        var sw = Stopwatch.StartNew();
        long examples = 0;
        while (sw.Elapsed.TotalSeconds < 10)
            for (int i = 0; i + batch <= 10_000; i += batch, examples += batch) predictor.Predict(images.AsSpan((same ? 0 : i) * 784, batch * 784), batch);
        Console.WriteLine($"infer{batch}{(same ? " (same batch)" : "")} {threads}: {sw.Elapsed.TotalSeconds / examples * 1e6:F3} µs per example");
    }

    private const int Batch = 128;

    /// <summary>relu128's (784-100-10) or wide128's (784-256-128-10) network, and a batch of 128 inputs with half their pixels 0.</summary>
    private static (Network<float> Net, float[] X, float[] Y) Batch128(string name)
    {
        var net = Network<float>.Create(name == "wide128" ? [784, 256, 128, 10] : [784, 100, 10], "relu", cost: "nll");
        var rng = new Rng(1);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var x = new float[Batch * 784];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextInt(2) == 0 ? 0f : rng.NextInt(256) / 255f;
        var y = new float[Batch * 10];
        for (int i = 0; i < Batch; i++) y[i * 10 + i % 10] = 1;
        return (net, x, y);
    }

    /// <summary>`-- infer`: where the microseconds of one 784-100-10 example go, at 1 and 2 threads.</summary>
    public static void RunInference()
    {
        var net = Network<float>.Create([784, 100, 10], "relu", cost: "nll");
        var rng = new Rng(1);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var x = new float[784];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextInt(256) / 255f;
        var many = new float[10_000 * 784];
        for (int i = 0; i < many.Length; i++) many[i] = rng.NextInt(256) / 255f;
        var w = net.Layer(1).Weights!;
        var z = new float[100];
        var images = Backprop.Data.ImageData.Read<float>("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz", "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz").Inputs;
        foreach (int threads in new[] { 1, 2 })
        {
            net.Threads = threads;
            int next = 0;
            double same = Median(() => net.FeedForward(x, 1));
            double streamed = Median(() => { net.FeedForward(many.AsSpan(next * 784, 784), 1); next = (next + 1) % 10_000; });
            double g1 = Median(() => Gemm.Multiply(false, true, 1, 100, 784, 1f, x, 784, w, 784, 0f, z, 100, threads));
            var z4 = new float[4];
            double tiny = Median(() => Gemm.Multiply(false, true, 1, 4, 784, 1f, x, 784, w.AsSpan(0, 4 * 784), 784, 0f, z4, 4, threads));
            Console.WriteLine($"infer1 {threads} thread(s): 1 × 4 × 784 product (call overhead + 0.05 µs of work) {tiny * 1e6:F3} µs");
            Console.WriteLine($"infer1 {threads} thread(s): same x {same * 1e6:F2} µs, streamed x {streamed * 1e6:F2} µs, layer-1 GEMM {g1 * 1e6:F2} µs");
            var predictor = new Backprop.Inference.Predictor<float>(net) { Threads = threads };
            next = 0;
            double pSame = Median(() => predictor.Predict(x));
            double pImages = Median(() => { predictor.Predict(images.AsSpan(next * 784, 784)); next = (next + 1) % 10_000; });
            next = 0;
            double fImages = Median(() => { net.FeedForward(images.AsSpan(next * 784, 784), 1); next = (next + 1) % 10_000; });
            double pBatch = MedianOnce(() => { for (int i = 0; i < 10; i++) predictor.Predict(images.AsSpan(i * 784_000, 784_000), 1000); }) / 10_000;
            double fBatch = MedianOnce(() => { for (int i = 0; i < 10; i++) net.FeedForward(images.AsSpan(i * 784_000, 784_000), 1000); }) / 10_000;
            // The layer-1 product alone as the predictor makes it: (W^1)ᵀ with rows of 112 floats on 64-byte lines.
            var (wtArray, wtOffset) = TransposedOnLines(w, 100, 784, 112);
            next = 0;
            double pLayer1 = Median(() => { Gemm.Multiply(false, false, 1, 100, 784, 1f, images.AsSpan(next * 784, 784), 784, wtArray.AsSpan(wtOffset, 784 * 112), 112, 0f, z, 100, threads); next = (next + 1) % 10_000; });
            // And with the last 4 columns also kept apart, 784 rows of 4, as the predictor now reads them (6 lines a row, not 7).
            var tail = new float[784 * 4];
            TailColumns.Copy<float>(wtArray.AsSpan(wtOffset, 784 * 112), 112, 100, 784, tail);
            next = 0;
            double pLayer1Tail = Median(() => { Gemm.Multiply(false, false, 1, 100, 784, 1f, images.AsSpan(next * 784, 784), 784, wtArray.AsSpan(wtOffset, 784 * 112), 112, 0f, z, 100, threads, tail); next = (next + 1) % 10_000; });
            var w2 = net.Layer(2).Weights!;
            var (w2t, w2Offset) = TransposedOnLines(w2, 10, 100, 16);
            var a1 = new float[100];
            var z2 = new float[10];
            var a2 = new float[10];
            for (int i = 0; i < 100; i++) a1[i] = i % 9 < 4 ? 0 : i * 0.01f;
            double pLayer2 = Median(() => Gemm.Multiply(false, false, 1, 10, 100, 1f, a1, 100, w2t.AsSpan(w2Offset, 1600), 16, 0f, z2, 10, threads));
            var relu = net.Layer(1).Activation;
            var soft = net.Layer(2).Activation;
            var b1 = net.Layer(1).Biases!;
            var b2 = net.Layer(2).Biases!;
            var zc = new float[100];
            double pRelu = Median(() => relu.AddBiasAndActivate(zc, b1, a1, 100));
            double pSoft = Median(() => soft.AddBiasAndActivate(z2, b2, a2, 10));
            int sink = 0;
            double pClass = Median(() => sink += Backprop.Data.Targets.ClassOf<float>(a2, "softmax"));
            Console.WriteLine($"infer1 {threads} thread(s): layer-2 product {pLayer2 * 1e6:F3} µs, bias + ReLU {pRelu * 1e6:F3} µs, bias + softmax {pSoft * 1e6:F3} µs, class {pClass * 1e6:F3} µs");
            Console.WriteLine($"infer1 {threads} thread(s): layer-1 product alone, (W^1)ᵀ as the predictor keeps it, test images streamed: {pLayer1 * 1e6:F3} µs, with the last 4 columns apart {pLayer1Tail * 1e6:F3} µs");
            Console.WriteLine($"infer1 {threads} thread(s): predictor same (dense) x {pSame * 1e6:F2} µs; Fashion test images streamed: predictor {pImages * 1e6:F2} µs, FeedForward {fImages * 1e6:F2} µs; batches of 1000 per example: predictor {pBatch * 1e6:F3} µs, FeedForward {fBatch * 1e6:F3} µs");
        }
    }

    /// <summary>Wᵀ (rows × cols stored row-major) with rows of <paramref name="stride"/> floats from a 64-byte line, as Predictor keeps it.</summary>
    private static (float[] Array, int Offset) TransposedOnLines(float[] w, int rows, int cols, int stride)
    {
        var (array, offset) = Backprop.Numerics.GemmKernels.CacheLines.Pinned<float>(cols * stride);
        for (int j = 0; j < rows; j++) for (int k = 0; k < cols; k++) array[offset + k * stride + j] = w[j * cols + k];
        return (array, offset);
    }

    /// <summary>`-- calls`: the fixed cost of a product call, from products whose arithmetic is a few dozen cycles (under perf, where it goes).</summary>
    public static void RunCalls()
    {
        var a = new float[10 * 100]; var b = new float[10 * 100]; var c = new float[10 * 10];
        for (int i = 0; i < a.Length; i++) { a[i] = i % 7 * 0.1f; b[i] = i % 5 * 0.1f; }
        double fwd = Median(() => Gemm.Multiply(false, true, 1, 4, 16, 1f, a, 16, b, 16, 0f, c, 4, 1));
        double tiny = Median(() => Gemm.Multiply(false, false, 1, 16, 4, 1f, a, 4, b, 16, 0f, c, 16, 1));
        double l2 = Median(() => Gemm.Multiply(false, true, 10, 10, 100, 1f, a, 100, b, 100, 0f, c, 10, 1));
        Console.WriteLine($"call cost: 1 × 4 × 16 direct {fwd * 1e9:F0} ns, 1 × 16 × 4 tiny {tiny * 1e9:F0} ns; layer-2 forward 10 × 10 × 100 {l2 * 1e9:F0} ns");
    }

    /// <summary>`-- gather`: converting ten 784-byte rows to floats, from cache and from random rows of 47 MB.</summary>
    public static void RunGather()
    {
        var (fashion, _) = Backprop.Data.ImageData.Load<float>("/usr/share/datasets/fashion-mnist");
        var bytes = new byte[fashion.Count * 784];
        for (int i = 0; i < fashion.Count; i++)
        {
            var row = new float[784];
            fashion.CopyInput(i, row);
            for (int j = 0; j < 784; j++) bytes[i * 784 + j] = (byte)MathF.Round(row[j] * 255);
        }
        foreach (bool pack in new[] { false, true, false, true })
        {
            var data = Backprop.Data.DataSet<float>.FromBytes("probe", bytes, 784, new int[fashion.Count], pack);
            var x = new float[128 * 784];
            var rng = new Random(2);
            double hot = Median(() => { for (int i = 0; i < 128; i++) data.CopyInput(i, x.AsSpan(i * 784, 784)); }, 200);
            double cold = Median(() => { for (int i = 0; i < 128; i++) data.CopyInput(rng.Next(60_000), x.AsSpan(i * 784, 784)); }, 200);
            var order = new int[60_000 * 2];
            for (int i = 0; i < order.Length; i++) order[i] = rng.Next(60_000);
            var stream = new float[1 << 18];
            int at = 0;
            float sink = 0;
            double stepped = Median(() =>
            {
                for (int i = 0; i < 128; i++) data.Prefetch(order[at + 128 + i]);
                sink += System.Numerics.Tensors.TensorPrimitives.Sum(stream);
                for (int i = 0; i < 128; i++) { if (i + 4 < 128) data.Prefetch(order[at + i + 4]); data.CopyInput(order[at + i], x.AsSpan(i * 784, 784)); }
                at = (at + 128) % 60_000;
            }, 200);
            double streamOnly = Median(() => { sink += System.Numerics.Tensors.TensorPrimitives.Sum(stream); }, 200);
            Console.WriteLine($"packed {pack}: prefetch, stream 1 MB, gather: {stepped * 1e6:F2} µs (stream alone {streamOnly * 1e6:F2})");
            Console.WriteLine($"packed {pack}: gather 128 rows: same rows (cache) {hot * 1e6:F2} µs, random rows {cold * 1e6:F2} µs, held {data.StoredBytes / 1e6:F1} MB");
        }
    }

    private static double MedianOnce(Action call)
    {
        call();
        var samples = new List<double>();
        var sw = new Stopwatch();
        for (int r = 0; r < 7; r++) { sw.Restart(); call(); samples.Add(sw.Elapsed.TotalSeconds); }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static double Median(Action call, int times = 2000)
    {
        for (int i = 0; i < times; i++) call();
        var samples = new List<double>();
        var sw = new Stopwatch();
        for (int r = 0; r < 31; r++)
        {
            sw.Restart();
            for (int i = 0; i < times; i++) call();
            samples.Add(sw.Elapsed.TotalSeconds / times);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }
}
