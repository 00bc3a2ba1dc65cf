using System.Numerics;
using Backprop.Data;
using Backprop.Randomness;

namespace Backprop.Tests.Data;

/// <summary>
/// Byte inputs with many zeros are held packed (a bit per byte, then the nonzero bytes): they must read back exactly as
/// the bytes they came from, and the data set must take the size the layout gives.
/// </summary>
public class PackedBytesTests
{
    /// <summary>Rows of <paramref name="width"/> bytes, about <paramref name="zeroShare"/> of them 0, the others 1…255.</summary>
    private static byte[] SparseRows(int width, int count, double zeroShare, ulong seed)
    {
        var rng = new Rng(seed);
        var bytes = new byte[width * count];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = rng.NextDouble() < zeroShare ? (byte)0 : (byte)(1 + rng.NextInt(255));
        return bytes;
    }

    [Theory]
    [InlineData(784, 9)]   // images: 12 whole words and one of 16 bytes
    [InlineData(64, 5)]    // one whole word
    [InlineData(65, 5)]    // a word and one byte
    [InlineData(130, 4)]   // two words and two bytes
    [InlineData(5, 30)]    // less than a word
    public void Packed_rows_expand_to_the_bytes_they_came_from_with_and_without_vpexpandb(int width, int count)
    {
        var bytes = SparseRows(width, count, 0.6, (ulong)width);
        bytes.AsSpan(0, width).Clear();                          // an all-zero row
        bytes.AsSpan(width, width).Fill(7);                      // a row without zeros
        var packed = SparseBytes.Pack(bytes, width);
        var row = new byte[packed.PaddedWidth];
        foreach (bool vector in new[] { false, true })
            for (int r = 0; r < count; r++)
            {
                row.AsSpan().Fill(0xAA);
                packed.Expand(r, row, vector);
                Assert.Equal(bytes.AsSpan(r * width, width).ToArray(), row.AsSpan(0, width).ToArray());
                Assert.All(row.AsSpan(width).ToArray(), b => Assert.Equal(0, b));   // zeros up to the padded width
            }
    }

    [Fact]
    public void Packed_rows_take_their_mask_words_their_nonzero_bytes_one_padding_word_and_a_start_each()
    {
        // 3 rows of 100 bytes: 2 mask words (16 bytes) each; nonzero bytes 10 + 0 + 100; 64 bytes of padding; 4 starts.
        var bytes = new byte[300];
        for (int i = 0; i < 10; i++) bytes[i * 7] = 200;
        bytes.AsSpan(200, 100).Fill(1);
        var packed = SparseBytes.Pack(bytes, 100);
        Assert.Equal(3 * 16 + 110 + 64 + 4 * 4, packed.StoredBytes);
    }

