using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Costs.Fused;

/// <summary>
/// Softmax output with the negative log-likelihood cost, fused: ∂c/∂z_j = a_j − y_j (000 problem 2, "an awesome form";
/// 003 problem 4), so ∂C/∂w_jk^L = a_k^(L−1)(a_j − y_j).
/// </summary>
/// <remarks>
/// The value is computed from z with log-sum-exp, c = Σ_j y_j (lse(z) − z_j) with lse(z) = max z + ln Σ_k e^(z_k − max z),
/// so logits of ±1000 give a finite cost (llm.c's crossentropy_softmax_backward, PyTorch's cross_entropy on logits).
/// </remarks>
public sealed class SoftmaxNegativeLogLikelihood<T> : IFusedOutputDelta<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "softmax + nll";

    /// <inheritdoc/>
    public T Value(ReadOnlySpan<T> z, ReadOnlySpan<T> y, int units)
    {
        int m = CostArguments.Examples(Name, z, y, units);
        if (m == 0) return T.Zero;
        T total = T.Zero;
        for (int row = 0; row < z.Length; row += units)
        {
            var zr = z.Slice(row, units);
            var yr = y.Slice(row, units);
            T lse = LogSumExp(zr);
            for (int j = 0; j < units; j++)
                if (yr[j] != T.Zero) total += yr[j] * (lse - zr[j]);
        }
        return total / T.CreateChecked(m);
    }

    /// <summary>ln Σ_k e^(z_k), computed as max z + ln Σ_k e^(z_k − max z) so that it never overflows.</summary>
    public static T LogSumExp(ReadOnlySpan<T> z)
    {
        T max = TensorPrimitives.Max(z);
        T sum = T.Zero;
        for (int k = 0; k < z.Length; k++) sum += T.Exp(z[k] - max);
        return max + T.Log(sum);
    }

    /// <summary>δ^L = (a − y)/m (BP1, fused).</summary>
    /// <inheritdoc/>
    public void OutputDelta(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> delta, int units) =>
        FusedOutputDelta.AMinusYOverM(Name, a, y, delta, units);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
