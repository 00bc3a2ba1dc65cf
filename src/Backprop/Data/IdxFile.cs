using System.Buffers.Binary;
using System.IO.Compression;

namespace Backprop.Data;

/// <summary>
/// The contents of an IDX file (the MNIST format): big-endian header with magic 0x0000 08 dd (unsigned bytes,
/// dd dimensions), the dimension sizes, then the bytes.
/// </summary>
/// <param name="Path">Where it was read from (for messages).</param>
/// <param name="Dimensions">The sizes, e.g. [10000, 28, 28].</param>
/// <param name="Data">The values, in row-major order.</param>
public sealed record IdxFile(string Path, int[] Dimensions, byte[] Data)
{
    /// <summary>Reads an IDX file, gzip-compressed or plain (told apart by the gzip magic 1f 8b), checking the magic, the sizes and the length.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedDimensions">If set, the number of dimensions the file must have (3 for images, 1 for labels).</param>
    /// <exception cref="DataFormatException">Missing, truncated, wrong magic, or not unsigned bytes; the message names the file.</exception>
    public static IdxFile Read(string path, int? expectedDimensions = null)
    {
        // Header and values straight from the (decompressing) stream into one array of the exact size, so loading
        // 60,000 images holds 47 MB, not the compressed file, a growing copy and the copy of that as well.
        return WithValues(path, expectedDimensions, (input, sizes, count) =>
        {
            var data = GC.AllocateUninitializedArray<byte>((int)count);
            int got = Fill(input, data);
            if (got < count) throw Truncated(path, sizes, count, got);
            return new IdxFile(path, sizes, data);
        });
    }

    /// <summary>Receives a whole number of a file's rows of values (see <see cref="ReadInChunks"/>).</summary>
    internal delegate void ChunkHandler(ReadOnlySpan<byte> rows);

    /// <summary>
    /// Reads an IDX file's values a whole number of rows (all dimensions but the first) at a time, about
    /// <paramref name="chunkBytes"/> bytes, handing each chunk to <paramref name="onChunk"/> before reading the next:
    /// the values are never held whole (images are packed as they are read; see <see cref="SparseBytes.Builder"/>).
    /// </summary>
    /// <returns>The dimension sizes.</returns>
    /// <exception cref="DataFormatException">As <see cref="Read"/>; a truncated file after the chunks before the missing bytes were handed over.</exception>
    internal static int[] ReadInChunks(string path, int? expectedDimensions, int chunkBytes, ChunkHandler onChunk) =>
        WithValues(path, expectedDimensions, (input, sizes, count) =>
        {
            long row = sizes.Length == 0 ? 1 : count / Math.Max(1, sizes[0]);
            int rows = (int)Math.Max(1, chunkBytes / Math.Max(1, row));
            var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(count, rows * row));
            for (long done = 0; done < count;)
            {
                int n = (int)Math.Min(buffer.Length, count - done);
                int got = Fill(input, buffer.AsSpan(0, n));
                if (got < n) throw Truncated(path, sizes, count, done + got);
                onChunk(buffer.AsSpan(0, n));
                done += n;
            }
            return sizes;
        });

    private static DataFormatException Truncated(string path, int[] sizes, long count, long got) =>
        new($"{path}: truncated: header says {string.Join(" × ", sizes)} = {count} values, file has {got} after the header");

    /// <summary>Opens the file (gzip or plain), checks its header and calls <paramref name="read"/> with the stream at the values, the sizes and the count of values.</summary>
    private static TResult WithValues<TResult>(string path, int? expectedDimensions, Func<Stream, int[], long, TResult> read)
    {
        if (!File.Exists(path)) throw new DataFormatException($"{path}: no such file");
        try { return WithValuesOf(path, expectedDimensions, read); }
        catch (InvalidDataException e) { throw new DataFormatException($"{path}: corrupt gzip stream ({e.Message})", e); }
    }

    private static TResult WithValuesOf<TResult>(string path, int? expectedDimensions, Func<Stream, int[], long, TResult> read)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        int first = file.ReadByte(), second = file.ReadByte();
        file.Position = 0;
        using Stream input = first == 0x1f && second == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        Span<byte> magic = stackalloc byte[4];
        int got = Fill(input, magic);
        if (got < 4) throw new DataFormatException($"{path}: truncated: {got} bytes, too short for the 4-byte IDX magic");
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataFormatException($"{path}: not an IDX file: magic starts {magic[0]:x2} {magic[1]:x2}, expected 00 00");
        if (magic[2] != 0x08) throw new DataFormatException($"{path}: IDX type 0x{magic[2]:x2} is not unsigned byte (0x08)");
        int dims = magic[3];
        if (expectedDimensions is int want && dims != want)
            throw new DataFormatException($"{path}: IDX magic 0x000008{dims:x2} has {dims} dimension(s), expected {want} (0x000008{want:x2})");
        int header = 4 + 4 * dims;
        var sizeBytes = new byte[4 * dims];
        got = Fill(input, sizeBytes);
        if (got < sizeBytes.Length) throw new DataFormatException($"{path}: truncated at byte {4 + got}: the header needs {header} bytes");
        var sizes = new int[dims];
        long count = 1;
        for (int d = 0; d < dims; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(sizeBytes.AsSpan(4 * d));
            if (size > int.MaxValue) throw new DataFormatException($"{path}: dimension {d} has impossible size {size}");
            sizes[d] = (int)size;
            count *= size;
        }
        if (count > Array.MaxLength)
            throw new DataFormatException($"{path}: header says {string.Join(" × ", sizes)} = {count} values, more than one array holds");
        return read(input, sizes, count);
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; the bytes read (a truncated gzip stream ends early).</summary>
    private static int Fill(Stream input, Span<byte> buffer)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = input.Read(buffer[total..]);
                if (n == 0) break;
                total += n;
            }
        }
        catch (EndOfStreamException) { }
        return total;
    }
}
