using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Tests.Serialization;

/// <summary>Small random networks and scratch folders for the serialization tests.</summary>
internal static class TestNetworks
{
    /// <summary>5 → Dense(7) relu → Dense(3) identity → softmax (activation only) · nll: every kind of layer a file must hold.</summary>
    public static Network<T> Mixed<T>(ulong seed = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = new Network<T>(5,
        [
            Layer<T>.Dense(5, 7, Activation.Relu<T>()),
            Layer<T>.Dense(7, 3, Activation.Identity<T>()),
            Layer<T>.ActivationOnly(3, Activation.Softmax<T>()),
        ], global::Backprop.Costs.Cost.Create<T>("nll"));
        WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(seed));
        return net;
    }

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string TempFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "backprop-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Asserts that two networks have the same architecture, cost and bit-identical parameters.</summary>
    public static void AssertIdentical<T>(Network<T> expected, Network<T> actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.Equal(expected.InputSize, actual.InputSize);
        Assert.Equal(expected.Cost.Name, actual.Cost.Name);
        Assert.Equal(expected.LayerCount, actual.LayerCount);
        for (int l = 1; l <= expected.LayerCount; l++)
        {
            var (e, a) = (expected.Layer(l), actual.Layer(l));
            Assert.Equal(e.Activation.Name, a.Activation.Name);
            Assert.Equal((e.InputSize, e.Units, e.HasWeights), (a.InputSize, a.Units, a.HasWeights));
            if (!e.HasWeights) continue;
            Assert.Equal(Bits(e.Weights!), Bits(a.Weights!));
            Assert.Equal(Bits(e.Biases!), Bits(a.Biases!));
        }
    }

    private static long[] Bits<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        values.Select(v => typeof(T) == typeof(float) ? BitConverter.SingleToInt32Bits(float.CreateTruncating(v)) : BitConverter.DoubleToInt64Bits(double.CreateTruncating(v))).ToArray();
}
