using Backprop.Diagnostics;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Tests;

/// <summary>BP1–BP4 against finite differences for every sensible activation × cost pair, depths 1 to 4, float and double.</summary>
public class NetworkGradientTests
{
    private const ulong Seed = 20261124;

    public static TheoryData<string, string, string, int> Pairs()
    {
        var data = new TheoryData<string, string, string, int>();
        string[] hidden = ["identity", "sigmoid", "tanh", "relu", "softmax"];
        (string Output, string Cost)[] outputs =
        [
            ("identity", "quadratic"), ("sigmoid", "quadratic"), ("tanh", "quadratic"), ("relu", "quadratic"), ("softmax", "quadratic"),
            ("sigmoid", "ce"), ("softmax", "nll"), ("identity", "hinge"), ("tanh", "hinge"),
        ];
        foreach (var (output, cost) in outputs)
            for (int depth = 1; depth <= 4; depth++)
                data.Add(hidden[(depth + output.Length) % hidden.Length], output, cost, depth);
        foreach (var h in hidden) data.Add(h, "softmax", "nll", 3);
        return data;
    }

    private static Network<T> Random<T>(string hidden, string output, string cost, int depth, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int[] sizes = new[] { 4, 6, 5, 4, 3 }[..(depth + 1)];
        sizes[^1] = 3;
        var net = Network<T>.Create(sizes, hidden, output, cost);
        WeightInitializer.Initialize(net, WeightInit.Large, new Rng(seed));
        return net;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Backprop_matches_finite_differences_in_double(string hidden, string output, string cost, int depth)
    {
        var net = Random<double>(hidden, output, cost, depth, Seed);
        var (x, y) = RandomBatch.For(net, 4, new Rng(Seed + 1));
        var worst = GradientCheck.Run(net, x, y, 4).MaxBy(r => r.MaxError)!;
        Assert.True(worst.MaxError < 1e-7, $"{net}: largest relative error {worst.MaxError:e2} in layer {worst.Layer}: backprop {worst.WorstBackprop:e6}, numerical {worst.WorstNumerical:e6}");
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Backprop_matches_finite_differences_in_float(string hidden, string output, string cost, int depth)
    {
        var net = Random<float>(hidden, output, cost, depth, Seed);
        var (x, y) = RandomBatch.For(net, 4, new Rng(Seed + 1));
        // Float backprop rounds at ~1e-7 of the largest terms; an entry far smaller than its layer's largest can lose digits.
        var result = GradientCheck.Run(net, x, y, 4);
        Assert.All(result, r => Assert.True(r.MaxAbsoluteDifference < 1e-4, $"{net}, layer {r.Layer}: |difference| {r.MaxAbsoluteDifference:e2}"));
    }

    [Fact]
    public void Custom_activation_gradients_match_finite_differences()
    {
        var softplus = new Backprop.Activations.CustomActivation<double>("softplus", z => Math.Log(1 + Math.Exp(z)), z => 1 / (1 + Math.Exp(-z)));
        var net = new Network<double>(3, [Backprop.Layers.Layer<double>.Dense(3, 4, softplus), Backprop.Layers.Layer<double>.Dense(4, 2, Backprop.Activations.Activation.Identity<double>())],
            Backprop.Costs.Cost.Create<double>("quadratic"));
        WeightInitializer.Initialize(net, WeightInit.Large, new Rng(Seed));
        var (x, y) = RandomBatch.For(net, 3, new Rng(Seed + 2));
        Assert.True(GradientCheck.Run(net, x, y, 3).Max(r => r.MaxError) < 1e-7);
    }

    [Fact]
    public void Gradients_are_those_of_the_mean_cost_over_the_batch()
    {
        // 001: C = (1/n) Σ_x c(x). The gradient of a batch of two equals the mean of the two single-example gradients.
        var net = Random<double>("tanh", "sigmoid", "quadratic", 2, Seed);
        var (x, y) = RandomBatch.For(net, 2, new Rng(Seed + 3));
        var both = new Gradients<double>(net);
        net.Backpropagate(x, y, 2, both);
        var first = new Gradients<double>(net);
        net.Backpropagate(x.AsSpan(0, 4), y.AsSpan(0, 3), 1, first);
        var second = new Gradients<double>(net);
        net.Backpropagate(x.AsSpan(4, 4), y.AsSpan(3, 3), 1, second);
        for (int i = 0; i < both.WeightGradient(1)!.Length; i++)
            Assert.Equal((first.WeightGradient(1)![i] + second.WeightGradient(1)![i]) / 2, both.WeightGradient(1)![i], 14);
    }
}
