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
    /// <remarks>For <c>float</c> with AVX-512, <see cref="FloatSigmoid"/> (float arithmetic, within 2 ulp); otherwise TensorPrimitives.Sigmoid.</remarks>
    public static void Apply(ReadOnlySpan<T> z, Span<T> a)
    {
        if (typeof(T) == typeof(float) && FloatSigmoid.IsAccelerated)
            FloatSigmoid.Apply(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(z), System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(a));
        else TensorPrimitives.Sigmoid(z, a);
    }
    /// <inheritdoc/>
    public static T Value(T z) => typeof(T) == typeof(float) && FloatSigmoid.IsAccelerated
        ? T.CreateTruncating(FloatSigmoid.Value(float.CreateTruncating(z)))
        : T.One / (T.One + T.Exp(-z));
    /// <inheritdoc/>
    public static T Derivative(T z, T a) => a * (T.One - a);
    /// <inheritdoc/>
    public static Vector512<T> Derivative(Vector512<T> z, Vector512<T> a) => a * (Vector512<T>.One - a);
    /// <inheritdoc/>
    public static bool HasVectorValue => typeof(T) == typeof(float) || typeof(T) == typeof(double);
    /// <summary>1 / (1 + e^(−z)) with the vector kernel <see cref="Apply"/> uses (the tests check they agree bit for bit).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Value(Vector512<T> z)
    {
        if (typeof(T) == typeof(float) && FloatSigmoid.IsAccelerated) return FloatSigmoid.Value(z.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(float)) return (Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-z.As<T, float>()))).As<float, T>();
        if (typeof(T) == typeof(double)) return (Vector512<double>.One / (Vector512<double>.One + Vector512.Exp(-z.As<T, double>()))).As<double, T>();
        throw new NotSupportedException();
    }
}
