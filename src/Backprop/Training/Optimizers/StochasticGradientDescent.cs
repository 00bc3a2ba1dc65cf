using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Training.Optimizers;

/// <summary>
/// Plain mini-batch gradient descent: W^l ← W^l − η ∂C/∂W^l, b^l ← b^l − η ∂C/∂b^l, where C is the mini-batch's mean
/// cost (so this is Nielsen's w − (η/m) Σ_x ∇C_x, network.py <c>update_mini_batch</c>). It keeps no state.
/// </summary>
public sealed class StochasticGradientDescent<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public string Name => "sgd";

    /// <inheritdoc/>
    public void Step(Network<T> network, Gradients<T> gradients, T learningRate)
    {
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            var w = layer.Weights.AsSpan();
            TensorPrimitives.MultiplyAdd(gradients.WeightGradient(l), -learningRate, w, w);
            var b = layer.Biases.AsSpan();
            TensorPrimitives.MultiplyAdd(gradients.BiasGradient(l), -learningRate, b, b);
        }
    }

    /// <inheritdoc/>
    public OptimizerState<T> SaveState() => new(Name, 0, []);

    /// <inheritdoc/>
    public void RestoreState(OptimizerState<T> state)
    {
        if (state.Name != Name || state.Buffers.Count != 0) throw new ArgumentException($"the saved state is optimiser '{state.Name}' with {state.Buffers.Count} buffers but this run uses '{Name}', which has none");
    }
}
