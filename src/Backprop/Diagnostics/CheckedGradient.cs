namespace Backprop.Diagnostics;

/// <summary>
/// One entry of a gradient from backpropagation beside its finite-difference value: ∂C/∂b_j^l (BP3, <see cref="K"/> null)
/// or ∂C/∂w_jk^l (BP4).
/// </summary>
/// <param name="J">j, the unit of layer l.</param>
/// <param name="K">k, the unit of layer l−1 the weight comes from; null for a bias.</param>
/// <param name="Backprop">The value BP3/BP4 give.</param>
/// <param name="FiniteDifference">The five-point central difference of the cost (<see cref="GradientCheck.Numerical"/>), or NaN when not checked.</param>
public sealed record CheckedGradient(int J, int? K, double Backprop, double FiniteDifference)
{
    /// <summary>Whether a finite difference was computed for this entry.</summary>
    public bool IsChecked => !double.IsNaN(FiniteDifference);

    /// <summary>|g − g̃| / max(|g| + |g̃|, 1e-8) (<see cref="GradientCheck.RelativeError"/>), or NaN when not checked.</summary>
    public double RelativeError => IsChecked ? GradientCheck.RelativeError(Backprop, FiniteDifference) : double.NaN;
}
