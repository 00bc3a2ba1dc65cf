using System.Numerics;

namespace Backprop;

/// <summary>
/// ∂C/∂W^l (BP4) and ∂C/∂b^l (BP3) for every layer l = 1…L of a network: Nielsen's <c>nabla_w</c>, <c>nabla_b</c>.
/// Indexed in the seeds' numbering (l from 1); an activation-only layer has none (null).
/// </summary>
public sealed class Gradients<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] _weights;
    private readonly T[]?[] _biases;

    /// <summary>Allocates zeroed gradients shaped like <paramref name="network"/>'s parameters.</summary>
    public Gradients(Network<T> network)
    {
        int count = network.LayerCount;
        _weights = new T[]?[count + 1];
        _biases = new T[]?[count + 1];
        for (int l = 1; l <= count; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            _weights[l] = new T[layer.Weights!.Length];
            _biases[l] = new T[layer.Biases!.Length];
        }
    }

    /// <summary>L, the number of layers.</summary>
    public int LayerCount => _weights.Length - 1;

    /// <summary>∂C/∂W^l, n_l × n_(l−1) row-major (∂C/∂w_jk^l at [j·n_(l−1) + k]); null for an activation-only layer.</summary>
    public T[]? WeightGradient(int l) => _weights[l];

    /// <summary>∂C/∂b^l, n_l values; null for an activation-only layer.</summary>
    public T[]? BiasGradient(int l) => _biases[l];
}
