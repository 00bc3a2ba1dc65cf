using System.Numerics;

namespace Backprop.Costs;

/// <summary>The built-in costs, by name: <c>quadratic</c>, <c>ce</c> (binary cross-entropy), <c>nll</c> (negative log-likelihood), <c>hinge</c>.</summary>
public static class Cost
{
    /// <summary>The cost called <paramref name="name"/> (case-insensitive; <c>cross-entropy</c> and <c>log-loss</c> mean <c>ce</c>).</summary>
    /// <exception cref="UnknownNameException">The name is not a known cost.</exception>
    public static ICost<T> Create<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        Canonical(name) switch
        {
            "quadratic" => new QuadraticCost<T>(),
            "ce" => new CrossEntropyCost<T>(),
            "nll" => new NegativeLogLikelihoodCost<T>(),
            "hinge" => new HingeCost<T>(),
            _ => throw new UnknownNameException($"unknown cost '{name}' (known: quadratic, ce, nll, hinge)"),
        };

    /// <summary>The output activation a cost is meant for: <c>ce</c> → sigmoid, <c>nll</c> → softmax, <c>hinge</c> → identity; null for quadratic (any).</summary>
    public static string? PairedActivation(string name) => Canonical(name) switch
    {
        "ce" => "sigmoid",
        "nll" => "softmax",
        "hinge" => "identity",
        "quadratic" => null,
        _ => throw new UnknownNameException($"unknown cost '{name}' (known: quadratic, ce, nll, hinge)"),
    };

    private static string Canonical(string name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "quadratic" or "mse" => "quadratic",
        "ce" or "cross-entropy" or "crossentropy" or "log-loss" or "bce" => "ce",
        "nll" or "negative-log-likelihood" => "nll",
        "hinge" => "hinge",
        var other => other,
    };
}
