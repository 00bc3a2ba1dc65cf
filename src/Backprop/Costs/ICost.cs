using System.Numerics;

namespace Backprop.Costs;

/// <summary>
/// A cost C(a^L, y): its value and its gradient ∇_a C, the first factor of BP1 (δ^L = ∇_a C ⊙ f′(z^L)).
/// A cost never calls an activation's derivative; <see cref="Network{T}"/> combines the two factors in one place.
/// </summary>
/// <remarks>
/// Where 1/m lives (decided once): the cost of a mini-batch of m examples is the mean of the examples' costs,
/// C = (1/m) Σ_x c(x) (001), so <see cref="Value"/> is the mean and <see cref="OutputGradient"/> is the gradient of
/// that mean (each example's ∂c/∂a divided by m). BP3 and BP4 then give exactly ∂C/∂b and ∂C/∂W of the mean.
/// Spans hold m examples × <c>units</c> values, one example after another.
/// </remarks>
public interface ICost<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name the model file and the command line use (<c>quadratic</c>, <c>ce</c>, <c>nll</c>, <c>hinge</c>).</summary>
    string Name { get; }

    /// <summary>C = (1/m) Σ_x c(a_x, y_x), the mean over the m examples.</summary>
    /// <param name="a">Output activations a^L, m × units.</param>
    /// <param name="y">Targets, m × units.</param>
    /// <param name="units">n_L.</param>
    T Value(ReadOnlySpan<T> a, ReadOnlySpan<T> y, int units);

    /// <summary>∇_a C of the mean cost: ∂C/∂a_j for every example (each example's ∂c/∂a_j divided by m); first factor of BP1.</summary>
    /// <param name="a">Output activations a^L, m × units.</param>
    /// <param name="y">Targets, m × units.</param>
    /// <param name="outputGradient">∂C/∂a^L, m × units (overwritten).</param>
    /// <param name="units">n_L.</param>
    void OutputGradient(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> outputGradient, int units);
}
