using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Data;

/// <summary>
/// Examples for a network: inputs, one row of <see cref="InputSize"/> values per example, and either class labels
/// (converted to target vectors by <see cref="Targets"/>) or target vectors given directly (regression).
/// </summary>
public sealed class DataSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a data set, checking shapes and that no input or target is NaN or infinite.</summary>
    /// <param name="name">Where the data came from, for messages (a file or folder).</param>
    /// <param name="inputs">Count × inputSize values, one example per row.</param>
    /// <param name="inputSize">Values per example.</param>
    /// <param name="labels">Class of each example (0-based), or null.</param>
    /// <param name="targets">Count × targetSize target values, or null.</param>
    /// <param name="targetSize">Values per target row (0 when there are no targets).</param>
    /// <exception cref="DataFormatException">Shapes disagree, a label is negative, or a value is NaN or infinite; the message names the example.</exception>
    public DataSet(string name, T[] inputs, int inputSize, int[]? labels = null, T[]? targets = null, int targetSize = 0)
        : this(name, inputs.Length, inputSize, labels, targets, targetSize)
    {
        for (int i = 0; i < inputs.Length; i++)
            if (!T.IsFinite(inputs[i])) throw new DataFormatException($"{name}: example {i / inputSize}, feature {i % inputSize} is {inputs[i]}");
        _inputs = inputs;
    }

    /// <summary>
    /// A data set whose inputs are bytes scaled to 0…1 (image pixels): input i is <c>T.CreateChecked(values[i]) * (T.One / T.CreateChecked(255))</c>.
    /// It keeps the bytes (a quarter of the memory of float inputs), or, when that takes at most three quarters of their
    /// size (784-byte images: when at least 39 % of the bytes are 0, an image's blank background), only the nonzero bytes
    /// and a bit per byte saying where they go (<see cref="HasPackedInputs"/>; Fashion-MNIST then takes 64 % of its size),
    /// and converts rows as training gathers them; <see cref="Inputs"/> is made from them the first time it is read.
    /// </summary>
    /// <param name="name">Where the data came from, for messages.</param>
    /// <param name="values">Count × inputSize bytes, one example per row (kept, not copied, unless they are packed).</param>
    /// <param name="inputSize">Values per example.</param>
    /// <param name="labels">Class of each example (0-based), or null.</param>
    /// <param name="targets">Count × targetSize target values, or null.</param>
    /// <param name="targetSize">Values per target row (0 when there are no targets).</param>
    /// <exception cref="DataFormatException">Shapes disagree, a label is negative, or a target is NaN or infinite.</exception>
    public static DataSet<T> FromBytes(string name, byte[] values, int inputSize, int[]? labels = null, T[]? targets = null, int targetSize = 0) =>
        new(name, values ?? throw new ArgumentNullException(nameof(values)), inputSize, labels, targets, targetSize);

    /// <summary>A data set of byte inputs packed already (<see cref="ImageData"/> packs images as it reads them).</summary>
    internal static DataSet<T> FromPacked(string name, SparseBytes packed, int[]? labels) => new(name, packed, labels, null, 0);

    /// <summary><see cref="FromBytes(string, byte[], int, int[], T[], int)"/>, packing only when <paramref name="pack"/> is set (tests and probes compare both ways).</summary>
    internal static DataSet<T> FromBytes(string name, byte[] values, int inputSize, int[]? labels, bool pack) =>
        new(name, values, inputSize, labels, null, 0, pack);

    private DataSet(string name, byte[] values, int inputSize, int[]? labels, T[]? targets, int targetSize, bool pack = true)
        : this(name, values.Length, inputSize, labels, targets, targetSize)
    {
        _sparse = pack ? SparseBytes.TryPack(values, inputSize) : null;
        if (_sparse is null) _bytes = values;
    }

    private DataSet(string name, SparseBytes sparse, int[]? labels, T[]? targets, int targetSize)
        : this(name, sparse.Count * sparse.Width, sparse.Width, labels, targets, targetSize) => _sparse = sparse;

    /// <summary>Checks the shapes, labels and targets shared by both kinds of input.</summary>
    private DataSet(string name, int inputCount, int inputSize, int[]? labels, T[]? targets, int targetSize)
    {
        Name = name;
        if (inputSize <= 0 || inputCount % inputSize != 0)
            throw new DataFormatException($"{name}: {inputCount} input values is not a whole number of examples of width {inputSize}");
        Count = inputCount / inputSize;
        if (labels is null == targets is null) throw new DataFormatException($"{name}: give either labels or targets");
        if (labels is not null && labels.Length != Count) throw new DataFormatException($"{name}: {Count} examples but {labels.Length} labels");
        if (targets is not null && (targetSize <= 0 || targets.Length != Count * targetSize))
            throw new DataFormatException($"{name}: {Count} examples need {Count * targetSize} target values, got {targets.Length}");
        if (targets is not null)
            for (int i = 0; i < targets.Length; i++)
                if (!T.IsFinite(targets[i])) throw new DataFormatException($"{name}: example {i / targetSize}, target {i % targetSize} is {targets[i]}");
        if (labels is not null)
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] < 0) throw new DataFormatException($"{name}: example {i} has negative label {labels[i]}");
        InputSize = inputSize; Labels = labels; TargetValues = targets; TargetSize = targetSize;
    }

    /// <summary>Where the data came from.</summary>
    public string Name { get; }
    /// <summary>The number of examples.</summary>
    public int Count { get; }
    /// <summary>Values per example (n_0 of a network that reads it).</summary>
    public int InputSize { get; }
    /// <summary>Count × InputSize inputs, one example per row (for a data set made <see cref="FromBytes(string, byte[], int, int[], T[], int)"/>, converted on first use and kept).</summary>
    public T[] Inputs => _inputs ?? MaterializeInputs();

    private T[]? _inputs;
    private readonly byte[]? _bytes;
    private readonly SparseBytes? _sparse;

    /// <summary>Whether the inputs are held as bytes (<see cref="FromBytes(string, byte[], int, int[], T[], int)"/>), plain or packed.</summary>
    public bool HasByteInputs => _bytes is not null || _sparse is not null;

    /// <summary>Whether the byte inputs are held without their zeros (see <see cref="FromBytes(string, byte[], int, int[], T[], int)"/>).</summary>
    public bool HasPackedInputs => _sparse is not null;

    /// <summary>
    /// Bytes the data set holds: inputs (bytes plain or packed, floats, or both once <see cref="Inputs"/> has been made
    /// from bytes), labels and targets.
    /// </summary>
    public long StoredBytes =>
        (_bytes?.LongLength ?? 0) + (_sparse?.StoredBytes ?? 0) + (_inputs?.LongLength ?? 0) * Unsafe.SizeOf<T>()
        + (Labels?.LongLength ?? 0) * sizeof(int) + (TargetValues?.LongLength ?? 0) * Unsafe.SizeOf<T>();

    /// <summary>Largest row a packed data set expands on the stack; wider rows go through a pooled array.</summary>
    private const int MaxStackRow = 16 * 1024;

    /// <summary>Expands packed row <paramref name="example"/> and scales it into <paramref name="destination"/>.</summary>
    [SkipLocalsInit]
    private void ScaleSparse(int example, Span<T> destination)
    {
        int n = InputSize, padded = _sparse!.PaddedWidth;
        byte[]? rented = padded > MaxStackRow ? System.Buffers.ArrayPool<byte>.Shared.Rent(padded) : null;
        Span<byte> row = rented is null ? stackalloc byte[padded] : rented.AsSpan(0, padded);
        _sparse.Expand(example, row);
        ScaleBytes(row[..n], destination[..n]);
        if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Writes the inputs of example <paramref name="example"/> (InputSize values) into <paramref name="destination"/>.</summary>
    public void CopyInput(int example, Span<T> destination)
    {
        if ((uint)example >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(example), $"example {example} is outside 0…{Count - 1}");
        int n = InputSize;
        if (_inputs is not null) _inputs.AsSpan(example * n, n).CopyTo(destination);
        else if (_sparse is not null) ScaleSparse(example, destination);
        else ScaleBytes(_bytes.AsSpan(example * n, n), destination[..n]);
    }

    /// <summary>
    /// Asks the processor to start loading example <paramref name="example"/>'s inputs into cache (no effect where prefetch
    /// instructions are unavailable): training calls it for the next mini-batch's rows, so their loads from memory overlap
    /// the current step instead of stalling the next gather. Into L2 (prefetcht1), not L1: measured on Zen 5 with nielsen1,
    /// the gather of ten rows took 2.3 µs after prefetcht0 and 1.6 µs after prefetcht1 (the step streams W through L1).
    /// With <paramref name="soon"/> (the gather's own rows, a few rows ahead), packed rows go into L1 (prefetcht0): from
    /// L2, expanding a row waited on its mask words and then on its bytes, one load after the other (perf of wide128:
    /// the expansion 2.8 % of an epoch with prefetcht1, 0.6 % with prefetcht0, the prefetches 1.5 → 2.0 %). Plain rows
    /// stay with prefetcht1 (their loads do not wait on one another; prefetcht0 measured no different).
    /// </summary>
    internal unsafe void Prefetch(int example, bool soon = false)
    {
        if (!Sse.IsSupported || (uint)example >= (uint)Count) return;
        int n = InputSize;
        if (_sparse is not null) _sparse.Prefetch(example, soon);
        else if (_bytes is not null)
            fixed (byte* row = &_bytes[example * n])
                for (int offset = 0; offset < n; offset += 64) Sse.Prefetch1(row + offset);
        else if (_inputs is not null)
            fixed (T* row = &_inputs[example * n])
            {
                byte* start = (byte*)row;
                for (long offset = 0, end = (long)n * sizeof(T); offset < end; offset += 64) Sse.Prefetch1(start + offset);
            }
    }

    /// <summary>
    /// For packed inputs, asks for what <see cref="Prefetch"/> of example <paramref name="example"/> will read to find
    /// the row (see <see cref="SparseBytes.PrefetchStart"/>); nothing for other inputs, whose rows are found by arithmetic.
    /// </summary>
    internal void PrefetchLocation(int example)
    {
        if (_sparse is not null && (uint)example < (uint)Count) _sparse.PrefetchStart(example);
    }

    /// <summary>The inputs of examples [start, start + count): a view of <see cref="Inputs"/>, or for byte inputs converted into <paramref name="scratch"/> (≥ count × InputSize).</summary>
    internal ReadOnlySpan<T> InputRows(int start, int count, Span<T> scratch)
    {
        int n = InputSize;
        if (_inputs is not null) return _inputs.AsSpan(start * n, count * n);
        var rows = scratch[..(count * n)];
        if (_sparse is not null)
            for (int i = 0; i < count; i++) ScaleSparse(start + i, rows.Slice(i * n, n));
        else ScaleBytes(_bytes.AsSpan(start * n, count * n), rows);
        return rows;
    }

    private T[] MaterializeInputs()
    {
        var inputs = new T[(long)Count * InputSize];
        if (_sparse is not null)
            for (int i = 0; i < Count; i++) ScaleSparse(i, inputs.AsSpan(i * InputSize, InputSize));
        else ScaleBytes(_bytes, inputs);
        return Interlocked.CompareExchange(ref _inputs, inputs, null) ?? inputs;
    }

    /// <summary>
    /// destination[i] = T.CreateChecked(source[i]) * (T.One / T.CreateChecked(255)), the scaling of <see cref="ImageData"/>;
    /// for float, 16 bytes at a time (zero-extended to int32, converted exactly, one multiply), so equal bit for bit.
    /// </summary>
    internal static void ScaleBytes(ReadOnlySpan<byte> source, Span<T> destination)
    {
        int n = source.Length;
        if (destination.Length < n) throw new ArgumentException("destination is shorter than source", nameof(destination));
        T scale = T.One / T.CreateChecked(255);
        int i = 0;
        if (typeof(T) == typeof(float) && Avx512F.IsSupported)
        {
            ref byte s = ref MemoryMarshal.GetReference(source);
            ref float d = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(destination));
            var factor = Vector512.Create(Unsafe.As<T, float>(ref scale));
            for (; i <= n - 16; i += 16)
            {
                var bytes = Vector128.LoadUnsafe(ref s, (nuint)i);
                (Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(bytes)) * factor).StoreUnsafe(ref d, (nuint)i);
            }
        }
        else if (typeof(T) == typeof(float) && Avx2.IsSupported)
        {
            ref byte s = ref MemoryMarshal.GetReference(source);
            ref float d = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(destination));
            var factor = Vector256.Create(Unsafe.As<T, float>(ref scale));
            for (; i <= n - 8; i += 8)
            {
                var bytes = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, i))).AsByte();
                (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes)) * factor).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++) destination[i] = T.CreateChecked(source[i]) * scale;
    }
    /// <summary>Class labels (classification), or null.</summary>
    public int[]? Labels { get; }
    /// <summary>Target rows (regression), or null.</summary>
    public T[]? TargetValues { get; }
    /// <summary>Values per target row, 0 with labels.</summary>
    public int TargetSize { get; }
    /// <summary>Whether examples carry class labels.</summary>
    public bool IsClassification => Labels is not null;

    /// <summary>Examples [start, start + count) as a new data set (copies).</summary>
    public DataSet<T> Slice(int start, int count, string? name = null)
    {
        if (start < 0 || count < 0 || start + count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"[{start}, {start + count}) is outside 0…{Count}");
        var labels = Labels?.AsSpan(start, count).ToArray();
        var targets = TargetValues?.AsSpan(start * TargetSize, count * TargetSize).ToArray();
        if (_sparse is not null) return new DataSet<T>(name ?? Name, _sparse.Slice(start, count), labels, targets, TargetSize);
        if (_bytes is not null) return new DataSet<T>(name ?? Name, _bytes.AsSpan(start * InputSize, count * InputSize).ToArray(), InputSize, labels, targets, TargetSize);
        return new DataSet<T>(name ?? Name, _inputs.AsSpan(start * InputSize, count * InputSize).ToArray(), InputSize, labels, targets, TargetSize);
    }

    /// <summary>Splits off the last ⌊fraction · Count⌉ examples (e.g. 0.1: the last 10 %, Nielsen's validation set taken from the end of the training data).</summary>
    /// <param name="fraction">The share held out, in (0, 1).</param>
    /// <returns>(the first examples, the last ones).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves either part empty.</exception>
    public (DataSet<T> First, DataSet<T> Last) SplitLast(double fraction)
    {
        int last = (int)Math.Round(fraction * Count);
        if (!(fraction > 0 && fraction < 1) || last == 0 || last == Count)
            throw new ArgumentOutOfRangeException(nameof(fraction), $"{Name}: cannot hold out {fraction} of {Count} examples (give a fraction in (0, 1) that leaves both parts non-empty)");
        return (Slice(0, Count - last, $"{Name} (first {Count - last})"), Slice(Count - last, last, $"{Name} (last {last})"));
    }

    /// <summary>Checks that a network can read this data: input width = n_0, labels &lt; n_L (or ≤ 1 for one output unit), target width = n_L.</summary>
    /// <exception cref="ShapeMismatchException">It cannot; the message names the data and the layer.</exception>
    public void CheckFits(Network<T> network)
    {
        if (InputSize != network.InputSize)
            throw new ShapeMismatchException($"{Name}: examples have {InputSize} values but layer 1 of the network takes {network.InputSize} inputs");
        if (Labels is not null)
        {
            int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
            for (int i = 0; i < Labels.Length; i++)
                if (Labels[i] >= classes)
                    throw new ShapeMismatchException($"{Name}: example {i} has label {Labels[i]} but the output layer has {network.OutputSize} unit(s), so labels must be below {classes}");
        }
        else if (TargetSize != network.OutputSize)
            throw new ShapeMismatchException($"{Name}: targets have {TargetSize} values but the output layer has {network.OutputSize} units");
    }
}
