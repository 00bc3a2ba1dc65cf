using Backprop.Training;

namespace Backprop.Tests.Training.Optimizers;

/// <summary>
/// A 2 → 1 network with fixed parameters θ = (w₁, w₂, b) and two fixed gradients, so that an optimiser's first two
/// steps can be compared with its published update rule written out per parameter.
/// </summary>
internal static class TinyCase
{
    public static readonly double[] Theta0 = [0.5, -0.3, 0.1];
    public static readonly double[] Gradient1 = [0.2, -0.4, 0.3];
    public static readonly double[] Gradient2 = [-0.1, 0.25, 0.05];
    public const double Eta = 0.1;
    public const double Tolerance = 1e-12;

    public static Network<double> Network()
    {
        var net = Network<double>.Create([2, 1], "identity", cost: "quadratic");
        var layer = net.Layer(1);
        layer.Weights![0] = Theta0[0]; layer.Weights[1] = Theta0[1]; layer.Biases![0] = Theta0[2];
        return net;
    }

    public static Gradients<double> Gradients(Network<double> net, double[] g)
    {
        var gradients = new Gradients<double>(net);
        gradients.WeightGradient(1)![0] = g[0]; gradients.WeightGradient(1)![1] = g[1]; gradients.BiasGradient(1)![0] = g[2];
        return gradients;
    }

    public static double[] Theta(Network<double> net) => [net.Layer(1).Weights![0], net.Layer(1).Weights![1], net.Layer(1).Biases![0]];

    /// <summary>Takes two steps with <see cref="Gradient1"/> then <see cref="Gradient2"/>, returning θ after each.</summary>
    public static (double[] After1, double[] After2) TwoSteps(Network<double> net, IOptimizer<double> optimizer)
    {
        optimizer.Step(net, Gradients(net, Gradient1), Eta);
        var after1 = Theta(net);
        optimizer.Step(net, Gradients(net, Gradient2), Eta);
        return (after1, Theta(net));
    }

    public static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"parameter {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
