using System.Numerics;
using Backprop.Data;
using Backprop.Randomness;
using Backprop.Training;
using Backprop.Training.Optimizers;

namespace Backprop.Tests.Data;

/// <summary>Image data kept as bytes must read exactly as the float inputs ImageData used to build: x = T(b) · (1/255).</summary>
public class ByteInputsTests
{
    /// <summary>The arithmetic ImageData used before bytes were kept: T.CreateChecked(b) * (T.One / T.CreateChecked(255)).</summary>
    internal static T[] Reference<T>(byte[] bytes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.One / T.CreateChecked(255);
        return bytes.Select(b => T.CreateChecked(b) * scale).ToArray();
    }

    private static byte[] AllBytesShuffled(int length, ulong seed)
    {
        var rng = new Rng(seed);
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = i < 256 ? (byte)i : (byte)rng.NextInt(256);
        return bytes;
    }

    internal static void BitEqual<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]), $"value {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(784, 7)]   // MNIST rows: 49 × 16, no tail
    [InlineData(37, 11)]   // odd width: vector body and scalar tail
    [InlineData(5, 60)]    // shorter than one vector
    public void Byte_inputs_equal_the_old_float_conversion_bit_for_bit(int width, int count)
    {
        var bytes = AllBytesShuffled(width * count, (ulong)width);
        var labels = new int[count];
        Check<float>(bytes, width, labels);
        Check<double>(bytes, width, labels);
    }

    private static void Check<T>(byte[] bytes, int width, int[] labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = Reference<T>(bytes);
        var data = DataSet<T>.FromBytes("bytes", bytes, width, labels: labels);
        Assert.True(data.HasByteInputs);
        var row = new T[width];
        for (int e = 0; e < data.Count; e++)
        {
            data.CopyInput(e, row);
            BitEqual<T>(expected.AsSpan(e * width, width), row);
        }
        var scratch = new T[bytes.Length];
        BitEqual<T>(expected, data.InputRows(0, data.Count, scratch));
        BitEqual<T>(expected.AsSpan(width, width * (data.Count - 1)), data.Slice(1, data.Count - 1).Inputs);
        BitEqual<T>(expected, data.Inputs);
        data.CopyInput(data.Count - 1, row);   // after Inputs is made, rows come from it
        BitEqual<T>(expected.AsSpan((data.Count - 1) * width, width), row);
    }

    [Fact]
    public void Training_on_byte_inputs_equals_training_on_their_float_inputs()
    {
        var bytes = AllBytesShuffled(40 * 64, 3);
        var labels = Enumerable.Range(0, 40).Select(i => i % 3).ToArray();
        var fromBytes = DataSet<float>.FromBytes("bytes", bytes, 64, labels);
        var fromFloats = new DataSet<float>("floats", Reference<float>(bytes), 64, labels);
        Assert.Equal(TrainedParameters(fromFloats), TrainedParameters(fromBytes));
        Assert.False(fromBytes.Inputs is null);
    }

    /// <summary>The weights and biases of a 64-8-3 sigmoid network after two epochs on <paramref name="data"/> (mini-batches of 7, seed 5).</summary>
    internal static float[] TrainedParameters(DataSet<float> data)
    {
        var net = Network<float>.Create([64, 8, 3], "sigmoid", cost: "quadratic");
        var rng = new Rng(5);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        new Trainer<float>(net, new StochasticGradientDescent<float>(), new TrainingOptions { Epochs = 2, MiniBatchSize = 7, LearningRate = 3.0 })
            .Train(data, data, rng);
        return net.Layers.SelectMany(l => l.Weights!.Concat(l.Biases!)).ToArray();
    }

    [Fact]
    public void Image_folders_load_as_bytes_and_make_float_inputs_only_when_read()
    {
        var (train, _) = ImageData.Load<float>(ImageData.FindBundledDigits()!);
        Assert.True(train.HasByteInputs);
        long held = train.StoredBytes, floats = (long)train.Count * train.InputSize * sizeof(float);
        Assert.True(held < floats / 4, "bytes, packed (PackedBytesTests gives the exact size)");
        Assert.Equal(1f, train.Inputs.Max());
        Assert.Equal(held + floats, train.StoredBytes);
    }
}
