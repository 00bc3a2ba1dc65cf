using Backprop.Training;

namespace Backprop.Tests.Training;

public class RegularizationTests
{
    private static Network<double> Net(double w1, double w2, double b)
    {
        var net = Network<double>.Create([2, 1], "identity", cost: "quadratic");
        net.Layer(1).Weights![0] = w1; net.Layer(1).Weights![1] = w2; net.Layer(1).Biases![0] = b;
        return net;
    }

    [Fact]
    public void L2_decays_weights_by_one_minus_eta_lambda_over_n_and_leaves_biases()
    {
        var net = Net(0.5, -0.3, 0.1);
        Regularization.Apply(net, 0.5, l2Lambda: 5.0, l1Lambda: 0, trainingSetSize: 100);
        double keep = 1 - 0.5 * 5.0 / 100;   // Nielsen eq. 93
        Assert.Equal(0.5 * keep, net.Layer(1).Weights![0], 15);
        Assert.Equal(-0.3 * keep, net.Layer(1).Weights![1], 15);
        Assert.Equal(0.1, net.Layer(1).Biases![0]);
    }

    [Fact]
    public void L1_shrinks_each_weight_towards_zero_by_eta_lambda_over_n()
    {
        var net = Net(0.5, -0.3, 0.1);
        Regularization.Apply(net, 0.5, l2Lambda: 0, l1Lambda: 2.0, trainingSetSize: 100);
        double shrink = 0.5 * 2.0 / 100;     // Nielsen eq. 98: w − (ηλ/n) sgn(w)
        Assert.Equal(0.5 - shrink, net.Layer(1).Weights![0], 15);
        Assert.Equal(-0.3 + shrink, net.Layer(1).Weights![1], 15);
        Assert.Equal(0.1, net.Layer(1).Biases![0]);
    }

    [Fact]
    public void L1_leaves_a_zero_weight_at_zero()
    {
        var net = Net(0, 1, 0);
        Regularization.Apply(net, 0.5, l2Lambda: 0, l1Lambda: 2.0, trainingSetSize: 100);
        Assert.Equal(0.0, net.Layer(1).Weights![0]);
    }
}
