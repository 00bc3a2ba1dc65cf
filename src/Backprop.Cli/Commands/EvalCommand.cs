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
            output.WriteLine($"test accuracy {Format.Percent(result.Accuracy)} ({result.Correct}/{result.Count})   cost {Format.Fixed(result.Cost, 6)}");
            return 0;
        }
    }
}
