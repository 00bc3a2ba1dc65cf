using System.Numerics;
using Backprop.Randomness;

namespace Backprop.Layers;

/// <summary>
/// Inverted dropout on the hidden layers' activations, for training only (Srivastava et al. 2014; Nielsen ch. 3, "Dropout"):
/// each hidden unit j of layer l = 1…L−1 is kept with probability 1 − p, and the next layer reads ã^l = a^l ⊙ r^l with
/// r_j^l ∈ {0, 1/(1 − p)}. Scaling the kept units at training time keeps E[ã^l] = a^l, so inference uses the network
/// unchanged. Pass it to <see cref="Network{T}.Backpropagate"/> after <see cref="Draw"/>; FeedForward never applies it.
/// </summary>
/// <remarks>
/// Backpropagation through the mask: since ã^l = a^l ⊙ r^l, BP2 becomes δ^l = ((W^(l+1))ᵀ δ^(l+1) ⊙ r^l) ⊙ f′(z^l),
/// and BP4 uses ã^(l−1). The masks stay as drawn until the next <see cref="Draw"/>, so a gradient check can hold them fixed.
/// With p = 0 every mask is exactly 1 and <see cref="Draw"/> takes nothing from the generator.
/// </remarks>
public sealed class Dropout<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _masks;    // r^l, capacity × n_l, for l = 1…L−1 (index 0 and L unused)
    private readonly T[][] _dropped;  // ã^l = a^l ⊙ r^l
    private readonly int[] _units;

    /// <summary>Allocates masks for mini-batches of up to <paramref name="capacity"/> examples of <paramref name="network"/>.</summary>
    /// <param name="network">The network whose hidden layers drop units.</param>
    /// <param name="rate">p, the probability of dropping a unit, in [0, 1).</param>
    /// <param name="capacity">The largest mini-batch m.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1) or the capacity is not positive.</exception>
    public Dropout(Network<T> network, double rate, int capacity)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), $"dropout probability p must be in [0, 1), got {rate}");
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), $"capacity must be positive, got {capacity}");
        Rate = rate;
        Capacity = capacity;
        int L = network.LayerCount;
        _masks = new T[L + 1][];
        _dropped = new T[L + 1][];
        _units = new int[L + 1];
        for (int l = 0; l <= L; l++)
        {
            _units[l] = l == 0 ? 0 : network.Layer(l).Units;
            _masks[l] = l >= 1 && l < L ? new T[capacity * _units[l]] : [];
            _dropped[l] = new T[_masks[l].Length];
            _masks[l].AsSpan().Fill(T.One);
        }
    }

    /// <summary>p, the probability of dropping a hidden unit.</summary>
    public double Rate { get; }

    /// <summary>The largest mini-batch the masks cover.</summary>
    public int Capacity { get; }

    /// <summary>Draws new masks r^l for m examples: each entry is 0 with probability p, else 1/(1 − p).</summary>
    /// <param name="rng">The seeded generator (one uniform draw per hidden unit and example, layer by layer).</param>
    /// <param name="m">Examples in the coming mini-batch, at most <see cref="Capacity"/>.</param>
    public void Draw(Rng rng, int m)
    {
        if (m > Capacity) throw new ArgumentOutOfRangeException(nameof(m), $"mini-batch of {m} exceeds the dropout masks' capacity {Capacity}");
        if (Rate == 0) return;
        T keep = T.One / T.CreateChecked(1 - Rate);
        for (int l = 1; l < _masks.Length - 1; l++)
        {
            var mask = _masks[l].AsSpan(0, m * _units[l]);
            for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextDouble() < Rate ? T.Zero : keep;
        }
    }

    /// <summary>r^l as last drawn for a hidden layer l = 1…L−1, m × n_l.</summary>
    public ReadOnlySpan<T> Mask(int l, int m) => _masks[l].AsSpan(0, m * _units[l]);

    /// <summary>Whether layer l's activations pass through a mask (the hidden layers 1…L−1).</summary>
    internal bool Covers(int l) => l >= 1 && l < _masks.Length - 1;

    /// <summary>ã^l = a^l ⊙ r^l, written into the mask's own buffer; returns it (m × n_l).</summary>
    internal ReadOnlySpan<T> Apply(int l, ReadOnlySpan<T> a, int m)
    {
        var dropped = _dropped[l].AsSpan(0, m * _units[l]);
        System.Numerics.Tensors.TensorPrimitives.Multiply(a, Mask(l, m), dropped);
        return dropped;
    }

    /// <summary>ã^l of the last forward pass, m × n_l.</summary>
    internal ReadOnlySpan<T> Dropped(int l, int m) => _dropped[l].AsSpan(0, m * _units[l]);

    /// <summary>∂C/∂a^l = ∂C/∂ã^l ⊙ r^l, in place (the mask's factor of BP2).</summary>
    internal void BackpropagateMask(int l, Span<T> gradient, int m) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, Mask(l, m), gradient);
}
