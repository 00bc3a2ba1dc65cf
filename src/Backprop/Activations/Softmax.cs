using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Activations;

/// <summary>
/// Softmax, a vector function of each example's z: a_j = e^(z_j) / Σ_k e^(z_k) (000, problem 2).
/// Its backward pass applies the Jacobian ∂a_j/∂z_k = a_j(δ_jk − a_k) (003, problem 3).
/// </summary>
/// <remarks>
/// Forward subtracts each example's largest z before exponentiating, so z of ±1000 gives finite
/// probabilities (e^(z − max) ≤ 1, and the sum is at least 1). When softmax is the output layer and the cost is
/// the negative log-likelihood, <see cref="Network{T}"/> uses the fused pair
/// <see cref="Costs.Fused.SoftmaxNegativeLogLikelihood{T}"/> instead of this Jacobian.
/// </remarks>
public sealed class Softmax<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "softmax";

    /// <inheritdoc/>
    public bool IsElementwise => false;

    /// <summary>a = SM(z) for each example: a_j = e^(z_j − max z) / Σ_k e^(z_k − max z).</summary>
    /// <inheritdoc/>
    public void Activate(ReadOnlySpan<T> z, Span<T> a, int units)
    {
        for (int row = 0; row + units <= z.Length; row += units)
        {
            var zr = z.Slice(row, units);
            var ar = a.Slice(row, units);
            T max = TensorPrimitives.Max(zr);
            TensorPrimitives.Subtract(zr, max, ar);
            TensorPrimitives.Exp(ar, ar);
            T sum = TensorPrimitives.Sum<T>(ar);
            TensorPrimitives.Divide(ar, sum, ar);
        }
    }

    /// <summary>
    /// δ = Jᵀg for each example, J_jk = a_j(δ_jk − a_k): δ_k = a_k (g_k − ⟨a, g⟩) (BP1/BP2 with the true Jacobian).
    /// </summary>
    /// <inheritdoc/>
    public void BackpropagateDelta(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> outputGradient, Span<T> delta, int units)
    {
        for (int row = 0; row + units <= z.Length; row += units)
        {
            var ar = a.Slice(row, units);
            var gr = outputGradient.Slice(row, units);
            var dr = delta.Slice(row, units);
            T dot = TensorPrimitives.Dot(ar, gr);
            TensorPrimitives.Subtract(gr, dot, dr);
            TensorPrimitives.Multiply(ar, dr, dr);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
