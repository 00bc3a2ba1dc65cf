using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Training;
using CsCheck;

namespace Backprop.Tests.Layers;

public class LinearCollapseTests
{
    [Fact]
    public void Two_identity_layers_collapse_into_one_with_the_seeds_coefficients()
    {
        // seed 000, problem 3: v′0 = w01 v1 + w02 v2 + v0, v′1 = w11 v1 + w12 v2, v′2 = v1 w21 + v2 w22,
        // where hidden unit i computes w_i1 x1 + w_i2 x2 + w0i and the output v1 h1 + v2 h2 + v0.
        double w11 = 0.5, w12 = -1.5, w01 = 0.25, w21 = 2.0, w22 = 0.75, w02 = -0.5, v1 = 1.25, v2 = -0.4, v0 = 0.1;
        var hidden = Layer<double>.Dense(2, 2, Backprop.Activations.Activation.Identity<double>());
        hidden.Weights![0] = w11; hidden.Weights[1] = w12; hidden.Weights[2] = w21; hidden.Weights[3] = w22;
        hidden.Biases![0] = w01; hidden.Biases[1] = w02;
        var output = Layer<double>.Dense(2, 1, Backprop.Activations.Activation.Identity<double>());
        output.Weights![0] = v1; output.Weights[1] = v2; output.Biases![0] = v0;
        var net = new Network<double>(2, [hidden, output], Backprop.Costs.Cost.Create<double>("quadratic"));
        var collapsed = LinearCollapse.Collapse(net);
        Assert.Equal(1, collapsed.LayerCount);
        Assert.Equal(w01 * v1 + w02 * v2 + v0, collapsed.Layer(1).Biases![0], 15);
        Assert.Equal(w11 * v1 + w21 * v2, collapsed.Layer(1).Weights![0], 15);
        Assert.Equal(w12 * v1 + w22 * v2, collapsed.Layer(1).Weights![1], 15);
    }

    [Fact]
    public void Collapsed_network_gives_the_same_outputs_on_random_networks_and_inputs() =>
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 6], Gen.ULong).Sample((depth, width, seed) =>
        {
            var sizes = Enumerable.Repeat(width, depth + 1).Prepend(3).Append(2).ToArray();
            var net = Network<double>.Create(sizes, "identity", "sigmoid", "quadratic");
            var rng = new Rng(seed);
            WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
            var collapsed = LinearCollapse.Collapse(net);
            Assert.Equal(1, collapsed.LayerCount);
            var x = Enumerable.Range(0, 15).Select(_ => rng.NextGaussian()).ToArray();
            var expected = net.FeedForward(x, 5).ToArray();
            var actual = collapsed.FeedForward(x, 5).ToArray();
            // Equal up to rounding: the collapsed product sums in another order (up to five factors of O(1) values).
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-10);
        });

    [Fact]
    public void Layers_with_a_nonlinearity_between_them_are_kept()
    {
        var net = Network<double>.Create([3, 4, 4, 2], "relu", "identity", "quadratic");
        Assert.Equal(3, LinearCollapse.Collapse(net).LayerCount);
    }
}
