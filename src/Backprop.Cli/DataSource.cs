using System.CommandLine;
using System.Numerics;
using Backprop.Data;

namespace Backprop.Cli;

/// <summary>
/// Where a command's examples come from: an MNIST-style image folder (<c>--data DIR</c>, split by <c>--split</c>) or a
/// CSV file (<c>--data FILE.csv</c> with <c>--label COLUMN</c> or <c>--target COL1,COL2</c>, split by
/// <c>--test-fraction</c> or given <c>--test-data FILE.csv</c>). The reading itself is the library's.
/// </summary>
internal sealed class DataSource
{
    public readonly Option<string?> Data = Options.Data();
    public readonly Option<int> Split = Options.Split();
    public readonly Option<string?> Label = new("--label") { Description = "CSV: the column of class labels (strings or integers; the names are stored in the model)" };
    public readonly Option<string?> Target = new("--target") { Description = "CSV: the column(s) of regression targets, e.g. z or u,v" };
    public readonly Option<double?> TestFraction;
    public readonly Option<string?> TestData = new("--test-data") { Description = "CSV: test examples from this file instead of the last rows of --data" };

    public DataSource(string testFractionDescription) => TestFraction = new("--test-fraction") { Description = testFractionDescription };

    public IEnumerable<Option> All => [Data, Split, Label, Target, TestFraction, TestData];

    public static bool IsCsv(string? path) => path is not null && (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || File.Exists(path));

    /// <summary>Training and test data. For CSV the test part is <c>--test-data</c>, or the last <c>--test-fraction</c> of the rows (default 0.2).</summary>
    public (DataSet<T> Train, DataSet<T> Test, IReadOnlyList<string>? Classes) LoadTrainTest<T>(ParseResult parse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string? path = parse.GetValue(Data);
        if (!IsCsv(path))
        {
            RejectCsvOptions(parse);
            var (train, test) = Options.LoadData<T>(path, parse.GetValue(Split));
            return (train, test, null);
        }
        var all = LoadCsv<T>(parse, path!, classes: null);
        if (parse.GetValue(TestData) is { } testPath)
        {
            if (parse.GetValue(TestFraction) is not null) throw new ArgumentException("--test-fraction and --test-data: give one or the other");
            return (all.Data, LoadCsv<T>(parse, testPath, all.Classes).Data, all.Classes);
        }
        var (first, last) = SplitLast(all.Data, parse.GetValue(TestFraction) ?? 0.2, "--test-fraction");
        return (first, last, all.Classes);
    }

    /// <summary>Data to evaluate a model on: the test part of an image folder, or a CSV file's rows (all, or the last <c>--test-fraction</c>), labels mapped with the model's class names.</summary>
    public DataSet<T> LoadTest<T>(ParseResult parse, IReadOnlyList<string>? classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string? path = parse.GetValue(Data);
        if (!IsCsv(path))
        {
            RejectCsvOptions(parse);
            return Options.LoadData<T>(path, parse.GetValue(Split)).Test;
        }
        var data = LoadCsv<T>(parse, parse.GetValue(TestData) ?? path!, classes).Data;
        return parse.GetValue(TestFraction) is { } f ? SplitLast(data, f, "--test-fraction").Last : data;
    }

    private CsvDataSet<T> LoadCsv<T>(ParseResult parse, string path, IReadOnlyList<string>? classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string? label = parse.GetValue(Label), target = parse.GetValue(Target);
        if (label is null == target is null)
            throw new ArgumentException($"--data {path}: name the answer column with --label COLUMN (classes) or --target COLUMN[,COLUMN…] (regression){(label is null ? "" : ", not both")}");
        var targets = target?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return CsvData.Load<T>(path, new CsvColumns(label, targets, classes));
    }

    private void RejectCsvOptions(ParseResult parse)
    {
        foreach (var option in new Option[] { Label, Target, TestFraction, TestData })
            if (parse.GetResult(option) is { Implicit: false })
                throw new ArgumentException($"{option.Name} is for CSV data: give --data FILE.csv");
    }

    public static (DataSet<T> First, DataSet<T> Last) SplitLast<T>(DataSet<T> data, double fraction, string option) where T : unmanaged, IFloatingPointIeee754<T>
    {
        try { return data.SplitLast(fraction); }
        catch (ArgumentOutOfRangeException e) { throw new ArgumentException($"{option}: {e.Message.Split(" (Parameter")[0]}"); }
    }
}
