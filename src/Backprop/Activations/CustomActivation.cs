using System.Numerics;

namespace Backprop.Activations;

/// <summary>
/// An element-wise activation supplied by the user as f and f′ (004, section 3: BP1–BP4 hold for any f
/// once σ′ is replaced by f′). <see cref="Diagnostics.GradientCheck"/> verifies f′ against f.
/// </summary>
/// <example>
/// <code>
/// var softplus = new CustomActivation&lt;double&gt;("softplus", z => Math.Log(1 + Math.Exp(z)), z => 1 / (1 + Math.Exp(-z)));
/// </code>
/// </example>
public sealed class CustomActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Func<T, T> _f;
    private readonly Func<T, T> _fPrime;

    /// <summary>Creates the activation from f and f′ (both functions of z).</summary>
    /// <param name="name">A name for printouts; it must not be one of the built-in names.</param>
    /// <param name="f">f(z).</param>
    /// <param name="fPrime">f′(z).</param>
    public CustomActivation(string name, Func<T, T> f, Func<T, T> fPrime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Activation.BuiltInNames.Contains(name))
            throw new ArgumentException($"'{name}' is a built-in activation; give the custom one another name", nameof(name));
        Name = name;
        _f = f ?? throw new ArgumentNullException(nameof(f));
        _fPrime = fPrime ?? throw new ArgumentNullException(nameof(fPrime));
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool IsElementwise => true;

    /// <inheritdoc/>
    public void Activate(ReadOnlySpan<T> z, Span<T> a, int units)
    {
        for (int i = 0; i < z.Length; i++) a[i] = _f(z[i]);
    }

    /// <summary>δ = g ⊙ f′(z) with the user's f′ (BP1/BP2).</summary>
    /// <inheritdoc/>
    public void BackpropagateDelta(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> outputGradient, Span<T> delta, int units)
    {
        for (int i = 0; i < z.Length; i++) delta[i] = outputGradient[i] * _fPrime(z[i]);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
