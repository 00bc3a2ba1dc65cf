using System.CommandLine;
using System.Numerics;
using Backprop.Data;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop predict</c>: the output activations and predicted class of one input.</summary>
internal static class PredictCommand
{
    private static readonly Option<string> Model = Options.Model();
    private static readonly Option<string> Input = new("--input") { Description = "One input x as comma-separated numbers (n_0 of them)", Required = true };
    private static readonly Option<string> Precision = Options.Precision();

    public static Command Create()
    {
        var command = new Command("predict", "Feed one input forward and print the output activations a^L and the predicted class.\n" +
            "Example: backprop predict --model examples/mit-6036-hw7-problem4.json --input 3,14") { Model, Input, Precision };
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var output = parse.InvocationConfiguration.Output;
            string path = parse.GetValue(Model)!;
            var network = ModelFiles.Load<T>(path);
            var x = Options.ParseVector<T>(parse.GetValue(Input)!, "--input");
            if (x.Length != network.InputSize)
                throw new ShapeMismatchException($"--input has {x.Length} values but layer 1 of {path} takes {network.InputSize} inputs");
            var a = network.FeedForward(x, 1);
            output.WriteLine($"a^L = [{string.Join(", ", a.ToArray().Select(v => Format.Number(v)))}]");
            output.WriteLine($"class {Targets.ClassOf(a, network.Layer(network.LayerCount).Activation.Name)}");
            return 0;
        }
    }
}
