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

    /// <summary>
    /// The forward pass after the product: z ← z + b on every row of <paramref name="units"/> values, then a = f(z).
    /// The default is those two passes (the reference); an element-wise activation does both in one pass over z.
    /// </summary>
    /// <param name="z">m × units: W a^(l−1) on entry, z^l = W a^(l−1) + b on return.</param>
    /// <param name="bias">b^l, units values.</param>
    /// <param name="a">a^l = f(z^l), m × units (overwritten).</param>
    /// <param name="units">n_l.</param>
    void AddBiasAndActivate(Span<T> z, ReadOnlySpan<T> bias, Span<T> a, int units) => ReferencePasses.AddBiasThenActivate(this, z, bias, a, units);

    /// <summary>
    /// <see cref="BackpropagateDelta"/> followed by BP3's sum of δ's rows into <paramref name="rowSum"/> (∂C/∂b, units values, overwritten).
    /// The default is those two passes (the reference); an element-wise activation does both in one pass over δ.
    /// </summary>
    void BackpropagateDeltaAndSum(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> outputGradient, Span<T> delta, int units, Span<T> rowSum) =>
        ReferencePasses.BackpropagateDeltaThenSum(this, z, a, outputGradient, delta, units, rowSum);
}

/// <summary>The plain, unfused element-wise passes: what the fused ones must equal (and what they fall back to).</summary>
public static class ReferencePasses
{
    /// <summary>z ← z + b row by row, then a = f(z): two passes.</summary>
    public static void AddBiasThenActivate<T>(IActivation<T> activation, Span<T> z, ReadOnlySpan<T> bias, Span<T> a, int units) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < z.Length; i += units) System.Numerics.Tensors.TensorPrimitives.Add(z.Slice(i, units), bias[..units], z.Slice(i, units));
        activation.Activate(z, a[..z.Length], units);
    }

    /// <summary>δ = g ⊙ f′(z), then BP3's ∂C/∂b = Σ over δ's rows (row 0 copied, rows 1… added in order): two passes.</summary>
    public static void BackpropagateDeltaThenSum<T>(IActivation<T> activation, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> outputGradient, Span<T> delta, int units, Span<T> rowSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        activation.BackpropagateDelta(z, a, outputGradient, delta, units);
        SumRows(delta[..z.Length], units, rowSum);
    }

    /// <summary>BP3: sum[j] = Σ_i rows[i·units + j], row 0 copied and rows 1… added in order.</summary>
    public static void SumRows<T>(ReadOnlySpan<T> rows, int units, Span<T> sum) where T : unmanaged, IFloatingPointIeee754<T>
    {
        sum = sum[..units];
        rows[..units].CopyTo(sum);
        for (int i = units; i < rows.Length; i += units) System.Numerics.Tensors.TensorPrimitives.Add(sum, rows.Slice(i, units), sum);
    }
}
