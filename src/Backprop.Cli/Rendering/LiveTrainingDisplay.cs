using Backprop.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Cli.Rendering;

/// <summary>
/// Training on a terminal: a bar for all epochs and one for the current epoch (examples/second, time left, the running
/// cost and accuracy of the epoch's mini-batches), and a row per finished epoch with training, validation and test
/// cost and accuracy. Spectre.Console draws it; rows printed while it runs appear above the bars.
/// </summary>
internal sealed class LiveTrainingDisplay : TrainingDisplay
{
    private readonly IAnsiConsole _console = AnsiConsole.Console;
    private readonly int _epochs, _examples;
    private readonly Action<BatchProgress> _onBatch;
    private ProgressContext? _context;
    private ProgressTask? _all, _epoch;
    private int _firstEpoch = 1;
    private BatchProgress _last;

    public LiveTrainingDisplay(TextWriter output, int epochs, int examplesPerEpoch) : base(output)
    {
        _epochs = epochs;
        _examples = Math.Max(1, examplesPerEpoch);
        _onBatch = OnBatch;
    }

    public override Action<BatchProgress>? Progress => _onBatch;

    public override void Line(string text) => _console.MarkupLine(Markup.Escape(text));

    public override void Run(int firstEpoch, Action train)
    {
        _firstEpoch = firstEpoch;
        _console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ExamplesPerSecondColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                _context = context;
                _all = context.AddTask($"epochs {firstEpoch}…{_epochs}", maxValue: (double)Math.Max(1, _epochs - firstEpoch + 1) * _examples);
                train();
            });
    }

    private void OnBatch(BatchProgress p)
    {
        if (_context is null) return;
        if (_epoch is null || _last.Epoch != p.Epoch) _epoch = _context.AddTask($"epoch {p.Epoch}/{_epochs}", maxValue: _examples);
        _last = p;
        _epoch.Value = p.Examples;
        string accuracy = double.IsNaN(p.RunningAccuracy) ? "" : $"  accuracy {Format.Percent(p.RunningAccuracy)}";
        _epoch.Description = $"epoch {p.Epoch}/{_epochs}  [grey]training cost[/] {Format.Fixed(p.RunningCost, 4)}{accuracy}";
        _all!.Value = (double)(p.Epoch - _firstEpoch) * _examples + p.Examples;
    }

    public override void Epoch(EpochReport r)
    {
        _epoch?.StopTask();
        _epoch = null;
        bool evaluated = !double.IsNaN(r.TrainCost);
        double trainCost = evaluated ? r.TrainCost : _last.RunningCost, trainAccuracy = evaluated ? r.TrainAccuracy : _last.RunningAccuracy;
        var row = $"[bold]epoch {r.Epoch,3}[/]  training{(evaluated ? "" : " (running)")} cost {Format.Fixed(trainCost, 4)}{Accuracy(trainAccuracy)}";
        if (!double.IsNaN(r.ValidationCost)) row += $"  [blue]validation[/] cost {Format.Fixed(r.ValidationCost, 4)}{Accuracy(r.ValidationAccuracy)}";
        if (r.TestCount > 0 && !double.IsNaN(r.TestAccuracy))
            row += $"  [green]test accuracy {Format.Percent(r.TestAccuracy)}[/] ({r.TestCorrect}/{r.TestCount}) cost {Format.Fixed(r.TestCost, 6)}";
        else if (!double.IsNaN(r.TestCost)) row += $"  [green]test cost {Format.Fixed(r.TestCost, 6)}[/]";
        _console.MarkupLine(row + $"  [grey]{Format.Fixed(r.TrainSeconds, 2)} s, η {Format.Number(r.LearningRate)}[/]");
    }

    private static string Accuracy(double fraction) => double.IsNaN(fraction) ? "" : $" accuracy {Format.Percent(fraction)}";

    /// <summary>The task's speed in training examples per second.</summary>
    private sealed class ExamplesPerSecondColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Markup(task.Speed is { } speed ? $"[grey]{speed:N0} examples/s[/]" : "");
    }
}