    [Fact]
    public void Rows_packed_a_chunk_at_a_time_equal_rows_packed_at_once()
    {
        var bytes = SparseRows(784, 10, 0.5, 4);
        long nonzero = bytes.Count(b => b != 0);
        var builder = new SparseBytes.Builder(10, 784, nonzero);
        builder.Append(bytes.AsSpan(0, 3 * 784)).Append(bytes.AsSpan(3 * 784, 7 * 784));
        var chunked = builder.Build();
        var whole = SparseBytes.Pack(bytes, 784);
        Assert.Equal(whole.StoredBytes, chunked.StoredBytes);
        var (a, b) = (new byte[whole.PaddedWidth], new byte[whole.PaddedWidth]);
        for (int r = 0; r < 10; r++)
        {
            whole.Expand(r, a);
            chunked.Expand(r, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void A_builder_refuses_more_nonzero_bytes_than_it_was_sized_for_and_builds_only_when_full()
    {
        var bytes = SparseRows(100, 4, 0.5, 6);
        long nonzero = bytes.Count(b => b != 0);
        Assert.Throws<InvalidOperationException>(() => new SparseBytes.Builder(4, 100, nonzero - 1).Append(bytes));
        Assert.Throws<InvalidOperationException>(() => new SparseBytes.Builder(4, 100, nonzero).Append(bytes.AsSpan(0, 300)).Build());
        Assert.Throws<InvalidOperationException>(() => new SparseBytes.Builder(3, 100, nonzero).Append(bytes));
    }

    [Fact]
    public void Rows_with_too_few_zeros_to_save_a_quarter_stay_plain()
    {
        // 784-byte rows with 30 % zeros: 104 bytes of masks + 549 values + a start ≈ 84 % of 784, over the 75 % allowed.
        var bytes = SparseRows(784, 50, 0.3, 3);
        Assert.Null(SparseBytes.TryPack(bytes, 784));
        var data = DataSet<float>.FromBytes("dense", bytes, 784, labels: new int[50]);
        Assert.True(data.HasByteInputs);
        Assert.False(data.HasPackedInputs);
        Assert.Equal(bytes.Length + 50 * sizeof(int), data.StoredBytes);
    }

    [Theory]
    [InlineData(784, 20)]
    [InlineData(37, 60)]
    public void A_packed_data_set_reads_as_its_bytes_scaled_bit_for_bit(int width, int count)
    {
        var bytes = SparseRows(width, count, 0.7, 11);
        Check<float>(bytes, width, count);
        Check<double>(bytes, width, count);
    }

    private static void Check<T>(byte[] bytes, int width, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = ByteInputsTests.Reference<T>(bytes);
        var data = DataSet<T>.FromBytes("packed", bytes, width, labels: new int[count]);
        Assert.True(data.HasPackedInputs);
        var row = new T[width];
        for (int e = 0; e < count; e++)
        {
            data.Prefetch(e);
            data.PrefetchLocation(e);
            data.CopyInput(e, row);
            ByteInputsTests.BitEqual<T>(expected.AsSpan(e * width, width), row);
        }
        ByteInputsTests.BitEqual<T>(expected.AsSpan(2 * width, 3 * width), data.InputRows(2, 3, new T[3 * width]));
        var slice = data.Slice(1, count - 2);
        Assert.True(slice.HasPackedInputs);
        slice.CopyInput(count - 3, row);
        ByteInputsTests.BitEqual<T>(expected.AsSpan((count - 2) * width, width), row);
        ByteInputsTests.BitEqual<T>(expected, data.Inputs);
    }

    [Fact]
    public void Training_on_packed_bytes_equals_training_on_the_same_bytes_plain()
    {
        var bytes = SparseRows(64, 40, 0.5, 5);
        var labels = Enumerable.Range(0, 40).Select(i => i % 3).ToArray();
        var packed = DataSet<float>.FromBytes("packed", bytes, 64, labels, pack: true);
        var plain = DataSet<float>.FromBytes("plain", bytes, 64, labels, pack: false);
        Assert.True(packed.HasPackedInputs);
        Assert.False(plain.HasPackedInputs);
        Assert.Equal(ByteInputsTests.TrainedParameters(plain), ByteInputsTests.TrainedParameters(packed));
    }

    [Fact]
    public void The_bundled_digits_are_held_packed_at_the_size_their_zeros_give()
    {
        string folder = ImageData.FindBundledDigits()!;
        var (train, test) = ImageData.Load<float>(folder);
        Assert.True(train.HasPackedInputs && test.HasPackedInputs);
        // The size from the raw images file: per image 13 mask words of 8 bytes and its nonzero pixels; 64 bytes of
        // padding and a start per image (and one more) per data set; the labels as ints.
        var images = IdxFile.Read(Path.Combine(folder, File.Exists(Path.Combine(folder, "images-idx3-ubyte.gz")) ? "images-idx3-ubyte.gz" : "images-idx3-ubyte"), 3);
        int count = images.Dimensions[0], size = 784;
        Assert.Equal(count, train.Count + test.Count);
        long Expected(int first, int rows) =>
            images.Data.AsSpan(first * size, rows * size).ToArray().Count(b => b != 0) + rows * 13L * 8 + 64 + (rows + 1L) * 4 + rows * 4L;
        Assert.Equal(Expected(0, train.Count), train.StoredBytes);
        Assert.Equal(Expected(train.Count, test.Count), test.StoredBytes);
        Assert.True(train.StoredBytes < 0.4 * train.Count * size, "the digits are ~81 % zeros");
    }
}
