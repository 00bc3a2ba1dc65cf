using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Data;

/// <summary>
/// Rows of bytes held without their zeros: for each row, one bit per byte (set where the byte is not 0) in
/// ⌈width / 64⌉ words, followed by the row's nonzero bytes in order, one stretch of memory per row, and where each row
/// starts. Image data sets are mostly blank background: Fashion-MNIST's 70,000 images of 784 pixels are 50 % zeros and
/// take 34.9 MB this way instead of 54.9 MB, the bundled digits (19 % nonzero) 2.6 MB instead of 7.8 (issue 4's memory
/// target). A row is expanded back as <see cref="DataSet{T}"/> gathers it: AVX-512 VBMI2's vpexpandb, 64 bytes at a
/// time, or bit by bit on other processors. Finding a row takes a load (its start) that plain bytes do not need, so the
/// gather asks for starts ahead of the rows (<see cref="PrefetchStart"/>): without that, packed rows cost relu128 7 %.
/// </summary>
internal sealed class SparseBytes
{
    /// <summary>Bytes after the last row's values, so that a 64-byte load or store at any row's values stays inside the array.</summary>
    private const int Padding = 64;

    /// <summary>The largest share of the rows' own size that packing may take; denser data stays as plain bytes.</summary>
    internal const double MaxShare = 0.75;

    /// <summary>Row after row: the row's mask words, then its nonzero bytes; then <see cref="Padding"/> bytes.</summary>
    private readonly byte[] _data;
    /// <summary>Where each row starts in <see cref="_data"/>, and where the rows end.</summary>
    private readonly int[] _starts;

    private SparseBytes(int count, int width, byte[] data, int[] starts)
    {
        Count = count; Width = width; _data = data; _starts = starts;
    }

    /// <summary>Rows held.</summary>
    public int Count { get; }
    /// <summary>Bytes per row.</summary>
    public int Width { get; }
    /// <summary>Mask words per row: one bit per byte of the row.</summary>
    private int Words => (Width + 63) >> 6;
    /// <summary>Bytes <see cref="Expand(int, Span{byte})"/> writes: <see cref="Width"/> rounded up to whole 64-byte words, zeros past the row.</summary>
    public int PaddedWidth => Words * 64;

    /// <summary>Bytes this holds: masks and nonzero values with their padding, and the rows' starts.</summary>
    public long StoredBytes => _data.LongLength + _starts.LongLength * sizeof(int);

    /// <summary>
    /// Whether packing <paramref name="count"/> rows of <paramref name="width"/> bytes, <paramref name="nonzero"/> of
    /// them not 0, takes at most <see cref="MaxShare"/> of their size.
    /// </summary>
    public static bool Saves(int count, int width, long nonzero) =>
        Size(count, width, nonzero) <= MaxShare * ((long)count * width);

    /// <summary>Bytes <paramref name="count"/> packed rows of <paramref name="width"/> take with <paramref name="nonzero"/> nonzero bytes in all.</summary>
    private static long Size(int count, int width, long nonzero) =>
        nonzero + Padding + (long)count * ((width + 63) >> 6) * sizeof(ulong) + (count + 1L) * sizeof(int);

    /// <summary>
    /// Packs <paramref name="rows"/> (whole rows of <paramref name="width"/> bytes) when that takes at most
    /// <see cref="MaxShare"/> of their size, else returns null (keep the bytes as they are).
    /// </summary>
    public static SparseBytes? TryPack(ReadOnlySpan<byte> rows, int width) => Pack(rows, width, onlyIfSaves: true);

    /// <summary>Packs <paramref name="rows"/> (whole rows of <paramref name="width"/> bytes) whatever it saves.</summary>
    internal static SparseBytes Pack(ReadOnlySpan<byte> rows, int width) => Pack(rows, width, onlyIfSaves: false)!;

    private static SparseBytes? Pack(ReadOnlySpan<byte> rows, int width, bool onlyIfSaves)
    {
        CheckRows(rows, width);
        int count = rows.Length / width;
        long nonzero = rows.Length - rows.Count((byte)0);
        return onlyIfSaves && !Saves(count, width, nonzero) ? null : new Builder(count, width, nonzero).Append(rows).Build();
    }

