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
        // The counting is ClassificationReport's; this type is the same counts as a K × K array for plots.
        var rows = Training.ClassificationReport.Of(network, data, batchSize).Confusion;
        var counts = new int[rows.Length, rows.Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++) counts[i, j] = rows[i][j];
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
