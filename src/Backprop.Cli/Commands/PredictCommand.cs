using System.CommandLine;
using System.Numerics;
using Backprop.Data;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop predict</c>: the output activations and predicted class of one input.</summary>
internal static class PredictCommand
{
    private static readonly Option<string> Model = Options.Model();
    private static readonly Option<string> Input = new("--input") { Description = "One input x as comma-separated numbers (n_0 of them; raw features: a model's standardisation is applied)", Required = true };
    private static readonly Option<string> Precision = Options.Precision();
    private static readonly OutputOptions Out = new("Print one JSON object: the output activations, the class and its name");

    public static Command Create()
    {
        var command = new Command("predict", "Feed one input forward and print the output activations a^L and the predicted class (with its name if the model has class names).\n" +
            "Example: backprop predict --model examples/mit-6036-hw7-problem4.json --input 3,14") { Model, Input, Precision };
        foreach (var option in Out.All) command.Options.Add(option);
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var output = parse.InvocationConfiguration.Output;
            var mode = Out.ModeOf(parse);
            string path = parse.GetValue(Model)!;
            var network = ModelFiles.Load<T>(path, out var metadata);
            var x = Options.ParseVector<T>(parse.GetValue(Input)!, "--input");
            if (x.Length != network.InputSize)
                throw new ShapeMismatchException($"--input has {x.Length} values but layer 1 of {path} takes {network.InputSize} inputs");
            metadata.Standardization?.Apply<T>(x);
            var a = network.FeedForward(x, 1).ToArray().Select(v => double.CreateChecked(v)).ToArray();
            string outputName = network.Layer(network.LayerCount).Activation.Name;
            int c = Targets.ClassOf<double>(a, outputName);
            // An identity output under the quadratic cost, without class names, is a regression: a^L is the answer, no class.
            bool regression = metadata.Classes is null && outputName == "identity" && network.Cost.Name == "quadratic";
            if (mode == OutputMode.Json)
                JsonLine.Write(output, json =>
                {
                    json.Numbers("output", a);
                    if (regression) return;
                    json.WriteNumber("class", c);
                    if (metadata.Classes is not null) json.WriteString("class_name", metadata.ClassName(c));
                });
            if (mode != OutputMode.Plain) return 0;
            output.WriteLine($"a^L = [{string.Join(", ", a.Select(Format.Number))}]");
            if (!regression) output.WriteLine(metadata.Classes is null ? $"class {c}" : $"class {c} ({metadata.ClassName(c)})");
            return 0;
        }
    }
}
