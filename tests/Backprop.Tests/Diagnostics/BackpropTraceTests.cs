using Backprop.Activations;
using Backprop.Costs;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Tests.Seeds;
using Backprop.Training;

namespace Backprop.Tests.Diagnostics;

/// <summary>
/// The trace of the problem-4 network of seed 000 at x = (3, 14) with target class 1 (index 0), derived by hand:
/// z^1 = (2, 13, −4, −15), a^1 = (2, 13, 0, 0); z^2 = (15, −13), a^2 = (15, 0); z^3 = a^2 (softmax alone), a^3 = (1 − ε, ε)
/// with ε = e^−15/(1 + e^−15); δ^3 = a^3 − y = (−ε, ε) (BP1 fused); δ^2 = δ^3 ⊙ relu′(z^2) = (−ε, 0) (BP2 through a layer
/// without weights); δ^1 = (Vᵀδ^2) ⊙ relu′(z^1) = (−ε, −ε, 0, 0) (BP2).
/// </summary>
public class BackpropTraceTests
{
    private static readonly double Eps = Math.Exp(-15) / (1 + Math.Exp(-15));
    // a_1^3 − y_1 = (1 − ε) − 1 cancels: 1 − ε is rounded to 1e-16, so δ keeps about nine of ε's digits.
    private const double Tol = 1e-15;

    private static BackpropTrace Problem4At3And14() =>
        BackpropTrace.Run(ExampleFiles.Problem4(), [3.0, 14.0], Targets.ForClass<double>(0, 2, "nll"));

    [Fact]
    public void Forward_values_are_labelled_by_layer_in_the_seeds_numbering()
    {
        var t = Problem4At3And14();
        Assert.Equal([2.0, 13, -4, -15], t.Layer(1).WeightedInput);
        Assert.Equal([2.0, 13, 0, 0], t.Layer(1).Activation);
        Assert.Equal([15.0, -13], t.Layer(2).WeightedInput);
        Assert.Equal([15.0, 0], t.Layer(3).WeightedInput);
    }

    [Fact]
    public void Output_delta_of_softmax_with_nll_is_a_minus_y_and_says_BP1_fused()
    {
        var t = Problem4At3And14();
        Assert.Equal("BP1 fused (softmax + nll)", t.Layer(3).DeltaEquation);
        Assert.Equal(-Eps, t.Layer(3).Delta[0], Tol);
        Assert.Equal(Eps, t.Layer(3).Delta[1], Tol);
    }

    [Fact]
    public void Output_gradient_is_minus_y_over_a_even_when_the_fused_pair_skips_it()
    {
        // ∂NLL/∂a_j = −y_j/a_j (seed 003, problem 4): −1/(1 − ε) for the target, 0 elsewhere.
        var t = Problem4At3And14();
        Assert.Equal(-1 / (1 - Eps), t.Layer(3).Upstream[0], 1e-15);
        Assert.Equal(0.0, t.Layer(3).Upstream[1]);
    }

    [Fact]
    public void BP2_through_the_weightless_softmax_layer_passes_delta_up_then_multiplies_by_relu_prime()
    {
        var t = Problem4At3And14();
        Assert.Equal("BP2", t.Layer(2).DeltaEquation);
        Assert.Equal(t.Layer(3).Delta, t.Layer(2).Upstream);
        Assert.Equal([1.0, 0.0], t.Layer(2).Derivative!);
        Assert.Equal(-Eps, t.Layer(2).Delta[0], Tol);
        Assert.Equal(0.0, t.Layer(2).Delta[1]);
    }

    [Fact]
    public void Hidden_delta_is_V_transposed_delta_times_relu_prime()
    {
        // Vᵀδ^2 = (1,1,1,1)ᵀ(−ε) + (−1,−1,−1,−1)ᵀ·0 = −ε in every unit; relu′(z^1) = (1, 1, 0, 0).
        var t = Problem4At3And14();
        Assert.All(t.Layer(1).Upstream, g => Assert.Equal(-Eps, g, Tol));
        Assert.Equal([1.0, 1, 0, 0], t.Layer(1).Derivative!);
        Assert.Equal([-Eps, -Eps, 0, 0], t.Layer(1).Delta, new Within(Tol));
    }

