using Backprop.Activations;

namespace Backprop.Tests.Activations;

public class ElementwiseActivationTests
{
    private static (double A, double Derivative) At(IActivation<double> f, double z)
    {
        var a = new double[1];
        f.Activate([z], a, 1);
        var d = new double[1];
        f.BackpropagateDelta([z], a, [1.0], d, 1);
        return (a[0], d[0]);
    }

    [Fact]
    public void Sigmoid_derivative_at_zero_is_one_quarter() => Assert.Equal(0.25, At(Activation.Sigmoid<double>(), 0).Derivative, 15);

    [Fact]
    public void Sigmoid_of_zero_is_one_half() => Assert.Equal(0.5, At(Activation.Sigmoid<double>(), 0).A, 15);

    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.7)]
    [InlineData(4.5)]
    public void Sigmoid_derivative_equals_e_to_minus_z_over_one_plus_e_to_minus_z_squared(double z)
    {
        // seed 000, problem 1.2, question 1: σ′(z) = e^(−z) / (1 + e^(−z))².
        Assert.Equal(Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2), At(Activation.Sigmoid<double>(), z).Derivative, 14);
    }

    [Fact]
    public void Sigmoid_saturates_to_exactly_0_and_1_at_plus_and_minus_1000()
    {
        Assert.Equal(1.0, At(Activation.Sigmoid<double>(), 1000).A);
        Assert.Equal(0.0, At(Activation.Sigmoid<double>(), -1000).A);
    }

    [Theory]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(0.5, 0.46211715726000974, 0.7864477329659274)] // tanh 0.5, 1 − tanh² 0.5
    public void Tanh_value_and_derivative(double z, double a, double derivative)
    {
        var (value, d) = At(Activation.Tanh<double>(), z);
        Assert.Equal(a, value, 14);
        Assert.Equal(derivative, d, 14);
    }

    [Theory]
    [InlineData(-2.0, 0.0, 0.0)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(3.0, 3.0, 1.0)]
    public void Relu_is_max_of_z_and_zero_with_subgradient_zero_at_the_kink(double z, double a, double derivative)
    {
        var (value, d) = At(Activation.Relu<double>(), z);
        Assert.Equal(a, value);
        Assert.Equal(derivative, d);
    }

    [Fact]
    public void Identity_passes_z_and_its_derivative_is_one()
    {
        var (value, d) = At(Activation.Identity<double>(), -7.25);
        Assert.Equal(-7.25, value);
        Assert.Equal(1.0, d);
    }

    [Fact]
    public void Vector_and_scalar_paths_agree_on_a_long_span()
    {
        // 37 values: two 512-bit vectors of double plus a scalar tail of 5 (float: two vectors of 16 and a tail of 5).
        var z = Enumerable.Range(0, 37).Select(i => (i - 18) / 4.0).ToArray();
        var f = Activation.Sigmoid<double>();
        var a = new double[37];
        f.Activate(z, a, 37);
        var g = z.Select(v => v * 0.5 + 1).ToArray();
        var d = new double[37];
        f.BackpropagateDelta(z, a, g, d, 37);
        for (int i = 0; i < 37; i++) Assert.Equal(g[i] * a[i] * (1 - a[i]), d[i], 14);
    }

    [Fact]
    public void Unknown_activation_name_throws_naming_it()
    {
        var e = Assert.Throws<UnknownNameException>(() => Activation.Create<double>("swish"));
        Assert.Contains("swish", e.Message);
    }

    [Fact]
    public void Custom_activation_uses_the_users_f_and_f_prime()
    {
        var softplus = new CustomActivation<double>("softplus", z => Math.Log(1 + Math.Exp(z)), z => 1 / (1 + Math.Exp(-z)));
        var (value, d) = At(softplus, 0);
        Assert.Equal(Math.Log(2), value, 15);
        Assert.Equal(0.5, d, 15);
    }
}
