using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>
/// One buffer shaped like each parameter array of a network (W^l and b^l of every layer with weights), zeroed:
/// a velocity or a moment estimate. Allocated once; the optimisers index it by the seeds' l.
/// </summary>
internal sealed class ParameterBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[]?[] _weights;
    private readonly T[]?[] _biases;

    public ParameterBuffers(Network<T> network)
    {
        _weights = new T[]?[network.LayerCount + 1];
        _biases = new T[]?[network.LayerCount + 1];
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = network.Layer(l);
            if (!layer.HasWeights) continue;
            _weights[l] = new T[layer.Weights!.Length];
            _biases[l] = new T[layer.Biases!.Length];
        }
    }

    /// <summary>The buffer for W^l.</summary>
    public T[] Weights(int l) => _weights[l]!;

    /// <summary>The buffer for b^l.</summary>
    public T[] Biases(int l) => _biases[l]!;

    /// <summary>Every buffer, in the order W^1, b^1, W^2, b^2, … (layers without weights skipped).</summary>
    public IEnumerable<T[]> All()
    {
        for (int l = 1; l < _weights.Length; l++)
        {
            if (_weights[l] is null) continue;
            yield return _weights[l]!;
            yield return _biases[l]!;
        }
    }

    /// <summary>Copies of the buffers of several kinds, kind after kind, for <see cref="OptimizerState{T}"/>.</summary>
    public static List<T[]> Save(params ParameterBuffers<T>[] kinds) => kinds.SelectMany(k => k.All()).Select(b => (T[])b.Clone()).ToList();

    /// <summary>Checks a saved state against this optimiser and copies its buffers back, kind after kind.</summary>
    /// <exception cref="ArgumentException">Wrong optimiser, or the buffers' count or sizes differ.</exception>
    public static void Restore(OptimizerState<T> state, string name, params ParameterBuffers<T>[] kinds)
    {
        if (state.Name != name) throw new ArgumentException($"the saved state is optimiser '{state.Name}' but this run uses '{name}'");
        if (state.Steps < 0) throw new ArgumentException($"the saved step count {state.Steps} is negative");
        var targets = kinds.SelectMany(k => k.All()).ToList();
        if (state.Buffers.Count != targets.Count)
            throw new ArgumentException($"optimiser '{name}' keeps {targets.Count} buffers for this network but the saved state has {state.Buffers.Count}");
        for (int i = 0; i < targets.Count; i++)
        {
            if (state.Buffers[i].Length != targets[i].Length)
                throw new ArgumentException($"optimiser '{name}' buffer {i + 1} holds {targets[i].Length} values for this network but the saved one has {state.Buffers[i].Length}");
            state.Buffers[i].CopyTo(targets[i], 0);
        }
    }
}
