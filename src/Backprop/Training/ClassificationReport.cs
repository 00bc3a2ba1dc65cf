using System.Numerics;
using Backprop.Data;

namespace Backprop.Training;

/// <summary>
/// A classifier's confusion matrix on a labelled data set and the per-class precision, recall and F1 derived from it.
/// <c>Confusion[i][j]</c> counts examples of true class i predicted as class j, so row sums are class sizes and the
/// diagonal holds the hits. For class c: precision = hits / column sum, recall = hits / row sum, F1 = their harmonic
/// mean; a ratio with a zero denominator is 0 (scikit-learn's <c>zero_division=0</c>).
/// </summary>
/// <param name="Confusion">K × K counts, rows = true class, columns = predicted class.</param>
public sealed record ClassificationReport(int[][] Confusion)
{
    /// <summary>K, the number of classes (2 for a single output unit).</summary>
    public int Classes => Confusion.Length;

    /// <summary>Examples counted.</summary>
    public int Count => Confusion.Sum(row => row.Sum());

    /// <summary>Fraction on the diagonal.</summary>
    public double Accuracy => Count == 0 ? double.NaN : (double)Enumerable.Range(0, Classes).Sum(c => Confusion[c][c]) / Count;

    /// <summary>Of the examples predicted as class c, the fraction that are c.</summary>
    public double Precision(int c) => Ratio(Confusion[c][c], Enumerable.Range(0, Classes).Sum(i => Confusion[i][c]));

    /// <summary>Of the examples of class c, the fraction predicted as c.</summary>
    public double Recall(int c) => Ratio(Confusion[c][c], Confusion[c].Sum());

    /// <summary>2PR/(P + R) for class c (0 when both are 0).</summary>
    public double F1(int c)
    {
        double p = Precision(c), r = Recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>The unweighted mean of the classes' F1.</summary>
    public double MacroF1 => Enumerable.Range(0, Classes).Average(F1);

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    /// <summary>Classifies every example of <paramref name="data"/> (arg-max of a^L, as <see cref="Evaluation"/> does) and counts.</summary>
    /// <exception cref="ArgumentException">The data has no labels.</exception>
    /// <exception cref="ShapeMismatchException">The data does not fit the network.</exception>
    public static ClassificationReport Of<T>(Network<T> network, DataSet<T> data, int batchSize = Evaluation.DefaultBatchSize) where T : unmanaged, IFloatingPointIeee754<T>
        => Evaluation.WithReport(network, data, batchSize).Report;
}
