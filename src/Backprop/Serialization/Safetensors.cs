using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>
/// Model files in the safetensors format (Hugging Face's safetensors specification): an 8-byte little-endian unsigned
/// header length N, N bytes of a UTF-8 JSON header padded with spaces to a multiple of 8, then the raw little-endian
/// tensor data.
/// </summary>
/// <remarks>
/// <para><b>Tensors.</b> Layer i (0-based among all layers, so <c>Network.Layer(i + 1)</c>) with weights has
/// <c>layers.{i}.weight</c>, W^l of shape <c>[out, in]</c> row-major (PyTorch's <c>nn.Linear</c> layout), and
/// <c>layers.{i}.bias</c>, b^l of shape <c>[out]</c>; an activation-only layer has none. dtype is <c>F32</c> for
/// <c>Network&lt;float&gt;</c> and <c>F64</c> for <c>Network&lt;double&gt;</c>. <c>data_offsets</c> are relative to the
/// start of the data section, contiguous, in layer order.</para>
/// <para><b>Metadata</b> (<c>__metadata__</c>, string → string): <c>format</c> = <c>backprop-model</c>, <c>version</c> = <c>1</c>,
/// <c>cost</c>, <c>input_size</c>, and per layer, comma-separated: <c>layer_units</c>, <c>layer_activations</c>,
/// <c>layer_weights</c> (<c>true</c>/<c>false</c>). That is enough to rebuild the network.</para>
/// </remarks>
/// <example>
/// <code>
/// SafetensorsFile.Save(net, "model.safetensors");
/// var back = SafetensorsFile.Load&lt;float&gt;("model.safetensors");   // bit-identical weights
/// </code>
/// </example>
public static class SafetensorsFile
{
    /// <summary>The value of the <c>format</c> metadata entry.</summary>
    public const string Format = "backprop-model";

    /// <summary>The metadata version <see cref="Save{T}"/> writes and <see cref="Load{T}"/> reads.</summary>
    public const int Version = 1;

    /// <summary>The name of layer i's weight tensor (i is 0-based among all layers).</summary>
    public static string WeightName(int i) => $"layers.{i}.weight";

    /// <summary>The name of layer i's bias tensor (i is 0-based among all layers).</summary>
    public static string BiasName(int i) => $"layers.{i}.bias";

