using System.Numerics;

namespace Backprop.Costs;

/// <summary>
/// Binary cross-entropy (log loss) with labels 0/1, summed over the output units:
/// c(x) = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] (000 problem 1.2, the NLL of a/(1 − a); 003 problem 2);
/// ∂c/∂a_j = (a_j − y_j) / (a_j(1 − a_j)).
/// </summary>
/// <remarks>
/// With a sigmoid output layer <see cref="Network{T}"/> uses the fused pair
/// <see cref="Fused.SigmoidCrossEntropy{T}"/> (δ^L = a − y, computed from z, finite at |z| = 1000) instead.
/// Standing alone, the cost follows the convention 0·ln 0 = 0, so a term whose label weight is 0 is skipped;
/// an output of exactly 0 or 1 with the opposite label gives +∞, honestly, rather than a clipped number.
/// </remarks>
public sealed class CrossEntropyCost<T> : ICost<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "ce";

    /// <inheritdoc/>
    public T Value(ReadOnlySpan<T> a, ReadOnlySpan<T> y, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        if (m == 0) return T.Zero;
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            if (y[i] != T.Zero) sum -= y[i] * T.Log(a[i]);
            if (y[i] != T.One) sum -= (T.One - y[i]) * T.Log(T.One - a[i]);
        }
        return sum / T.CreateChecked(m);
    }

    /// <summary>∂C/∂a_j = (a_j − y_j) / (a_j(1 − a_j)) / m.</summary>
    /// <inheritdoc/>
    public void OutputGradient(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> outputGradient, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        T scale = T.One / T.CreateChecked(Math.Max(m, 1));
        for (int i = 0; i < a.Length; i++)
            outputGradient[i] = scale * (a[i] - y[i]) / (a[i] * (T.One - a[i]));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
