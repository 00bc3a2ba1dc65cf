using System.CommandLine;
using System.Numerics;
using Backprop.Serialization;
using Backprop.Serialization.Onnx;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop export</c>: writes a saved model as ONNX, safetensors or JSON (a conversion; the weights are not changed).</summary>
internal static class ExportCommand
{
    private static readonly Option<string> Model = Options.Model();
    private static readonly Option<string?> Onnx = new("--onnx") { Description = "Write an ONNX model (opset 17; input x [batch, n_0], output y) to this file" };
    private static readonly Option<string?> Safetensors = new("--safetensors") { Description = "Write the model as safetensors (layers.{i}.weight [out, in], layers.{i}.bias) to this file" };
    private static readonly Option<string?> Json = new("--json") { Description = "Write the model as a JSON model file to this file" };
    private static readonly Option<string> Precision = Options.Precision();

    public static Command Create()
    {
        var command = new Command("export", "Convert a saved model (JSON or .safetensors) to ONNX, safetensors or JSON; give one or more outputs.\n" +
            "--precision float writes ONNX float32 and safetensors F32; double writes float64 and F64 (a double safetensors file loads only with --precision double).\n" +
            "Example: backprop export --model model.json --onnx model.onnx --safetensors model.safetensors") { Model, Onnx, Safetensors, Json, Precision };
        command.Validators.Add(result =>
        {
            if (result.GetValue(Onnx) is null && result.GetValue(Safetensors) is null && result.GetValue(Json) is null)
                result.AddError("export needs at least one output: --onnx FILE, --safetensors FILE or --json FILE");
        });
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var output = parse.InvocationConfiguration.Output;
            var network = ModelFiles.Load<T>(parse.GetValue(Model)!);
            bool isFloat = typeof(T) == typeof(float);
            if (parse.GetValue(Onnx) is { } onnx)
            {
                OnnxExport.Save(network, onnx);
                output.WriteLine($"wrote {onnx} (ONNX, opset {OnnxExport.Opset}, {(isFloat ? "float32" : "float64")}, input x [batch, {network.InputSize}] → y [batch, {network.OutputSize}])");
            }
            if (parse.GetValue(Safetensors) is { } safetensors)
            {
                SafetensorsFile.Save(network, safetensors);
                output.WriteLine($"wrote {safetensors} (safetensors, {(isFloat ? "F32" : "F64")}, {network.ParameterCount} parameters)");
            }
            if (parse.GetValue(Json) is { } json)
            {
                ModelFile.Save(network, json);
                output.WriteLine($"wrote {json} (JSON model, {network.ParameterCount} parameters)");
            }
            return 0;
        }
    }
}
