using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>Creates optimisers by the names the command line uses.</summary>
public static class Optimizer
{
    /// <summary>The known names: sgd, momentum, nesterov, adam, adamw, rmsprop.</summary>
    public static IReadOnlyList<string> Names { get; } = ["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop"];

    /// <summary>Creates the optimiser called <paramref name="name"/> for <paramref name="network"/>.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="network">The network it will update (its state is shaped after it).</param>
    /// <param name="momentum">μ for momentum and nesterov.</param>
    /// <param name="beta1">β₁ for adam and adamw.</param>
    /// <param name="beta2">β₂ for adam and adamw, ρ for rmsprop; null for each one's default (0.999; 0.9).</param>
    /// <param name="weightDecay">λ for adamw.</param>
    /// <exception cref="UnknownNameException">The name is not one of <see cref="Names"/>.</exception>
    public static IOptimizer<T> Create<T>(string name, Network<T> network, double momentum = 0.9, double beta1 = 0.9, double? beta2 = null, double weightDecay = 0.01)
        where T : unmanaged, IFloatingPointIeee754<T> => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "sgd" => new StochasticGradientDescent<T>(),
        "momentum" => new Momentum<T>(network, momentum),
        "nesterov" => new Momentum<T>(network, momentum, nesterov: true),
        "adam" => new Adam<T>(network, beta1, beta2 ?? 0.999),
        "adamw" => new AdamW<T>(network, weightDecay, beta1, beta2 ?? 0.999),
        "rmsprop" => new RmsProp<T>(network, beta2 ?? 0.9),
        _ => throw new UnknownNameException($"unknown optimiser '{name}' (known: {string.Join(", ", Names)})"),
    };
}
