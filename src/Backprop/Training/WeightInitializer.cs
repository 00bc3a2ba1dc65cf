using System.Numerics;
using Backprop.Randomness;

namespace Backprop.Training;

/// <summary>How a network's weights and biases are drawn before training.</summary>
public enum WeightInit
{
    /// <summary>Nielsen's default: w ~ N(0, 1/n_in), b ~ N(0, 1) (network2.py <c>default_weight_initializer</c>).</summary>
    Nielsen,
    /// <summary>Nielsen's "large": w ~ N(0, 1), b ~ N(0, 1) (network.py).</summary>
    Large,
    /// <summary>Glorot/Xavier uniform: w ~ U(−r, r), r = √(6/(n_in + n_out)), b = 0.</summary>
    XavierUniform,
    /// <summary>Glorot/Xavier normal: w ~ N(0, 2/(n_in + n_out)), b = 0.</summary>
    XavierNormal,
    /// <summary>He (Kaiming) normal, for ReLU: w ~ N(0, 2/n_in), b = 0.</summary>
    He,
}

/// <summary>Draws a network's parameters from a seeded <see cref="Rng"/>: same seed ⇒ same network.</summary>
public static class WeightInitializer
{
    /// <summary>Overwrites every weight and bias of <paramref name="network"/>, layer by layer (weights row by row, then biases).</summary>
    public static void Initialize<T>(Network<T> network, WeightInit init, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var layer in network.Layers)
        {
            if (layer.Weights is null) continue;
            int fanIn = layer.InputSize, fanOut = layer.Units;
            for (int i = 0; i < layer.Weights.Length; i++)
                layer.Weights[i] = T.CreateChecked(DrawWeight(init, fanIn, fanOut, rng));
            for (int j = 0; j < layer.Biases!.Length; j++)
                layer.Biases[j] = init is WeightInit.Nielsen or WeightInit.Large ? T.CreateChecked(rng.NextGaussian()) : T.Zero;
        }
    }

    private static double DrawWeight(WeightInit init, int fanIn, int fanOut, Rng rng) => init switch
    {
        WeightInit.Nielsen => rng.NextGaussian() / Math.Sqrt(fanIn),
        WeightInit.Large => rng.NextGaussian(),
        WeightInit.XavierUniform => (2 * rng.NextDouble() - 1) * Math.Sqrt(6.0 / (fanIn + fanOut)),
        WeightInit.XavierNormal => rng.NextGaussian() * Math.Sqrt(2.0 / (fanIn + fanOut)),
        WeightInit.He => rng.NextGaussian() * Math.Sqrt(2.0 / fanIn),
        _ => throw new ArgumentOutOfRangeException(nameof(init)),
    };

    /// <summary>Parses <c>nielsen</c>, <c>large</c>, <c>xavier-uniform</c>, <c>xavier-normal</c>, <c>he</c>.</summary>
    /// <exception cref="UnknownNameException">Any other name.</exception>
    public static WeightInit Parse(string name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "nielsen" or "default" => WeightInit.Nielsen,
        "large" => WeightInit.Large,
        "xavier-uniform" or "glorot-uniform" or "xavier" => WeightInit.XavierUniform,
        "xavier-normal" or "glorot-normal" => WeightInit.XavierNormal,
        "he" or "kaiming" => WeightInit.He,
        _ => throw new UnknownNameException($"unknown initialisation '{name}' (known: nielsen, large, xavier-uniform, xavier-normal, he)"),
    };
}
