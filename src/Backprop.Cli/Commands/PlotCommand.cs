using System.CommandLine;
using System.Globalization;
using Backprop.Cli.Plots;
using Backprop.Diagnostics;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop plot</c>: decision regions, first-layer weight images or a confusion matrix of a saved model, or training curves from a history file, as PNG or SVG.</summary>
internal static class PlotCommand
{
    private static readonly Option<string?> Model = new("--model") { Description = "Model file (JSON or .safetensors); for every kind but curves" };
    private static readonly Option<string> Kind = new Option<string>("--kind") { Description = "regions (2-input networks), weights (layer 1 as images), confusion (test data), curves (cost and accuracy per epoch from --history)", Required = true };
    private static readonly Option<string?> History = new("--history") { Description = "curves: a history file written by train --history (CSV, or JSON if it ends in .json)" };
    private static readonly Option<string> Out = new("--out") { Description = "Output file: .png or .svg", Required = true };
    private static readonly Option<string?> DataFolder = Options.Data();
    private static readonly Option<int> Split = Options.Split();
    private static readonly Option<string> Range = new("--range") { Description = "regions: x1min,x1max,x2min,x2max", DefaultValueFactory = _ => "-5,5,-5,5" };
    private static readonly Option<string?> Points = new("--points") { Description = "regions: a CSV file of training points, lines x1,x2,class" };

    public static Command Create()
    {
        var command = new Command("plot", "Plot a saved model: its decision regions (2-D input), its first layer's weights as images, or its confusion matrix on test data; " +
            "or the training curves of a history file.\n" +
            "Example: backprop plot --model examples/mit-6036-hw7-problem4.json --kind regions --out regions.png\n" +
            "Example: backprop plot --kind curves --history history.csv --out curves.svg")
        { Model, Kind, Out, History, DataFolder, Split, Range, Points };
        Kind.AcceptOnlyFromAmong("regions", "weights", "confusion", "curves");
        command.Validators.Add(result =>
        {
            bool curves = result.GetValue(Kind) == "curves";
            if (curves && result.GetValue(History) is null) result.AddError("--kind curves needs --history FILE (written by train --history)");
            if (!curves && result.GetValue(Model) is null) result.AddError($"--kind {result.GetValue(Kind)} needs --model FILE");
        });
        command.SetAction(parse =>
        {
            string output = parse.GetValue(Out)!;
            if (parse.GetValue(Kind) == "curves")
            {
                string history = parse.GetValue(History)!;
                TrainingCurves.Save(HistoryFile.Read(history), output, $"Training curves of {Path.GetFileName(history)}");
                parse.InvocationConfiguration.Output.WriteLine($"wrote {output}");
                return 0;
            }
            string path = parse.GetValue(Model)!;
            var network = ModelFiles.Load<double>(path, out var metadata);
            string name = Path.GetFileNameWithoutExtension(path);
            switch (parse.GetValue(Kind))
            {
                case "regions":
                    var r = Options.ParseVector<double>(parse.GetValue(Range)!, "--range");
                    if (r.Length != 4) throw new ArgumentException("--range: give x1min,x1max,x2min,x2max");
                    var grid = ClassGrid.Of(network, r[0], r[1], r[2], r[3], 300, 300);
                    RegionsPlot.Save(grid, ReadPoints(parse.GetValue(Points)), output, $"Decision regions of {name}");
                    break;
                case "weights":
                    var first = network.Layer(1);
                    if (!first.HasWeights) throw new ArgumentException($"{path}: layer 1 has no weights to draw");
                    WeightImages.Save(first.Weights!, first.Units, first.InputSize, output);
                    break;
                default:
                    var (_, test) = Options.LoadData<double>(parse.GetValue(DataFolder), parse.GetValue(Split));
                    ConfusionPlot.Save(ConfusionMatrix.Of(network, test), output, classNames: metadata.Classes);
                    break;
            }
            parse.InvocationConfiguration.Output.WriteLine($"wrote {output}");
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<(double X1, double X2, int Class)> ReadPoints(string? file)
    {
        if (file is null) return [];
        if (!File.Exists(file)) throw new IOException($"{file}: no such points file");
        var points = new List<(double, double, int)>();
        int line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#')) continue;
            var f = text.Split(',', StringSplitOptions.TrimEntries);
            if (f.Length != 3 || !double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x1) ||
                !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var x2) || !int.TryParse(f[2], out var c) || c < 0)
            {
                if (line == 1) continue; // a header line
                throw new DataFormatException($"{file}: line {line} is not x1,x2,class");
            }
            points.Add((x1, x2, c));
        }
        return points;
    }
}
