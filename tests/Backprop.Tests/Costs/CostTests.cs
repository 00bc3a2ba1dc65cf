using Backprop.Costs;

namespace Backprop.Tests.Costs;

public class CostTests
{
    [Fact]
    public void Nll_of_seed_distribution_with_class_2_is_minus_log_point_2()
    {
        // seed 000, problem 2.2: NLL([.3, .5, .2], [0, 0, 1]) = −log 0.2.
        Assert.Equal(-Math.Log(0.2), Cost.Create<double>("nll").Value([0.3, 0.5, 0.2], [0, 0, 1], 3), 15);
    }

    [Fact]
    public void Quadratic_cost_is_half_the_squared_distance_averaged_over_examples()
    {
        // ½‖(1, 2) − (0, 0)‖² = 2.5 and ½‖(0, 1) − (0, 0)‖² = 0.5: mean 1.5.
        Assert.Equal(1.5, Cost.Create<double>("quadratic").Value([1, 2, 0, 1], [0, 0, 0, 0], 2), 15);
    }

    [Fact]
    public void Quadratic_output_gradient_is_a_minus_y_over_m()
    {
        var g = new double[4];
        Cost.Create<double>("quadratic").OutputGradient([1, 2, 0, 1], [0, 1, 1, 1], g, 2);
        Assert.Equal([0.5, 0.5, -0.5, 0.0], g);
    }

    [Theory]
    [InlineData(0.5, 1.0, 0.0)]   // y a = 0.5 ≤ 1: loss 1 − 0.5
    [InlineData(2.0, 1.0, 0.0)]   // y a = 2 > 1: loss 0
    [InlineData(-0.5, -1.0, 0.0)] // y a = 0.5
    public void Hinge_loss_is_the_seeds_L_h_of_y_a(double a, double y, double _)
    {
        // seed 000, problem 1.1: L_h(ya) = 0 if ya > 1, else 1 − ya.
        double expected = y * a > 1 ? 0 : 1 - y * a;
        Assert.Equal(expected, Cost.Create<double>("hinge").Value([a], [y], 1), 15);
    }

    [Fact]
    public void Hinge_gradient_at_the_kink_is_minus_y()
    {
        var g = new double[1];
        Cost.Create<double>("hinge").OutputGradient([1.0], [1.0], g, 1);
        Assert.Equal(-1.0, g[0]);
    }

    [Fact]
    public void Cross_entropy_is_the_log_loss_of_the_seed()
    {
        // seed 000, problem 1.2: −[y log a + (1 − y) log(1 − a)], summed over units: −log 0.8 − log(1 − 0.3).
        Assert.Equal(-Math.Log(0.8) - Math.Log(0.7), Cost.Create<double>("ce").Value([0.8, 0.3], [1, 0], 2), 15);
    }

    [Fact]
    public void Nll_output_gradient_is_minus_y_over_a()
    {
        var g = new double[3];
        Cost.Create<double>("nll").OutputGradient([0.3, 0.5, 0.2], [0, 0, 1], g, 3);
        Assert.Equal([0.0, 0.0, -5.0], g);
    }

    [Fact]
    public void Mismatched_output_and_target_lengths_throw()
    {
        var e = Assert.Throws<ShapeMismatchException>(() => Cost.Create<double>("quadratic").Value([1, 2, 3], [1, 2], 1));
        Assert.Contains("target", e.Message);
    }

    [Fact]
    public void Unknown_cost_name_throws_naming_it()
    {
        var e = Assert.Throws<UnknownNameException>(() => Cost.Create<double>("kl"));
        Assert.Contains("'kl'", e.Message);
    }
}