    /// <summary>Writes the network as a safetensors file, atomically (a failure leaves an existing file intact).</summary>
    /// <exception cref="ModelFormatException">A layer has a custom activation, which the metadata cannot name.</exception>
    public static void Save<T>(Network<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        for (int i = 0; i < network.LayerCount; i++)
            if (network.Layers[i].Activation is CustomActivation<T>)
                throw new ModelFormatException($"{path}: layers.{i} (layer l = {i + 1}) has the custom activation '{network.Layers[i].Activation.Name}', which a safetensors model cannot name; only built-in activations can be saved");
        byte[] header = Header(network);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var layer in network.Layers)
            {
                if (!layer.HasWeights) continue;
                WriteLittleEndian(stream, layer.Weights!);
                WriteLittleEndian(stream, layer.Biases!);
            }
        });
    }

    private static string DType<T>() => typeof(T) == typeof(float) ? "F32" : typeof(T) == typeof(double) ? "F64"
        : throw new NotSupportedException($"safetensors files hold float or double networks, not {typeof(T).Name}");

    private static byte[] Header<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layers = network.Layers;
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", Format);
            json.WriteString("version", Version.ToString(CultureInfo.InvariantCulture));
            json.WriteString("cost", network.Cost.Name);
            json.WriteString("input_size", network.InputSize.ToString(CultureInfo.InvariantCulture));
            json.WriteString("layer_units", string.Join(",", layers.Select(l => l.Units.ToString(CultureInfo.InvariantCulture))));
            json.WriteString("layer_activations", string.Join(",", layers.Select(l => l.Activation.Name)));
            json.WriteString("layer_weights", string.Join(",", layers.Select(l => l.HasWeights ? "true" : "false")));
            json.WriteEndObject();
            long offset = 0;
            int size = Marshal.SizeOf<T>();
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                if (!layer.HasWeights) continue;
                WriteTensor(json, WeightName(i), DType<T>(), [layer.Units, layer.InputSize], ref offset, (long)layer.Weights!.Length * size);
                WriteTensor(json, BiasName(i), DType<T>(), [layer.Units], ref offset, (long)layer.Biases!.Length * size);
            }
            json.WriteEndObject();
        }
        // The specification allows trailing spaces; padding to 8 bytes keeps the data section aligned for memory mapping.
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteTensor(Utf8JsonWriter json, string name, string dtype, int[] shape, ref long offset, long bytes)
    {
        json.WriteStartObject(name);
        json.WriteString("dtype", dtype);
        json.WriteStartArray("shape");
        foreach (var d in shape) json.WriteNumberValue(d);
        json.WriteEndArray();
        json.WriteStartArray("data_offsets");
        json.WriteNumberValue(offset);
        json.WriteNumberValue(offset + bytes);
        json.WriteEndArray();
        json.WriteEndObject();
        offset += bytes;
    }

    private static void WriteLittleEndian<T>(Stream stream, T[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (BitConverter.IsLittleEndian) { stream.Write(bytes); return; }
        var copy = bytes.ToArray();
        int size = Marshal.SizeOf<T>();
        for (int i = 0; i < copy.Length; i += size) copy.AsSpan(i, size).Reverse();
        stream.Write(copy);
    }

    /// <summary>Reads a safetensors model file written by <see cref="Save{T}"/> (or by any writer that follows the same names and metadata).</summary>
    /// <exception cref="ModelFormatException">The file is missing, shorter than its header, has a header that is not valid JSON,
    /// missing or unknown metadata, a dtype other than <typeparamref name="T"/>'s, shapes that disagree with the architecture,
    /// offsets that are not contiguous or run past the data, truncated data, or a weight that is NaN or infinite.
    /// The message names the file and the problem.</exception>
    public static Network<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!File.Exists(path)) throw new ModelFormatException($"{path}: no such model file");
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 8)
            throw new ModelFormatException($"{path}: {file.Length} bytes is too short for a safetensors file (it starts with an 8-byte header length)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - 8))
            throw new ModelFormatException($"{path}: the header length {headerLength} runs past the end of the file ({file.Length} bytes); the file is truncated or not safetensors");
        var data = file.AsSpan(8 + (int)headerLength);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(file.AsMemory(8, (int)headerLength)); }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: the safetensors header is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message.Split(". ")[0].TrimEnd('.')}", e);
        }
        using (doc) return Read<T>(doc.RootElement, data, path);
    }

    private static Network<T> Read<T>(JsonElement root, ReadOnlySpan<byte> data, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ModelFormatException($"{path}: the safetensors header must be a JSON object");
        var meta = ReadMetadata(root, path);
        var arch = SafetensorsArchitecture.Parse(meta, path);
        var expected = new Dictionary<string, (int Layer, int[] Shape)>();
        for (int i = 0; i < arch.Units.Length; i++)
        {
            if (!arch.HasWeights[i]) continue;
            expected[WeightName(i)] = (i, [arch.Units[i], i == 0 ? arch.InputSize : arch.Units[i - 1]]);
            expected[BiasName(i)] = (i, [arch.Units[i]]);
        }
        var tensors = new List<(string Name, long Begin, long End)>();
        foreach (var entry in root.EnumerateObject())
        {
            if (entry.Name == "__metadata__") continue;
            if (!expected.TryGetValue(entry.Name, out var want))
                throw new ModelFormatException($"{path}: tensor '{entry.Name}' is not one of the architecture's (the metadata names {(expected.Count == 0 ? "no tensors" : string.Join(", ", expected.Keys))})");
            var (begin, end) = ReadTensorInfo<T>(entry, want.Shape, path);
            tensors.Add((entry.Name, begin, end));
        }
        foreach (var name in expected.Keys)
            if (!tensors.Any(t => t.Name == name)) throw new ModelFormatException($"{path}: tensor '{name}' is missing (the metadata says layers.{expected[name].Layer} has weights)");
        // The specification wants the data section indexed entirely, without holes or overlaps.
        long at = 0;
        foreach (var t in tensors.OrderBy(t => t.Begin))
        {
            if (t.Begin != at) throw new ModelFormatException($"{path}: tensor '{t.Name}' begins at data offset {t.Begin} but the tensors before it end at {at}; offsets must be contiguous");
            at = t.End;
        }
        if (at > data.Length) throw new ModelFormatException($"{path}: the tensor data is truncated: the offsets need {at} bytes after the header but the file has {data.Length}");
        if (at < data.Length) throw new ModelFormatException($"{path}: {data.Length - at} bytes after the last tensor are not indexed by any offset");
        var layers = new List<Layer<T>>();
        for (int i = 0; i < arch.Units.Length; i++)
        {
            IActivation<T> activation;
            try { activation = Activation.Create<T>(arch.Activations[i]); }
            catch (UnknownNameException e) { throw new ModelFormatException($"{path}: layers.{i}: {e.Message}"); }
            int input = i == 0 ? arch.InputSize : arch.Units[i - 1];
            if (!arch.HasWeights[i])
            {
                if (input != arch.Units[i]) throw new ModelFormatException($"{path}: layers.{i} has no weights, so its {arch.Units[i]} units must equal its {input} inputs");
                layers.Add(Layer<T>.ActivationOnly(input, activation));
                continue;
            }
            var layer = Layer<T>.Dense(input, arch.Units[i], activation);
            Fill(layer.Weights!, data, tensors.First(t => t.Name == WeightName(i)), input, path);
            Fill(layer.Biases!, data, tensors.First(t => t.Name == BiasName(i)), 0, path);
            layers.Add(layer);
        }
        try { return new Network<T>(arch.InputSize, layers, Costs.Cost.Create<T>(arch.Cost)); }
        catch (BackpropException e) when (e is UnknownNameException or ShapeMismatchException) { throw new ModelFormatException($"{path}: {e.Message}", e); }
    }

    private static Dictionary<string, string> ReadMetadata(JsonElement root, string path)
    {
        if (!root.TryGetProperty("__metadata__", out var m) || m.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException($"{path}: the safetensors header has no \"__metadata__\" object, so the architecture is unknown (this reads safetensors written by backprop)");
        var meta = new Dictionary<string, string>();
        foreach (var p in m.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw new ModelFormatException($"{path}: metadata entry \"{p.Name}\" must be a string, not {p.Value.ValueKind}");
            meta[p.Name] = p.Value.GetString()!;
        }
        return meta;
    }

    private static (long Begin, long End) ReadTensorInfo<T>(JsonProperty entry, int[] shape, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string where = $"{path}: tensor '{entry.Name}'";
        var t = entry.Value;
        if (t.ValueKind != JsonValueKind.Object) throw new ModelFormatException($"{where}: must be a JSON object with dtype, shape and data_offsets");
        if (!t.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new ModelFormatException($"{where}: needs a \"dtype\" string");
        string d = dtype.GetString()!;
        if (d is not ("F32" or "F64")) throw new ModelFormatException($"{where}: unknown dtype '{d}' (backprop models hold F32 or F64)");
        if (d != DType<T>())
            throw new ModelFormatException($"{where}: dtype {d} but the network is being loaded as {(typeof(T) == typeof(float) ? "float (F32)" : "double (F64)")}; load it with the other precision (e.g. --precision {(d == "F64" ? "double" : "float")})");
        var got = ReadLongs(t, "shape", where);
        if (!got.SequenceEqual(shape.Select(x => (long)x)))
            throw new ModelFormatException($"{where}: shape [{string.Join(", ", got)}] but the architecture needs [{string.Join(", ", shape)}]");
        var offsets = ReadLongs(t, "data_offsets", where);
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
            throw new ModelFormatException($"{where}: data_offsets [{string.Join(", ", offsets)}] must be [begin, end] with 0 ≤ begin ≤ end");
        long bytes = shape.Aggregate(1L, (a, b) => a * b) * Marshal.SizeOf<T>();
        if (offsets[1] - offsets[0] != bytes)
            throw new ModelFormatException($"{where}: data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]} bytes but shape [{string.Join(", ", shape)}] of {d} needs {bytes}");
        return (offsets[0], offsets[1]);
    }

    private static long[] ReadLongs(JsonElement t, string name, string where)
    {
        if (!t.TryGetProperty(name, out var a) || a.ValueKind != JsonValueKind.Array)
            throw new ModelFormatException($"{where}: needs a \"{name}\" array");
        var values = new long[a.GetArrayLength()];
        int i = 0;
        foreach (var v in a.EnumerateArray())
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out values[i++]))
                throw new ModelFormatException($"{where}: \"{name}\" entry {v.GetRawText()} is not a whole number");
        return values;
    }

    private static void Fill<T>(T[] target, ReadOnlySpan<byte> data, (string Name, long Begin, long End) tensor, int columns, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var raw = MemoryMarshal.AsBytes(target.AsSpan());
        data[(int)tensor.Begin..(int)tensor.End].CopyTo(raw);
        if (!BitConverter.IsLittleEndian)
        {
            int size = Marshal.SizeOf<T>();
            for (int i = 0; i < raw.Length; i += size) raw.Slice(i, size).Reverse();
        }
        for (int i = 0; i < target.Length; i++)
            if (!T.IsFinite(target[i]))
                throw new ModelFormatException($"{path}: tensor '{tensor.Name}' entry [{(columns == 0 ? $"{i}" : $"{i / columns}, {i % columns}")}] is {target[i]}, not a finite number");
    }
}
