using Backprop.Activations;

namespace Backprop.Tests.Activations;

/// <summary>
/// The float-only sigmoid kernel against σ(z) = 1/(1 + e^(−z)) evaluated in double (000, problem 1.2): accurate to
/// 2 ulp everywhere, exact where σ is exact, and the same value whichever way it is called.
/// </summary>
public class FloatSigmoidTests
{
    private static int UlpDistance(float expected, float actual) =>
        Math.Abs(BitConverter.SingleToInt32Bits(expected) - BitConverter.SingleToInt32Bits(actual));   // both ≥ 0: bit order is value order

    [Fact]
    public void Is_within_two_ulp_of_the_double_formula_from_minus_110_to_110()
    {
        int worst = 0;
        float worstAt = 0;
        // Every 97th float in [−110, 110]: about 22 million values, the subnormal outputs (z < −87.3) included.
        foreach (float start in new[] { 0f, -0f })
            for (int bits = BitConverter.SingleToInt32Bits(start); ; bits += 97)
            {
                float z = BitConverter.Int32BitsToSingle(bits);
                if (Math.Abs(z) > 110) break;
                int d = UlpDistance(FloatSigmoid.Reference(z), FloatSigmoid.Value(z));
                if (d > worst) (worst, worstAt) = (d, z);
            }
        Assert.True(worst <= 2, $"{worst} ulp at z = {worstAt:R}: {FloatSigmoid.Value(worstAt):R} against {FloatSigmoid.Reference(worstAt):R}");
    }

    [Theory]
    [InlineData(0f, 0.5f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(20f, 1f)]             // 1 − e^(−20) = 1 − 2.1e−9 rounds to 1 in float
    [InlineData(-200f, 0f)]           // e^(−200) is far below the smallest subnormal
    public void Is_exact_where_sigma_is(float z, float sigma)
    {
        Assert.Equal(sigma, FloatSigmoid.Value(z));
    }

    [Fact]
    public void Is_one_half_at_minus_zero() => Assert.Equal(0.5f, FloatSigmoid.Value(-0f));

    [Fact]
    public void Keeps_the_subnormal_value_of_a_large_negative_input()
    {
        // σ(−100) = e^(−100)/(1 + e^(−100)) = 3.7200760e−44, a subnormal float (26 × 2^−149), not 0.
        Assert.Equal(3.7200760e-44f, FloatSigmoid.Value(-100f));
    }

    [Fact]
    public void Returns_NaN_for_NaN()
    {
        Assert.True(float.IsNaN(FloatSigmoid.Value(float.NaN)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    public void Span_form_gives_each_element_the_vector_value_including_the_tail(int length)
    {
        var z = Enumerable.Range(0, length).Select(i => (i - length / 2) * 0.73f).ToArray();
        var a = new float[length];
        FloatSigmoid.Apply(z, a);
        for (int i = 0; i < length; i++) Assert.Equal(FloatSigmoid.Value(z[i]), a[i]);
    }
}
