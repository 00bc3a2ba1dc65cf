using System.Numerics;

namespace Backprop.Activations;

/// <summary>The built-in activations, by name: <c>identity</c> (alias <c>linear</c>), <c>sigmoid</c>, <c>tanh</c>, <c>relu</c>, <c>softmax</c>.</summary>
public static class Activation
{
    /// <summary>The names <see cref="Create{T}"/> accepts (aliases included).</summary>
    public static IReadOnlySet<string> BuiltInNames { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "identity", "linear", "sigmoid", "tanh", "relu", "softmax" };

    /// <summary>The identity f(z) = z.</summary>
    public static IActivation<T> Identity<T>() where T : unmanaged, IFloatingPointIeee754<T> => new ElementwiseActivation<T, IdentityFunction<T>>();
    /// <summary>The sigmoid σ(z) = 1/(1 + e^(−z)).</summary>
    public static IActivation<T> Sigmoid<T>() where T : unmanaged, IFloatingPointIeee754<T> => new ElementwiseActivation<T, SigmoidFunction<T>>();
    /// <summary>tanh z.</summary>
    public static IActivation<T> Tanh<T>() where T : unmanaged, IFloatingPointIeee754<T> => new ElementwiseActivation<T, TanhFunction<T>>();
    /// <summary>max(z, 0).</summary>
    public static IActivation<T> Relu<T>() where T : unmanaged, IFloatingPointIeee754<T> => new ElementwiseActivation<T, ReluFunction<T>>();
    /// <summary>Softmax over each example's units.</summary>
    public static IActivation<T> Softmax<T>() where T : unmanaged, IFloatingPointIeee754<T> => new Softmax<T>();

    /// <summary>The built-in activation called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="UnknownNameException">The name is not one of <see cref="BuiltInNames"/>.</exception>
    public static IActivation<T> Create<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        (name ?? "").Trim().ToLowerInvariant() switch
        {
            "identity" or "linear" => Identity<T>(),
            "sigmoid" => Sigmoid<T>(),
            "tanh" => Tanh<T>(),
            "relu" => Relu<T>(),
            "softmax" => Softmax<T>(),
            _ => throw new UnknownNameException($"unknown activation '{name}' (known: identity, sigmoid, tanh, relu, softmax)"),
        };
}
