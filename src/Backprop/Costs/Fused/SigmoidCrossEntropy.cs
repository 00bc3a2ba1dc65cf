using System.Numerics;

namespace Backprop.Costs.Fused;

/// <summary>
/// Sigmoid output with the binary cross-entropy cost, fused: σ′(z) = a(1 − a) cancels the cost's 1/(a(1 − a)),
/// leaving ∂c/∂z_j = a_j − y_j (003 problem 2; 000 problem 1.2, part 6: ∂NLL/∂w_11 = x_1(a_1 − y)).
/// </summary>
/// <remarks>
/// The value is computed from z as softplus terms, c = Σ_j [max(z_j, 0) − y_j z_j + ln(1 + e^(−|z_j|))],
/// which equals −[y ln σ(z) + (1 − y) ln(1 − σ(z))] but never takes the log of 0: finite at |z| = 1000.
/// </remarks>
public sealed class SigmoidCrossEntropy<T> : IFusedOutputDelta<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "sigmoid + ce";

    /// <inheritdoc/>
    public T Value(ReadOnlySpan<T> z, ReadOnlySpan<T> y, int units)
    {
        int m = CostArguments.Examples(Name, z, y, units);
        if (m == 0) return T.Zero;
        T total = T.Zero;
        for (int i = 0; i < z.Length; i++)
            total += T.Max(z[i], T.Zero) - y[i] * z[i] + T.LogP1(T.Exp(-T.Abs(z[i])));
        return total / T.CreateChecked(m);
    }

    /// <summary>δ^L = (a − y)/m (BP1, fused).</summary>
    /// <inheritdoc/>
    public void OutputDelta(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> delta, int units) =>
        FusedOutputDelta.AMinusYOverM(Name, a, y, delta, units);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
