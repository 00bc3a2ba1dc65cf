using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Activations;

/// <summary>The identity (linear) activation f(z) = z, f′(z) = 1 (004, section 3.4).</summary>
public readonly struct IdentityFunction<T> : IElementwiseFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static string Name => "identity";
    /// <inheritdoc/>
    public static void Apply(ReadOnlySpan<T> z, Span<T> a) { if (!z.Overlaps(a)) z.CopyTo(a); }
    /// <inheritdoc/>
    public static T Value(T z) => z;
    /// <inheritdoc/>
    public static T Derivative(T z, T a) => T.One;
    /// <inheritdoc/>
    public static Vector512<T> Derivative(Vector512<T> z, Vector512<T> a) => Vector512<T>.One;
}
