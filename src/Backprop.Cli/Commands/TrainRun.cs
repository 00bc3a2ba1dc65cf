using System.CommandLine;
using System.Numerics;
using Backprop.Cli.Rendering;
using Backprop.Data;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Optimizers;
using Backprop.Training.Schedules;
using static Backprop.Cli.Commands.TrainCommand;

namespace Backprop.Cli.Commands;

/// <summary>The body of <c>backprop train</c>: builds the run from the options, trains (or resumes), shows each epoch.</summary>
internal sealed class TrainRun(ParseResult parse) : IPrecisionBody
{
    private TextWriter Output => parse.InvocationConfiguration.Output;

    public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mode = Out.ModeOf(parse, liveWanted: true);
        var data = TrainData<T>.Load(parse);
        var network = Options.CreateNetwork<T>(SizesFor(data), parse.GetValue(ActivationName)!, parse.GetValue(OutputName), parse.GetValue(CostName)!);
        network.Threads = Math.Max(1, parse.GetValue(Threads));
        data.Train.CheckFits(network);
        var rng = new Rng(parse.GetValue(Seed));
        WeightInitializer.Initialize(network, Named("--init", () => WeightInitializer.Parse(parse.GetValue(Init)!)), rng);
        var options = TrainingOptionsFrom(network.InputSize);
        var trainer = new Trainer<T>(network, OptimizerFor(network), options,
            Named("--schedule", () => LearningRateSchedule.Parse(parse.GetValue(Schedule)!)), EarlyStoppingFrom());
        var display = TrainingDisplay.For(mode, Output, options.Epochs, data.Train.Count);
        if (parse.GetValue(Resume) is { } resumeFolder)
        {
            var checkpoint = CheckpointFile.Load<T>(resumeFolder);
            try { trainer.Restore(checkpoint); }
            catch (ArgumentException e) { throw new ArgumentException($"--resume {resumeFolder}: {e.Message}"); }
            rng = Rng.FromState(checkpoint.RngState);
            display.Line($"resumed {resumeFolder} after epoch {checkpoint.CompletedEpochs}");
        }
        display.Line($"{network}   train {data.Train.Count}, validation {data.Validation?.Count ?? 0}, test {data.Test.Count}, m = {options.MiniBatchSize}, η = {options.LearningRate}, {(typeof(T) == typeof(float) ? "float" : "double")}{(data.Standardization is null ? "" : ", standardised inputs")}");
        trainer.Progress = display.Progress;
        trainer.ProgressInterval = Math.Max(1, 200 / options.MiniBatchSize);   // about every 200 examples
        string? checkpointFolder = parse.GetValue(Checkpoint);
        var arguments = parse.Tokens.Select(t => t.Value).Prepend("train").ToList();
        display.Run(trainer.CompletedEpochs + 1, () => trainer.Train(data.Train, data.Validation, data.Test, rng, report =>
        {
            display.Epoch(report);
            if (checkpointFolder is not null) CheckpointFile.Save(checkpointFolder, trainer.Checkpoint(rng), arguments);
        }));
        Finish(network, trainer, data, display);
        return 0;
    }

    /// <summary>--layers, or for CSV data without it: features, 30 hidden units, and one output per class or target.</summary>
    private int[] SizesFor<T>(TrainData<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.Classes is null && data.Train.IsClassification || parse.GetResult(TrainCommand.Layers) is { Implicit: false })
            return Options.ParseSizes(parse.GetValue(TrainCommand.Layers)!, "--layers");
        int outputs = data.Classes is { } classes ? classes.Count : data.Train.TargetSize;
        return [data.Train.InputSize, 30, outputs];
    }

    private void Finish<T>(Network<T> network, Trainer<T> trainer, TrainData<T> data, TrainingDisplay display) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (trainer.StopReason is { } reason) display.Line($"stopped after epoch {trainer.CompletedEpochs}: {reason}");
        if (parse.GetValue(History) is { } historyPath)
        {
            HistoryFile.Write(historyPath, trainer.History);
            display.Line($"history written to {historyPath}");
        }
        if (parse.GetValue(Save) is { } path)
        {
            ModelFiles.Save(network, path, new ModelMetadata(data.Classes, data.Standardization));
            display.Line($"saved {path}");
        }
        if (parse.GetValue(Plot) is { } folder)
            foreach (var file in TrainPlots.Save(folder, parse.GetValue(PlotFormat)!, network, trainer.History, data.Test, data.Classes))
                display.Line($"wrote {file}");
        if (trainer.History.Count > 0 && trainer.History[^1] is { TestCount: > 0, TestAccuracy: not double.NaN } last)
            display.Line($"final test accuracy {Format.Percent(last.TestAccuracy)} ({last.TestCorrect}/{last.TestCount}) after {last.Epoch} epochs");
        else if (trainer.History.Count > 0 && !double.IsNaN(trainer.History[^1].TestCost))
            display.Line($"final test cost {Format.Fixed(trainer.History[^1].TestCost, 6)} after {trainer.History[^1].Epoch} epochs");
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
        EvaluateTrainingSet = parse.GetValue(Plot) is not null,   // training curves need the training set measured each epoch
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

    private static TValue Named<TValue>(string option, Func<TValue> create) => Options.Named(option, create);
}
