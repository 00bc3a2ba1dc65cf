using System.Numerics;
using System.Runtime.Intrinsics;

namespace Backprop.Activations;

/// <summary>
/// An element-wise activation written once as a struct, so that the JIT specialises the one loop in
/// <see cref="ElementwiseActivation{T, TFunction}"/> for it (no virtual call per element).
/// Value and derivative sit side by side; the derivative may use the output a = f(z) (σ′ = a(1 − a)).
/// </summary>
public interface IElementwiseFunction<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The activation's name.</summary>
    static abstract string Name { get; }

    /// <summary>a = f(z) for a whole span (vectorised, usually by TensorPrimitives).</summary>
    static abstract void Apply(ReadOnlySpan<T> z, Span<T> a);

    /// <summary>f(z) for one value.</summary>
    static abstract T Value(T z);

    /// <summary>f′(z), given z and a = f(z).</summary>
    static abstract T Derivative(T z, T a);

    /// <summary>f′(z) for 512 bits of values, given z and a = f(z).</summary>
    static abstract Vector512<T> Derivative(Vector512<T> z, Vector512<T> a);

    /// <summary>Whether <see cref="Value(Vector512{T})"/> is implemented, equal bit for bit to <see cref="Apply"/> (then the forward pass fuses + b with f).</summary>
    static virtual bool HasVectorValue => false;

    /// <summary>f(z) for 512 bits of values, equal bit for bit to what <see cref="Apply"/> writes; only called when <see cref="HasVectorValue"/>.</summary>
    static virtual Vector512<T> Value(Vector512<T> z) => throw new NotSupportedException($"{T.Zero.GetType().Name}: no vector form of this activation");
}
