using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Costs;

/// <summary>The quadratic cost c(x) = ½‖a − y‖² (Nielsen ch. 1; 004 eq. 12); ∂c/∂a = a − y (004 eq. 14).</summary>
public sealed class QuadraticCost<T> : ICost<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "quadratic";

    /// <inheritdoc/>
    public T Value(ReadOnlySpan<T> a, ReadOnlySpan<T> y, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        if (m == 0) return T.Zero;
        T squared = T.Zero;
        for (int i = 0; i < a.Length; i++) { T d = a[i] - y[i]; squared += d * d; }
        return squared / (T.CreateChecked(2) * T.CreateChecked(m));
    }

    /// <summary>∂C/∂a = (a − y)/m.</summary>
    /// <inheritdoc/>
    public void OutputGradient(ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> outputGradient, int units)
    {
        int m = CostArguments.Examples(Name, a, y, units);
        if (m == 0) return;
        TensorPrimitives.Subtract(a, y, outputGradient);
        TensorPrimitives.Multiply(outputGradient[..a.Length], T.One / T.CreateChecked(m), outputGradient);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
