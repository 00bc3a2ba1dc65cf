// Predictor: a trained network prepared for inference one example at a time.
//
// One example through a layer is a product of one row by W: the work is reading W (313 KB for 784 × 100, from L2),
// not the arithmetic. Stored as the network keeps it (W^l, n_l × n_(l−1), Layer's w_jk at [j·n_(l−1) + k]) every
// weight must be read, since each z_j is a dot product over all k. Stored input-major, (W^l)ᵀ with row k holding the
// weights out of unit k, z^l = Σ_k a_k^(l−1) · row k, and a row under a zero input is never read: half the pixels
// of a Fashion-MNIST image are 0, and ReLU zeroes about half a hidden layer. The product is Gemm's one-row path
// (Numerics/Gemm/SparseRow.cs). Rows are padded to whole 64-byte cache lines and the block starts on one, so a
// row's vectors never straddle two lines and two threads splitting the columns never share a line. Units past the last
// whole vector of 16 (100 = 6·16 + 4) are also kept apart, 4 per input, so one example reads 6 lines per nonzero input
// where it read 7 (bench --config infer1: 2.00 -> 1.84 µs); a batch takes those units as dot products with their rows of
// W^l, also kept (Numerics/Gemm/SparseRows.cs, DotColumns).
using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Activations;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Inference;

