using System.Numerics;

namespace Backprop.Data;

/// <summary>A data set read from a CSV file, with the names of its columns and classes.</summary>
/// <param name="Data">The examples: features as inputs; class indices as labels, or target values.</param>
/// <param name="Features">The feature columns' names, in input order (n_0 of them).</param>
/// <param name="Classes">Class names, index = class (sorted: numerically when every label is an integer, else ordinally), or null for regression.</param>
/// <param name="Targets">The target columns' names (regression), or null.</param>
public sealed record CsvDataSet<T>(DataSet<T> Data, IReadOnlyList<string> Features, IReadOnlyList<string>? Classes, IReadOnlyList<string>? Targets)
    where T : unmanaged, IFloatingPointIeee754<T>;
