using System.Numerics;

namespace Backprop;

/// <summary>
/// The scratch buffers of one network for mini-batches of up to <see cref="Capacity"/> examples: z^l, a^l and δ^l for l = 1…L.
/// Allocated once and reused, so a training step allocates nothing; a smaller batch (the last of an epoch) uses a prefix.
/// </summary>
internal sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Workspace(Network<T> network, int capacity)
    {
        Capacity = capacity;
        int count = network.LayerCount;
        Z = new T[count + 1][];
        A = new T[count + 1][];
        Delta = new T[count + 1][];
        BiasGradient = new T[count + 1][];
        Z[0] = A[0] = Delta[0] = BiasGradient[0] = [];
        for (int l = 1; l <= count; l++)
        {
            int size = capacity * network.Layer(l).Units;
            Z[l] = new T[size];
            A[l] = new T[size];
            Delta[l] = new T[size];
            BiasGradient[l] = new T[network.Layer(l).Units];
        }
    }

    /// <summary>The largest batch the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>z^l, m × n_l.</summary>
    public T[][] Z { get; }

    /// <summary>a^l, m × n_l.</summary>
    public T[][] A { get; }

    /// <summary>δ^l, m × n_l; before it holds δ^l it holds ∂C/∂a^l (the BP2 product), which the activation turns into δ^l in place.</summary>
    public T[][] Delta { get; }

    /// <summary>∂C/∂b^l, n_l: scratch for the fused descent step, which does not keep gradients.</summary>
    public T[][] BiasGradient { get; }
}
