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
        if (!File.Exists(path)) throw new DataFormatException($"{path}: no such file");
        try { return ReadStream(path, expectedDimensions); }
        catch (InvalidDataException e) { throw new DataFormatException($"{path}: corrupt gzip stream ({e.Message})", e); }
    }

    /// <summary>
    /// Reads header and values straight from the (decompressing) stream into one array of the exact size, so loading
    /// 60,000 images holds 47 MB, not the compressed file, a growing copy and the copy of that as well.
    /// </summary>
    private static IdxFile ReadStream(string path, int? expectedDimensions)
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
        var data = GC.AllocateUninitializedArray<byte>((int)count);
        got = Fill(input, data);
        if (got < count)
            throw new DataFormatException($"{path}: truncated: header says {string.Join(" × ", sizes)} = {count} values, file has {got} after the header");
        return new IdxFile(path, sizes, data);
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
