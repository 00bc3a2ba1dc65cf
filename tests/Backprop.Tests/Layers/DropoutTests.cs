using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Tests.Layers;

public class DropoutTests
{
    private const ulong Seed = 20240611;
    private const int M = 3;

    private static (Network<double> Net, double[] X, double[] Y) Case()
    {
        var net = Network<double>.Create([4, 5, 6, 3], "tanh", output: "softmax", cost: "nll");
        var rng = new Rng(Seed);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var x = new double[M * 4];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextGaussian();
        var y = new double[M * 3];
        for (int i = 0; i < M; i++) y[i * 3 + i % 3] = 1;
        return (net, x, y);
    }

    [Fact]
    public void Dropout_with_p_zero_gives_the_same_gradients_as_no_dropout()
    {
        var (net, x, y) = Case();
        var plain = new Gradients<double>(net);
        net.Backpropagate(x, y, M, plain);
        var dropout = new Dropout<double>(net, 0, M);
        dropout.Draw(new Rng(Seed), M);
        var masked = new Gradients<double>(net);
        net.Backpropagate(x, y, M, masked, dropout);
        for (int l = 1; l <= net.LayerCount; l++)
        {
            Assert.Equal(plain.WeightGradient(l), masked.WeightGradient(l));
            Assert.Equal(plain.BiasGradient(l), masked.BiasGradient(l));
        }
    }

    [Fact]
    public void Gradients_with_a_fixed_mask_match_central_differences_of_the_masked_cost()
    {
        var (net, x, y) = Case();
        var dropout = new Dropout<double>(net, 0.5, M);
        dropout.Draw(new Rng(Seed + 1), M);
        var gradients = new Gradients<double>(net);
        net.Backpropagate(x, y, M, gradients, dropout);
        const double h = 1e-5;
        for (int l = 1; l <= net.LayerCount; l++)
        {
            foreach (var (theta, g) in new[] { (net.Layer(l).Weights!, gradients.WeightGradient(l)!), (net.Layer(l).Biases!, gradients.BiasGradient(l)!) })
                for (int i = 0; i < theta.Length; i++)
                {
                    double keep = theta[i];
                    theta[i] = keep + h; double plus = net.CostOf(x, y, M, dropout);
                    theta[i] = keep - h; double minus = net.CostOf(x, y, M, dropout);
                    theta[i] = keep;
                    double numerical = (plus - minus) / (2 * h);   // central difference, error O(h²) ≈ 1e-10
                    Assert.True(Math.Abs(numerical - g[i]) <= 1e-8, $"layer {l} parameter {i}: backprop {g[i]:R}, numerical {numerical:R}");
                }
        }
    }

    [Fact]
    public void Inference_output_is_unchanged_after_training_with_dropout()
    {
        var (net, x, y) = Case();
        var before = net.FeedForward(x, M).ToArray();
        var dropout = new Dropout<double>(net, 0.5, M);
        dropout.Draw(new Rng(Seed), M);
        net.Backpropagate(x, y, M, new Gradients<double>(net), dropout);
        Assert.Equal(before, net.FeedForward(x, M).ToArray());
    }

    [Fact]
    public void Masks_drop_a_fraction_p_and_scale_kept_units_by_one_over_one_minus_p()
    {
        var net = Network<double>.Create([2, 1000, 1], "sigmoid");
        var dropout = new Dropout<double>(net, 0.25, 20);
        dropout.Draw(new Rng(Seed), 20);
        var mask = dropout.Mask(1, 20).ToArray();
        Assert.All(mask, r => Assert.True(r == 0 || r == 1 / 0.75));
        double dropped = mask.Count(r => r == 0) / (double)mask.Length;
        double sigma = Math.Sqrt(0.25 * 0.75 / mask.Length);   // binomial standard deviation of the fraction
        Assert.InRange(dropped, 0.25 - 4 * sigma, 0.25 + 4 * sigma);
    }
}
