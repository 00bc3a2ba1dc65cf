using System.Numerics;
using Backprop.Data;

namespace Backprop.Training;

/// <summary>Mean cost and classification accuracy of a network on a data set.</summary>
/// <param name="Cost">Mean cost (1/n) Σ_x c(x) over the data set.</param>
/// <param name="Correct">Examples classified right (labels only).</param>
/// <param name="Count">Examples.</param>
public sealed record Evaluation(double Cost, int Correct, int Count)
{
    /// <summary>Correct / Count, or NaN for regression data.</summary>
    public double Accuracy => Count == 0 || Correct < 0 ? double.NaN : (double)Correct / Count;

    /// <summary>Examples per forward pass when no batch size is given (<c>backprop eval</c>; the trainer's evaluations after each epoch take its mini-batch, at least 100).</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Evaluates in batches of <paramref name="batchSize"/> examples.</summary>
    /// <exception cref="ShapeMismatchException">The data does not fit the network.</exception>
    public static Evaluation Of<T>(Network<T> network, DataSet<T> data, int batchSize = DefaultBatchSize) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[]? scratch = null;
        return Run(network, data, batchSize, confusion: null, ref scratch);
    }

    /// <summary>
    /// <see cref="Of{T}(Network{T}, DataSet{T}, int)"/> converting byte inputs into <paramref name="scratch"/>, which it
    /// replaces by a larger array when needed: the trainer keeps one for all its epochs. A new 1000 × 784 float array
    /// each epoch (3.1 MB, in the large-object heap) was never collected while training wide128 (no GC at all in
    /// 8 epochs, 3.2 MB allocated an epoch), so the peak working set grew by 3.2 MB an epoch: 92 → 108 MB from 4 to 9 epochs.
    /// </summary>
    internal static Evaluation Of<T>(Network<T> network, DataSet<T> data, int batchSize, ref T[]? scratch) where T : unmanaged, IFloatingPointIeee754<T>
        => Run(network, data, batchSize, confusion: null, ref scratch);

    /// <summary>
    /// The evaluation and the <see cref="ClassificationReport"/> of a labelled data set from one forward pass over it
    /// (what <c>backprop eval</c> prints).
    /// </summary>
    /// <exception cref="ArgumentException">The data has no labels.</exception>
    /// <exception cref="ShapeMismatchException">The data does not fit the network.</exception>
    public static (Evaluation Evaluation, ClassificationReport Report) WithReport<T>(Network<T> network, DataSet<T> data, int batchSize = DefaultBatchSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Labels is null) throw new ArgumentException($"{data.Name}: a classification report needs class labels");
        int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        T[]? scratch = null;
        var evaluation = Run(network, data, batchSize, confusion, ref scratch);
        return (evaluation, new ClassificationReport(confusion));
    }

    /// <summary>
    /// Cost and hits in batches; with labels and <paramref name="confusion"/>, also counts confusion[true][predicted].
    /// Byte inputs are converted into <paramref name="scratch"/>, replaced by a new array when null or too small.
    /// </summary>
    private static Evaluation Run<T>(Network<T> network, DataSet<T> data, int batchSize, int[][]? confusion, ref T[]? scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        data.CheckFits(network);
        int n = data.Count, nIn = data.InputSize, nOut = network.OutputSize;
        int rows = Math.Min(batchSize, Math.Max(n, 1));
        var y = new T[rows * nOut];
        int scratchLength = data.HasByteInputs ? rows * nIn : 0;
        if (scratch is null || scratch.Length < scratchLength) scratch = new T[scratchLength];
        double cost = 0;
        int correct = 0;
        string outputName = network.Layer(network.LayerCount).Activation.Name;
        for (int start = 0; start < n; start += batchSize)
        {
            int m = Math.Min(batchSize, n - start);
            var x = data.InputRows(start, m, scratch);
            var yb = y.AsSpan(0, m * nOut);
            if (data.Labels is not null) Targets.Encode(data.Labels.AsSpan(start, m), nOut, network.Cost.Name, yb);
            else data.TargetValues.AsSpan(start * nOut, m * nOut).CopyTo(yb);
            cost += double.CreateChecked(network.CostOf(x, yb, m)) * m;
            if (data.Labels is null) continue;
            var a = network.Activation(network.LayerCount, m);
            for (int i = 0; i < m; i++)
            {
                int label = data.Labels[start + i], predicted = Targets.ClassOf(a.Slice(i * nOut, nOut), outputName);
                if (predicted == label) correct++;
                if (confusion is not null) confusion[label][predicted]++;
            }
        }
        return new Evaluation(n == 0 ? double.NaN : cost / n, data.Labels is null ? -1 : correct, n);
    }
}
