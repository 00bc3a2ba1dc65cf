using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Activations;

namespace Backprop.Costs.Fused;

/// <summary>Recognises the fused pairs and holds the one shared step δ^L = (a − y)/m.</summary>
public static class FusedOutputDelta
{
    /// <summary>The fused pair for this output activation and cost, or null when they are not one.</summary>
    public static IFusedOutputDelta<T>? For<T>(IActivation<T> output, ICost<T> cost) where T : unmanaged, IFloatingPointIeee754<T> =>
        (output.Name, cost.Name) switch
        {
            ("softmax", "nll") => new SoftmaxNegativeLogLikelihood<T>(),
            ("sigmoid", "ce") => new SigmoidCrossEntropy<T>(),
            _ => null,
        };

    /// <summary>δ = (a − y)/m, where m = a.Length / units.</summary>
    internal static void AMinusYOverM<T>(string name, ReadOnlySpan<T> a, ReadOnlySpan<T> y, Span<T> delta, int units)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = CostArguments.Examples(name, a, y, units);
        if (m == 0) return;
        TensorPrimitives.Subtract(a, y, delta);
        TensorPrimitives.Multiply(delta[..a.Length], T.One / T.CreateChecked(m), delta);
    }
}
