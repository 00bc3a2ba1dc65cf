// Predictor: the network's forward pass (z^l = W^l a^(l−1) + b^l, a^l = f^l(z^l)) from a transposed snapshot of
// its weights, reading only the weights out of nonzero inputs.
using Backprop.Activations;
using Backprop.Costs;
using Backprop.Data;
using Backprop.Inference;
using Backprop.Layers;
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
    [InlineData(100)]   // a batch: the product skipping zero inputs, units 96…99 as dot products with their rows of W^1
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
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 64)]
    [InlineData(2, 64)]
    public void Allocates_nothing_after_the_first_call_of_Classify(int threads, int m)
    {
        var net = Mnist(out var x, m);
        var predictor = new Predictor<float>(net) { Threads = threads };
        var classes = new int[m];
        Classify();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Classify();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Classify()
        {
            if (m == 1) classes[0] = predictor.Classify(x);   // one example
            else predictor.Classify(x, m, classes);
        }
    }

    [Fact]
    public void Classifies_a_batch_as_the_rule_over_each_row_of_a_L()
    {
        var net = Mnist(out var x, 37);
        var predictor = new Predictor<float>(net);
        var classes = new int[37];
        predictor.Classify(x, 37, classes);
        var a = new Predictor<float>(net).Predict(x, 37).ToArray();
        for (int i = 0; i < 37; i++) Assert.Equal(Targets.ClassOf<float>(a.AsSpan(i * 10, 10), "softmax"), classes[i]);
        Assert.True(classes.Distinct().Count() > 1, "the batch should not all fall in one class");
    }

    [Fact]
    public void Classifies_a_batch_through_a_softmax_standing_alone_as_the_rule_over_a_L()
    {
        var net = TestNetworks.Mixed<double>(seed: 3);   // 5 → Dense(7) relu → Dense(3) identity → softmax alone
        var rng = new Rng(5);
        var x = Enumerable.Range(0, net.InputSize * 20).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var classes = new int[20];
        new Predictor<double>(net).Classify(x, 20, classes);
        var a = net.FeedForward(x, 20).ToArray();
        for (int i = 0; i < 20; i++) Assert.Equal(Targets.ClassOf<double>(a.AsSpan(i * 3, 3), "softmax"), classes[i]);
    }

    [Theory]
    [InlineData(0.2f, 1)]    // σ(0.2) = 0.5498 ≥ 0.5
    [InlineData(-0.2f, 0)]   // σ(−0.2) = 0.4502 < 0.5
    public void Classifies_a_single_sigmoid_output_by_its_one_half_threshold(float x, int expected)
    {
        var net = new Network<float>(1, [Layer<float>.Dense(1, 1, Activation.Sigmoid<float>())], Cost.Create<float>("ce"));
        net.Layer(1).Weights![0] = 1f;   // z = x, b = 0
        var classes = new int[2];
        new Predictor<float>(net).Classify([x, x], 2, classes);
        Assert.Equal([expected, expected], classes);
    }

    [Fact]
    public void Takes_the_larger_z_where_softmax_rounds_two_outputs_equal()
    {
        // z = (0, 1e−9): a = softmax(z) rounds to (0.5, 0.5) in float (e^−1e−9 is 1 to float precision), where the
        // rule over a^L takes the first of equals; from z^L the larger z_j is class 1.
        var net = new Network<float>(2, [Layer<float>.Dense(2, 2, Activation.Identity<float>()), Layer<float>.ActivationOnly(2, Activation.Softmax<float>())], Cost.Create<float>("nll"));
        net.Layer(1).Weights![0] = 1f;
        net.Layer(1).Weights![3] = 1f;   // W = I, b = 0: z = x
        var predictor = new Predictor<float>(net);
        var a = predictor.Predict([0f, 1e-9f]).ToArray();
        Assert.Equal(a[0], a[1]);
        Assert.Equal(0, Targets.ClassOf<float>(a, "softmax"));
        Assert.Equal(1, predictor.Classify([0f, 1e-9f]));
    }

    [Fact]
    public void Classifies_a_row_with_NaN_in_z_L_from_a_L_as_evaluation_does()
    {
        // softmax of a row holding NaN is NaN throughout, and the rule over a^L then keeps class 0.
        var net = new Network<float>(3, [Layer<float>.Dense(3, 3, Activation.Identity<float>()), Layer<float>.ActivationOnly(3, Activation.Softmax<float>())], Cost.Create<float>("nll"));
        for (int j = 0; j < 3; j++) net.Layer(1).Weights![j * 3 + j] = 1f;
        var classes = new int[2];
        new Predictor<float>(net).Classify([0f, float.NaN, 5f, 0f, 1f, 5f], 2, classes);
        Assert.Equal([0, 2], classes);
    }

    [Fact]
    public void Classifies_each_row_of_a_batch_by_its_first_largest_z_j_ties_and_signed_zeros_included()
    {
        // A softmax standing alone, so z^L = x exactly (−0 and −∞ included); softmax keeps the order of the z_j, so the class
        // is the index of the first largest. Twelve rows of 3: those with a whole vector of room after them take the vector
        // path, the last ones the loop.
        var net = new Network<float>(3, [Layer<float>.ActivationOnly(3, Activation.Softmax<float>())], Cost.Create<float>("nll"));
        float inf = float.PositiveInfinity;
        float[][] rows =
        [
            [1f, 3f, 2f],          // 1
            [5f, 5f, 1f],          // 0: the first of two equal largest
            [-0f, 0f, -1f],        // 0: −0 and +0 are equal, the first wins
            [-inf, -inf, -inf],    // 0: all −∞, the first
            [-1f, -inf, -0.5f],    // 2
            [float.NaN, 1f, 2f],   // 0: NaN in z^L, so the rule over a^L = softmax(z^L), NaN throughout, keeps class 0
            [0.5f, 0.25f, 0.75f],  // 2
            [2f, 1f, 2f],          // 0
            [0f, 0f, 7f],          // 2
            [3f, -3f, 0f],         // 0
            [-2f, -1f, -1f],       // 1
            [1f, 1f, 1f],          // 0
        ];
        var classes = new int[rows.Length];
        new Predictor<float>(net).Classify(rows.SelectMany(r => r).ToArray(), rows.Length, classes);
        Assert.Equal([1, 0, 0, 0, 2, 0, 2, 0, 2, 0, 1, 0], classes);
    }

    [Fact]
    public void Rejects_a_classes_span_shorter_than_the_batch()
    {
        var predictor = new Predictor<float>(Mnist(out var x, 3));
        var e = Assert.Throws<ShapeMismatchException>(() => predictor.Classify(x, 3, new int[2]));
        Assert.Contains("room for 2", e.Message);
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
