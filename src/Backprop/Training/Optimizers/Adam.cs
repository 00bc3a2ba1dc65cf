using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1), per parameter with gradient g at step t:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), θ ← θ − η m̂/(√v̂ + ε).
/// The moment estimates start at 0; η is the paper's step size α.
/// </summary>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterBuffers<T> _m, _v;
    private readonly T _beta1, _beta2, _epsilon;
    private long _steps;

    /// <summary>Creates the rule for <paramref name="network"/>, allocating both moment estimates once.</summary>
    /// <param name="network">The network it will update.</param>
    /// <param name="beta1">β₁, decay of the first-moment estimate, in [0, 1) (paper: 0.9).</param>
    /// <param name="beta2">β₂, decay of the second-moment estimate, in [0, 1) (paper: 0.999).</param>
    /// <param name="epsilon">ε &gt; 0, which keeps the step finite where v̂ = 0 (paper: 1e-8).</param>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is out of range.</exception>
    public Adam(Network<T> network, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"β1 must be in [0, 1), got {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"β2 must be in [0, 1), got {beta2}");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"ε must be positive, got {epsilon}");
        (Beta1, Beta2, Epsilon) = (beta1, beta2, epsilon);
        (_beta1, _beta2, _epsilon) = (T.CreateChecked(beta1), T.CreateChecked(beta2), T.CreateChecked(epsilon));
        _m = new ParameterBuffers<T>(network);
        _v = new ParameterBuffers<T>(network);
    }

    /// <inheritdoc/>
    public string Name => "adam";

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>t, the steps taken so far.</summary>
    public long Steps => _steps;

    /// <inheritdoc/>
    public void Step(Network<T> network, Gradients<T> gradients, T learningRate)
    {
        _steps++;
        // Bias corrections 1 − βᵗ, computed in double from t so that they do not drift over many steps.
        T correction1 = T.CreateChecked(1 - Math.Pow(Beta1, _steps));
        T correction2 = T.CreateChecked(1 - Math.Pow(Beta2, _steps));
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            Update(layer.Weights!, gradients.WeightGradient(l)!, _m.Weights(l), _v.Weights(l), learningRate, correction1, correction2);
            Update(layer.Biases!, gradients.BiasGradient(l)!, _m.Biases(l), _v.Biases(l), learningRate, correction1, correction2);
        }
    }

    private void Update(Span<T> theta, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T eta, T correction1, T correction2)
    {
        for (int i = 0; i < theta.Length; i++)
        {
            m[i] = _beta1 * m[i] + (T.One - _beta1) * g[i];            // m ← β₁m + (1 − β₁)g
            v[i] = _beta2 * v[i] + (T.One - _beta2) * g[i] * g[i];     // v ← β₂v + (1 − β₂)g²
            T mHat = m[i] / correction1, vHat = v[i] / correction2;    // bias correction
            theta[i] -= eta * mHat / (T.Sqrt(vHat) + _epsilon);        // θ ← θ − η m̂/(√v̂ + ε)
        }
    }

    /// <inheritdoc/>
    public OptimizerState<T> SaveState() => new(Name, _steps, ParameterBuffers<T>.Save(_m, _v));

    /// <inheritdoc/>
    public void RestoreState(OptimizerState<T> state) => RestoreState(state, Name);

    /// <summary>Restores a state saved under <paramref name="name"/> (AdamW saves Adam's buffers under its own name).</summary>
    internal void RestoreState(OptimizerState<T> state, string name)
    {
        ParameterBuffers<T>.Restore(state, name, _m, _v);
        _steps = state.Steps;
    }
}
