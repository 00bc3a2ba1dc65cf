using System.Numerics;
using Backprop.Data;

namespace Backprop.Diagnostics;

/// <summary>
/// How often examples of each actual class were predicted as each class (predicted = <see cref="Targets.ClassOf{T}"/> of a^L):
/// the diagonal counts the right answers.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    private ConfusionMatrix(int[,] counts) => _counts = counts;

    /// <summary>Feeds every example of <paramref name="data"/> forward and counts (actual, predicted) pairs.</summary>
    /// <exception cref="ShapeMismatchException">The data has no labels or does not fit the network.</exception>
    public static ConfusionMatrix Of<T>(Network<T> network, DataSet<T> data, int batchSize = 1000) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Labels is null) throw new ShapeMismatchException($"{data.Name}: a confusion matrix needs class labels");
        data.CheckFits(network);
        int n = network.OutputSize, classes = n == 1 ? 2 : n, nIn = data.InputSize;
        var counts = new int[classes, classes];
        string output = network.Layer(network.LayerCount).Activation.Name;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int m = Math.Min(batchSize, data.Count - start);
            var a = network.FeedForward(data.Inputs.AsSpan(start * nIn, m * nIn), m);
            for (int i = 0; i < m; i++) counts[data.Labels[start + i], Targets.ClassOf(a.Slice(i * n, n), output)]++;
        }
        return new ConfusionMatrix(counts);
    }

    /// <summary>The number of classes (n_L, or 2 for a single output unit).</summary>
    public int Classes => _counts.GetLength(0);

    /// <summary>Examples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int Count(int actual, int predicted) => _counts[actual, predicted];

    /// <summary>All examples counted.</summary>
    public int Total => _counts.Cast<int>().Sum();

    /// <summary>Examples on the diagonal (predicted = actual).</summary>
    public int Correct => Enumerable.Range(0, Classes).Sum(c => _counts[c, c]);

    /// <summary>Correct / Total (NaN for no examples).</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;
}
