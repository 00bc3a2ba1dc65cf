using System.Numerics;
using Backprop.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Linear + linear = linear (000 problem 3): an affine layer whose activation is the identity, followed by another affine
/// layer, is one affine layer. z = W″(W′a + b′) + b″ = (W″W′) a + (W″b′ + b″).
/// </summary>
public static class LinearCollapse
{
    /// <summary>
    /// A new network in which every run of consecutive affine layers with identity activations (and the affine layer that
    /// follows them) is merged into one equivalent affine layer, and identity layers without weights are dropped.
    /// Its outputs equal the original's up to rounding. The original is not changed.
    /// </summary>
    public static Network<T> Collapse<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new List<Layer<T>>();
        Layer<T>? pending = null; // an affine identity layer waiting to be merged into the next affine layer
        foreach (var layer in network.Layers)
        {
            if (!layer.HasWeights && layer.Activation.Name == "identity") continue;
            if (pending is not null && layer.HasWeights)
            {
                var merged = Merge(pending, layer);
                if (merged.Activation.Name == "identity") { pending = merged; continue; }
                result.Add(merged);
                pending = null;
                continue;
            }
            if (pending is not null) { result.Add(pending); pending = null; }
            if (layer.HasWeights && layer.Activation.Name == "identity") pending = Copy(layer);
            else result.Add(Copy(layer));
        }
        if (pending is not null) result.Add(pending);
        return new Network<T>(network.InputSize, result, network.Cost) { Threads = network.Threads };
    }

    /// <summary>The affine layer equal to <paramref name="first"/> (identity activation) followed by <paramref name="second"/>: W = W″W′, b = W″b′ + b″.</summary>
    private static Layer<T> Merge<T>(Layer<T> first, Layer<T> second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var merged = Layer<T>.Dense(first.InputSize, second.Units, second.Activation);
        // W = W″ · W′ : (n″ × n′) · (n′ × n).
        Gemm.Multiply(false, false, second.Units, first.InputSize, first.Units, T.One, second.Weights, first.Units, first.Weights, first.InputSize, T.Zero, merged.Weights, first.InputSize);
        // b = W″ b′ + b″.
        second.Biases.AsSpan().CopyTo(merged.Biases);
        Gemm.Multiply(false, false, second.Units, 1, first.Units, T.One, second.Weights, first.Units, first.Biases, 1, T.One, merged.Biases, 1);
        return merged;
    }

    private static Layer<T> Copy<T>(Layer<T> layer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!layer.HasWeights) return Layer<T>.ActivationOnly(layer.Units, layer.Activation);
        var copy = Layer<T>.Dense(layer.InputSize, layer.Units, layer.Activation);
        layer.Weights.AsSpan().CopyTo(copy.Weights);
        layer.Biases.AsSpan().CopyTo(copy.Biases);
        return copy;
    }
}
