using System.Numerics;

namespace Backprop.Costs.Fused;

/// <summary>
/// An output activation and a cost recognised as a pair whose output error simplifies to δ^L = a − y
/// (sigmoid + cross-entropy, 003 problem 2; softmax + NLL, 000 problem 2 and 003 problem 4): BP1 in one step,
/// with no f′ factor and so no learning slowdown. The value is computed from z, stably.
/// </summary>
public interface IFusedOutputDelta<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A name for printouts, e.g. <c>softmax + nll</c>.</summary>
    string Name { get; }

    /// <summary>The mean cost over m examples, computed from the weighted input z^L (finite at |z| = 1000).</summary>
    /// <param name="z">Weighted input z^L, m × units.</param>
    /// <param name="y">Targets, m × units.</param>
    /// <param name="units">n_L.</param>
    T Value(ReadOnlySpan<T> z, ReadOnlySpan<T> y, int units);

    /// <summary>δ^L = (a − y)/m, the output error of the mean cost (BP1, fused).</summary>
    /// <param name="a">Output activations a^L, m × units.</param>
    /// <param name="y">Targets, m × units.</param>
    /// <param name="delta">δ^L, m × units (overwritten).</param>
    /// <param name="units">n_L.</param>
    void OutputDelta(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> delta, int units);
}
