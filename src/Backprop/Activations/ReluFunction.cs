using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Backprop.Activations;

/// <summary>The rectified linear unit f(z) = max(z, 0) (000, problem 4); f′(z) = 1 for z &gt; 0, else 0.</summary>
/// <remarks>At the kink z = 0 the subgradient 0 is taken, as PyTorch's <c>threshold_backward</c> does.</remarks>
public readonly struct ReluFunction<T> : IElementwiseFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static string Name => "relu";
    /// <inheritdoc/>
    public static void Apply(ReadOnlySpan<T> z, Span<T> a) => TensorPrimitives.Max(z, T.Zero, a);
    /// <inheritdoc/>
    public static T Value(T z) => z > T.Zero ? z : T.Zero;
    /// <inheritdoc/>
    public static T Derivative(T z, T a) => z > T.Zero ? T.One : T.Zero;
    /// <inheritdoc/>
    public static Vector512<T> Derivative(Vector512<T> z, Vector512<T> a) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<T>.Zero), Vector512<T>.One, Vector512<T>.Zero);
    /// <inheritdoc/>
    public static bool HasVectorValue => true;
    /// <summary>max(z, 0) as TensorPrimitives.Max(z, 0) computes it.</summary>
    public static Vector512<T> Value(Vector512<T> z) => Vector512.Max(z, Vector512<T>.Zero);
}
