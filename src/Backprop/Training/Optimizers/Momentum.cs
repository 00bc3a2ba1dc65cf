using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>
/// Momentum-based gradient descent (Nielsen ch. 3, "Variations on stochastic gradient descent"; Sutskever et al. 2013, eq. 1):
/// a velocity v per parameter, v ← μv − η ∂C/∂w, then w ← w + v (weights and biases alike; v starts at 0).
/// μ = 0 is plain gradient descent.
/// </summary>
public sealed class Momentum<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterBuffers<T> _velocity;
    private readonly T _mu;
    private long _steps;

    /// <summary>Creates the rule for <paramref name="network"/>, allocating its velocities once.</summary>
    /// <param name="network">The network it will update.</param>
    /// <param name="momentum">μ, the momentum coefficient, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">μ is outside [0, 1).</exception>
    public Momentum(Network<T> network, double momentum = 0.9)
    {
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"momentum μ must be in [0, 1), got {momentum}");
        MomentumCoefficient = momentum;
        _mu = T.CreateChecked(momentum);
        _velocity = new ParameterBuffers<T>(network);
    }

    /// <inheritdoc/>
    public string Name => "momentum";

    /// <summary>μ.</summary>
    public double MomentumCoefficient { get; }

    /// <inheritdoc/>
    public void Step(Network<T> network, Gradients<T> gradients, T learningRate)
    {
        _steps++;
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            Update(layer.Weights!, gradients.WeightGradient(l)!, _velocity.Weights(l), learningRate);
            Update(layer.Biases!, gradients.BiasGradient(l)!, _velocity.Biases(l), learningRate);
        }
    }

    private void Update(Span<T> w, ReadOnlySpan<T> g, Span<T> v, T eta)
    {
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = _mu * v[i] - eta * g[i];   // v ← μv − η∇C
            w[i] += v[i];                     // w ← w + v
        }
    }

    /// <inheritdoc/>
    public OptimizerState<T> SaveState() => new(Name, _steps, ParameterBuffers<T>.Save(_velocity));

    /// <inheritdoc/>
    public void RestoreState(OptimizerState<T> state)
    {
        ParameterBuffers<T>.Restore(state, Name, _velocity);
        _steps = state.Steps;
    }
}
