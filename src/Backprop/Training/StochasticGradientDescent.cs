using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Training;

/// <summary>
/// Plain mini-batch gradient descent: W^l ← W^l − η ∂C/∂W^l, b^l ← b^l − η ∂C/∂b^l, where C is the mini-batch's mean
/// cost (so this is Nielsen's w − (η/m) Σ_x ∇C_x). With L2 regularisation λ (Nielsen ch. 3, network2.py) the weights,
/// not the biases, first decay: W^l ← (1 − ηλ/n) W^l, n being the size of the training set.
/// </summary>
public sealed class StochasticGradientDescent<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the rule.</summary>
    /// <param name="l2Lambda">λ of L2 regularisation (0 for none).</param>
    /// <param name="trainingSetSize">n, the number of training examples (used only with λ &gt; 0).</param>
    public StochasticGradientDescent(double l2Lambda = 0, int trainingSetSize = 1)
    {
        if (l2Lambda < 0 || !double.IsFinite(l2Lambda)) throw new ArgumentOutOfRangeException(nameof(l2Lambda), "λ must be a finite number ≥ 0");
        L2Lambda = l2Lambda;
        TrainingSetSize = Math.Max(trainingSetSize, 1);
    }

    /// <inheritdoc/>
    public string Name => "sgd";

    /// <summary>λ of L2 regularisation.</summary>
    public double L2Lambda { get; }

    /// <summary>n, the training set's size.</summary>
    public int TrainingSetSize { get; }

    /// <inheritdoc/>
    public void Step(Network<T> network, Gradients<T> gradients, T learningRate)
    {
        T decay = T.One - learningRate * T.CreateChecked(L2Lambda / TrainingSetSize);
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            var w = layer.Weights.AsSpan();
            if (L2Lambda > 0) TensorPrimitives.Multiply(w, decay, w);
            TensorPrimitives.MultiplyAdd(gradients.WeightGradient(l), -learningRate, w, w);
            var b = layer.Biases.AsSpan();
            TensorPrimitives.MultiplyAdd(gradients.BiasGradient(l), -learningRate, b, b);
        }
    }
}
