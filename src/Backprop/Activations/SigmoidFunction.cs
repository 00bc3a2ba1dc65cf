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
    /// <inheritdoc/>
    public static bool HasVectorValue => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    /// <summary>1 / (1 + e^(−z)) with the vector exponential TensorPrimitives.Sigmoid uses (the tests check they agree bit for bit).</summary>
    public static Vector512<T> Value(Vector512<T> z)
    {
        if (typeof(T) == typeof(float)) return (Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-z.As<T, float>()))).As<float, T>();
        if (typeof(T) == typeof(double)) return (Vector512<double>.One / (Vector512<double>.One + Vector512.Exp(-z.As<T, double>()))).As<double, T>();
        throw new NotSupportedException();
    }
}
