// `-- zeros`: how many zeros training's products meet: the share of zero elements of each hidden layer's δ^l and a^l
// while relu128 and wide128 train on Fashion-MNIST (the operands that Gemm/SparseRows can skip).
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Benchmarks;

/// <summary>Zero shares of δ^l and a^l during training.</summary>
public static class ZerosProbe
{
    /// <summary>Trains each configuration for two epochs (m = 128, η = 0.1) and prints the zero shares every half epoch.</summary>
    public static void Run()
    {
        var data = Backprop.Data.ImageData.Read<float>("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz");
        const int m = 128, k = 784;
        foreach (var sizes in new[] { new[] { 784, 100, 10 }, new[] { 784, 256, 128, 10 } })
        {
            var net = Network<float>.Create(sizes, "relu", cost: "nll");
            var rng = new Rng(1);
            WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
            var x = new float[m * k];
            var y = new float[m * 10];
            int steps = data.Count / m;
            var deltaZeros = new double[sizes.Length];
            var actZeros = new double[sizes.Length];
            int samples = 0;
            for (int step = 0; step < 2 * steps; step++)
            {
                DrawBatch(data, rng, x, y);
                net.BackpropagateAndDescend(x, y, m, 0.1f, 1f);
                if (step % 10 == 0)
                {
                    for (int l = 1; l < sizes.Length - 1; l++)
                    {
                        deltaZeros[l] += Share(net.Delta(l, m));
                        actZeros[l] += Share(net.Activation(l, m));
                    }
                    samples++;
                }
                if ((step + 1) % (steps / 2) == 0)
                {
                    var shares = Enumerable.Range(1, sizes.Length - 2).Select(l => $"layer {l}: δ {deltaZeros[l] / samples:P1} a {actZeros[l] / samples:P1}");
                    Console.WriteLine($"{string.Join("-", sizes)} after {(step + 1) / (double)steps:F1} epochs: {string.Join("; ", shares)}");
                    Array.Clear(deltaZeros); Array.Clear(actZeros); samples = 0;
                }
            }
        }
    }

    /// <summary>Fills x and one-hot y (10 classes) with y.Length / 10 examples drawn at random from <paramref name="data"/>.</summary>
    internal static void DrawBatch(Backprop.Data.DataSet<float> data, Rng rng, float[] x, float[] y)
    {
        int k = data.InputSize;
        Array.Clear(y);
        for (int i = 0; i < y.Length / 10; i++)
        {
            int e = rng.NextInt(data.Count);
            data.CopyInput(e, x.AsSpan(i * k, k));
            y[i * 10 + data.Labels![e]] = 1;
        }
    }

    private static double Share(ReadOnlySpan<float> values)
    {
        int zeros = 0;
        foreach (float v in values) if (v == 0) zeros++;
        return zeros / (double)values.Length;
    }
}
