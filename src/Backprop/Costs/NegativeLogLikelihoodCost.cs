using System.Numerics;

namespace Backprop.Costs;

/// <summary>
/// Multiclass negative log-likelihood with one-hot y: c(x) = −Σ_j y_j ln a_j (000 problem 2; 003 problem 4);
/// ∂c/∂a_j = −y_j / a_j.
/// </summary>
/// <remarks>
/// With a softmax output layer <see cref="Network{T}"/> uses the fused pair
/// <see cref="Fused.SoftmaxNegativeLogLikelihood{T}"/> (δ^L = a − y, log-sum-exp from z) instead.
/// Terms with y_j = 0 are skipped (0·ln 0 = 0).
/// </remarks>
public sealed class NegativeLogLikelihoodCost<T> : ICost<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "nll";

    /// <inheritdoc/>
    public T Value(ReadOnlySpan<T> a, ReadOnlySpan<T> y, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        if (m == 0) return T.Zero;
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
            if (y[i] != T.Zero) sum -= y[i] * T.Log(a[i]);
        return sum / T.CreateChecked(m);
    }

    /// <summary>∂C/∂a_j = −y_j / a_j / m.</summary>
    /// <inheritdoc/>
    public void OutputGradient(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> outputGradient, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        T scale = T.One / T.CreateChecked(Math.Max(m, 1));
        for (int i = 0; i < a.Length; i++)
            outputGradient[i] = y[i] == T.Zero ? T.Zero : -scale * y[i] / a[i];
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
