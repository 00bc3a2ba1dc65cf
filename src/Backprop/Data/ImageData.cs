using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Loads MNIST-style image folders: either <c>images-idx3-ubyte[.gz]</c> + <c>labels-idx1-ubyte[.gz]</c> (the bundled
/// 10,000 digits, split into the first <c>trainCount</c> for training and the rest for testing), or the four files
/// <c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-…</c>, <c>t10k-images-…</c>, <c>t10k-labels-…</c>
/// (MNIST, Fashion-MNIST). Pixels 0…255 become inputs 0…1.
/// </summary>
public static class ImageData
{
    /// <summary>The bundled digits: <c>data/mnist-10k</c> found from the current folder or the program's, upwards.</summary>
    public static string? FindBundledDigits()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "mnist-10k");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>Reads a folder as (training, test) data sets.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="trainCount">For a single images/labels pair: how many leading examples train (default 8,000); the rest test.</param>
    /// <exception cref="DataFormatException">Files are missing, malformed or disagree in count or size.</exception>
    public static (DataSet<T> Train, DataSet<T> Test) Load<T>(string folder, int trainCount = 8000) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Directory.Exists(folder)) throw new DataFormatException($"{folder}: no such data folder");
        string? single = Find(folder, "images-idx3-ubyte");
        if (single is not null)
        {
            var all = Read<T>(single, Find(folder, "labels-idx1-ubyte") ?? throw Missing(folder, "labels-idx1-ubyte[.gz]"));
            if (trainCount <= 0 || trainCount >= all.Count)
                throw new DataFormatException($"{folder}: cannot split {all.Count} examples into {trainCount} for training and the rest for testing");
            return (all.Slice(0, trainCount, $"{folder} (first {trainCount})"), all.Slice(trainCount, all.Count - trainCount, $"{folder} (last {all.Count - trainCount})"));
        }
        var train = Read<T>(Find(folder, "train-images-idx3-ubyte") ?? throw Missing(folder, "images-idx3-ubyte[.gz] or train-images-idx3-ubyte[.gz]"),
                            Find(folder, "train-labels-idx1-ubyte") ?? throw Missing(folder, "train-labels-idx1-ubyte[.gz]"));
        var test = Read<T>(Find(folder, "t10k-images-idx3-ubyte") ?? throw Missing(folder, "t10k-images-idx3-ubyte[.gz]"),
                           Find(folder, "t10k-labels-idx1-ubyte") ?? throw Missing(folder, "t10k-labels-idx1-ubyte[.gz]"));
        return (train, test);
    }

    /// <summary>Reads a folder's examples as one data set, unsplit: <c>images-idx3-ubyte[.gz]</c> + <c>labels-idx1-ubyte[.gz]</c>, or else the <c>t10k-*</c> pair.</summary>
    /// <exception cref="DataFormatException">Files are missing, malformed or disagree.</exception>
    public static DataSet<T> LoadAll<T>(string folder) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Directory.Exists(folder)) throw new DataFormatException($"{folder}: no such data folder");
        foreach (var prefix in new[] { "", "t10k-" })
            if (Find(folder, prefix + "images-idx3-ubyte") is { } images)
                return Read<T>(images, Find(folder, prefix + "labels-idx1-ubyte") ?? throw Missing(folder, prefix + "labels-idx1-ubyte[.gz]"));
        throw Missing(folder, "images-idx3-ubyte[.gz] or t10k-images-idx3-ubyte[.gz]");
    }

    private static DataFormatException Missing(string folder, string what) => new($"{folder}: no {what} in this folder");

    private static string? Find(string folder, string stem) =>
        new[] { stem + ".gz", stem }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);

    /// <summary>Bytes of an images file read at a time when it is packed as it is read.</summary>
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Reads an images file and its labels file as one data set (pixels scaled to 0…1). Images that are mostly zeros
    /// (see <see cref="DataSet{T}.FromBytes(string, byte[], int, int[], T[], int)"/>) are packed as they are read, in two passes over the file (count the
    /// nonzero pixels, then pack them into an array of that size), so that loading never holds the plain bytes and the
    /// packed copy at once: Fashion-MNIST's training images are 47 MB plain and 29.9 MB packed.
    /// </summary>
    public static DataSet<T> Read<T>(string imagesPath, string labelsPath) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var labels = IdxFile.Read(labelsPath, expectedDimensions: 1);
        long nonzero = 0;
        var dims = IdxFile.ReadInChunks(imagesPath, 3, ChunkBytes, rows => nonzero += rows.Length - rows.Count((byte)0));
        int count = dims[0], size = dims[1] * dims[2];
        if (labels.Dimensions[0] != count)
            throw new DataFormatException($"{labelsPath}: {labels.Dimensions[0]} labels but {imagesPath} has {count} images");
        var classes = new int[count];
        for (int i = 0; i < count; i++) classes[i] = labels.Data[i];
        if (count > 0 && size > 0 && SparseBytes.Saves(count, size, nonzero))
        {
            try
            {
                var builder = new SparseBytes.Builder(count, size, nonzero);
                var again = IdxFile.ReadInChunks(imagesPath, 3, ChunkBytes, rows => builder.Append(rows));
                if (!again.AsSpan().SequenceEqual(dims)) throw new InvalidOperationException($"its sizes are now {string.Join(" × ", again)}");
                return DataSet<T>.FromPacked(imagesPath, builder.Build(), classes);
            }
            catch (InvalidOperationException e)
            {
                throw new DataFormatException($"{imagesPath}: changed while it was read ({e.Message})", e);
            }
        }
        // Pixels stay bytes; DataSet scales them to T.CreateChecked(pixel) * (T.One / T.CreateChecked(255)) as rows are read.
        var images = IdxFile.Read(imagesPath, expectedDimensions: 3);
        var pixels = images.Data.Length == (long)count * size ? images.Data : images.Data.AsSpan(0, count * size).ToArray();
        return DataSet<T>.FromBytes(imagesPath, pixels, size, classes, pack: false);
    }
}
