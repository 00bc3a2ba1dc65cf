using System.Numerics;

namespace Backprop.Costs;

/// <summary>
/// The hinge loss of each output unit with labels ±1: c(x) = Σ_j L_h(y_j a_j), L_h(v) = 0 if v &gt; 1, else 1 − v
/// (000 problem 1.1, on a linear output); ∂c/∂a_j = 0 if y_j a_j &gt; 1, else −y_j.
/// </summary>
/// <remarks>
/// At the kink y·a = 1 the subgradient −y is taken: the seed's "otherwise" branch, 1 − ya, owns the point.
/// </remarks>
public sealed class HingeCost<T> : ICost<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "hinge";

    /// <inheritdoc/>
    public T Value(ReadOnlySpan<T> a, ReadOnlySpan<T> y, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        if (m == 0) return T.Zero;
        T sum = T.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            T v = y[i] * a[i];
            if (!(v > T.One)) sum += T.One - v;
        }
        return sum / T.CreateChecked(m);
    }

    /// <summary>∂C/∂a_j = (0 if y_j a_j &gt; 1, else −y_j) / m.</summary>
    /// <inheritdoc/>
    public void OutputGradient(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> outputGradient, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        T scale = T.One / T.CreateChecked(Math.Max(m, 1));
        for (int i = 0; i < a.Length; i++)
            outputGradient[i] = y[i] * a[i] > T.One ? T.Zero : -scale * y[i];
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
