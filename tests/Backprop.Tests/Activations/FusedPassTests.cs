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

    [Fact]
    public void Vector_sigmoid_equals_TensorPrimitives_sigmoid_far_into_both_tails()
    {
        var z = Values<float>(1 << 16, 9, 120);
        z[0] = 0; z[1] = -0f; z[2] = 88.7f; z[3] = -88.7f; z[4] = 104f; z[5] = -104f;
        var a = new float[z.Length];
        var fused = new float[z.Length];
        Activation.Create<float>("sigmoid").AddBiasAndActivate((float[])z.Clone(), new float[z.Length], a: fused, units: z.Length);
        System.Numerics.Tensors.TensorPrimitives.Sigmoid(z, a);
        BitEqual(a, fused, "sigmoid");
    }
}
