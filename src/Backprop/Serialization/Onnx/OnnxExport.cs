using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using Backprop.Activations;
using Backprop.Layers;
using Google.Protobuf;
using P = global::Onnx;

namespace Backprop.Serialization.Onnx;

/// <summary>
/// Writes a network as an ONNX model (the ONNX IR, <c>onnx.proto</c>; operators from the default domain, opset 17) that
/// ONNX Runtime and other ONNX tools can run: <c>y = network(x)</c> for a batch of inputs.
/// </summary>
/// <remarks>
/// <para><b>Graph.</b> Input <c>x</c> of shape <c>[batch, n_0]</c> (the batch dimension is symbolic), output <c>y</c> of shape
/// <c>[batch, n_L]</c>, one example per row as in <see cref="Network{T}.FeedForward"/>. Each layer i (0-based among all
/// layers) with weights is a <c>Gemm</c> node with <c>transB = 1</c>: z = x·Bᵀ + C, where the initializers
/// <c>B = layers.{i}.weight</c> is W^l as <c>[out, in]</c> (the same layout as <see cref="Layer{T}.Weights"/> and as
/// <see cref="SafetensorsFile"/>) and <c>C = layers.{i}.bias</c> is b^l. Then its activation: <c>Sigmoid</c>, <c>Tanh</c>,
/// <c>Relu</c>, <c>Softmax</c> with <c>axis = 1</c>, and no node for the identity (an <c>Identity</c> node only where one
/// is needed to produce <c>y</c>).</para>
/// <para><b>Precision.</b> The element type is the network's: a <c>Network&lt;float&gt;</c> exports as FLOAT (float32),
/// a <c>Network&lt;double&gt;</c> as DOUBLE (float64), so nothing is rounded. For a float32 model of a double network,
/// export <c>network.Convert&lt;float&gt;()</c>.</para>
/// <para><b>Not exported.</b> The cost (ONNX describes inference only) and custom activations (no ONNX operator is
/// known for them): a network with one makes <see cref="Save{T}"/> throw and write nothing.</para>
/// </remarks>
/// <example>
/// <code>
/// OnnxExport.Save(net, "model.onnx");   // then, in Python: onnxruntime.InferenceSession("model.onnx").run(None, {"x": x})
/// </code>
/// </example>
public static class OnnxExport
{
    /// <summary>The IR version written (8, ONNX 1.10 and later).</summary>
    public const long IrVersion = 8;

    /// <summary>The version of the default ("ai.onnx") operator set the model imports.</summary>
    public const long Opset = 17;

    /// <summary>The graph's input name.</summary>
    public const string InputName = "x";

    /// <summary>The graph's output name.</summary>
    public const string OutputName = "y";

    /// <summary>The name of the symbolic batch dimension of <c>x</c> and <c>y</c>.</summary>
    public const string BatchDimension = "batch";

    /// <summary>Writes the network as an ONNX model file, atomically (a failure leaves an existing file intact).</summary>
    /// <exception cref="ModelFormatException">A layer's activation is not a built-in one (e.g. a <see cref="CustomActivation{T}"/>);
    /// the message names the file, the layer and the activation. No file is written.</exception>
    public static void Save<T>(Network<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var model = ToModel(network, path);
        AtomicFile.Write(path, stream => model.WriteTo(stream));
    }

    /// <summary>Builds the ONNX ModelProto; <paramref name="source"/> names the target in messages.</summary>
    internal static P.ModelProto ToModel<T>(Network<T> network, string source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var elementType = typeof(T) == typeof(float) ? P.TensorProto.Types.DataType.Float
            : typeof(T) == typeof(double) ? P.TensorProto.Types.DataType.Double
            : throw new NotSupportedException($"ONNX export handles float and double networks, not {typeof(T).Name}");
        var graph = new P.GraphProto { Name = "backprop", DocString = network.ToString() };
        graph.Input.Add(Value(InputName, elementType, network.InputSize));
        graph.Output.Add(Value(OutputName, elementType, network.OutputSize));
        string current = InputName;
        var layers = network.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            bool last = i == layers.Count - 1;
            string op = OperatorFor(layer, i, source);
            if (layer.HasWeights)
            {
                string weight = SafetensorsFile.WeightName(i), bias = SafetensorsFile.BiasName(i);
                graph.Initializer.Add(Tensor(weight, elementType, layer.Weights!, layer.Units, layer.InputSize));
                graph.Initializer.Add(Tensor(bias, elementType, layer.Biases!, layer.Units));
                string z = last && op == "Identity" ? OutputName : $"layers.{i}.z";
                var gemm = Node("Gemm", $"layers.{i}.gemm", [current, weight, bias], z);
                gemm.Attribute.Add(new P.AttributeProto { Name = "transB", Type = P.AttributeProto.Types.AttributeType.Int, I = 1 });
                graph.Node.Add(gemm);
                current = z;
            }
            if (op == "Identity" && !(last && current != OutputName)) continue;
            string a = last ? OutputName : $"layers.{i}.a";
            var node = Node(op, $"layers.{i}.{op.ToLowerInvariant()}", [current], a);
            if (op == "Softmax") node.Attribute.Add(new P.AttributeProto { Name = "axis", Type = P.AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(node);
            current = a;
        }
        var model = new P.ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "backprop",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = $"Feedforward network exported by backprop: {network}",
            Graph = graph,
        };
        model.OpsetImport.Add(new P.OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>The ONNX operator of a layer's activation, or an exception naming the layer if it has none.</summary>
    private static string OperatorFor<T>(Layer<T> layer, int i, string source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var activation = layer.Activation;
        string name = activation.Name.ToLowerInvariant();
        bool builtIn = activation is not CustomActivation<T> && Activation.BuiltInNames.Contains(name)
            && Activation.Create<T>(name).GetType() == activation.GetType();
        if (!builtIn)
            throw new ModelFormatException($"{source}: layers.{i} (layer l = {i + 1}) has the activation '{activation.Name}', which ONNX export does not support (only identity, sigmoid, tanh, relu and softmax have ONNX operators); nothing was written");
        return name switch
        {
            "identity" or "linear" => "Identity",
            "sigmoid" => "Sigmoid",
            "tanh" => "Tanh",
            "relu" => "Relu",
            "softmax" => "Softmax",
            _ => throw new ModelFormatException($"{source}: layers.{i}: no ONNX operator for activation '{activation.Name}'"),
        };
    }

    private static P.NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new P.NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static P.ValueInfoProto Value(string name, P.TensorProto.Types.DataType type, int width)
    {
        var shape = new P.TensorShapeProto();
        shape.Dim.Add(new P.TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        shape.Dim.Add(new P.TensorShapeProto.Types.Dimension { DimValue = width });
        return new P.ValueInfoProto
        {
            Name = name,
            Type = new P.TypeProto { TensorType = new P.TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static P.TensorProto Tensor<T>(string name, P.TensorProto.Types.DataType type, T[] values, params long[] dims) where T : unmanaged
    {
        // raw_data is little-endian whatever the machine (onnx.proto, TensorProto.raw_data).
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < bytes.Length; i += Marshal.SizeOf<T>()) bytes.AsSpan(i, Marshal.SizeOf<T>()).Reverse();
        var tensor = new P.TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
