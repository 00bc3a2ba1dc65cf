using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Tests.Training;

/// <summary>
/// Sample statistics of each initialisation against its defining distribution. With N draws of variance σ², the sample
/// mean has standard deviation σ/√N and the sample variance about σ²√(2/N) (normal) — the tolerances are 5 of those.
/// </summary>
public class WeightInitializerTests
{
    private const ulong Seed = 20230828;
    private const int FanIn = 400, FanOut = 100;   // 40,000 weights

    private static (double Mean, double Variance, double[] W, double[] B) Draw(WeightInit init)
    {
        var net = Network<double>.Create([FanIn, FanOut], "sigmoid");
        WeightInitializer.Initialize(net, init, new Rng(Seed));
        var w = net.Layer(1).Weights!;
        double mean = w.Average();
        double variance = w.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);
        return (mean, variance, w, net.Layer(1).Biases!);
    }

    [Theory]
    [InlineData(WeightInit.Nielsen, 1.0 / FanIn)]
    [InlineData(WeightInit.Large, 1.0)]
    [InlineData(WeightInit.XavierNormal, 2.0 / (FanIn + FanOut))]
    [InlineData(WeightInit.He, 2.0 / FanIn)]
    public void Normal_initialisations_have_mean_zero_and_their_defining_variance(WeightInit init, double variance)
    {
        var (mean, sampleVariance, w, _) = Draw(init);
        int n = w.Length;
        Assert.InRange(mean, -5 * Math.Sqrt(variance / n), 5 * Math.Sqrt(variance / n));
        Assert.InRange(sampleVariance, variance * (1 - 5 * Math.Sqrt(2.0 / n)), variance * (1 + 5 * Math.Sqrt(2.0 / n)));
    }

    [Fact]
    public void Xavier_uniform_stays_within_its_limit_and_has_variance_r_squared_over_three()
    {
        double r = Math.Sqrt(6.0 / (FanIn + FanOut));   // Glorot & Bengio 2010, eq. 16
        var (mean, variance, w, _) = Draw(WeightInit.XavierUniform);
        Assert.All(w, v => Assert.InRange(v, -r, r));
        double expected = r * r / 3, n = w.Length;
        Assert.InRange(mean, -5 * Math.Sqrt(expected / n), 5 * Math.Sqrt(expected / n));
        // Var of the sample variance of U(−r, r) is (μ₄ − σ⁴)/n with μ₄ = r⁴/5, i.e. σ⁴(9/5 − 1)/n.
        double sd = expected * Math.Sqrt(0.8 / n);
        Assert.InRange(variance, expected - 5 * sd, expected + 5 * sd);
    }

    [Theory]
    [InlineData(WeightInit.XavierUniform)]
    [InlineData(WeightInit.XavierNormal)]
    [InlineData(WeightInit.He)]
    public void Glorot_and_He_start_biases_at_zero(WeightInit init) => Assert.All(Draw(init).B, b => Assert.Equal(0.0, b));

    [Fact]
    public void Nielsen_biases_are_standard_normal()
    {
        var net = Network<double>.Create([2, 10000], "sigmoid");
        WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(Seed));
        var b = net.Layer(1).Biases!;
        double mean = b.Average(), variance = b.Sum(v => (v - mean) * (v - mean)) / (b.Length - 1);
        Assert.InRange(mean, -5 / 100.0, 5 / 100.0);
        Assert.InRange(variance, 1 - 5 * Math.Sqrt(2.0 / b.Length), 1 + 5 * Math.Sqrt(2.0 / b.Length));
    }

    [Fact]
    public void The_same_seed_draws_the_same_network()
    {
        var (_, _, first, _) = Draw(WeightInit.He);
        var (_, _, second, _) = Draw(WeightInit.He);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Unknown_initialisation_name_lists_the_known_ones()
    {
        var e = Assert.Throws<UnknownNameException>(() => WeightInitializer.Parse("orthogonal"));
        Assert.Contains("nielsen, large, xavier-uniform, xavier-normal, he", e.Message);
    }
}
