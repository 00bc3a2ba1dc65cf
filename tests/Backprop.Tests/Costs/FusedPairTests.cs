using Backprop.Activations;
using Backprop.Costs;
using Backprop.Costs.Fused;

namespace Backprop.Tests.Costs;

public class FusedPairTests
{
    [Fact]
    public void Softmax_nll_output_delta_is_a_minus_y_and_equals_the_unfused_chain_rule()
    {
        double[] z = [0.2, -1.0, 1.5], y = [0, 1, 0];
        var a = new double[3];
        var softmax = Activation.Softmax<double>();
        softmax.Activate(z, a, 3);
        var fused = new double[3];
        new SoftmaxNegativeLogLikelihood<double>().OutputDelta(a, y, fused, 3);
        var g = new double[3];
        Cost.Create<double>("nll").OutputGradient(a, y, g, 3);
        var unfused = new double[3];
        softmax.BackpropagateDelta(z, a, g, unfused, 3);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(a[j] - y[j], fused[j], 15);
            Assert.Equal(unfused[j], fused[j], 14);
        }
    }

    [Fact]
    public void Sigmoid_cross_entropy_output_delta_is_a_minus_y_and_equals_the_unfused_chain_rule()
    {
        double[] z = [0.4, -2.0], y = [1, 0];
        var a = new double[2];
        var sigmoid = Activation.Sigmoid<double>();
        sigmoid.Activate(z, a, 2);
        var fused = new double[2];
        new SigmoidCrossEntropy<double>().OutputDelta(a, y, fused, 2);
        var g = new double[2];
        Cost.Create<double>("ce").OutputGradient(a, y, g, 2);
        var unfused = new double[2];
        sigmoid.BackpropagateDelta(z, a, g, unfused, 2);
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(a[j] - y[j], fused[j], 15);
            Assert.Equal(unfused[j], fused[j], 14);
        }
    }

    [Fact]
    public void Softmax_nll_cost_is_finite_at_logits_of_1000()
    {
        // lse(1000, −1000) − (−1000) = 2000 exactly; the naive log(softmax) gives log 0 = −∞.
        Assert.Equal(2000.0, new SoftmaxNegativeLogLikelihood<double>().Value([1000, -1000], [0, 1], 2), 9);
        Assert.Equal(0.0, new SoftmaxNegativeLogLikelihood<double>().Value([1000, -1000], [1, 0], 2), 9);
    }

    [Fact]
    public void Cross_entropy_is_finite_at_logit_1000()
    {
        // −ln σ(−1000) = 1000 + ln(1 + e^(−1000)) = 1000.
        Assert.Equal(1000.0, new SigmoidCrossEntropy<double>().Value([-1000], [1], 1), 9);
        Assert.Equal(1000.0, new SigmoidCrossEntropy<float>().Value([1000f], [0f], 1), 3);
    }

    [Fact]
    public void Fused_gradients_at_logits_of_1000_are_finite()
    {
        var net = Network<double>.Create([2, 2], "identity", "softmax", "nll");
        net.Layer(1).Weights![0] = 1000; net.Layer(1).Weights![3] = -1000;
        var gradients = new Gradients<double>(net);
        net.Backpropagate([1, 1], [0, 1], 1, gradients);
        Assert.All(gradients.WeightGradient(1)!, g => Assert.True(double.IsFinite(g)));
        Assert.Equal([1.0, 1.0, -1.0, -1.0], gradients.WeightGradient(1)!); // δ = a − y = (1, −1), times x = (1, 1)
    }

    [Fact]
    public void Network_picks_the_fused_pair_for_softmax_with_nll_and_sigmoid_with_ce_only()
    {
        Assert.IsType<SoftmaxNegativeLogLikelihood<double>>(Network<double>.Create([3, 2], "relu", "softmax", "nll").FusedOutput);
        Assert.IsType<SigmoidCrossEntropy<double>>(Network<double>.Create([3, 2], "relu", "sigmoid", "ce").FusedOutput);
        Assert.Null(Network<double>.Create([3, 2], "relu", "sigmoid", "quadratic").FusedOutput);
        Assert.Null(Network<double>.Create([3, 2], "relu", "softmax", "quadratic").FusedOutput);
    }
}
