using System.CommandLine;
using System.Numerics;
using Backprop.Cli.Rendering;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Serialization;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop explain</c>: one example through the network, every quantity of BP1–BP4 printed and checked.</summary>
internal static class ExplainCommand
{
    private static readonly Option<string> Model = Options.Model();
    private static readonly Option<string> Input = new("--input") { Description = "One input x as comma-separated numbers (n_0 of them)", Required = true };
    private static readonly Option<string> Target = new("--target") { Description = "The target: a class index (from 0), or the vector y as comma-separated numbers", Required = true };
    private static readonly Option<bool> Full = new("--full") { Description = $"List every entry even in layers of more than {TraceRenderer.ListLimit} units (default: norms and the 5 largest entries)" };
    private static readonly Option<bool> Markdown = new("--markdown") { Description = "Print Markdown tables" };
    private static readonly Option<int> MaxChecks = new("--max-checks") { Description = "Finite differences per layer at most (each costs four forward passes); the largest gradients are always among them", DefaultValueFactory = _ => 2000 };
    private static readonly Option<string> Precision = new Option<string>("--precision") { Description = "Precision of backpropagation: double or float (finite differences are always double)", DefaultValueFactory = _ => "double" };

    public static Command Create()
    {
        var command = new Command("explain", "Backpropagate one example and print z^l, a^l, δ^l (BP1, BP2), ∂C/∂b (BP3) and ∂C/∂w (BP4), each gradient beside its finite difference.\n" +
            "Example: backprop explain --model examples/mit-6036-hw7-problem4.json --input 0,2 --target 0")
        { Model, Input, Target, Full, Markdown, MaxChecks, Precision };
        Precision.AcceptOnlyFromAmong("float", "double");
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            string path = parse.GetValue(Model)!;
            var network = ModelFiles.Load<T>(path, out var metadata);
            var x = Options.ParseVector<T>(parse.GetValue(Input)!, "--input");
            if (x.Length != network.InputSize)
                throw new ShapeMismatchException($"--input has {x.Length} values but layer 1 of {path} takes {network.InputSize} inputs");
            metadata.Standardization?.Apply<T>(x);                  // a^0 is the standardised input, as in training
            var y = ParseTarget<T>(parse.GetValue(Target)!, network);
            var trace = BackpropTrace.Run(network, x, y, Math.Max(5, parse.GetValue(MaxChecks)));
            new TraceRenderer(new Report(parse.InvocationConfiguration.Output, parse.GetValue(Markdown)), parse.GetValue(Full)).Render(trace);
            return 0;
        }
    }

    private static T[] ParseTarget<T>(string text, Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!text.Contains(',') && int.TryParse(text.Trim(), out int label))
        {
            try { return Targets.ForClass<T>(label, network.OutputSize, network.Cost.Name); }
            catch (ArgumentOutOfRangeException e) { throw new ArgumentException($"--target: {e.Message.Split(" (Parameter")[0]}"); }
        }
        var y = Options.ParseVector<T>(text, "--target");
        if (y.Length != network.OutputSize)
            throw new ShapeMismatchException($"--target has {y.Length} values but the output layer has {network.OutputSize} units (or give a class index)");
        return y;
    }
}