    [Fact]
    public void BP3_bias_gradient_equals_delta_and_BP4_weight_gradient_is_a_k_times_delta_j()
    {
        var t = Problem4At3And14();
        Assert.Equal(t.Layer(1).Delta, t.Layer(1).BiasGradient.Select(g => g.Backprop).ToArray());
        double[] x = [3, 14];
        foreach (var g in t.Layer(1).WeightGradient)
            Assert.Equal(x[g.K!.Value] * t.Layer(1).Delta[g.J], g.Backprop, Tol);
        foreach (var g in t.Layer(2).WeightGradient)
            Assert.Equal(t.Layer(1).Activation[g.K!.Value] * t.Layer(2).Delta[g.J], g.Backprop, Tol);
    }

    [Fact]
    public void A_layer_without_weights_has_no_BP3_or_BP4_entries()
    {
        var t = Problem4At3And14();
        Assert.Empty(t.Layer(3).BiasGradient);
        Assert.Empty(t.Layer(3).WeightGradient);
    }

    [Fact]
    public void Every_gradient_of_problem_4_away_from_the_kinks_agrees_with_finite_differences()
    {
        // At x = (0, 2): z^1 = (−1, 1, −1, −3), u = (1, 1): no z is within h of a ReLU kink.
        var t = BackpropTrace.Run(ExampleFiles.Problem4(), [0.0, 2.0], Targets.ForClass<double>(0, 2, "nll"));
        Assert.Equal(10 + 12, t.CheckedCount);
        Assert.True(t.MaxRelativeError < 1e-7, $"max relative error {t.MaxRelativeError}");
    }

    [Fact]
    public void Every_gradient_of_problem_2_agrees_with_finite_differences()
    {
        var t = BackpropTrace.Run(ExampleFiles.Problem2(), [1.0, 1.0], [0.0, 1.0, 0.0]);
        Assert.Equal(9, t.CheckedCount);
        Assert.True(t.MaxRelativeError < 1e-7, $"max relative error {t.MaxRelativeError}");
    }

    [Fact]
    public void Unfused_BP1_multiplies_the_output_gradient_by_sigmoid_prime()
    {
        // One sigmoid unit, w = b = 0, quadratic cost, x = 1, y = 1: z = 0, a = ½, ∂C/∂a = a − y = −½, σ′(0) = ¼, δ = −⅛.
        var net = new Network<double>(1, [Layer<double>.Dense(1, 1, Activation.Sigmoid<double>())], new QuadraticCost<double>());
        var t = BackpropTrace.Run(net, [1.0], [1.0]);
        Assert.Null(t.FusedPair);
        Assert.Equal("BP1", t.Layer(1).DeltaEquation);
        Assert.Equal([-0.5], t.Layer(1).Upstream);
        Assert.Equal([0.25], t.Layer(1).Derivative!);
        Assert.Equal([-0.125], t.Layer(1).Delta);
    }

    [Fact]
    public void Float_network_is_checked_against_finite_differences_of_a_double_copy()
    {
        var net = Network<float>.Create([3, 4, 2], "tanh", cost: "ce");
        WeightInitializer.Initialize(net, WeightInit.Large, new Rng(7));
        var t = BackpropTrace.Run(net, [0.5f, -1f, 2f], [1f, 0f]);
        Assert.Equal(net.ParameterCount, t.CheckedCount);
        Assert.True(t.MaxRelativeError < 1e-2, $"max relative error {t.MaxRelativeError}");
    }

    [Fact]
    public void A_layer_over_the_check_limit_checks_every_bias_and_its_five_largest_weight_gradients()
    {
        var net = Network<double>.Create([20, 15, 3], "sigmoid", cost: "nll");
        WeightInitializer.Initialize(net, WeightInit.Large, new Rng(3));
        var x = Enumerable.Range(0, 20).Select(i => Math.Sin(i)).ToArray();
        var t = BackpropTrace.Run(net, x, [0.0, 0.0, 1.0], maxChecksPerLayer: 20);
        Assert.All(t.Layer(1).BiasGradient, g => Assert.True(g.IsChecked));
        Assert.InRange(t.Layer(1).WeightGradient.Count(g => g.IsChecked), 15, 25);
        Assert.All(t.Layer(1).WeightGradient.OrderByDescending(g => Math.Abs(g.Backprop)).Take(5), g => Assert.True(g.IsChecked));
    }

    private sealed class Within(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
