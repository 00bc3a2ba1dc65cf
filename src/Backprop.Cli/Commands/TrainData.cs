using System.CommandLine;
using System.Numerics;
using Backprop.Data;
using static Backprop.Cli.Commands.TrainCommand;

namespace Backprop.Cli.Commands;

/// <summary>The data of a training run: training, validation and test sets, the class names (CSV) and the standardisation fitted to the training data.</summary>
internal sealed record TrainData<T>(DataSet<T> Train, DataSet<T>? Validation, DataSet<T> Test, IReadOnlyList<string>? Classes, Standardization? Standardization)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static TrainData<T> Load(ParseResult parse)
    {
        var (train, test, classes) = TrainCommand.Data.LoadTrainTest<T>(parse);
        var (first, validation) = Split(parse, train);
        if (!parse.GetValue(Standardize)) return new TrainData<T>(first, validation, test, classes, null);
        var s = Standardization.Fit(first);
        return new TrainData<T>(s.Apply(first), validation is null ? null : s.Apply(validation), s.Apply(test), classes, s);
    }

    private static (DataSet<T> Train, DataSet<T>? Validation) Split(ParseResult parse, DataSet<T> train)
    {
        double? fraction = parse.GetValue(TrainCommand.Validation);
        string? folder = parse.GetValue(ValidationData);
        if (fraction is not null && folder is not null) throw new ArgumentException("--validation and --validation-data: give one or the other");
        if (folder is not null) return (train, ImageData.LoadAll<T>(folder));
        if (fraction is not { } f) return (train, null);
        return DataSource.SplitLast(train, f, "--validation");
    }
}
