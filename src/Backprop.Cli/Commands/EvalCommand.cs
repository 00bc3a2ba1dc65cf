using System.CommandLine;
using System.Numerics;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop eval</c>: accuracy and mean cost of a saved model on a data set's test part.</summary>
internal static class EvalCommand
{
    private static readonly Option<string> Model = Options.Model();
    private static readonly Option<string?> DataFolder = Options.Data();
    private static readonly Option<int> Split = Options.Split();
    private static readonly Option<string> Precision = Options.Precision();

    public static Command Create()
    {
        var command = new Command("eval", "Evaluate a saved model: accuracy and mean cost on the test data (the last examples after --split, or t10k-*).\n" +
            "Example: backprop eval --model model.json --data data/mnist-10k") { Model, DataFolder, Split, Precision };
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var output = parse.InvocationConfiguration.Output;
            var network = ModelFiles.Load<T>(parse.GetValue(Model)!);
            var (_, test) = Options.LoadData<T>(parse.GetValue(DataFolder), parse.GetValue(Split));
            var result = Evaluation.Of(network, test);
            output.WriteLine($"{network}");
            if (test.IsClassification) PrintReport(output, ClassificationReport.Of(network, test));
            output.WriteLine($"test accuracy {Format.Percent(result.Accuracy)} ({result.Correct}/{result.Count})   cost {Format.Fixed(result.Cost, 6)}");
            return 0;
        }

        /// <summary>The confusion matrix (rows: true class, columns: predicted) and per-class precision, recall and F1 as fractions.</summary>
        private static void PrintReport(TextWriter output, ClassificationReport report)
        {
            output.WriteLine("confusion matrix (rows: true class, columns: predicted class)");
            output.WriteLine("       " + string.Concat(Enumerable.Range(0, report.Classes).Select(c => $"{c,6}")));
            for (int i = 0; i < report.Classes; i++)
                output.WriteLine($"{i,5}  " + string.Concat(report.Confusion[i].Select(n => $"{n,6}")));
            output.WriteLine("class  precision  recall      F1  support");
            for (int c = 0; c < report.Classes; c++)
                output.WriteLine($"{c,5}  {Format.Fixed(report.Precision(c), 4),9}  {Format.Fixed(report.Recall(c), 4),6}  {Format.Fixed(report.F1(c), 4),6}  {report.Confusion[c].Sum(),7}");
            output.WriteLine($"macro F1 {Format.Fixed(report.MacroF1, 4)}");
        }
    }
}
