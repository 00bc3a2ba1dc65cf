using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Examples for a network: inputs, one row of <see cref="InputSize"/> values per example, and either class labels
/// (converted to target vectors by <see cref="Targets"/>) or target vectors given directly (regression).
/// </summary>
public sealed class DataSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a data set, checking shapes and that no input or target is NaN or infinite.</summary>
    /// <param name="name">Where the data came from, for messages (a file or folder).</param>
    /// <param name="inputs">Count × inputSize values, one example per row.</param>
    /// <param name="inputSize">Values per example.</param>
    /// <param name="labels">Class of each example (0-based), or null.</param>
    /// <param name="targets">Count × targetSize target values, or null.</param>
    /// <param name="targetSize">Values per target row (0 when there are no targets).</param>
    /// <exception cref="DataFormatException">Shapes disagree, a label is negative, or a value is NaN or infinite; the message names the example.</exception>
    public DataSet(string name, T[] inputs, int inputSize, int[]? labels = null, T[]? targets = null, int targetSize = 0)
    {
        Name = name;
        if (inputSize <= 0 || inputs.Length % inputSize != 0)
            throw new DataFormatException($"{name}: {inputs.Length} input values is not a whole number of examples of width {inputSize}");
        Count = inputs.Length / inputSize;
        if (labels is null == targets is null) throw new DataFormatException($"{name}: give either labels or targets");
        if (labels is not null && labels.Length != Count) throw new DataFormatException($"{name}: {Count} examples but {labels.Length} labels");
        if (targets is not null && (targetSize <= 0 || targets.Length != Count * targetSize))
            throw new DataFormatException($"{name}: {Count} examples need {Count * targetSize} target values, got {targets.Length}");
        for (int i = 0; i < inputs.Length; i++)
            if (!T.IsFinite(inputs[i])) throw new DataFormatException($"{name}: example {i / inputSize}, feature {i % inputSize} is {inputs[i]}");
        if (targets is not null)
            for (int i = 0; i < targets.Length; i++)
                if (!T.IsFinite(targets[i])) throw new DataFormatException($"{name}: example {i / targetSize}, target {i % targetSize} is {targets[i]}");
        if (labels is not null)
            for (int i = 0; i < labels.Length; i++)
                if (labels[i] < 0) throw new DataFormatException($"{name}: example {i} has negative label {labels[i]}");
        Inputs = inputs; InputSize = inputSize; Labels = labels; TargetValues = targets; TargetSize = targetSize;
    }

    /// <summary>Where the data came from.</summary>
    public string Name { get; }
    /// <summary>The number of examples.</summary>
    public int Count { get; }
    /// <summary>Values per example (n_0 of a network that reads it).</summary>
    public int InputSize { get; }
    /// <summary>Count × InputSize inputs, one example per row.</summary>
    public T[] Inputs { get; }
    /// <summary>Class labels (classification), or null.</summary>
    public int[]? Labels { get; }
    /// <summary>Target rows (regression), or null.</summary>
    public T[]? TargetValues { get; }
    /// <summary>Values per target row, 0 with labels.</summary>
    public int TargetSize { get; }
    /// <summary>Whether examples carry class labels.</summary>
    public bool IsClassification => Labels is not null;

    /// <summary>Examples [start, start + count) as a new data set (copies).</summary>
    public DataSet<T> Slice(int start, int count, string? name = null)
    {
        if (start < 0 || count < 0 || start + count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"[{start}, {start + count}) is outside 0…{Count}");
        return new DataSet<T>(name ?? Name, Inputs.AsSpan(start * InputSize, count * InputSize).ToArray(), InputSize,
            Labels?.AsSpan(start, count).ToArray(), TargetValues?.AsSpan(start * TargetSize, count * TargetSize).ToArray(), TargetSize);
    }

    /// <summary>Splits off the last ⌊fraction · Count⌉ examples (e.g. 0.1: the last 10 %, Nielsen's validation set taken from the end of the training data).</summary>
    /// <param name="fraction">The share held out, in (0, 1).</param>
    /// <returns>(the first examples, the last ones).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1) or leaves either part empty.</exception>
    public (DataSet<T> First, DataSet<T> Last) SplitLast(double fraction)
    {
        int last = (int)Math.Round(fraction * Count);
        if (!(fraction > 0 && fraction < 1) || last == 0 || last == Count)
            throw new ArgumentOutOfRangeException(nameof(fraction), $"{Name}: cannot hold out {fraction} of {Count} examples (give a fraction in (0, 1) that leaves both parts non-empty)");
        return (Slice(0, Count - last, $"{Name} (first {Count - last})"), Slice(Count - last, last, $"{Name} (last {last})"));
    }

    /// <summary>Checks that a network can read this data: input width = n_0, labels &lt; n_L (or ≤ 1 for one output unit), target width = n_L.</summary>
    /// <exception cref="ShapeMismatchException">It cannot; the message names the data and the layer.</exception>
    public void CheckFits(Network<T> network)
    {
        if (InputSize != network.InputSize)
            throw new ShapeMismatchException($"{Name}: examples have {InputSize} values but layer 1 of the network takes {network.InputSize} inputs");
        if (Labels is not null)
        {
            int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
            for (int i = 0; i < Labels.Length; i++)
                if (Labels[i] >= classes)
                    throw new ShapeMismatchException($"{Name}: example {i} has label {Labels[i]} but the output layer has {network.OutputSize} unit(s), so labels must be below {classes}");
        }
        else if (TargetSize != network.OutputSize)
            throw new ShapeMismatchException($"{Name}: targets have {TargetSize} values but the output layer has {network.OutputSize} units");
    }
}
