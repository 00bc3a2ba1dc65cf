using Backprop.Serialization;
using static Backprop.Tests.Cli.Tool;

namespace Backprop.Tests.Serialization;

/// <summary><c>backprop export</c>, and <c>predict</c> reading a .safetensors model through ModelFiles.</summary>
public sealed class ExportCommandTests
{

    [Fact]
    public void Export_WritesOnnxAndSafetensors_AndPredictReadsBoth()
    {
        string folder = TestNetworks.TempFolder();
        var net = TestNetworks.Mixed<float>();
        string json = Path.Combine(folder, "m.json"), onnx = Path.Combine(folder, "m.onnx"), st = Path.Combine(folder, "m.safetensors");
        ModelFile.Save(net, json);

        var (code, output, error) = Run("export", "--model", json, "--onnx", onnx, "--safetensors", st);
        Assert.True(code == 0, error);
        Assert.Contains($"wrote {onnx}", output);
        Assert.Contains($"wrote {st}", output);
        Assert.True(new FileInfo(onnx).Length > 0);
        TestNetworks.AssertIdentical(net, SafetensorsFile.Load<float>(st));

        var fromJson = Run("predict", "--model", json, "--input", "0.5,-1,2,0,3");
        var fromSafetensors = Run("predict", "--model", st, "--input", "0.5,-1,2,0,3");
        Assert.Equal(0, fromSafetensors.Code);
        Assert.Equal(fromJson.Out, fromSafetensors.Out);
    }

    [Fact]
    public void Export_WithoutAnOutput_IsAnArgumentError()
    {
        var (code, _, error) = Run("export", "--model", "whatever.json");
        Assert.Equal(2, code);
        Assert.Contains("--onnx", error);
    }

    [Fact]
    public void Export_OfAMissingModel_FailsWithOneLine()
    {
        string missing = Path.Combine(TestNetworks.TempFolder(), "none.safetensors");
        var (code, _, error) = Run("export", "--model", missing, "--onnx", missing + ".onnx");
        Assert.Equal(1, code);
        Assert.Contains($"{missing}: no such model file", error);
        Assert.False(File.Exists(missing + ".onnx"));
    }
}
