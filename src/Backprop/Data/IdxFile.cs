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
        byte[] raw;
        try { raw = Decompress(path); }
        catch (InvalidDataException e) { throw new DataFormatException($"{path}: corrupt gzip stream ({e.Message})", e); }
        catch (EndOfStreamException e) { throw new DataFormatException($"{path}: truncated gzip stream", e); }
        if (raw.Length < 4) throw new DataFormatException($"{path}: truncated: {raw.Length} bytes, too short for the 4-byte IDX magic");
        if (raw[0] != 0 || raw[1] != 0)
            throw new DataFormatException($"{path}: not an IDX file: magic starts {raw[0]:x2} {raw[1]:x2}, expected 00 00");
        if (raw[2] != 0x08) throw new DataFormatException($"{path}: IDX type 0x{raw[2]:x2} is not unsigned byte (0x08)");
        int dims = raw[3];
        if (expectedDimensions is int want && dims != want)
            throw new DataFormatException($"{path}: IDX magic 0x000008{dims:x2} has {dims} dimension(s), expected {want} (0x000008{want:x2})");
        int header = 4 + 4 * dims;
        if (raw.Length < header) throw new DataFormatException($"{path}: truncated at byte {raw.Length}: the header needs {header} bytes");
        var sizes = new int[dims];
        long count = 1;
        for (int d = 0; d < dims; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(4 + 4 * d));
            if (size > int.MaxValue) throw new DataFormatException($"{path}: dimension {d} has impossible size {size}");
            sizes[d] = (int)size;
            count *= size;
        }
        if (raw.Length - header < count)
            throw new DataFormatException($"{path}: truncated: header says {string.Join(" × ", sizes)} = {count} values, file has {raw.Length - header} after the header");
        return new IdxFile(path, sizes, raw.AsSpan(header, (int)count).ToArray());
    }

    private static byte[] Decompress(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
