using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter 2019, Algorithm 2 with α = 1 and the schedule multiplier
/// η_t = η; PyTorch's <c>AdamW</c>): θ ← θ − η(m̂/(√v̂ + ε) + λθ), i.e. every parameter first decays by the factor
/// 1 − ηλ, then takes the <see cref="Adam{T}"/> step. The decay acts on weights and biases alike, as in the paper,
/// and does not pass through the moment estimates (that is what "decoupled" means, unlike L2 added to the gradient).
/// </summary>
public sealed class AdamW<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Adam<T> _adam;

    /// <summary>Creates the rule for <paramref name="network"/>.</summary>
    /// <param name="network">The network it will update.</param>
    /// <param name="weightDecay">λ ≥ 0, the decay per unit of learning rate (PyTorch's default: 0.01).</param>
    /// <param name="beta1">β₁ (0.9).</param>
    /// <param name="beta2">β₂ (0.999).</param>
    /// <param name="epsilon">ε (1e-8).</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public AdamW(Network<T> network, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(weightDecay >= 0) || !double.IsFinite(weightDecay)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"weight decay λ must be a finite number ≥ 0, got {weightDecay}");
        WeightDecay = weightDecay;
        _adam = new Adam<T>(network, beta1, beta2, epsilon);
    }

    /// <inheritdoc/>
    public string Name => "adamw";

    /// <summary>λ, the decoupled weight decay.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public void Step(Network<T> network, Gradients<T> gradients, T learningRate)
    {
        T keep = T.One - learningRate * T.CreateChecked(WeightDecay);   // θ ← (1 − ηλ)θ …
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            System.Numerics.Tensors.TensorPrimitives.Multiply(layer.Weights, keep, layer.Weights);
            System.Numerics.Tensors.TensorPrimitives.Multiply(layer.Biases, keep, layer.Biases);
        }
        _adam.Step(network, gradients, learningRate);                    // … − η m̂/(√v̂ + ε)
    }

    /// <inheritdoc/>
    public OptimizerState<T> SaveState() => _adam.SaveState() with { Name = Name };

    /// <inheritdoc/>
    public void RestoreState(OptimizerState<T> state) => _adam.RestoreState(state, Name);
}
