using System.Numerics;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Serialization.Onnx;
using Backprop.Training;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using P = global::Onnx;

namespace Backprop.Tests.Serialization;

public sealed class OnnxExportTests(ITestOutputHelper log)
{
    private const int Examples = 1000;

    public static TheoryData<string> Kinds => ["identity", "sigmoid", "tanh", "relu", "softmax", "softmax-only"];

    /// <summary>8 → Dense(16) f → Dense(12) f → Dense(5) f for an activation f; "softmax-only" is 8 → Dense(16) relu → Dense(5) relu → softmax.</summary>
    private static Network<T> Random<T>(string kind, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = kind == "softmax-only"
            ? new Network<T>(8, [Layer<T>.Dense(8, 16, Activation.Relu<T>()), Layer<T>.Dense(16, 5, Activation.Relu<T>()), Layer<T>.ActivationOnly(5, Activation.Softmax<T>())], global::Backprop.Costs.Cost.Create<T>("nll"))
            : Network<T>.Create([8, 16, 12, 5], kind, kind, "quadratic");
        WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(seed));
        return net;
    }

    private static T[] Inputs<T>(int count, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, count).Select(_ => T.CreateChecked(6 * rng.NextDouble() - 3)).ToArray();
    }

    /// <summary>Exports, runs the file in ONNX Runtime on 1,000 random inputs, and returns the largest |ONNX − FeedForward|.</summary>
    private static double MaxDifference<T>(Network<T> net, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnnxExport.Save(net, path);
        var x = Inputs<T>(Examples * net.InputSize, seed: 42);
        var expected = net.FeedForward(x, Examples).ToArray();
        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [Examples, net.InputSize]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [OnnxExport.InputName], [input], [OnnxExport.OutputName]);
        var actual = outputs[0].GetTensorDataAsSpan<T>().ToArray();
        Assert.Equal([Examples, net.OutputSize], outputs[0].GetTensorTypeAndShape().Shape);
        return expected.Zip(actual).Max(p => Math.Abs(double.CreateChecked(p.First) - double.CreateChecked(p.Second)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Float_OnnxRuntimeAgreesWithFeedForward(string kind)
    {
        double diff = MaxDifference(Random<float>(kind, seed: 11), Path.Combine(TestNetworks.TempFolder(), "m.onnx"));
        log.WriteLine($"float {kind}: max |onnxruntime - FeedForward| over {Examples} inputs = {diff:E2}");
        Assert.True(diff < 1e-5, $"{kind}: largest difference {diff:E2}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Double_ExportsAsDouble_AndOnnxRuntimeAgrees(string kind)
    {
        string path = Path.Combine(TestNetworks.TempFolder(), "m.onnx");
        double diff = MaxDifference(Random<double>(kind, seed: 12), path);
        log.WriteLine($"double {kind}: max |onnxruntime - FeedForward| over {Examples} inputs = {diff:E2}");
        Assert.True(diff < 1e-12, $"{kind}: largest difference {diff:E2}");
        var model = P.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.All(model.Graph.Initializer, t => Assert.Equal((int)P.TensorProto.Types.DataType.Double, t.DataType));
    }

    [Fact]
    public void Graph_HasTheDocumentedShape()
    {
        string path = Path.Combine(TestNetworks.TempFolder(), "m.onnx");
        var net = Random<float>("softmax-only", seed: 5);
        OnnxExport.Save(net, path);
        var model = P.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.True(model.IrVersion >= 8);
        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal(("", 17L), (opset.Domain, opset.Version));
        var g = model.Graph;
        var x = Assert.Single(g.Input);
        Assert.Equal("x", x.Name);
        Assert.Equal((int)P.TensorProto.Types.DataType.Float, x.Type.TensorType.ElemType);
        Assert.Equal("batch", x.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(8, x.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal("y", Assert.Single(g.Output).Name);
        Assert.Equal(["Gemm", "Relu", "Gemm", "Relu", "Softmax"], g.Node.Select(n => n.OpType));
        Assert.Equal("y", g.Node[^1].Output.Single());
        Assert.Equal(1, g.Node[0].Attribute.Single(a => a.Name == "transB").I);
        Assert.Equal(1, g.Node[^1].Attribute.Single(a => a.Name == "axis").I);
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"], g.Initializer.Select(t => t.Name));
        Assert.Equal([16L, 8L], g.Initializer[0].Dims);                    // W as [out, in], B of Gemm with transB = 1
        Assert.Equal([16L], g.Initializer[1].Dims);
        Assert.Equal(net.Layer(1).Weights!, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(g.Initializer[0].RawData.Span).ToArray());
    }

    [Fact]
    public void IdentityOutput_HasNoActivationNode()
    {
        string path = Path.Combine(TestNetworks.TempFolder(), "m.onnx");
        OnnxExport.Save(Random<float>("identity", seed: 1), path);
        var g = P.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        Assert.Equal(["Gemm", "Gemm", "Gemm"], g.Node.Select(n => n.OpType));
        Assert.Equal("y", g.Node[^1].Output.Single());
    }

    [Fact]
    public void CustomActivation_ThrowsNamingTheLayer_AndWritesNoFile()
    {
        string folder = TestNetworks.TempFolder();
        string path = Path.Combine(folder, "m.onnx");
        var softplus = new CustomActivation<float>("softplus", z => MathF.Log(1 + MathF.Exp(z)), z => 1 / (1 + MathF.Exp(-z)));
        var net = new Network<float>(3, [Layer<float>.Dense(3, 4, Activation.Tanh<float>()), Layer<float>.Dense(4, 2, softplus)], global::Backprop.Costs.Cost.Create<float>("quadratic"));
        var e = Assert.Throws<ModelFormatException>(() => OnnxExport.Save(net, path));
        Assert.Contains(path, e.Message);
        Assert.Contains("softplus", e.Message);
        Assert.Contains("layers.1", e.Message);
        Assert.Empty(Directory.GetFiles(folder));

        File.WriteAllBytes(path, [1, 2, 3]);                                // an existing file is left as it was
        Assert.Throws<ModelFormatException>(() => OnnxExport.Save(net, path));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
    }
}
