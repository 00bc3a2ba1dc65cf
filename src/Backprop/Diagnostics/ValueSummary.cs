namespace Backprop.Diagnostics;

/// <summary>
/// A short account of a long vector or matrix (a layer's z, a, δ, ∂C/∂b or ∂C/∂W when it has too many entries to list):
/// its Euclidean norm, its largest magnitude, and its few largest entries with their indices.
/// </summary>
/// <param name="Count">Number of entries.</param>
/// <param name="Norm">‖v‖₂ = √(Σ v_i²) (the Frobenius norm of a matrix).</param>
/// <param name="MaxAbs">max_i |v_i|.</param>
/// <param name="Largest">The entries of largest |v|, largest first, each with (j, k) (k = 0 for a vector).</param>
public sealed record ValueSummary(int Count, double Norm, double MaxAbs, IReadOnlyList<(int J, int K, double Value)> Largest)
{
    /// <summary>Summarises <paramref name="values"/>, read as rows of <paramref name="columns"/> entries (1 for a vector).</summary>
    /// <param name="values">The entries, row-major.</param>
    /// <param name="columns">Entries per row: n_(l−1) for W^l, 1 for a vector.</param>
    /// <param name="largest">How many of the largest entries to keep.</param>
    public static ValueSummary Of(IReadOnlyList<double> values, int columns = 1, int largest = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        double sumSquares = 0, maxAbs = 0;
        foreach (var v in values) { sumSquares += v * v; maxAbs = Math.Max(maxAbs, Math.Abs(v)); }
        var top = Enumerable.Range(0, values.Count)
            .OrderByDescending(i => Math.Abs(values[i])).ThenBy(i => i)
            .Take(largest)
            .Select(i => (i / columns, i % columns, values[i]))
            .ToList();
        return new ValueSummary(values.Count, Math.Sqrt(sumSquares), maxAbs, top);
    }
}
