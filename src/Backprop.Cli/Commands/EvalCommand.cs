using System.CommandLine;
using System.Numerics;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop eval</c>: accuracy and mean cost of a saved model on a data set's test part.</summary>
internal static class EvalCommand
{
    private static readonly Option<string> Model = Options.Model();
    private static readonly DataSource Data = new("CSV: evaluate only the last rows, this fraction of them [default: every row]");
    private static readonly Option<string> Precision = Options.Precision();
    private static readonly OutputOptions Out = new("Print one JSON object: accuracy, cost, confusion matrix and per-class precision/recall/F1");

    public static Command Create()
    {
        var command = new Command("eval", "Evaluate a saved model: accuracy and mean cost on the test data (the last examples after --split, or t10k-*, or the rows of a CSV file).\n" +
            "Example: backprop eval --model model.json --data data/mnist-10k\n" +
            "Example: backprop eval --model iris.json --data iris.csv --label species --json") { Model, Precision };
        foreach (var option in Data.All.Concat(Out.All)) command.Options.Add(option);
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var output = parse.InvocationConfiguration.Output;
            var mode = Out.ModeOf(parse);
            var network = ModelFiles.Load<T>(parse.GetValue(Model)!, out var metadata);
            var test = Data.LoadTest<T>(parse, metadata.Classes);
            if (metadata.Standardization is { } s) test = s.Apply(test);
            var (result, report) = test.IsClassification ? Evaluation.WithReport(network, test) : (Evaluation.Of(network, test), null);
            if (mode == OutputMode.Json) PrintJson(output, network.ToString(), result, report, metadata);
            if (mode != OutputMode.Plain) return 0;
            output.WriteLine($"{network}");
            if (report is not null) PrintReport(output, report, metadata);
            output.WriteLine(test.IsClassification
                ? $"test accuracy {Format.Percent(result.Accuracy)} ({result.Correct}/{result.Count})   cost {Format.Fixed(result.Cost, 6)}"
                : $"test cost {Format.Fixed(result.Cost, 6)} ({result.Count} examples)");
            return 0;
        }

        /// <summary>The confusion matrix (rows: true class, columns: predicted) and per-class precision, recall and F1 as fractions.</summary>
        private static void PrintReport(TextWriter output, ClassificationReport report, ModelMetadata metadata)
        {
            int width = Math.Max(5, Enumerable.Range(0, report.Classes).Max(c => metadata.ClassName(c).Length));
            output.WriteLine("confusion matrix (rows: true class, columns: predicted class)");
            output.WriteLine(new string(' ', width + 2) + string.Concat(Enumerable.Range(0, report.Classes).Select(c => $"{c,6}")));
            for (int i = 0; i < report.Classes; i++)
                output.WriteLine(metadata.ClassName(i).PadLeft(width) + "  " + string.Concat(report.Confusion[i].Select(n => $"{n,6}")));
            output.WriteLine("class".PadLeft(width) + "  precision  recall      F1  support");
            for (int c = 0; c < report.Classes; c++)
                output.WriteLine($"{metadata.ClassName(c).PadLeft(width)}  {Format.Fixed(report.Precision(c), 4),9}  {Format.Fixed(report.Recall(c), 4),6}  {Format.Fixed(report.F1(c), 4),6}  {report.Confusion[c].Sum(),7}");
            output.WriteLine($"macro F1 {Format.Fixed(report.MacroF1, 4)}");
        }

        private static void PrintJson(TextWriter output, string network, Evaluation result, ClassificationReport? report, ModelMetadata metadata) => JsonLine.Write(output, json =>
        {
            json.WriteString("network", network);
            json.WriteNumber("count", result.Count);
            json.Number("cost", result.Cost);
            if (report is null) return;
            json.WriteNumber("correct", result.Correct);
            json.Number("accuracy", result.Accuracy);
            json.WriteStartArray("classes");
            for (int c = 0; c < report.Classes; c++)
            {
                json.WriteStartObject();
                json.WriteString("class", metadata.ClassName(c));
                json.Number("precision", report.Precision(c));
                json.Number("recall", report.Recall(c));
                json.Number("f1", report.F1(c));
                json.WriteNumber("support", report.Confusion[c].Sum());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("confusion");
            foreach (var row in report.Confusion) { json.WriteStartArray(); foreach (var n in row) json.WriteNumberValue(n); json.WriteEndArray(); }
            json.WriteEndArray();
            json.Number("macro_f1", report.MacroF1);
        });
    }
}
