namespace Backprop.Data;

/// <summary>
/// Which columns of a CSV file are the answer: a class <see cref="Label"/> (classification) or one or more numeric
/// <see cref="Targets"/> (regression). Every other column is a numeric feature, in the file's order.
/// </summary>
/// <param name="Label">The column of class labels (strings or integers), or null.</param>
/// <param name="Targets">The columns of regression targets, or null.</param>
/// <param name="Classes">The class names, index = class: given to read test data with a training file's (or a model's) mapping; null to take them from the file.</param>
public sealed record CsvColumns(string? Label = null, IReadOnlyList<string>? Targets = null, IReadOnlyList<string>? Classes = null)
{
    /// <summary>Checks that exactly one of <see cref="Label"/> and <see cref="Targets"/> is given.</summary>
    /// <exception cref="ArgumentException">Neither or both are given, or <see cref="Targets"/> is empty.</exception>
    public void Validate()
    {
        if (Label is null == (Targets is null))
            throw new ArgumentException("a CSV file needs either a label column (classification) or target columns (regression), not " + (Label is null ? "neither" : "both"));
        if (Targets is { Count: 0 }) throw new ArgumentException("give at least one target column");
    }
}
