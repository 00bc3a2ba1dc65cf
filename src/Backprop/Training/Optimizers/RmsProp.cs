using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>
/// RMSProp (Tieleman and Hinton 2012, Coursera lecture 6.5; PyTorch's <c>RMSprop</c> without momentum): a running mean
/// of squared gradients s ← ρs + (1 − ρ)g², then θ ← θ − η g/(√s + ε). s starts at 0.
/// </summary>
public sealed class RmsProp<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterBuffers<T> _meanSquare;
    private readonly T _rho, _epsilon;
    private long _steps;

    /// <summary>Creates the rule for <paramref name="network"/>, allocating the running means once.</summary>
    /// <param name="network">The network it will update.</param>
    /// <param name="decay">ρ, the decay of the running mean of g², in [0, 1) (lecture 6.5: 0.9).</param>
    /// <param name="epsilon">ε &gt; 0 (1e-8).</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public RmsProp(Network<T> network, double decay = 0.9, double epsilon = 1e-8)
    {
        if (!(decay >= 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), $"decay ρ must be in [0, 1), got {decay}");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"ε must be positive, got {epsilon}");
        (Decay, Epsilon) = (decay, epsilon);
        (_rho, _epsilon) = (T.CreateChecked(decay), T.CreateChecked(epsilon));
        _meanSquare = new ParameterBuffers<T>(network);
    }

    /// <inheritdoc/>
    public string Name => "rmsprop";

    /// <summary>ρ.</summary>
    public double Decay { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public void Step(Network<T> network, Gradients<T> gradients, T learningRate)
    {
        _steps++;
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            Update(layer.Weights!, gradients.WeightGradient(l)!, _meanSquare.Weights(l), learningRate);
            Update(layer.Biases!, gradients.BiasGradient(l)!, _meanSquare.Biases(l), learningRate);
        }
    }

    private void Update(Span<T> theta, ReadOnlySpan<T> g, Span<T> s, T eta)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            s[i] = _rho * s[i] + (T.One - _rho) * g[i] * g[i];   // s ← ρs + (1 − ρ)g²
            theta[i] -= eta * g[i] / (T.Sqrt(s[i]) + _epsilon);   // θ ← θ − η g/(√s + ε)
        }
    }

    /// <inheritdoc/>
    public OptimizerState<T> SaveState() => new(Name, _steps, ParameterBuffers<T>.Save(_meanSquare));

    /// <inheritdoc/>
    public void RestoreState(OptimizerState<T> state)
    {
        ParameterBuffers<T>.Restore(state, Name, _meanSquare);
        _steps = state.Steps;
    }
}
