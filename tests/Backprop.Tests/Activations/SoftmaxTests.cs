using Backprop.Activations;
using CsCheck;

namespace Backprop.Tests.Activations;

public class SoftmaxTests
{
    private static double[] Apply(params double[] z)
    {
        var a = new double[z.Length];
        Activation.Softmax<double>().Activate(z, a, z.Length);
        return a;
    }

    [Fact]
    public void Softmax_of_minus1_0_1_is_the_seeds_distribution()
    {
        // seed 000, problem 2.1: [0.09003057317038046, 0.24472847105479767, 0.66524…]
        var a = Apply(-1, 0, 1);
        Assert.Equal(0.09003057317038046, a[0], 1e-15);
        Assert.Equal(0.24472847105479767, a[1], 1e-15);
        Assert.Equal(0.66524, a[2], 5);
    }

    [Fact]
    public void Softmax_is_finite_at_logits_of_plus_and_minus_1000()
    {
        var a = Apply(1000, -1000, 1000);
        Assert.Equal([0.5, 0.0, 0.5], a);
    }

    [Fact]
    public void Softmax_rows_each_sum_to_one() =>
        Gen.Double[-50, 50].Array[1, 12].Sample(z =>
        {
            var a = Apply(z);
            Assert.Equal(1.0, a.Sum(), 12);
            Assert.All(a, v => Assert.InRange(v, 0.0, 1.0));
        });

    [Fact]
    public void Softmax_backward_applies_the_full_jacobian()
    {
        // 003 problem 3: ∂a_j/∂z_k = a_j(δ_jk − a_k); δ = Jᵀ g computed by hand here.
        double[] z = [0.3, -1.2, 2.0, 0.5], g = [1.5, -0.5, 0.25, 2.0];
        var a = Apply(z);
        var expected = new double[4];
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 4; j++)
                expected[k] += g[j] * a[j] * ((j == k ? 1 : 0) - a[k]);
        var delta = new double[4];
        Activation.Softmax<double>().BackpropagateDelta(z, a, g, delta, 4);
        for (int k = 0; k < 4; k++) Assert.Equal(expected[k], delta[k], 14);
    }

    [Fact]
    public void Softmax_treats_each_example_of_a_batch_separately()
    {
        var a = new double[6];
        Activation.Softmax<double>().Activate([-1, 0, 1, 5, 5, 5], a, 3);
        Assert.Equal(0.24472847105479767, a[1], 15);
        Assert.Equal(1.0 / 3, a[4], 15);
    }

    [Fact]
    public void Adding_the_bias_gives_z_plus_b_and_its_softmax_on_every_example()
    {
        // z = [0, 0, 0] and [1, 1, 1] with b = [−1, 0, 1]: z + b is the seeds' [−1, 0, 1] and [0, 1, 2], and a softmax
        // is unchanged by a shift, so both rows are 000's distribution.
        double[] z = [0, 0, 0, 1, 1, 1], a = new double[6];
        Activation.Softmax<double>().AddBiasAndActivate(z, [-1, 0, 1], a, 3);
        Assert.Equal([-1.0, 0, 1, 0, 1, 2], z);
        foreach (int row in new[] { 0, 3 })
        {
            Assert.Equal(0.09003057317038046, a[row], 15);
            Assert.Equal(0.24472847105479767, a[row + 1], 15);
        }
    }

    [Theory]
    [InlineData(10)]     // rows short enough for plain loops
    [InlineData(33)]     // rows taken by TensorPrimitives
    public void A_row_of_equal_logits_is_uniform_and_a_NaN_makes_its_row_NaN(int units)
    {
        var z = new float[3 * units];
        for (int j = 0; j < units; j++) { z[j] = 7; z[units + j] = j == 1 ? float.NaN : j; z[2 * units + j] = -1000; }
        var a = new float[z.Length];
        Activation.Softmax<float>().Activate(z, a, units);
        for (int j = 0; j < units; j++)
        {
            Assert.Equal(1f / units, a[j], 1e-7f);
            Assert.True(float.IsNaN(a[units + j]), $"row 1, unit {j}");
            Assert.Equal(1f / units, a[2 * units + j], 1e-7f);
        }
    }
}
