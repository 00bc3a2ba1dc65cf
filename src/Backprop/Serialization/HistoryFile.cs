using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// Writes a run's per-epoch history (<see cref="EpochReport"/>s): JSON when the file name ends in <c>.json</c>, else CSV
/// with a header row (invariant culture; a measurement that was not taken is an empty cell, or null in JSON), and reads
/// such a file back.
/// </summary>
public static class HistoryFile
{
    /// <summary>The columns, in order: epoch, learning rate, training/validation/test cost and accuracy, seconds.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["epoch", "learning_rate", "train_cost", "train_accuracy", "validation_cost", "validation_accuracy", "test_cost", "test_accuracy", "seconds"];

    /// <summary>Writes <paramref name="reports"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, IReadOnlyList<EpochReport> reports)
    {
        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        AtomicFile.Write(path, stream => { if (json) WriteJson(stream, reports); else WriteCsv(stream, reports); });
    }

    /// <summary>Reads a history written by <see cref="Write"/> (CSV, or JSON when the name ends in <c>.json</c>); missing measurements read as NaN.</summary>
    /// <remarks>Columns may come in any order and unknown ones are ignored; <c>epoch</c> is required. The test counts, which the file does not keep, read as 0.</remarks>
    /// <exception cref="DataFormatException">The file is missing or malformed; the message names the line (CSV) or entry (JSON) and the column.</exception>
    public static IReadOnlyList<EpochReport> Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException($"{path}: no such history file");
        var rows = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(path) : ReadCsv(path);
        return [.. rows.Select(v => new EpochReport((int)v[0], v[8], v[6], v[7], 0, 0, v[2], v[3], v[4], v[5], v[1]))];
    }

    private static List<double[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new DataFormatException($"{path}: empty history file");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var index = Columns.Select(c => Array.IndexOf(header, c)).ToArray();
        if (index[0] < 0) throw new DataFormatException($"{path}: the header has no 'epoch' column (expected {string.Join(",", Columns)})");
        var rows = new List<double[]>();
        for (int line = 1; line < lines.Length; line++)
        {
            if (string.IsNullOrWhiteSpace(lines[line])) continue;
            var cells = lines[line].Split(',');
            var row = new double[Columns.Count];
            for (int c = 0; c < Columns.Count; c++)
            {
                string cell = index[c] >= 0 && index[c] < cells.Length ? cells[index[c]].Trim() : "";
                if (cell.Length == 0) { row[c] = double.NaN; continue; }
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]))
                    throw new DataFormatException($"{path}: line {line + 1}, column '{Columns[c]}': '{cell}' is not a number");
            }
            if (double.IsNaN(row[0])) throw new DataFormatException($"{path}: line {line + 1} has no epoch");
            rows.Add(row);
        }
        return rows;
    }

    private static List<double[]> ReadJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new DataFormatException($"{path}: a JSON history is an array of epoch objects");
            var rows = new List<double[]>();
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                var row = new double[Columns.Count];
                for (int c = 0; c < Columns.Count; c++)
                {
                    if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty(Columns[c], out var v) || v.ValueKind == JsonValueKind.Null) row[c] = double.NaN;
                    else if (v.ValueKind == JsonValueKind.Number) row[c] = v.GetDouble();
                    else throw new DataFormatException($"{path}: entry {rows.Count + 1}, '{Columns[c]}' is {v.GetRawText()}, not a number");
                }
                if (double.IsNaN(row[0])) throw new DataFormatException($"{path}: entry {rows.Count + 1} has no epoch");
                rows.Add(row);
            }
            return rows;
        }
        catch (JsonException e) { throw new DataFormatException($"{path}: not valid JSON (line {e.LineNumber + 1})", e); }
    }

    private static double[] Row(EpochReport r) =>
        [r.Epoch, r.LearningRate, r.TrainCost, r.TrainAccuracy, r.ValidationCost, r.ValidationAccuracy, r.TestCost, r.TestAccuracy, r.TrainSeconds];

    private static void WriteCsv(Stream stream, IReadOnlyList<EpochReport> reports)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        writer.WriteLine(string.Join(",", Columns));
        foreach (var r in reports)
            writer.WriteLine(string.Join(",", Row(r).Select(v => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")));
    }

    private static void WriteJson(Stream stream, IReadOnlyList<EpochReport> reports)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var r in reports)
        {
            json.WriteStartObject();
            var row = Row(r);
            for (int i = 0; i < Columns.Count; i++)
            {
                if (double.IsFinite(row[i])) json.WriteNumber(Columns[i], row[i]);
                else json.WriteNull(Columns[i]);
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
