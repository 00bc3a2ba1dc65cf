using System.Numerics;

namespace Backprop.Training;

/// <summary>
/// Weight penalties, applied to the weights (never the biases) before the optimiser's step, whatever the optimiser:
/// the one place where L2 and L1 regularisation live (Nielsen ch. 3, "Regularization", and network2.py).
/// </summary>
/// <remarks>
/// With the regularised cost C = C₀ + (λ₂/2n) Σ w² + (λ₁/n) Σ |w|, a gradient step splits into the optimiser's step on
/// C₀ and these decays (Nielsen eqs. 93 and 98): L2 w ← (1 − ηλ₂/n) w, L1 w ← w − (ηλ₁/n) sgn(w), with sgn(0) = 0
/// (Nielsen's convention: no penalty gradient at the kink). Both act on the weights as they were before the step.
/// For plain SGD this is exactly Nielsen's update; for the other optimisers it is the same decay, outside their
/// moment estimates (AdamW's λ is its own and separate from these).
/// </remarks>
public static class Regularization
{
    /// <summary>Decays every weight of <paramref name="network"/> by the L2 and L1 penalties for one step of learning rate η.</summary>
    /// <param name="network">The network whose weights decay.</param>
    /// <param name="learningRate">η of the step.</param>
    /// <param name="l2Lambda">λ₂ ≥ 0 (0 for none).</param>
    /// <param name="l1Lambda">λ₁ ≥ 0 (0 for none).</param>
    /// <param name="trainingSetSize">n, the number of training examples.</param>
    public static void Apply<T>(Network<T> network, T learningRate, double l2Lambda, double l1Lambda, int trainingSetSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (l2Lambda == 0 && l1Lambda == 0) return;
        T n = T.CreateChecked(Math.Max(trainingSetSize, 1));
        T keep = WeightKeep(learningRate, l2Lambda, trainingSetSize);      // 1 − ηλ₂/n
        T shrink = learningRate * T.CreateChecked(l1Lambda) / n;         // ηλ₁/n
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var w = network.Layer(l).Weights;
            if (w is null) continue;
            if (l1Lambda == 0) { System.Numerics.Tensors.TensorPrimitives.Multiply(w, keep, w); continue; }
            for (int i = 0; i < w.Length; i++)
                w[i] = keep * w[i] - (w[i] > T.Zero ? shrink : w[i] < T.Zero ? -shrink : T.Zero);
        }
    }

    /// <summary>κ = 1 − ηλ₂/n, the factor L2 decay multiplies every weight by in one step (1 when λ₂ = 0).</summary>
    /// <param name="learningRate">η of the step.</param>
    /// <param name="l2Lambda">λ₂ ≥ 0.</param>
    /// <param name="trainingSetSize">n, the number of training examples.</param>
    public static T WeightKeep<T>(T learningRate, double l2Lambda, int trainingSetSize) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.One - learningRate * T.CreateChecked(l2Lambda) / T.CreateChecked(Math.Max(trainingSetSize, 1));
}
