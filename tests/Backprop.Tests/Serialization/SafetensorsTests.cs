using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backprop.Activations;
using Backprop.Layers;
using Backprop.Serialization;

namespace Backprop.Tests.Serialization;

public sealed class SafetensorsTests
{
    [Fact]
    public void RoundTrip_Float_IsBitIdentical()
    {
        var net = TestNetworks.Mixed<float>();
        string path = Path.Combine(TestNetworks.TempFolder(), "m.safetensors");
        SafetensorsFile.Save(net, path);
        TestNetworks.AssertIdentical(net, SafetensorsFile.Load<float>(path));
    }

    [Fact]
    public void RoundTrip_Double_IsBitIdentical()
    {
        var net = TestNetworks.Mixed<double>(seed: 7);
        net.Layer(1).Weights![0] = double.Epsilon;                    // a subnormal survives too
        net.Layer(2).Biases![1] = -0.0;
        string path = Path.Combine(TestNetworks.TempFolder(), "m.safetensors");
        SafetensorsFile.Save(net, path);
        TestNetworks.AssertIdentical(net, SafetensorsFile.Load<double>(path));
    }

    [Fact]
    public void ByteLayout_FollowsTheSpecification()
    {
        var net = TestNetworks.Mixed<float>(seed: 3);
        string path = Path.Combine(TestNetworks.TempFolder(), "m.safetensors");
        SafetensorsFile.Save(net, path);
        byte[] file = File.ReadAllBytes(path);

        // 8 bytes: header length N, unsigned little-endian; then N bytes of UTF-8 JSON, a multiple of 8, padded with spaces.
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(0, 8));
        Assert.Equal(0UL, n % 8);
        Assert.True(8 + (long)n <= file.Length);
        string header = Encoding.UTF8.GetString(file, 8, (int)n);
        Assert.StartsWith("{", header);
        Assert.Matches(@"\} *$", header);
        var root = JsonNode.Parse(header)!.AsObject();
        int dataStart = 8 + (int)n;

        var meta = root["__metadata__"]!.AsObject();
        Assert.All(meta, p => Assert.Equal(JsonValueKind.String, p.Value!.GetValueKind()));
        Assert.Equal("backprop-model", (string)meta["format"]!);
        Assert.Equal("1", (string)meta["version"]!);
        Assert.Equal("nll", (string)meta["cost"]!);
        Assert.Equal("5", (string)meta["input_size"]!);
        Assert.Equal("7,3,3", (string)meta["layer_units"]!);
        Assert.Equal("relu,identity,softmax", (string)meta["layer_activations"]!);
        Assert.Equal("true,true,false", (string)meta["layer_weights"]!);

