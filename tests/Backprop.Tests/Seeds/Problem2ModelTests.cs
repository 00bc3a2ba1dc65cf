using Backprop.Training.Optimizers;
using Backprop.Training;

namespace Backprop.Tests.Seeds;

/// <summary>examples/mit-6036-hw7-problem2.json against seed 000, problem 2.3–2.6 (one softmax layer, NLL, x = (1, 1), y = (0, 1, 0)).</summary>
public class Problem2ModelTests
{
    // seed 000, problem 2.1 prints softmax(−1, 0, 1) = [0.09003057317038046, 0.24472847105479767, 0.66524…].
    private const double SmMinus1 = 0.09003057317038046, Sm0 = 0.24472847105479767;
    private const double Sm1 = 1 - SmMinus1 - Sm0; // the third entry, from Σ_j a_j = 1 (the seed truncates it)

    private static readonly double[] X = [1, 1];
    private static readonly double[] Y = [0, 1, 0];

    [Fact]
    public void Output_at_1_1_is_softmax_of_0_1_minus_1()
    {
        // By hand: z = W x with W rows (1, −1), (−1, 2), (−2, 1) gives z = (0, 1, −1), a permutation of problem 2.1's z.
        var net = ExampleFiles.Problem2();
        var a = net.FeedForward(X, 1).ToArray();
        Assert.Equal([0.0, 1.0, -1.0], net.WeightedInput(1, 1).ToArray());
        Assert.Equal(Sm0, a[0], 1e-15);
        Assert.Equal(Sm1, a[1], 1e-15);
        Assert.Equal(SmMinus1, a[2], 1e-15);
    }

    [Fact]
    public void Weight_gradient_is_the_seeds_x_times_a_minus_y_transposed()
    {
        // seed 000, problem 2.3: ∂NLL/∂w_kj = x_k (a_j − y_j), inputs × classes. With x = (1, 1) both rows are a − y =
        // (0.2447…, 0.6652… − 1, 0.0900…). BP4 gives ∂C/∂W^1 = δ xᵀ, classes × inputs: the same numbers transposed.
        var net = ExampleFiles.Problem2();
        var g = new Gradients<double>(net);
        net.Backpropagate(X, Y, 1, g);
        double[] aMinusY = [Sm0, Sm1 - 1, SmMinus1];
        var dW = g.WeightGradient(1)!;
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 2; k++)
                Assert.Equal(X[k] * aMinusY[j], dW[j * 2 + k], 1e-15);
        Assert.Equal(aMinusY, g.BiasGradient(1)!, new ToleranceComparer(1e-15));
    }

    [Fact]
    public void One_step_with_eta_one_half_gives_the_seeds_weights_to_two_decimals()
    {
        // seed 000, problem 2.5 prints [[0.88, -0.83, -2.05], [-1.12, 2.17, 0.95]] (inputs × classes).
        var net = ExampleFiles.Problem2();
        Step(net);
        double[,] seed = { { 0.88, -0.83, -2.05 }, { -1.12, 2.17, 0.95 } };
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(seed[k, j], Math.Round(net.Layer(1).Weight(j, k), 2), 1e-12);
    }

    [Fact]
    public void Class_1_probability_after_the_step_is_the_seeds_0_77245284()
    {
        // seed 000, problem 2.6 prints 0.77245284 (eight decimals).
        var net = ExampleFiles.Problem2();
        Step(net);
        Assert.Equal(0.77245284, net.FeedForward(X, 1)[1], 5e-9);
    }

    private static void Step(Network<double> net)
    {
        var g = new Gradients<double>(net);
        net.Backpropagate(X, Y, 1, g);
        // The seed's model has no biases ("assume the biases are zero") and its update moves w^L only; with b moved
        // too (b ← b − η(a − y)) the class-1 probability would be 0.8158 instead. So ∂C/∂b is zeroed before the step.
        Array.Clear(g.BiasGradient(1)!);
        new StochasticGradientDescent<double>().Step(net, g, 0.5);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
