// Predictor: the network's forward pass (z^l = W^l a^(l−1) + b^l, a^l = f^l(z^l)) from a transposed snapshot of
// its weights, reading only the weights out of nonzero inputs.
using Backprop.Inference;
using Backprop.Randomness;
using Backprop.Tests.Seeds;
using Backprop.Tests.Serialization;
using Backprop.Training;

namespace Backprop.Tests.Inference;

[Collection(AllocationCounting.Name)]
public class PredictorTests
{
    [Fact]
    public void Outputs_at_3_14_are_the_seeds_9_99999694e_01_and_3_05902227e_07()
    {
        // seed 000, problem 4.1.2 (as Problem4ModelTests, through the predictor): o = softmax(15, 0) = (1, e^−15)/(1 + e^−15).
        var predictor = new Predictor<double>(ExampleFiles.Problem4());
        var o = predictor.Predict([3.0, 14.0]).ToArray();
        Assert.Equal(9.99999694e-01, o[0], 1e-9 * 9.99999694e-01);
        Assert.Equal(3.05902227e-07, o[1], 1e-9 * 3.05902227e-07);
    }

    [Fact]
    public void Classify_at_3_14_is_class_0_of_the_seeds_problem_4()
    {
        Assert.Equal(0, new Predictor<double>(ExampleFiles.Problem4()).Classify([3.0, 14.0]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Predicts_what_FeedForward_computes_on_sparse_inputs(int m)
    {
        var net = Mnist(out var x, m);
        var expected = net.FeedForward(x, m).ToArray();
        var actual = new Predictor<float>(net).Predict(x, m).ToArray();
        // The sums are taken in another order (row by row of Wᵀ instead of dot products): equal to float rounding.
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"a^L[{i}] = {actual[i]}, FeedForward {expected[i]}");
    }

    [Fact]
    public void Predicts_what_FeedForward_computes_in_double_with_an_activation_standing_alone()
    {
        var net = TestNetworks.Mixed<double>(seed: 3);   // 5 → Dense(7) relu → Dense(3) identity → softmax alone
        var rng = new Rng(4);
        var x = Enumerable.Range(0, net.InputSize * 3).Select(_ => rng.NextDouble() < 0.5 ? 0.0 : rng.NextDouble()).ToArray();
        var expected = net.FeedForward(x, 3).ToArray();
        var actual = new Predictor<double>(net).Predict(x, 3).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

    [Fact]
    public void Is_a_snapshot_that_later_changes_to_the_network_do_not_reach()
    {
        var net = Mnist(out var x, 1);
        var predictor = new Predictor<float>(net);
        var before = predictor.Predict(x).ToArray();
        net.Layer(1).Weights!.AsSpan().Clear();
        net.Layer(1).Biases!.AsSpan().Fill(1f);
        Assert.Equal(before, predictor.Predict(x).ToArray());
        Assert.NotEqual(before, new Predictor<float>(net).Predict(x).ToArray());
    }

    [Fact]
    public void Gives_bit_identical_outputs_on_one_and_two_threads()
    {
        var net = Mnist(out var x, 1);
        var one = new Predictor<float>(net) { Threads = 1 }.Predict(x).ToArray();
        var two = new Predictor<float>(net) { Threads = 2 }.Predict(x).ToArray();
        Assert.Equal(one, two);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Allocates_nothing_after_the_first_example(int threads)
    {
        var net = Mnist(out var x, 1);
        var predictor = new Predictor<float>(net) { Threads = threads };
        predictor.Classify(x);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) predictor.Classify(x);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Rejects_an_input_of_the_wrong_width_saying_what_layer_1_takes()
    {
        var predictor = new Predictor<float>(Mnist(out _, 1));
        var e = Assert.Throws<ShapeMismatchException>(() => predictor.Predict(new float[783]));
        Assert.Contains("783 values", e.Message);
        Assert.Contains("layer 1 takes 784 inputs", e.Message);
        Assert.Throws<ShapeMismatchException>(() => predictor.Predict(new float[784], 0));
    }

    /// <summary>A 784-100-10 ReLU/softmax network (Nielsen's initialisation) and m inputs with about half their pixels 0.</summary>
    private static Network<float> Mnist(out float[] x, int m)
    {
        var net = Network<float>.Create([784, 100, 10], "relu", cost: "nll");
        WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(1));
        var rng = new Rng(2);
        x = new float[m * 784];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() < 0.5 ? 0f : (float)rng.NextDouble();
        return net;
    }
}