/// <summary>
/// A snapshot of a network for fast inference: z^l = W^l a^(l−1) + b^l, a^l = f^l(z^l) for l = 1…L, as
/// <see cref="Network{T}.FeedForward"/> computes it, with each W^l copied transposed so that one example reads only the
/// weights out of its nonzero inputs. Later changes to the network are not seen; make a new predictor after training.
/// </summary>
/// <remarks>
/// Results agree with <see cref="Network{T}.FeedForward"/> to rounding (the sums are taken in another order) and are
/// bit-identical for every <see cref="Threads"/>. One instance is not safe to call from several threads at once.
/// </remarks>
/// <example>
/// <code>
/// var predictor = new Predictor&lt;float&gt;(network) { Threads = 2 };
/// int digit = predictor.Classify(pixels);          // arg max of a^L
/// ReadOnlySpan&lt;float&gt; aL = predictor.Predict(pixels);
/// </code>
/// </example>
public sealed class Predictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Stage[] _stages;
    private readonly string _outputActivation;
    private T[][] _z = [], _a = [];
    private int _capacity;

    /// <summary>Copies <paramref name="network"/>'s layers, each W^l transposed into an aligned block.</summary>
    /// <param name="network">The trained network.</param>
    public Predictor(Network<T> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        InputSize = network.InputSize;
        Threads = network.Threads;
        _stages = network.Layers.Select(layer => new Stage(layer)).ToArray();
        _outputActivation = network.Layers[^1].Activation.Name;
    }

    /// <summary>n_0, the width of an input x.</summary>
    public int InputSize { get; }

    /// <summary>n_L, the width of a^L.</summary>
    public int OutputSize => _stages[^1].Units;

    /// <summary>How many threads the products may use (the result is the same for every count). Starts at the network's.</summary>
    public int Threads
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    }

    /// <summary>a^L for one example.</summary>
    /// <param name="x">a^0, n_0 values.</param>
    /// <returns>a^L, n_L values: a view of internal memory, valid until the next call.</returns>
    /// <exception cref="ShapeMismatchException"><paramref name="x"/> does not hold n_0 values.</exception>
    public ReadOnlySpan<T> Predict(ReadOnlySpan<T> x) => Predict(x, 1);

    /// <summary>a^L for m examples, one per row.</summary>
    /// <param name="x">a^0, m × n_0.</param>
    /// <param name="m">Examples.</param>
    /// <returns>a^L, m × n_L: a view of internal memory, valid until the next call.</returns>
    /// <exception cref="ShapeMismatchException"><paramref name="x"/> is not m × n_0.</exception>
    public ReadOnlySpan<T> Predict(ReadOnlySpan<T> x, int m)
    {
        Network<T>.CheckBatch(x.Length, m, InputSize);
        return FeedForward(x, m, _stages.Length);
    }

    /// <summary>
    /// The class of one example, by the rule evaluation uses (<see cref="Targets.ClassOf{T}"/>): the index of the largest
    /// a_j^L (the first of equals), or for a single output unit 1 when it reaches the threshold, else 0. With a softmax
    /// or identity output of several units it is read from z^L, as <see cref="Classify(ReadOnlySpan{T}, int, Span{int})"/> reads it.
    /// </summary>
    /// <param name="x">a^0, n_0 values.</param>
    /// <exception cref="ShapeMismatchException"><paramref name="x"/> does not hold n_0 values.</exception>
    public int Classify(ReadOnlySpan<T> x)
    {
        Span<int> one = stackalloc int[1];
        Classify(x, 1, one);
        return one[0];
    }

    /// <summary>
    /// The classes of m examples, one per row, by <see cref="Classify(ReadOnlySpan{T})"/>'s rule. When a^L = softmax(z^L)
    /// or z^L itself, with several output units, a class is the index of the largest z_j^L (the first of equals): softmax
    /// keeps the order of the z_j, so the largest a_j is at the largest z_j, and its exponentials are skipped, as an arg
    /// max over logits skips them. Where rounding makes two a_j of unequal z_j equal, this picks the larger z_j rather than
    /// the first of the equal a_j. A row with NaN or +∞ in z^L is classified from a^L, as evaluation classifies it.
    /// </summary>
    /// <param name="x">a^0, m × n_0.</param>
    /// <param name="m">Examples.</param>
    /// <param name="classes">Receives the m classes.</param>
    /// <exception cref="ShapeMismatchException"><paramref name="x"/> is not m × n_0, or <paramref name="classes"/> holds fewer than m values.</exception>
    public void Classify(ReadOnlySpan<T> x, int m, Span<int> classes)
    {
        Network<T>.CheckBatch(x.Length, m, InputSize);
        if (classes.Length < m) throw new ShapeMismatchException($"classes has room for {classes.Length} values but the batch holds {m} examples");
        int n = OutputSize, L = _stages.Length;
        if (n > 1 && _stages[^1].KeepsOrder)
        {
            var input = FeedForward(x, m, L - 1);
            _stages[^1].ClassesFromWeightedInput(input, _z[L - 1], _a[L - 1], m, Threads, classes);
            return;
        }
        var a = FeedForward(x, m, L);
        for (int i = 0; i < m; i++) classes[i] = Targets.ClassOf(a.Slice(i * n, n), _outputActivation);
    }

    /// <summary>a^l for m examples through the first <paramref name="layers"/> stages (x itself for none).</summary>
    private ReadOnlySpan<T> FeedForward(ReadOnlySpan<T> x, int m, int layers)
    {
        if (m > _capacity) Allocate(m);
        ReadOnlySpan<T> a = x;
        for (int l = 0; l < layers; l++)
        {
            var stage = _stages[l];
            int n = stage.Units;
            var z = _z[l].AsSpan(0, m * n);
            var next = _a[l].AsSpan(0, m * n);
            stage.FeedForward(a, z, next, m, Threads);
            a = next;
        }
        return a;
    }

    private void Allocate(int m)
    {
        _z = _stages.Select(s => new T[m * s.Units]).ToArray();
        _a = _stages.Select(s => new T[m * s.Units]).ToArray();
        _capacity = m;
    }

    /// <summary>One layer: (W^l)ᵀ in rows padded to whole cache lines, b^l and f^l.</summary>
    private sealed class Stage
    {
        private readonly T[]? _weights;   // pinned, so the aligned offset stays aligned
        private readonly int _offset, _stride;
        private readonly T[]? _tail;      // pinned: the weights of the units past the last whole vector, apart (Gemm's bTail), or null
        private readonly int _tailOffset;
        private readonly T[]? _tailRows;  // the same units' rows of W^l, n_(l−1) each: a batch's dot products for those units
        private readonly T[]? _biases;
        private readonly IActivation<T> _activation;
        private readonly int _inputs;

        public Stage(Layer<T> layer)
        {
            Units = layer.Units;
            _inputs = layer.InputSize;
            _activation = layer.Activation;
            if (layer.Weights is not { } w) return;
            // Whole cache lines per row, and never 1 KB apart (rows that share L1 sets): the layout the batch product
            // reads in place, without packing (Numerics/Gemm/SparseRows.cs).
            _stride = SparseRows.InPlaceStride<T>(Units);
            (_weights, _offset) = CacheLines.Pinned<T>(_inputs * _stride);
            var wt = _weights.AsSpan(_offset, _inputs * _stride);
            // (W^l)ᵀ: row k holds w_jk for j = 0…n_l − 1, i.e. the weights out of input unit k.
            for (int j = 0; j < Units; j++)
                for (int k = 0; k < _inputs; k++)
                    wt[k * _stride + j] = w[j * _inputs + k];
            // When the last units fit a 128-bit vector (100 = 6·16 + 4), their weights out of each input are also kept
            // apart, k rows of 4, 12.5 KB for 784 inputs: one example then reads 6 cache lines per nonzero input, not 7.
            int tail = TailColumns.Count<T>(Units);
            if (tail > 0)
            {
                (_tail, _tailOffset) = CacheLines.Pinned<T>(_inputs * Vector128<T>.Count);
                TailColumns.Copy<T>(wt, _stride, Units, _inputs, _tail.AsSpan(_tailOffset));
                // And as W^l holds them, for a batch, which takes those units as dot products over each example's row.
                _tailRows = w.AsSpan((Units - tail) * _inputs, tail * _inputs).ToArray();
            }
            _biases = (T[])layer.Biases!.Clone();
        }

        public int Units { get; }

        /// <summary>Whether f keeps the order of a row's z_j (softmax, identity), so that its largest a_j is at its largest z_j.</summary>
        public bool KeepsOrder => _activation is Softmax<T> or ElementwiseActivation<T, IdentityFunction<T>>;

        /// <summary>z = a·(Wᵀ as stored), the product alone.</summary>
        private void Product(ReadOnlySpan<T> input, Span<T> z, int m, int threads)
        {
            var wt = new ReadOnlySpan<T>(_weights, _offset, _inputs * _stride);
            var tail = _tail is null ? default : new ReadOnlySpan<T>(_tail, _tailOffset, _tail.Length - _tailOffset);
            Gemm.Multiply(false, false, m, Units, _inputs, T.One, input, _inputs, wt, _stride, T.Zero, z, Units, threads, tail, _tailRows);
        }

        /// <summary>
        /// The class of each of m rows from z = a·Wᵀ + b (z = a^(l−1) without weights): the first largest z_j, each formed
        /// as <see cref="FeedForward"/> forms it. A row holding NaN or +∞ gets a = f(z) and the rule over a.
        /// </summary>
        public void ClassesFromWeightedInput(ReadOnlySpan<T> input, Span<T> z, Span<T> a, int m, int threads, Span<int> classes)
        {
            int n = Units;
            if (_weights is not null) Product(input, z, m, threads);
            ReadOnlySpan<T> sums = _weights is null ? input : z, b = _biases;
            int i = 0;
            if (Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double)) && n <= Vector512<T>.Count)
                i = ClassesOfShortRows(sums, b, z, a, m, classes);
            for (; i < m; i++)
            {
                var row = sums.Slice(i * n, n);
                T best = b.IsEmpty ? row[0] : row[0] + b[0];
                bool finite = !T.IsNaN(best) && !T.IsPositiveInfinity(best);
                int at = 0;
                for (int j = 1; j < n; j++)
                {
                    T v = b.IsEmpty ? row[j] : row[j] + b[j];
                    finite &= !T.IsNaN(v) && !T.IsPositiveInfinity(v);
                    if (v > best) { best = v; at = j; }
                }
                classes[i] = finite ? at : ClassOfRow(row, b, z.Slice(i * n, n), a.Slice(i * n, n));
            }
        }

        /// <summary>
        /// The classes of the rows that have a whole vector of room after them (all but the last few), a vector per row:
        /// z = row + b in the n live lanes, the largest z_j by halving the vector, then the first lane equal to it. A row
        /// with NaN or +∞ goes to <see cref="ClassOfRow"/>. Returns the rows done; the caller's loop takes the rest. The
        /// same class as that loop gives: the largest value, and of equal ones (−0 and +0 included) the first.
        /// </summary>
        private int ClassesOfShortRows(ReadOnlySpan<T> sums, ReadOnlySpan<T> b, Span<T> z, Span<T> a, int m, Span<int> classes)
        {
            int n = Units, v = Vector512<T>.Count;
            int rows = Math.Min(m, (sums.Length - v) / n + 1);   // rows i with i·n + v ≤ sums.Length
            if (rows <= 0) return 0;
            ulong liveBits = (1UL << n) - 1;   // n ≤ 16
            var live = Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(n)));
            Span<T> biasRow = stackalloc T[v];
            if (!b.IsEmpty) b.CopyTo(biasRow);
            var bias = Vector512.Create((ReadOnlySpan<T>)biasRow) & live;
            var lowest = Vector512.Create(T.NegativeInfinity);
            var infinity = Vector512.Create(T.PositiveInfinity);
            ref T start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(sums);
            for (int i = 0; i < rows; i++)
            {
                var zi = Vector512.LoadUnsafe(ref start, (nuint)(i * n)) + bias;
                ulong bad = (~Vector512.Equals(zi, zi) | Vector512.Equals(zi, infinity)).ExtractMostSignificantBits() & liveBits;
                if (bad != 0) { classes[i] = ClassOfRow(sums.Slice(i * n, n), b, z.Slice(i * n, n), a.Slice(i * n, n)); continue; }
                zi = Vector512.ConditionalSelect(live, zi, lowest);
                var m256 = Vector256.Max(zi.GetLower(), zi.GetUpper());
                var m128 = Vector128.Max(m256.GetLower(), m256.GetUpper());
                T best = m128[0];
                for (int t = 1; t < Vector128<T>.Count; t++) best = T.Max(best, m128[t]);
                ulong at = Vector512.Equals(zi, Vector512.Create(best)).ExtractMostSignificantBits() & liveBits;
                classes[i] = BitOperations.TrailingZeroCount(at);
            }
            return rows;
        }

        /// <summary>The rule over a = f(z) for one row (a row with NaN or +∞ in z): z = row + b written to <paramref name="z"/> (row itself, or a^(l−1) without weights).</summary>
        private int ClassOfRow(ReadOnlySpan<T> row, ReadOnlySpan<T> b, Span<T> z, Span<T> a)
        {
            for (int j = 0; j < Units; j++) z[j] = b.IsEmpty ? row[j] : row[j] + b[j];
            _activation.Activate(z, a, Units);
            return Targets.ClassOf<T>(a, _activation.Name);
        }

        /// <summary>z = a·(Wᵀ as stored) + b, then a^l = f(z); without weights z = a^(l−1).</summary>
        public void FeedForward(ReadOnlySpan<T> input, Span<T> z, Span<T> a, int m, int threads)
        {
            if (_weights is null)
            {
                input.CopyTo(z);
                _activation.Activate(z, a, Units);
                return;
            }
            Product(input, z, m, threads);
            _activation.AddBiasAndActivate(z, _biases, a, Units);
        }
    }
}
