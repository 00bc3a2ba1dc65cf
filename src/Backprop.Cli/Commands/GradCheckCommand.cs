using System.CommandLine;
using System.Numerics;
using Backprop.Diagnostics;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop gradcheck</c>: backpropagation against finite differences on a random small network.</summary>
internal static class GradCheckCommand
{
    private static readonly Option<string> Layers = new("--layers") { Description = "Layer sizes of the random network", DefaultValueFactory = _ => "4,5,3" };
    private static readonly Option<string> ActivationName = new("--activation") { Description = "Hidden activation: identity, sigmoid, tanh, relu, softmax", DefaultValueFactory = _ => "sigmoid" };
    private static readonly Option<string?> OutputName = new("--output") { Description = "Output activation [default: the cost's pair, else --activation]" };
    private static readonly Option<string> CostName = new("--cost") { Description = "Cost: quadratic, ce, nll, hinge", DefaultValueFactory = _ => "quadratic" };
    private static readonly Option<int> Examples = new("--examples") { Description = "Examples m in the checked mini-batch", DefaultValueFactory = _ => 3 };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the random network and data", DefaultValueFactory = _ => 1UL };
    private static readonly Option<string> Precision = new("--precision") { Description = "Precision of backpropagation: double or float (finite differences are always double)", DefaultValueFactory = _ => "double" };
    private static readonly OutputOptions Out = new("Print one JSON object: the network, each layer's largest relative errors, and whether the check passed");

    public static Command Create()
    {
        var command = new Command("gradcheck", "Check BP1–BP4 against central finite differences for every weight and bias; prints the largest relative error per layer.\n" +
            "Example: backprop gradcheck --layers 4,6,5,3 --activation tanh --cost nll")
        { Layers, ActivationName, OutputName, CostName, Examples, Seed, Precision };
        foreach (var option in Out.All) command.Options.Add(option);
        Precision.AcceptOnlyFromAmong("float", "double");
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var output = parse.InvocationConfiguration.Output;
            var mode = Out.ModeOf(parse);
            var network = Options.CreateNetwork<T>(Options.ParseSizes(parse.GetValue(Layers)!, "--layers"), parse.GetValue(ActivationName)!, parse.GetValue(OutputName), parse.GetValue(CostName)!);
            int m = Math.Max(1, parse.GetValue(Examples));
            var rng = new Rng(parse.GetValue(Seed));
            WeightInitializer.Initialize(network, WeightInit.Large, rng);
            var (x, y) = RandomBatch.For(network, m, rng);
            var results = GradientCheck.Run(network, x, y, m);
            double threshold = typeof(T) == typeof(double) ? 1e-6 : 1e-2;
            double worst = results.Max(r => r.MaxError);
            if (mode == OutputMode.Json) PrintJson(output, network.ToString(), m, results, worst, threshold);
            if (mode != OutputMode.Plain) return worst < threshold ? 0 : 1;
            output.WriteLine($"{network}   m = {m}, {(typeof(T) == typeof(float) ? "float" : "double")}, five-point central differences (h = {GradientCheck.Step:0e0}) in double");
            output.WriteLine("layer  parameters  max rel. error ∂C/∂w (BP4)  max rel. error ∂C/∂b (BP3)  max |difference|");
            foreach (var r in results)
                output.WriteLine($"{r.Layer,5}  {r.Parameters,10}  {Format.Scientific(r.MaxWeightError),26}  {Format.Scientific(r.MaxBiasError),26}  {Format.Scientific(r.MaxAbsoluteDifference),16}");
            output.WriteLine(worst < threshold ? $"ok: largest relative error {Format.Scientific(worst)} < {threshold:0e0}" : $"FAILED: largest relative error {Format.Scientific(worst)} ≥ {threshold:0e0}");
            return worst < threshold ? 0 : 1;
        }

        private void PrintJson(TextWriter output, string network, int m, IReadOnlyList<LayerGradientCheck> results, double worst, double threshold) => JsonLine.Write(output, json =>
        {
            json.WriteString("network", network);
            json.WriteNumber("examples", m);
            json.WriteString("precision", parse.GetValue(Precision));
            json.WriteStartArray("layers");
            foreach (var r in results)
            {
                json.WriteStartObject();
                json.WriteNumber("layer", r.Layer);
                json.WriteNumber("parameters", r.Parameters);
                json.Number("max_weight_error", r.MaxWeightError);
                json.Number("max_bias_error", r.MaxBiasError);
                json.Number("max_abs_difference", r.MaxAbsoluteDifference);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.Number("max_error", worst);
            json.Number("threshold", threshold);
            json.WriteBoolean("ok", worst < threshold);
        });
    }
}
