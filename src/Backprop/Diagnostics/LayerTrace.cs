namespace Backprop.Diagnostics;

/// <summary>
/// What backpropagation computed in layer l for one example: z^l and a^l going forward, then δ^l (BP1 for l = L, BP2
/// below) and the parameter gradients ∂C/∂b^l (BP3) and ∂C/∂w_jk^l (BP4), each beside a finite difference.
/// </summary>
/// <param name="Layer">l, in the seeds' numbering (1…L).</param>
/// <param name="Description">The layer as <see cref="Layers.Layer{T}.ToString"/> prints it, e.g. <c>Dense(4) → relu</c>.</param>
/// <param name="ActivationName">f^l's name.</param>
/// <param name="InputSize">n_(l−1).</param>
/// <param name="Units">n_l.</param>
/// <param name="HasWeights">Whether the layer has W^l and b^l (false for an activation standing alone: z^l = a^(l−1)).</param>
/// <param name="WeightedInput">z^l = W^l a^(l−1) + b^l, n_l values.</param>
/// <param name="Activation">a^l = f^l(z^l), n_l values.</param>
/// <param name="Upstream">
/// ∂C/∂a^l, the factor δ^l is made from: ∇_a C for l = L (first factor of BP1), (W^(l+1))ᵀ δ^(l+1) below (first factor of BP2;
/// δ^(l+1) itself when layer l+1 has no weights).
/// </param>
/// <param name="Derivative">f′(z^l) for an element-wise f (second factor of BP1/BP2); null for softmax, whose δ uses its Jacobian.</param>
/// <param name="Delta">δ^l = ∂C/∂z^l, n_l values.</param>
/// <param name="DeltaEquation">How δ^l was obtained: <c>BP1</c>, <c>BP1 fused (softmax + nll)</c>, <c>BP2</c>.</param>
/// <param name="BiasGradient">∂C/∂b_j^l = δ_j^l (BP3) with finite differences; empty without weights.</param>
/// <param name="WeightGradient">∂C/∂w_jk^l = a_k^(l−1) δ_j^l (BP4), row by row (j, then k); empty without weights.</param>
public sealed record LayerTrace(
    int Layer, string Description, string ActivationName, int InputSize, int Units, bool HasWeights,
    double[] WeightedInput, double[] Activation, double[] Upstream, double[]? Derivative, double[] Delta, string DeltaEquation,
    IReadOnlyList<CheckedGradient> BiasGradient, IReadOnlyList<CheckedGradient> WeightGradient)
{
    /// <summary>Whether δ^l came from BP1 (the output layer).</summary>
    public bool IsOutput => DeltaEquation.StartsWith("BP1", StringComparison.Ordinal);

    /// <summary>The largest relative error over the checked entries of ∂C/∂b^l and ∂C/∂W^l (0 when none was checked).</summary>
    public double MaxRelativeError => BiasGradient.Concat(WeightGradient).Where(g => g.IsChecked).Select(g => g.RelativeError).DefaultIfEmpty(0).Max();
}