    private static void CheckRows(ReadOnlySpan<byte> rows, int width)
    {
        if (width <= 0 || rows.Length % width != 0) throw new ArgumentException($"{rows.Length} bytes is not a whole number of rows of {width}", nameof(rows));
    }

    /// <summary>
    /// Packs rows handed over a chunk at a time, into an array sized once from the count of nonzero bytes (known from
    /// a first pass over the data): an images file is packed as it is read, without its plain bytes held whole.
    /// </summary>
    internal sealed class Builder
    {
        private readonly int _count, _width, _words;
        private readonly byte[] _data;
        private readonly int[] _starts;
        private int _rows, _p;

        /// <summary>Room for <paramref name="count"/> rows of <paramref name="width"/> bytes with <paramref name="nonzero"/> nonzero bytes in all.</summary>
        public Builder(int count, int width, long nonzero)
        {
            _count = count; _width = width; _words = (width + 63) >> 6;
            _data = new byte[Size(count, width, nonzero) - (count + 1L) * sizeof(int)];
            _starts = new int[count + 1];
        }

        /// <summary>Packs the next whole rows.</summary>
        /// <exception cref="InvalidOperationException">More rows, or more nonzero bytes, than the builder was made for.</exception>
        public Builder Append(ReadOnlySpan<byte> rows)
        {
            CheckRows(rows, _width);
            int words = _words, width = _width;
            for (int start = 0; start < rows.Length; start += width)
            {
                var row = rows.Slice(start, width);
                if (_rows == _count) throw new InvalidOperationException($"more than the {_count} rows expected");
                int masks = _p, p = _p + words * sizeof(ulong), end = _data.Length - Padding;
                _starts[_rows] = masks;
                for (int w = 0; w < words; w++)
                {
                    int first = w * 64, lanes = Math.Min(64, width - first);
                    ulong m;
                    if (lanes == 64 && Avx512Vbmi2.IsSupported)
                    {
                        var bytes = Vector512.Create(row.Slice(first, 64));
                        var nonzero = Vector512.GreaterThan(bytes, Vector512<byte>.Zero);
                        m = nonzero.ExtractMostSignificantBits();
                        // Bytes stored past p are overwritten by the next word's; the padding takes the last store.
                        Avx512Vbmi2.Compress(Vector512<byte>.Zero, nonzero, bytes).StoreUnsafe(ref _data[p]);
                        p += BitOperations.PopCount(m);
                    }
                    else
                    {
                        m = 0;
                        for (int i = 0; i < lanes; i++)
                            if (row[first + i] != 0) { m |= 1UL << i; _data[p++] = row[first + i]; }
                    }
                    BinaryPrimitives.WriteUInt64LittleEndian(_data.AsSpan(masks + w * sizeof(ulong)), m);
                    // A word's bytes go at most 64 past the end counted, into the padding: past it, the count was short.
                    if (p > end) throw new InvalidOperationException($"row {_rows} has more nonzero bytes than counted");
                }
                _p = p;
                _rows++;
            }
            return this;
        }

        /// <summary>The packed rows.</summary>
        /// <exception cref="InvalidOperationException">Fewer rows, or fewer nonzero bytes, than the builder was made for.</exception>
        public SparseBytes Build()
        {
            if (_rows != _count || _p != _data.Length - Padding)
                throw new InvalidOperationException($"{_rows} rows and {_p} bytes packed, {_count} rows and {_data.Length - Padding} bytes expected");
            _starts[_count] = _p;
            return new SparseBytes(_count, _width, _data, _starts);
        }
    }

    /// <summary>Rows [start, start + count) as their own packed rows (copies).</summary>
    public SparseBytes Slice(int start, int count)
    {
        int first = _starts[start], end = _starts[start + count];
        var starts = new int[count + 1];
        for (int r = 0; r <= count; r++) starts[r] = _starts[start + r] - first;
        var data = new byte[end - first + Padding];
        _data.AsSpan(first, end - first).CopyTo(data);
        return new SparseBytes(count, Width, data, starts);
    }

