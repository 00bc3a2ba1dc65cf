using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>
/// Momentum-based gradient descent (Nielsen ch. 3, "Variations on stochastic gradient descent"; Sutskever et al. 2013, eq. 1):
/// a velocity v per parameter, v ← μv − η ∂C/∂w, then w ← w + v (weights and biases alike; v starts at 0).
/// μ = 0 is plain gradient descent.
/// </summary>
/// <remarks>
/// With <c>nesterov</c>, Nesterov's accelerated gradient in the form that needs only the gradient at the current parameters
/// (Bengio, Boulanger-Lewandowski and Pascanu 2013, eq. 7): v ← μv − η ∂C/∂w, then w ← w + μv − η ∂C/∂w (with the new v).
/// It equals Sutskever et al.'s look-ahead rule, v ← μv − η∇C(w + μv), written in the shifted variable.
/// </remarks>
public sealed class Momentum<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterBuffers<T> _velocity;
    private readonly T _mu;
    private readonly bool _nesterov;
    private long _steps;

    /// <summary>Creates the rule for <paramref name="network"/>, allocating its velocities once.</summary>
    /// <param name="network">The network it will update.</param>
    /// <param name="momentum">μ, the momentum coefficient, in [0, 1).</param>
    /// <param name="nesterov">Whether to take Nesterov's step w ← w + μv − η∂C/∂w instead of w ← w + v.</param>
    /// <exception cref="ArgumentOutOfRangeException">μ is outside [0, 1).</exception>
    public Momentum(Network<T> network, double momentum = 0.9, bool nesterov = false)
    {
        _nesterov = nesterov;
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"momentum μ must be in [0, 1), got {momentum}");
        MomentumCoefficient = momentum;
        _mu = T.CreateChecked(momentum);
        _velocity = new ParameterBuffers<T>(network);
    }

    /// <inheritdoc/>
    public string Name => _nesterov ? "nesterov" : "momentum";

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
            T step = eta * g[i];
            v[i] = _mu * v[i] - step;                              // v ← μv − η∇C
            w[i] += _nesterov ? _mu * v[i] - step : v[i];          // Nesterov: w ← w + μv − η∇C; else w ← w + v
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
