using System.Numerics;

namespace Backprop.Activations;

/// <summary>
/// An activation f^l of a layer: a^l = f^l(z^l), and the factor it contributes to BP1 and BP2.
/// </summary>
/// <remarks>
/// Shapes: every span holds m examples × <c>units</c> values, one example after another
/// (row i is example i; the seeds' column i of z^l). See <see cref="Network{T}"/> for the layout legend.
/// </remarks>
public interface IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name the model file and the command line use (<c>sigmoid</c>, <c>relu</c>, …).</summary>
    string Name { get; }

    /// <summary>Whether a^l_j depends on z^l_j alone (every activation but softmax).</summary>
    bool IsElementwise { get; }

    /// <summary>a = f(z), for m examples of <paramref name="units"/> values each.</summary>
    /// <param name="z">Weighted input z^l, m × units.</param>
    /// <param name="a">Activation a^l, m × units (overwritten).</param>
    /// <param name="units">n_l, the width of one example.</param>
    void Activate(ReadOnlySpan<T> z, Span<T> a, int units);

    /// <summary>
    /// δ = ∂C/∂z from g = ∂C/∂a: the second factor of BP1 (δ^L = ∇_a C ⊙ f′(z^L)) and of BP2
    /// (δ^l = ((W^(l+1))ᵀ δ^(l+1)) ⊙ f′(z^l)); for softmax the Jacobian-transpose product instead.
    /// </summary>
    /// <param name="z">Weighted input z^l, m × units.</param>
    /// <param name="a">Activation a^l = f(z^l), m × units.</param>
    /// <param name="outputGradient">g = ∂C/∂a^l, m × units.</param>
    /// <param name="delta">δ^l = ∂C/∂z^l, m × units (overwritten; may be the same memory as <paramref name="outputGradient"/>).</param>
    /// <param name="units">n_l.</param>
    void BackpropagateDelta(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> outputGradient, Span<T> delta, int units);
}
