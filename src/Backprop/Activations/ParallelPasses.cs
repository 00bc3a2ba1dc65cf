// ParallelPasses: the forward pass's bias and activation, shared among the matrix product's threads.
//
// On one thread the pass is a few per cent of a step; on two it ran on the caller alone while the other core waited,
// and read the half of z that the other core had just written: wide128's bias + ReLU over 128 × 256 took 5.4 µs on one
// thread and 8-34 µs on two (probe timing each call of a step, 2026-11-24). So on more than one thread z ← z + b and
// a = f(z) are cut by rows (examples), as Gemm cuts the product before it (SparseRows, and the packed kernel's rows):
// each core finishes the rows it computed, and its share of a^l is the rows it reads in the next product. Each element
// gets the same operations whatever the cut, so results never depend on the thread count.
//
// Measured (wide128 step on 2 threads, probe `step128-loop`, alternating rounds): 584/584/585 µs with the pass on
// the caller, 574/579/572 with it cut by rows; again 583/587 against 571/574. The backward pass (δ = g ⊙ f′(z) with BP3's Σ over δ's rows) was cut by
// columns too, whole vectors, so that every sum kept its order: 604-629 µs, slower than leaving it on the caller (each
// core then reads half of every row the other core wrote), so it stays there.
using System.Numerics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Activations;

/// <summary>z ← z + b and a = f(z) for a batch, its rows cut among <see cref="Workers"/> when it is large enough.</summary>
internal sealed unsafe class ParallelPasses<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Fewest elements (m × units) to share. relu128's 128 × 100 (12,800) was no faster shared (step on 2 threads
    /// 199.5/196.7 µs on the caller, 200.5/200.1 shared), wide128's 128 × 256 and 128 × 128 were.
    /// </summary>
    public const int MinElements = 16384;

    private readonly Action<int> _forwardPart;
    private IActivation<T>? _activation;
    private T* _z, _a, _bias;
    private int _m, _units, _parts;

    public ParallelPasses() => _forwardPart = ForwardPart;

    /// <summary>z ← z + b on every row and a = f(z) (<see cref="IActivation{T}.AddBiasAndActivate"/>), rows cut among up to <paramref name="threads"/> threads.</summary>
    public void AddBiasAndActivate(IActivation<T> activation, Span<T> z, ReadOnlySpan<T> bias, Span<T> a, int m, int units, int threads)
    {
        int parts = activation is ISharedActivation && threads > 1 && (long)m * units >= MinElements ? Math.Min(threads, m) : 1;
        if (parts <= 1)
        {
            activation.AddBiasAndActivate(z[..(m * units)], bias, a[..(m * units)], units);
            return;
        }
        if (z.Length < m * units || a.Length < m * units || bias.Length < units)
            throw new ShapeMismatchException($"{activation.Name}: z ({z.Length}), a ({a.Length}) or b ({bias.Length}) is shorter than {m} rows of {units}");
        fixed (T* pz = z, pa = a, pb = bias)
        {
            _z = pz;
            _a = pa;
            _bias = pb;
            (_activation, _m, _units, _parts) = (activation, m, units, parts);
            try { Workers.For(_forwardPart, parts); }
            finally { _activation = null; }
        }
    }

    private void ForwardPart(int part)
    {
        int r0 = (int)((long)_m * part / _parts), r1 = (int)((long)_m * (part + 1) / _parts), units = _units;
        _activation!.AddBiasAndActivate(new Span<T>(_z + (nint)r0 * units, (r1 - r0) * units), new ReadOnlySpan<T>(_bias, units),
            new Span<T>(_a + (nint)r0 * units, (r1 - r0) * units), units);
    }
}

/// <summary>
/// The library's own activations, which keep no state and may run on several threads at once; a user's f (a
/// <see cref="CustomActivation{T}"/>, or any other <see cref="IActivation{T}"/>) may not, and stays on the calling thread.
/// </summary>
internal interface ISharedActivation;
