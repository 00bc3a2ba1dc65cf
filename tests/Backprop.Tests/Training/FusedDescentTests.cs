using Backprop.Diagnostics;
using Backprop.Randomness;
using Backprop.Training;
using Backprop.Training.Optimizers;

namespace Backprop.Tests.Training;

/// <summary>The fused SGD step (decay and update inside BP4's GEMM) against the unfused one, and determinism across threads.</summary>
public class FusedDescentTests
{
    [Theory]
    [InlineData("sigmoid", "quadratic", 10, 0.0)]
    [InlineData("sigmoid", "ce", 10, 5.0)]
    [InlineData("relu", "nll", 128, 0.0)]
    [InlineData("tanh", "ce", 7, 2.0)]
    public void The_fused_step_equals_backpropagate_then_decay_then_sgd_to_rounding(string activation, string cost, int m, double l2)
    {
        var fused = Network<double>.Create([50, 20, 12, 10], activation, cost: cost);
        var rng = new Rng(11);
        WeightInitializer.Initialize(fused, WeightInit.Nielsen, rng);
        var plain = fused.Convert<double>();
        var (x, y) = RandomBatch.For(fused, m, rng);
        var gradients = new Gradients<double>(plain);
        double eta = 0.3;
        for (int step = 0; step < 3; step++)
        {
            plain.Backpropagate(x, y, m, gradients);
            Regularization.Apply(plain, eta, l2Lambda: l2, l1Lambda: 0, trainingSetSize: 1000);
            new StochasticGradientDescent<double>().Step(plain, gradients, eta);
            fused.BackpropagateAndDescend(x, y, m, eta, Regularization.WeightKeep(eta, l2, 1000));
        }
        for (int l = 1; l <= 3; l++)
        {
            for (int i = 0; i < plain.Layer(l).Weights!.Length; i++) Assert.Equal(plain.Layer(l).Weights![i], fused.Layer(l).Weights![i], 1e-12);
            for (int j = 0; j < plain.Layer(l).Biases!.Length; j++) Assert.Equal(plain.Layer(l).Biases![j], fused.Layer(l).Biases![j], 1e-12);
        }
    }

    /// <summary>Trains a few hundred mini-batches of random data with the trainer (the fused path) on the given threads.</summary>
    private static Network<float> Train(int[] sizes, string activation, string cost, int m, double l2, int threads, int steps)
    {
        var net = Network<float>.Create(sizes, activation, cost: cost);
        net.Threads = threads;
        var rng = new Rng(21);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var inputs = new float[steps * m * sizes[0]];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextDouble();
        var labels = new int[steps * m];
        for (int i = 0; i < labels.Length; i++) labels[i] = rng.NextInt(sizes[^1]);
        var data = new Backprop.Data.DataSet<float>("random", inputs, sizes[0], labels);
        var options = new TrainingOptions { Epochs = 1, MiniBatchSize = m, LearningRate = 0.1, L2Lambda = l2 };
        new Trainer<float>(net, new StochasticGradientDescent<float>(), options).Train(data, null, rng);
        return net;
    }

    [Theory]
    [InlineData("relu", "nll", 128, 0.0, 200)]      // relu128's products are large enough to be split across threads
    [InlineData("sigmoid", "ce", 10, 5.0, 300)]     // nielsen3's shape, with L2
    [InlineData("relu", "nll", 40, 0.0, 300)]       // the direct path at m > 16, split by 4-row blocks
    public void Same_seed_gives_bit_identical_weights_on_one_and_two_threads(string activation, string cost, int m, double l2, int steps)
    {
        int[] sizes = m == 128 ? [784, 256, 128, 10] : [784, 100, 10];
        var one = Train(sizes, activation, cost, m, l2, threads: 1, steps);
        var two = Train(sizes, activation, cost, m, l2, threads: 2, steps);
        for (int l = 1; l < sizes.Length; l++)
        {
            Assert.Equal(one.Layer(l).Weights, two.Layer(l).Weights);
            Assert.Equal(one.Layer(l).Biases, two.Layer(l).Biases);
        }
    }
}
