using System.IO.Compression;
using Backprop.Data;

namespace Backprop.Tests.Data;

public class IdxFileTests
{
    private static string Write(byte[] bytes, bool gzip)
    {
        var path = Path.Combine(TestData.TempFolder(), gzip ? "file.gz" : "file");
        if (!gzip) { File.WriteAllBytes(path, bytes); return path; }
        using var stream = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        stream.Write(bytes);
        return path;
    }

    private static readonly byte[] TwoImages = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 10, 20, 30, 40];

    [Fact]
    public void Reads_plain_and_gzip_files_alike()
    {
        var plain = IdxFile.Read(Write(TwoImages, gzip: false));
        var gz = IdxFile.Read(Write(TwoImages, gzip: true));
        Assert.Equal([2, 2, 1], plain.Dimensions);
        Assert.Equal(plain.Data, gz.Data);
        Assert.Equal([10, 20, 30, 40], gz.Data);
    }

    [Fact]
    public void Truncated_file_throws_naming_the_file_and_the_sizes()
    {
        var path = Write(TwoImages[..^1], gzip: true);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(1)]      // a row (2 bytes) at a time
    [InlineData(3)]      // less than two rows: still whole rows
    [InlineData(1000)]   // everything at once
    public void Read_in_chunks_hands_over_whole_rows_that_join_into_the_values(int chunkBytes)
    {
        var chunks = new List<byte[]>();
        var sizes = IdxFile.ReadInChunks(Write(TwoImages, gzip: true), 3, chunkBytes, rows => chunks.Add(rows.ToArray()));
        Assert.Equal([2, 2, 1], sizes);
        Assert.All(chunks, c => Assert.Equal(0, c.Length % 2));
        Assert.Equal([10, 20, 30, 40], chunks.SelectMany(c => c).ToArray());
    }

    [Fact]
    public void Read_in_chunks_of_a_truncated_file_throws_after_the_whole_rows_it_had()
    {
        var path = Write(TwoImages[..^1], gzip: false);
        var chunks = new List<byte[]>();
        var e = Assert.Throws<DataFormatException>(() => IdxFile.ReadInChunks(path, 3, 2, rows => chunks.Add(rows.ToArray())));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("file has 3 after the header", e.Message);
        Assert.Equal([[10, 20]], chunks);
    }

    [Fact]
    public void Wrong_magic_throws()
    {
        byte[] bytes = [.. TwoImages];
        bytes[0] = 0x50;
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(Write(bytes, gzip: false)));
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Labels_file_where_images_are_expected_throws_naming_the_dimensions()
    {
        byte[] labels = [0, 0, 8, 1, 0, 0, 0, 2, 3, 4];
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(Write(labels, gzip: false), expectedDimensions: 3));
        Assert.Contains("expected 3", e.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_throws_a_data_format_exception()
    {
        var full = File.ReadAllBytes(Path.Combine(TestData.Digits, "images-idx3-ubyte.gz"));
        var path = Path.Combine(TestData.TempFolder(), "images-idx3-ubyte.gz");
        File.WriteAllBytes(path, full[..5000]);
        Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
    }

    [Fact]
    public void Bundled_digits_split_into_8000_training_and_2000_test_images_of_784_pixels_in_0_to_1()
    {
        var (train, test) = TestData.DigitsSplit;
        Assert.Equal(8000, train.Count);
        Assert.Equal(2000, test.Count);
        Assert.Equal(784, train.InputSize);
        Assert.InRange(train.Inputs.Max(), 0.99f, 1f);
        Assert.Equal(0f, train.Inputs.Min());
        Assert.All(test.Labels!, l => Assert.InRange(l, 0, 9));
    }

    [Fact]
    public void Data_with_NaN_is_rejected_naming_the_example_and_feature()
    {
        var e = Assert.Throws<DataFormatException>(() => new DataSet<float>("x.csv", [1, 2, float.NaN, 4], 2, labels: [0, 1]));
        Assert.Contains("example 1, feature 0", e.Message);
    }

    [Fact]
    public void Label_beyond_the_output_layer_is_rejected_naming_the_example()
    {
        var data = new DataSet<float>("d", [1, 2, 3, 4], 2, labels: [0, 3]);
        var e = Assert.Throws<ShapeMismatchException>(() => data.CheckFits(Network<float>.Create([2, 3])));
        Assert.Contains("example 1 has label 3", e.Message);
    }

    [Fact]
    public void Input_width_different_from_the_first_layer_is_rejected()
    {
        var data = new DataSet<float>("d", [1, 2, 3, 4], 2, labels: [0, 1]);
        var e = Assert.Throws<ShapeMismatchException>(() => data.CheckFits(Network<float>.Create([3, 2])));
        Assert.Contains("layer 1", e.Message);
    }

    [Fact]
    public void Mostly_blank_images_are_packed_as_they_are_read_and_read_back_as_their_pixels()
    {
        // The bundled digits (81 % zeros), read packed in two passes, against the same pixels from the whole file.
        var raw = IdxFile.Read(Path.Combine(TestData.Digits, "images-idx3-ubyte.gz"), 3);
        var labels = IdxFile.Read(Path.Combine(TestData.Digits, "labels-idx1-ubyte.gz"), 1);
        var data = ImageData.Read<float>(Path.Combine(TestData.Digits, "images-idx3-ubyte.gz"), Path.Combine(TestData.Digits, "labels-idx1-ubyte.gz"));
        Assert.True(data.HasPackedInputs);
        var plain = DataSet<float>.FromBytes("plain", raw.Data, 784, [.. labels.Data.Select(b => (int)b)], pack: false);
        Assert.Equal(plain.Labels, data.Labels);
        var (a, b) = (new float[784], new float[784]);
        foreach (int e in new[] { 0, 1, 4999, 9999 })
        {
            plain.CopyInput(e, a);
            data.CopyInput(e, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Images_with_few_zeros_are_read_as_plain_bytes()
    {
        // Two 2 × 1 images with no zero pixel: packing would take more than their 4 bytes.
        var folder = TestData.TempFolder();
        File.WriteAllBytes(Path.Combine(folder, "images-idx3-ubyte"), TwoImages);
        File.WriteAllBytes(Path.Combine(folder, "labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 2, 1, 0]);
        var data = ImageData.LoadAll<float>(folder);
        Assert.False(data.HasPackedInputs);
        Assert.True(data.HasByteInputs);
        Assert.Equal([10 * (1 / 255f), 20 * (1 / 255f), 30 * (1 / 255f), 40 * (1 / 255f)], data.Inputs);   // x = b · (1/255)
    }

    [Fact]
    public void Fashion_mnist_loads_when_it_is_installed()
    {
        const string folder = "/usr/share/datasets/fashion-mnist";
        if (!File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz"))) return; // CI installs it; a bare machine may not have it
        var (train, test) = ImageData.Load<float>(folder);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
    }
}
