using Backprop.Activations;
using Backprop.Costs;
using Backprop.Layers;

namespace Backprop.Seeds;

/// <summary>
/// The networks of the course documents built in code, in double precision: the same networks as the hand-written files
/// <c>examples/mit-6036-hw7-problem2.json</c> and <c>examples/mit-6036-hw7-problem4.json</c>.
/// </summary>
public static class SeedNetworks
{
    /// <summary>
    /// 000 problem 4: z = W x + b with W rows (1, 0), (0, 1), (−1, 0), (0, −1) and b = −1 (ReLU); u = V f(z) + V_0 with
    /// V rows (1, 1, 1, 1), (−1, −1, −1, −1) and V_0 = (0, 2) (ReLU); o = softmax(f(u)) as a layer without weights; NLL.
    /// </summary>
    public static Network<double> Problem4()
    {
        var hidden = Layer<double>.Dense(2, 4, Activation.Relu<double>());
        double[] w = [1, 0, 0, 1, -1, 0, 0, -1];
        w.CopyTo(hidden.Weights!, 0);
        Array.Fill(hidden.Biases!, -1.0);
        var second = Layer<double>.Dense(4, 2, Activation.Relu<double>());
        double[] v = [1, 1, 1, 1, -1, -1, -1, -1];
        v.CopyTo(second.Weights!, 0);
        second.Biases![1] = 2;
        return new Network<double>(2, [hidden, second, Layer<double>.ActivationOnly(2, Activation.Softmax<double>())], new NegativeLogLikelihoodCost<double>());
    }

    /// <summary>
    /// 000 problem 2.3: one softmax layer with the seed's w_L = [[1, −1, −2], [−1, 2, 1]] (inputs × classes) stored as
    /// W^1 = w_Lᵀ (classes × inputs), biases zero, NLL.
    /// </summary>
    public static Network<double> Problem2()
    {
        var layer = Layer<double>.Dense(2, 3, Activation.Softmax<double>());
        double[] w = [1, -1, -1, 2, -2, 1];
        w.CopyTo(layer.Weights!, 0);
        return new Network<double>(2, [layer], new NegativeLogLikelihoodCost<double>());
    }
}
