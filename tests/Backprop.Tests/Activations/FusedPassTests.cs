using System.Numerics;
using Backprop.Activations;
using Backprop.Randomness;

namespace Backprop.Tests.Activations;

/// <summary>The fused element-wise passes must write exactly what the reference (unfused) passes write.</summary>
public class FusedPassTests
{
    private static T[] Values<T>(int count, ulong seed, double spread) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var x = new T[count];
        for (int i = 0; i < count; i++) x[i] = T.CreateChecked((rng.NextInt(2_000_001) - 1_000_000) / 1_000_000.0 * spread);
        return x;
    }

    private static void BitEqual<T>(T[] expected, T[] actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]), $"{what}[{i}]: reference {expected[i]}, fused {actual[i]}");
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("relu")]
    [InlineData("tanh")]
    [InlineData("identity")]
    [InlineData("softmax")]
    public void Bias_add_and_activation_in_one_pass_equal_the_two_passes(string name)
    {
        foreach (int units in new[] { 1, 10, 15, 16, 17, 30, 32, 100, 128, 256 })
            foreach (int m in new[] { 1, 3, 10 })
            {
                Check<float>(name, units, m, spread: 12);
                Check<double>(name, units, m, spread: 40);
            }
    }

    private static void Check<T>(string name, int units, int m, double spread) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var activation = Activation.Create<T>(name);
        var product = Values<T>(m * units, (ulong)(units * 31 + m), spread);
        var bias = Values<T>(units, (ulong)units, 1);
        var (zRef, aRef) = ((T[])product.Clone(), new T[m * units]);
        ReferencePasses.AddBiasThenActivate(activation, zRef, bias, aRef, units);
        var (zFused, aFused) = ((T[])product.Clone(), new T[m * units]);
        activation.AddBiasAndActivate(zFused, bias, aFused, units);
        BitEqual(zRef, zFused, $"{name} {typeof(T).Name} {m}×{units} z");
        BitEqual(aRef, aFused, $"{name} {typeof(T).Name} {m}×{units} a");
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("relu")]
    [InlineData("tanh")]
    [InlineData("identity")]
    [InlineData("softmax")]
    public void Delta_and_bias_row_sum_in_one_pass_equal_the_two_passes(string name)
    {
        foreach (int units in new[] { 1, 10, 15, 16, 17, 30, 32, 100, 128, 256 })
            foreach (int m in new[] { 1, 2, 10 })
            {
                CheckDelta<float>(name, units, m);
                CheckDelta<double>(name, units, m);
            }
    }

    private static void CheckDelta<T>(string name, int units, int m) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var activation = Activation.Create<T>(name);
        var z = Values<T>(m * units, (ulong)(units * 7 + m), 6);
        var a = new T[z.Length];
        activation.Activate(z, a, units);
        var g = Values<T>(z.Length, (ulong)(units * 13 + m), 1);
        var (dRef, sRef) = ((T[])g.Clone(), new T[units]);
        ReferencePasses.BackpropagateDeltaThenSum(activation, z, a, dRef, dRef, units, sRef);   // in place, as the network calls it
        var (dFused, sFused) = ((T[])g.Clone(), Values<T>(units, 99, 1));                      // ∂C/∂b starts as garbage: overwritten
        activation.BackpropagateDeltaAndSum(z, a, dFused, dFused, units, sFused);
        BitEqual(dRef, dFused, $"{name} {typeof(T).Name} {m}×{units} δ");
        BitEqual(sRef, sFused, $"{name} {typeof(T).Name} {m}×{units} ∂C/∂b");
    }

    [Fact]
    public void Fused_sigmoid_equals_the_span_sigmoid_far_into_both_tails()
    {
        var z = Values<float>(1 << 16, 9, 120);
        z[0] = 0; z[1] = -0f; z[2] = 88.7f; z[3] = -88.7f; z[4] = 104f; z[5] = -104f;
        var a = new float[z.Length];
        var fused = new float[z.Length];
        var sigmoid = Activation.Create<float>("sigmoid");
        sigmoid.AddBiasAndActivate((float[])z.Clone(), new float[z.Length], a: fused, units: z.Length);
        sigmoid.Activate(z, a, z.Length);
        BitEqual(a, fused, "sigmoid");
    }
}
