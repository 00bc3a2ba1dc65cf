using Backprop.Seeds;

namespace Backprop.Tests.Seeds;

public class SeedFormulasTests
{
    [Fact]
    public void Linear_hinge_gradient_is_minus_y_x_inside_the_margin()
    {
        // seed 000, problem 1.1: C = 1 − ya when ya ≤ 1, so ∇_w C = −y x.
        Assert.Equal([-2.0, 1.0, -0.5], SeedFormulas.LinearHingeGradient([2, -1, 0.5], 1, 0.3));
        Assert.Equal([2.0, -1.0, 0.5], SeedFormulas.LinearHingeGradient([2, -1, 0.5], -1, 0.3));
    }

    [Fact]
    public void Linear_hinge_gradient_is_zero_beyond_the_margin() =>
        Assert.Equal([0.0, 0.0], SeedFormulas.LinearHingeGradient([2, -1], 1, 1.5));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.3)]
    [InlineData(-4.0)]
    public void Sigmoid_derivative_from_z_equals_o_times_one_minus_o(double z)
    {
        // seed 000, problem 1.2, questions 1 and 2.
        double o = SeedFormulas.Sigmoid(z);
        Assert.Equal(o * (1 - o), SeedFormulas.SigmoidDerivative(z), 15);
        Assert.Equal(SeedFormulas.SigmoidDerivative(z), SeedFormulas.SigmoidDerivativeFromOutput(o), 15);
    }

    [Fact]
    public void Sigmoid_unit_nll_gradient_is_x_times_a_minus_y()
    {
        // seed 000, problem 1.2, question 7 (and 003 problem 2): ∇_w NLL = x (a − y).
        var g = SeedFormulas.SigmoidNllGradient([2, -4], 1, 0.7);
        Assert.Equal(2 * (0.7 - 1), g[0], 14);
        Assert.Equal(-4 * (0.7 - 1), g[1], 14);
    }

    [Fact]
    public void Softmax_nll_weight_gradient_for_the_seeds_problem_2_3()
    {
        // seed 000, problem 2.3: W = [[1, −1, −2], [−1, 2, 1]], x = (1, 1), y = (0, 1, 0). z = xᵀW = (0, 1, −1),
        // a = (1, e, e⁻¹)/(1 + e + e⁻¹); gradient x (a − y)ᵀ: both rows equal a − y.
        double s = 1 + Math.E + 1 / Math.E;
        double[] a = SeedFormulas.Softmax([0, 1, -1]);
        Assert.Equal(1 / s, a[0], 15);
        var g = SeedFormulas.SoftmaxNllWeightGradient([1, 1], a, [0, 1, 0]);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(1 / s, g[k, 0], 15);
            Assert.Equal(Math.E / s - 1, g[k, 1], 15);
            Assert.Equal(1 / (Math.E * s), g[k, 2], 15);
        }
    }

    [Fact]
    public void Nll_of_the_seeds_distribution_is_minus_log_point_2() =>
        Assert.Equal(-Math.Log(0.2), SeedFormulas.NegativeLogLikelihood([0.3, 0.5, 0.2], [0, 0, 1]), 15);
}
