using System.Globalization;
using System.Text;
using System.Text.Json;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// Writes a run's per-epoch history (<see cref="EpochReport"/>s): JSON when the file name ends in <c>.json</c>, else CSV
/// with a header row (invariant culture; a measurement that was not taken is an empty cell, or null in JSON).
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
