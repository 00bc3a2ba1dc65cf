using System.Globalization;
using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Reads a CSV file with a header row as a <see cref="DataSet{T}"/>: the label column (classification) or the target
/// columns (regression) named in <see cref="CsvColumns"/> are the answer, every other column a numeric feature.
/// Numbers are read in the invariant culture (a dot is the decimal point).
/// </summary>
/// <example>
/// <code>
/// var iris = CsvData.Load&lt;float&gt;("iris.csv", new CsvColumns(Label: "species"));
/// // iris.Classes: ["setosa", "versicolor", "virginica"]; iris.Data.Labels[i] indexes them
/// var surface = CsvData.Load&lt;double&gt;("examples/sine2d.csv", new CsvColumns(Targets: ["z"]));
/// </code>
/// </example>
public static class CsvData
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">A CSV file whose first line names the columns.</param>
    /// <param name="columns">The label or target columns, and optionally the class names to map labels with.</param>
    /// <exception cref="DataFormatException">
    /// The file is missing or malformed, a named column is missing, a feature or target is not a finite number, or a label
    /// is not one of the given classes; the message names the file, the line and the column.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="columns"/> names neither or both of a label and targets.</exception>
    public static CsvDataSet<T> Load<T>(string path, CsvColumns columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        columns.Validate();
        var (header, rows) = CsvText.Read(path);
        if (rows.Count == 0) throw new DataFormatException($"{path}: the header is followed by no rows of data");
        var answer = (columns.Label is { } label ? [label] : columns.Targets!).Select(name => Column(header, name, path)).ToArray();
        var features = Enumerable.Range(0, header.Length).Where(c => !answer.Contains(c)).ToArray();
        if (features.Length == 0) throw new DataFormatException($"{path}: no feature columns are left besides {string.Join(", ", answer.Select(c => header[c]))}");
        var inputs = new T[rows.Count * features.Length];
        for (int r = 0; r < rows.Count; r++)
            for (int f = 0; f < features.Length; f++) inputs[r * features.Length + f] = Number<T>(rows[r], features[f], header, path);
        var featureNames = features.Select(c => header[c]).ToArray();
        if (columns.Label is not null)
        {
            var classes = columns.Classes ?? ClassesOf(rows.Select(r => r.Fields[answer[0]]));
            var index = classes.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            var labels = new int[rows.Count];
            for (int r = 0; r < rows.Count; r++)
            {
                string name = rows[r].Fields[answer[0]];
                if (!index.TryGetValue(name, out labels[r]))
                    throw new DataFormatException($"{path}: line {rows[r].Number}, column '{header[answer[0]]}': '{name}' is not one of the classes ({string.Join(", ", classes)})");
            }
            return new CsvDataSet<T>(new DataSet<T>(path, inputs, features.Length, labels: labels), featureNames, classes, null);
        }
        var targets = new T[rows.Count * answer.Length];
        for (int r = 0; r < rows.Count; r++)
            for (int t = 0; t < answer.Length; t++) targets[r * answer.Length + t] = Number<T>(rows[r], answer[t], header, path);
        return new CsvDataSet<T>(new DataSet<T>(path, inputs, features.Length, targets: targets, targetSize: answer.Length), featureNames, null, [.. answer.Select(c => header[c])]);
    }

    /// <summary>The distinct labels, sorted numerically when all are integers (so labels 0…9 keep their numbers), else ordinally.</summary>
    public static IReadOnlyList<string> ClassesOf(IEnumerable<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.All(l => long.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            return [.. distinct.OrderBy(l => long.Parse(l, CultureInfo.InvariantCulture))];
        return [.. distinct.Order(StringComparer.Ordinal)];
    }

    private static int Column(string[] header, string name, string path)
    {
        int c = Array.IndexOf(header, name);
        return c >= 0 ? c : throw new DataFormatException($"{path}: no column '{name}' (the header has: {string.Join(", ", header)})");
    }

    private static T Number<T>(CsvText.Line row, int column, string[] header, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string text = row.Fields[column];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw new DataFormatException($"{path}: line {row.Number}, column '{header[column]}': '{text}' is not a finite number");
        return T.CreateChecked(v);
    }
}
