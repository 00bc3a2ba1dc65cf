using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Backprop.Activations;

/// <summary>The hyperbolic tangent f(z) = tanh z, f′(z) = 1 − tanh² z = 1 − a².</summary>
public readonly struct TanhFunction<T> : IElementwiseFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static string Name => "tanh";
    /// <inheritdoc/>
    public static void Apply(ReadOnlySpan<T> z, Span<T> a) => TensorPrimitives.Tanh(z, a);
    /// <inheritdoc/>
    public static T Value(T z) => T.Tanh(z);
    /// <inheritdoc/>
    public static T Derivative(T z, T a) => T.One - a * a;
    /// <inheritdoc/>
    public static Vector512<T> Derivative(Vector512<T> z, Vector512<T> a) => Vector512<T>.One - a * a;
}