        // Tensors: layers.{i}.weight [out, in] and layers.{i}.bias [out] for the layers with weights; layer 2 (softmax) has none.
        var tensors = root.Where(p => p.Key != "__metadata__").ToList();
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"], tensors.Select(t => t.Key));
        long expectedBegin = 0;
        foreach (var (name, node) in tensors)
        {
            Assert.Equal("F32", (string)node!["dtype"]!);
            int i = int.Parse(name.Split('.')[1]);
            var layer = net.Layers[i];
            long[] shape = node["shape"]!.AsArray().Select(d => (long)d!).ToArray();
            long[] offsets = node["data_offsets"]!.AsArray().Select(d => (long)d!).ToArray();
            Assert.Equal(expectedBegin, offsets[0]);                   // contiguous and in order
            expectedBegin = offsets[1];

            // The expected bytes, built value by value: W row-major (row j = unit j), each float little-endian.
            var values = new List<float>();
            if (name.EndsWith(".weight"))
            {
                Assert.Equal([layer.Units, layer.InputSize], shape);
                for (int j = 0; j < layer.Units; j++)
                    for (int k = 0; k < layer.InputSize; k++) values.Add(layer.Weight(j, k));
            }
            else
            {
                Assert.Equal([layer.Units], shape);
                values.AddRange(layer.Biases!);
            }
            var expected = new byte[values.Count * 4];
            for (int v = 0; v < values.Count; v++) BinaryPrimitives.WriteSingleLittleEndian(expected.AsSpan(v * 4), values[v]);
            Assert.Equal(expected, file[(dataStart + (int)offsets[0])..(dataStart + (int)offsets[1])]);
        }
        Assert.Equal(file.Length - dataStart, expectedBegin);              // the data section is indexed entirely
    }

    /// <summary>Each malformed case, and a fragment of the message that shows the loader saw the right problem.</summary>
    public static TheoryData<string, string> MalformedCases => new()
    {
        { "shorter than 8 bytes", "too short" },
        { "header length beyond the file", "runs past the end" },
        { "invalid JSON", "not valid JSON" },
        { "header not an object", "must be a JSON object" },
        { "missing metadata", "__metadata__" },
        { "metadata entry missing", "\"cost\" is missing" },
        { "unknown metadata entry", "colour" },
        { "unknown format", "pytorch" },
        { "unknown version", "version '99'" },
        { "unknown activation", "swish" },
        { "unknown cost", "hubris" },
        { "unknown dtype", "BF16" },
        { "dtype mismatch", "dtype F64" },
        { "shape disagrees", "shape [5, 7]" },
        { "offsets not contiguous", "contiguous" },
        { "offsets out of range", "data_offsets [264, 252]" },
        { "span disagrees with shape", "span 16 bytes" },
        { "truncated data", "truncated" },
        { "unindexed trailing bytes", "not indexed" },
        { "NaN weight", "[0, 3] is NaN" },
        { "infinite bias", "[0] is Infinity" },
        { "missing tensor", "'layers.1.bias' is missing" },
        { "unexpected tensor", "'layers.2.weight'" },
        { "layer count mismatch", "2 layer_weights" },
        { "no such file", "no such model file" },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Load_Malformed_ThrowsModelFormatExceptionNamingTheFile(string kind, string problem)
    {
        string folder = TestNetworks.TempFolder();
        string good = Path.Combine(folder, "good.safetensors");
        SafetensorsFile.Save(TestNetworks.Mixed<float>(), good);
        byte[] bytes = File.ReadAllBytes(good);
        string path = Path.Combine(folder, "bad.safetensors");
        byte[]? bad = kind switch
        {
            "shorter than 8 bytes" => bytes[..5],
            "header length beyond the file" => WithLength(bytes, (ulong)bytes.Length),
            "invalid JSON" => Build("{\"__metadata__\": {", Data(bytes)),
            "header not an object" => Build("[1, 2]", Data(bytes)),
            "missing metadata" => Edit(bytes, h => h.Remove("__metadata__")),
            "metadata entry missing" => Edit(bytes, h => h["__metadata__"]!.AsObject().Remove("cost")),
            "unknown metadata entry" => Edit(bytes, h => h["__metadata__"]!["colour"] = "blue"),
            "unknown format" => Edit(bytes, h => h["__metadata__"]!["format"] = "pytorch"),
            "unknown version" => Edit(bytes, h => h["__metadata__"]!["version"] = "99"),
            "unknown activation" => Edit(bytes, h => h["__metadata__"]!["layer_activations"] = "relu,swish,softmax"),
            "unknown cost" => Edit(bytes, h => h["__metadata__"]!["cost"] = "hubris"),
            "unknown dtype" => Edit(bytes, h => h["layers.0.weight"]!["dtype"] = "BF16"),
            "dtype mismatch" => Edit(bytes, h => h["layers.1.bias"]!["dtype"] = "F64"),
            "shape disagrees" => Edit(bytes, h => h["layers.0.weight"]!["shape"] = new JsonArray(5, 7)),
            "offsets not contiguous" => Edit(bytes, h => Shift(h["layers.1.weight"]!, 4)),
            "offsets out of range" => Edit(bytes, h => h["layers.1.bias"]!["data_offsets"] = new JsonArray(264, 252)),
            "span disagrees with shape" => Edit(bytes, h => h["layers.1.bias"]!["data_offsets"]![1] = (long)h["layers.1.bias"]!["data_offsets"]![1]! + 4),
            "truncated data" => bytes[..^6],
            "unindexed trailing bytes" => [.. bytes, 0, 0, 0, 0],
            "NaN weight" => Poke(bytes, 4 * 3, BitConverter.GetBytes(float.NaN)),
            "infinite bias" => Poke(bytes, 4 * 35, BitConverter.GetBytes(float.PositiveInfinity)),
            "missing tensor" => Edit(bytes, h => h.Remove("layers.1.bias")),
            "unexpected tensor" => Edit(bytes, h => h["layers.2.weight"] = h["layers.1.bias"]!.DeepClone()),
            "layer count mismatch" => Edit(bytes, h => h["__metadata__"]!["layer_weights"] = "true,true"),
            "no such file" => null,
            _ => throw new ArgumentException(kind),
        };
        if (bad is not null) File.WriteAllBytes(path, bad);
        var e = Assert.Throws<ModelFormatException>(() => SafetensorsFile.Load<float>(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Load_AsOtherPrecision_SaysWhichToUse()
    {
        string path = Path.Combine(TestNetworks.TempFolder(), "d.safetensors");
        SafetensorsFile.Save(TestNetworks.Mixed<double>(), path);
        var e = Assert.Throws<ModelFormatException>(() => SafetensorsFile.Load<float>(path));
        Assert.Contains("F64", e.Message);
        Assert.Contains("--precision double", e.Message);
    }

    [Fact]
    public void FailedSave_LeavesTheExistingFileIntact()
    {
        string folder = TestNetworks.TempFolder();
        string path = Path.Combine(folder, "m.safetensors");
        SafetensorsFile.Save(TestNetworks.Mixed<float>(), path);
        byte[] before = File.ReadAllBytes(path);

        var custom = new Network<float>(2, [Layer<float>.Dense(2, 2, new CustomActivation<float>("softplus", z => MathF.Log(1 + MathF.Exp(z)), z => 1 / (1 + MathF.Exp(-z))))], global::Backprop.Costs.Cost.Create<float>("quadratic"));
        var e = Assert.Throws<ModelFormatException>(() => SafetensorsFile.Save(custom, path));
        Assert.Contains(path, e.Message);
        Assert.Contains("softplus", e.Message);
        // A failure while the bytes are being written (here: the writer itself throws halfway) must not touch the file either.
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s => { s.Write(new byte[100]); throw new IOException("disk full"); }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void ModelFiles_ChooseTheFormatByExtension()
    {
        string folder = TestNetworks.TempFolder();
        var net = TestNetworks.Mixed<float>();
        ModelFiles.Save(net, Path.Combine(folder, "m.SafeTensors"));
        ModelFiles.Save(net, Path.Combine(folder, "m.json"));
        Assert.Equal((byte)'{', File.ReadAllBytes(Path.Combine(folder, "m.json"))[0]);
        Assert.Equal((byte)'{', File.ReadAllBytes(Path.Combine(folder, "m.SafeTensors"))[8]);
        TestNetworks.AssertIdentical(net, ModelFiles.Load<float>(Path.Combine(folder, "m.SafeTensors")));
        TestNetworks.AssertIdentical(net, ModelFiles.Load<float>(Path.Combine(folder, "m.json")));
        TestNetworks.AssertIdentical(net, SafetensorsFile.Load<float>(Path.Combine(folder, "m.SafeTensors")));
    }

    private static byte[] Data(byte[] file) => file[(8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file))..];

    private static byte[] Build(string header, byte[] data)
    {
        while (Encoding.UTF8.GetByteCount(header) % 8 != 0) header += " ";
        var h = Encoding.UTF8.GetBytes(header);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)h.Length);
        return [.. length, .. h, .. data];
    }

    private static byte[] Edit(byte[] file, Action<JsonObject> edit)
    {
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, n))!.AsObject();
        edit(header);
        return Build(header.ToJsonString(), Data(file));
    }

    private static void Shift(JsonNode tensor, long by)
    {
        var o = tensor["data_offsets"]!.AsArray();
        tensor["data_offsets"] = new JsonArray((long)o[0]! + by, (long)o[1]! + by);
    }

    private static byte[] WithLength(byte[] file, ulong length)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, length);
        return copy;
    }

    private static byte[] Poke(byte[] file, int dataOffset, byte[] value)
    {
        var copy = (byte[])file.Clone();
        value.CopyTo(copy, 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file) + dataOffset);
        return copy;
    }
}
