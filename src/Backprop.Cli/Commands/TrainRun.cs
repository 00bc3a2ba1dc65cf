using System.CommandLine;
using System.Numerics;
using Backprop.Data;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Optimizers;
using Backprop.Training.Schedules;
using static Backprop.Cli.Commands.TrainCommand;

namespace Backprop.Cli.Commands;

/// <summary>The body of <c>backprop train</c>: builds the run from the options, trains (or resumes), prints one line per epoch.</summary>
internal sealed class TrainRun(ParseResult parse) : IPrecisionBody
{
    private TextWriter Output => parse.InvocationConfiguration.Output;

    public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sizes = Options.ParseSizes(parse.GetValue(TrainCommand.Layers)!, "--layers");
        var network = Network<T>.Create(sizes, parse.GetValue(ActivationName)!, parse.GetValue(OutputName), parse.GetValue(CostName)!);
        network.Threads = Math.Max(1, parse.GetValue(Threads));
        var (train, validation, test) = LoadData<T>();
        train.CheckFits(network);
        var rng = new Rng(parse.GetValue(Seed));
        WeightInitializer.Initialize(network, Named("--init", () => WeightInitializer.Parse(parse.GetValue(Init)!)), rng);
        var options = TrainingOptionsFrom(network.InputSize);
        var trainer = new Trainer<T>(network, OptimizerFor(network), options,
            Named("--schedule", () => LearningRateSchedule.Parse(parse.GetValue(Schedule)!)), EarlyStoppingFrom());
        if (parse.GetValue(Resume) is { } resumeFolder)
        {
            var checkpoint = CheckpointFile.Load<T>(resumeFolder);
            try { trainer.Restore(checkpoint); }
            catch (ArgumentException e) { throw new ArgumentException($"--resume {resumeFolder}: {e.Message}"); }
            rng = Rng.FromState(checkpoint.RngState);
            Output.WriteLine($"resumed {resumeFolder} after epoch {checkpoint.CompletedEpochs}");
        }
        Output.WriteLine($"{network}   train {train.Count}, validation {validation?.Count ?? 0}, test {test.Count}, m = {options.MiniBatchSize}, η = {options.LearningRate}, {(typeof(T) == typeof(float) ? "float" : "double")}");
        string? checkpointFolder = parse.GetValue(Checkpoint);
        var arguments = parse.Tokens.Select(t => t.Value).Prepend("train").ToList();
        trainer.Train(train, validation, test, rng, report =>
        {
            Output.WriteLine(EpochLine(report));
            if (checkpointFolder is not null) CheckpointFile.Save(checkpointFolder, trainer.Checkpoint(rng), arguments);
        });
        Finish(network, trainer);
        return 0;
    }

    private void Finish<T>(Network<T> network, Trainer<T> trainer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (trainer.StopReason is { } reason) Output.WriteLine($"stopped after epoch {trainer.CompletedEpochs}: {reason}");
        if (parse.GetValue(History) is { } historyPath)
        {
            HistoryFile.Write(historyPath, trainer.History);
            Output.WriteLine($"history written to {historyPath}");
        }
        if (parse.GetValue(Save) is { } path)
        {
            ModelFiles.Save(network, path);
            Output.WriteLine($"saved {path}");
        }
        if (trainer.History.Count > 0 && trainer.History[^1] is { TestCount: > 0 } last)
            Output.WriteLine($"final test accuracy {Format.Percent(last.TestAccuracy)} ({last.TestCorrect}/{last.TestCount}) after {last.Epoch} epochs");
    }

    private static string EpochLine(EpochReport r)
    {
        var line = $"epoch {r.Epoch,3}   η {Format.Number(r.LearningRate)}";
        if (!double.IsNaN(r.TrainCost)) line += $"   train cost {Format.Fixed(r.TrainCost, 4)}";
        if (!double.IsNaN(r.ValidationAccuracy)) line += $"   validation {Format.Percent(r.ValidationAccuracy)} cost {Format.Fixed(r.ValidationCost, 4)}";
        return line + $"   test accuracy {Format.Percent(r.TestAccuracy),8} ({r.TestCorrect}/{r.TestCount})   cost {Format.Fixed(r.TestCost, 6)}   {Format.Fixed(r.TrainSeconds, 2)} s";
    }

    private (DataSet<T> Train, DataSet<T>? Validation, DataSet<T> Test) LoadData<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (train, test) = Options.LoadData<T>(parse.GetValue(DataFolder), parse.GetValue(Split));
        double? fraction = parse.GetValue(Validation);
        string? folder = parse.GetValue(ValidationData);
        if (fraction is not null && folder is not null) throw new ArgumentException("--validation and --validation-data: give one or the other");
        if (folder is not null) return (train, ImageData.LoadAll<T>(folder), test);
        if (fraction is not { } f) return (train, null, test);
        try
        {
            var (first, last) = train.SplitLast(f);
            return (first, last, test);
        }
        catch (ArgumentOutOfRangeException e) { throw new ArgumentException($"--validation: {e.Message.Split(" (Parameter")[0]}"); }
    }

    private TrainingOptions TrainingOptionsFrom(int inputSize) => new()
    {
        Epochs = parse.GetValue(Epochs),
        MiniBatchSize = parse.GetValue(Batch),
        LearningRate = parse.GetValue(LearningRate),
        L2Lambda = parse.GetValue(L2),
        L1Lambda = parse.GetValue(L1),
        DropoutRate = parse.GetValue(Dropout),
        Augmentation = parse.GetValue(Augment) is { } text ? Named("--augment", () => ImageShift.Parse(text, inputSize)) : null,
    };

    private IOptimizer<T> OptimizerFor<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T> =>
        Named("--optimizer", () => Optimizer.Create(parse.GetValue(OptimizerName)!, network,
            parse.GetValue(Momentum), parse.GetValue(Beta1), parse.GetValue(Beta2), parse.GetValue(WeightDecay)));

    private EarlyStopping? EarlyStoppingFrom()
    {
        if (parse.GetValue(EarlyStop) is not { } text) return null;
        var parts = text.Split(':');
        if (parts.Length > 2 || !int.TryParse(parts[0], out int patience) || (parts.Length == 2 && parts[1] is not ("cost" or "accuracy")))
            throw new ArgumentException($"--early-stop: '{text}' is not PATIENCE or PATIENCE:accuracy or PATIENCE:cost (e.g. 10)");
        return Named("--early-stop", () => new EarlyStopping(patience, monitorCost: parts.Length == 2 && parts[1] == "cost"));
    }

    /// <summary>Runs a library parser, prefixing its error with the option's name.</summary>
    private static TValue Named<TValue>(string option, Func<TValue> create)
    {
        try { return create(); }
        catch (Exception e) when (e is UnknownNameException or ArgumentException) { throw new ArgumentException($"{option}: {e.Message.Split(" (Parameter")[0]}"); }
    }
}
