using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Backprop.Activations;

/// <summary>The logistic sigmoid σ(z) = 1/(1 + e^(−z)), σ′(z) = σ(z)(1 − σ(z)) = a(1 − a) (000, problem 1.2).</summary>
/// <remarks>The derivative uses the output a, as PyTorch's <c>grad * result * (1 - result)</c>; at saturation
/// (|z| ≳ 40 in double) it is exactly 0, which is the true derivative rounded, not a substitute.</remarks>
public readonly struct SigmoidFunction<T> : IElementwiseFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static string Name => "sigmoid";
    /// <inheritdoc/>
    public static void Apply(ReadOnlySpan<T> z, Span<T> a) => TensorPrimitives.Sigmoid(z, a);
    /// <inheritdoc/>
    public static T Value(T z) => T.One / (T.One + T.Exp(-z));
    /// <inheritdoc/>
    public static T Derivative(T z, T a) => a * (T.One - a);
    /// <inheritdoc/>
    public static Vector512<T> Derivative(Vector512<T> z, Vector512<T> a) => a * (Vector512<T>.One - a);
}
