namespace Backprop.Tests.Seeds;

/// <summary>examples/mit-6036-hw7-problem4.json against seed 000, problem 4 (the ReLU network with a softmax output).</summary>
public class Problem4ModelTests
{
    [Fact]
    public void File_builds_relu_dense_4_then_relu_dense_2_then_softmax_alone_with_nll()
    {
        var net = ExampleFiles.Problem4();
        Assert.Equal("2 → Dense(4) → relu → Dense(2) → relu → softmax · nll (fused)", net.ToString());
    }

    [Fact]
    public void Hidden_outputs_at_3_14_are_2_13_0_0()
    {
        // seed 000, problem 4.1.1. By hand: z = (3 − 1, 14 − 1, −3 − 1, −14 − 1) = (2, 13, −4, −15), f(z) = max(z, 0).
        var net = ExampleFiles.Problem4();
        net.FeedForward([3.0, 14.0], 1);
        Assert.Equal([2.0, 13.0, 0.0, 0.0], net.Activation(1, 1).ToArray());
    }

    [Fact]
    public void Outputs_at_3_14_are_the_seeds_9_99999694e_01_and_3_05902227e_07()
    {
        // seed 000, problem 4.1.2 prints [9.99999694e-01, 3.05902227e-07]: u = (15, −15 + 2), f(u) = (15, 0),
        // o = softmax(15, 0) = (1, e^−15)/(1 + e^−15). The printed values have nine significant digits.
        var net = ExampleFiles.Problem4();
        var o = net.FeedForward([3.0, 14.0], 1).ToArray();
        Assert.Equal(9.99999694e-01, o[0], Tolerance(9.99999694e-01));
        Assert.Equal(3.05902227e-07, o[1], Tolerance(3.05902227e-07));
    }

    [Theory]
    // seed 000, problem 4.2.3 prints [[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 2, 0]]: one list per input vector, i.e. the
    // columns of the 4 × 3 answer matrix. By hand, z = (x1 − 1, x2 − 1, −x1 − 1, −x2 − 1):
    [InlineData(0.5, 0.5, 0, 0, 0, 0)]  // z = (−0.5, −0.5, −1.5, −1.5)
    [InlineData(0.0, 2.0, 0, 1, 0, 0)]  // z = (−1, 1, −1, −3)
    [InlineData(-3.0, 0.5, 0, 0, 2, 0)] // z = (−4, −0.5, 2, −1.5)
    public void Hidden_outputs_at_the_three_inputs_of_4_2_3_are_the_seeds_columns(double x1, double x2, double f1, double f2, double f3, double f4)
    {
        var net = ExampleFiles.Problem4();
        net.FeedForward([x1, x2], 1);
        Assert.Equal([f1, f2, f3, f4], net.Activation(1, 1).ToArray());
    }

    [Fact]
    public void Three_inputs_of_4_2_3_fed_as_one_batch_give_the_same_columns()
    {
        // The seeds' one-column-per-example matrix is our one-row-per-example batch: the three rows below are its columns.
        var net = ExampleFiles.Problem4();
        net.FeedForward([0.5, 0.5, 0.0, 2.0, -3.0, 0.5], 3);
        Assert.Equal([0.0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0], net.Activation(1, 3).ToArray());
    }

    private static double Tolerance(double expected) => 1e-9 * Math.Abs(expected);
}
