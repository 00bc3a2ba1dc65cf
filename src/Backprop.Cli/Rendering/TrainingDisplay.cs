using Backprop.Training;

namespace Backprop.Cli.Rendering;

/// <summary>
/// What <c>backprop train</c> shows while it runs. Plain: one line per epoch (the format scripts parse). JSON: one
/// object per epoch. Quiet: nothing. Live (<see cref="LiveTrainingDisplay"/>): progress bars and a row per epoch.
/// </summary>
internal class TrainingDisplay(TextWriter output)
{
    protected TextWriter Output => output;

    public static TrainingDisplay For(OutputMode mode, TextWriter output, int epochs, int examplesPerEpoch) => mode switch
    {
        OutputMode.Live => new LiveTrainingDisplay(output, epochs, examplesPerEpoch),
        OutputMode.Json => new JsonTrainingDisplay(output),
        OutputMode.Quiet => new TrainingDisplay(TextWriter.Null),
        _ => new TrainingDisplay(output),
    };

    /// <summary>A message: the network, "saved …", "final test accuracy …".</summary>
    public virtual void Line(string text) => output.WriteLine(text);

    /// <summary>An epoch has ended.</summary>
    public virtual void Epoch(EpochReport report) => output.WriteLine(EpochLine(report));

    /// <summary>The per-mini-batch hook for <see cref="Trainer{T}.Progress"/>, or null when nothing is drawn.</summary>
    public virtual Action<BatchProgress>? Progress => null;

    /// <summary>Runs the training loop <paramref name="train"/> inside the display.</summary>
    public virtual void Run(int firstEpoch, Action train) => train();

    /// <summary>"epoch   3   η 3   validation 92.10 % cost 0.0123   test accuracy  91.25 % (1825/2000)   cost 0.012345   2.31 s".</summary>
    public static string EpochLine(EpochReport r)
    {
        var line = $"epoch {r.Epoch,3}   η {Format.Number(r.LearningRate)}";
        if (!double.IsNaN(r.TrainCost)) line += $"   train cost {Format.Fixed(r.TrainCost, 4)}";
        if (!double.IsNaN(r.ValidationAccuracy)) line += $"   validation {Format.Percent(r.ValidationAccuracy)} cost {Format.Fixed(r.ValidationCost, 4)}";
        else if (!double.IsNaN(r.ValidationCost)) line += $"   validation cost {Format.Fixed(r.ValidationCost, 6)}";
        if (double.IsNaN(r.TestAccuracy)) return line + $"   test cost {Format.Fixed(r.TestCost, 6)}   {Format.Fixed(r.TrainSeconds, 2)} s";
        return line + $"   test accuracy {Format.Percent(r.TestAccuracy),8} ({r.TestCorrect}/{r.TestCount})   cost {Format.Fixed(r.TestCost, 6)}   {Format.Fixed(r.TrainSeconds, 2)} s";
    }
}

/// <summary>One JSON object per epoch, one per line, and nothing else on standard output.</summary>
internal sealed class JsonTrainingDisplay(TextWriter output) : TrainingDisplay(output)
{
    public override void Line(string text) { }

    public override void Epoch(EpochReport r) => JsonLine.Write(Output, json =>
    {
        json.WriteNumber("epoch", r.Epoch);
        json.Number("learning_rate", r.LearningRate);
        json.Number("train_cost", r.TrainCost);
        json.Number("train_accuracy", r.TrainAccuracy);
        json.Number("validation_cost", r.ValidationCost);
        json.Number("validation_accuracy", r.ValidationAccuracy);
        json.Number("test_cost", r.TestCost);
        json.Number("test_accuracy", r.TestAccuracy);
        json.WriteNumber("test_correct", r.TestCorrect);
        json.WriteNumber("test_count", r.TestCount);
        json.Number("seconds", r.TrainSeconds);
    });
}