    /// <summary>
    /// Writes row <paramref name="row"/>'s <see cref="Width"/> bytes, zeros back in place, into <paramref name="destination"/>,
    /// and zeros after them up to <see cref="PaddedWidth"/> (so that every word is one 64-byte store).
    /// </summary>
    public void Expand(int row, Span<byte> destination) => Expand(row, destination, Avx512Vbmi2.IsSupported);

    /// <summary><see cref="Expand(int, Span{byte})"/>, with or without vpexpandb (tests take both ways).</summary>
    internal void Expand(int row, Span<byte> destination, bool vector)
    {
        if ((uint)row >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(row), $"row {row} is outside 0…{Count - 1}");
        if (destination.Length < PaddedWidth) throw new ArgumentException($"destination holds {destination.Length} bytes, a row takes {PaddedWidth}", nameof(destination));
        int words = Words, start = _starts[row], p = start + words * sizeof(ulong);
        ref byte data = ref MemoryMarshal.GetArrayDataReference(_data);
        int w = 0;
        if (vector && Avx512Vbmi2.IsSupported)
        {
            ref byte d = ref MemoryMarshal.GetReference(destination);
            for (; w < words; w++)
            {
                ulong m = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, start + w * sizeof(ulong)));
                var packed = Vector512.LoadUnsafe(ref data, (nuint)p);
                Avx512Vbmi2.Expand(Vector512<byte>.Zero, Lanes(m), packed).StoreUnsafe(ref d, (nuint)(w * 64));
                p += BitOperations.PopCount(m);
            }
        }
        for (; w < words; w++)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(start + w * sizeof(ulong)));
            int first = w * 64;
            destination.Slice(first, 64).Clear();
            for (; m != 0; m &= m - 1) destination[first + BitOperations.TrailingZeroCount(m)] = _data[p++];
        }
    }

    /// <summary>
    /// A byte vector whose lane i is all ones where bit i of <paramref name="mask"/> is set: each 128-bit lane of the
    /// broadcast word picks its bytes i / 8 (vpshufb), and lane i keeps bit i % 8 of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Lanes(ulong mask)
    {
        // Constants written out here, not static fields: a static field's class check in the loop made the JIT spill the
        // vectors to the stack around it.
        var byteOfBit = Vector512.Create(0x0000000000000000UL, 0x0101010101010101UL, 0x0202020202020202UL, 0x0303030303030303UL,
                                         0x0404040404040404UL, 0x0505050505050505UL, 0x0606060606060606UL, 0x0707070707070707UL).AsByte();
        var bitOfByte = Vector512.Create(0x8040201008040201UL).AsByte();
        var bytes = Avx512BW.Shuffle(Vector512.Create(mask).AsByte(), byteOfBit);
        return Vector512.Equals(bytes & bitOfByte, bitOfByte);
    }

    /// <summary>
    /// Asks for the cache line holding row <paramref name="row"/>'s start (prefetcht0), so that a <see cref="Prefetch"/>
    /// of the row a few rows later need not wait for it: the starts (4 bytes a row) leave the caches during a training
    /// step like the rows themselves, and a prefetch whose address waits on a load from memory stalls the gather.
    /// </summary>
    public unsafe void PrefetchStart(int row)
    {
        if (!Sse.IsSupported) return;
        fixed (int* start = &_starts[row]) Sse.Prefetch0(start);
    }

    /// <summary>
    /// Asks for row <paramref name="row"/>'s masks and values to be loaded into L2 (prefetcht1), or with
    /// <paramref name="intoL1"/> into L1 (prefetcht0).
    /// </summary>
    public unsafe void Prefetch(int row, bool intoL1 = false)
    {
        if (!Sse.IsSupported) return;
        int start = _starts[row], end = _starts[row + 1];
        fixed (byte* data = _data)
        {
            byte* line = (byte*)((nint)(data + start) & ~63), last = data + end + 63;   // the last word's 64-byte load reaches up to 63 bytes past the row
            if (intoL1) for (; line < last; line += 64) Sse.Prefetch0(line);
            else for (; line < last; line += 64) Sse.Prefetch1(line);
        }
    }
}
