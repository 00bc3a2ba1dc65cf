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
public sealed class Softmax<T> : IActivation<T>, ISharedActivation where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "softmax";

    /// <inheritdoc/>
    public bool IsElementwise => false;

    /// <summary>a = SM(z) for each example: a_j = e^(z_j − max z) / Σ_k e^(z_k − max z).</summary>
    /// <remarks>
    /// Each row is shifted by its largest element (e^(z − max) ≤ 1, so ±1000 stays finite), then one exponential runs
    /// over the whole batch, then each row is divided by its sum. One call of TensorPrimitives.Exp for all rows, and
    /// plain loops for rows of at most <see cref="ShortRow"/>: for 10 classes the five calls per row it used to make were
    /// most of the cost (~10 µs for 128 rows, 1 % of a wide128 step; probe, 2026-11-24).
    /// </remarks>
    /// <inheritdoc/>
    public void Activate(ReadOnlySpan<T> z, Span<T> a, int units)
    {
        int length = z.Length / units * units;
        for (int row = 0; row < length; row += units)
        {
            var zr = z.Slice(row, units);
            var ar = a.Slice(row, units);
            if (units <= ShortRow)
            {
                T max = zr[0];
                for (int j = 1; j < units; j++) max = T.Max(max, zr[j]);   // NaN if any is NaN, as TensorPrimitives.Max
                for (int j = 0; j < units; j++) ar[j] = zr[j] - max;
            }
            else TensorPrimitives.Subtract(zr, TensorPrimitives.Max(zr), ar);
        }
        TensorPrimitives.Exp(a[..length], a[..length]);
        for (int row = 0; row < length; row += units)
        {
            var ar = a.Slice(row, units);
            if (units <= ShortRow)
            {
                T sum = T.Zero;
                for (int j = 0; j < units; j++) sum += ar[j];
                for (int j = 0; j < units; j++) ar[j] /= sum;
            }
            else TensorPrimitives.Divide(ar, TensorPrimitives.Sum<T>(ar), ar);
        }
    }

    /// <summary>z ← z + b on every example, then a = SM(z) (<see cref="Activate"/>).</summary>
    /// <inheritdoc/>
    public void AddBiasAndActivate(Span<T> z, ReadOnlySpan<T> bias, Span<T> a, int units)
    {
        int length = z.Length / units * units;
        for (int row = 0; row < length; row += units)
        {
            var zr = z.Slice(row, units);
            if (units <= ShortRow)
                for (int j = 0; j < units; j++) zr[j] += bias[j];
            else TensorPrimitives.Add(zr, bias[..units], zr);
        }
        Activate(z, a, units);
    }

    /// <summary>Rows of at most this many units are shifted, summed and divided in plain loops (a call per row cost more than its work).</summary>
    private const int ShortRow = 32;

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
