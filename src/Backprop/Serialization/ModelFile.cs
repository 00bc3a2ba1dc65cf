using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Backprop.Activations;
using Backprop.Costs;
using Backprop.Layers;

namespace Backprop.Serialization;

/// <summary>
/// The human-readable JSON model format (version 1), meant to be written by hand as well as by <see cref="Save{T}"/>:
/// <code>
/// { "format": "backprop-model", "version": 1, "cost": "nll", "inputSize": 2,
///   "layers": [ { "activation": "relu", "weights": [[1, 0], [0, 1]], "biases": [-1, -1] },
///               { "activation": "softmax" } ] }
/// </code>
/// <c>weights</c> is W^l as rows j (to unit j) of columns k (from unit k of the layer before): w_jk^l = weights[j][k].
/// A layer without <c>weights</c>/<c>biases</c> is an activation standing alone. <c>inputSize</c> may be left out when the
/// first layer has weights; <c>format</c>, <c>version</c> and <c>cost</c> are optional (cost defaults to quadratic).
/// Optional <c>"classes": ["setosa", …]</c> names the classes and <c>"standardization": {"mean": […], "std": […]}</c>
/// the transform of the inputs (see <see cref="ModelMetadata"/>); files without them read as before.
/// </summary>
public static class ModelFile
{
    /// <summary>The version <see cref="Save{T}"/> writes and <see cref="Load{T}(string)"/> reads.</summary>
    public const int Version = 1;

    /// <summary>Writes the network (and its class names and standardisation, if given) as JSON, atomically (a failure leaves an existing file intact).</summary>
    /// <exception cref="ModelFormatException">A layer has a custom activation, which the format cannot name, or the metadata does not fit the network.</exception>
    public static void Save<T>(Network<T> network, string path, ModelMetadata? metadata = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        metadata ??= ModelMetadata.None;
        CheckFits(metadata, network, path);
        foreach (var layer in network.Layers)
            if (layer.Activation is CustomActivation<T>)
                throw new ModelFormatException($"{path}: layer with custom activation '{layer.Activation.Name}' cannot be saved; the model format knows only the built-in activations");
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            Write(network, json, metadata);
        });
    }

    /// <summary>Writes the network as a JSON document to <paramref name="json"/>, with the metadata's entries when given.</summary>
    public static void Write<T>(Network<T> network, Utf8JsonWriter json, ModelMetadata? metadata = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        json.WriteStartObject();
        json.WriteString("format", "backprop-model");
        json.WriteNumber("version", Version);
        json.WriteString("precision", typeof(T) == typeof(double) ? "double" : "float");
        json.WriteString("cost", network.Cost.Name);
        json.WriteNumber("inputSize", network.InputSize);
        if (metadata is not null) ModelMetadataJson.Write(metadata, json);
        json.WriteStartArray("layers");
        foreach (var layer in network.Layers)
        {
            json.WriteStartObject();
            json.WriteString("activation", layer.Activation.Name);
            if (layer.HasWeights)
            {
                json.WriteStartArray("weights");
                for (int j = 0; j < layer.Units; j++)
                {
                    json.WriteStartArray();
                    for (int k = 0; k < layer.InputSize; k++) WriteNumber(json, layer.Weights![j * layer.InputSize + k]);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
                json.WriteStartArray("biases");
                foreach (var b in layer.Biases!) WriteNumber(json, b);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNumber<T>(Utf8JsonWriter json, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Shortest round-trip text, so that a saved model loads back bit for bit.
        if (typeof(T) == typeof(float)) json.WriteNumberValue(float.CreateTruncating(value));
        else json.WriteNumberValue(double.CreateTruncating(value));
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="ModelFormatException">Missing file, bad JSON, mismatched shapes, unknown activation or cost; the message names the file and the layer.</exception>
    public static Network<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T> => Load<T>(path, out _);

    /// <summary>Reads a model file and its class names and standardisation (<see cref="ModelMetadata.None"/> when it has neither).</summary>
    /// <exception cref="ModelFormatException">Missing file, bad JSON, mismatched shapes, unknown names, or metadata that does not fit the network.</exception>
    public static Network<T> Load<T>(string path, out ModelMetadata metadata) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!File.Exists(path)) throw new ModelFormatException($"{path}: no such model file");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var network = Read<T>(doc.RootElement, path);
            metadata = ModelMetadataJson.Read(doc.RootElement, path);
            CheckFits(metadata, network, path);
            return network;
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {FirstSentence(e.Message)}", e);
        }
    }

    private static void CheckFits<T>(ModelMetadata metadata, Network<T> network, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (metadata.Standardization is { } s && s.Features != network.InputSize)
            throw new ModelFormatException($"{path}: standardization has {s.Features} features but layer 1 takes {network.InputSize} inputs");
        int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
        if (metadata.Classes is { } names && names.Count > classes)
            throw new ModelFormatException($"{path}: {names.Count} classes but the output layer of {network.OutputSize} unit(s) tells at most {classes} apart");
    }

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');

    /// <summary>Builds a network from a parsed model document; <paramref name="source"/> names it in messages.</summary>
    public static Network<T> Read<T>(JsonElement root, string source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ModelFormatException($"{source}: the model must be a JSON object");
        if (root.TryGetProperty("version", out var version) && (version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version))
            throw new ModelFormatException($"{source}: model format version {version} is not supported (this program reads version {Version})");
        string costName = root.TryGetProperty("cost", out var c) ? c.GetString() ?? "" : "quadratic";
        ICost<T> cost;
        try { cost = Cost.Create<T>(costName); }
        catch (UnknownNameException e) { throw new ModelFormatException($"{source}: {e.Message}"); }
        if (!root.TryGetProperty("layers", out var layersJson) || layersJson.ValueKind != JsonValueKind.Array || layersJson.GetArrayLength() == 0)
            throw new ModelFormatException($"{source}: needs a non-empty \"layers\" array");
        int? inputSize = root.TryGetProperty("inputSize", out var inp) ? inp.GetInt32() : null;
        var layers = new List<Layer<T>>();
        int l = 0;
        foreach (var layerJson in layersJson.EnumerateArray())
        {
            l++;
            layers.Add(ReadLayer<T>(layerJson, l, layers.Count == 0 ? inputSize : layers[^1].Units, source)); // layer l reads layer l−1's units
            inputSize ??= layers[0].InputSize;
        }
        try { return new Network<T>(inputSize!.Value, layers, cost); }
        catch (ShapeMismatchException e) { throw new ModelFormatException($"{source}: {e.Message}"); }
    }

    private static Layer<T> ReadLayer<T>(JsonElement json, int l, int? previousUnits, string source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string where = $"{source}: layer {l}";
        if (json.ValueKind != JsonValueKind.Object) throw new ModelFormatException($"{where}: must be a JSON object");
        if (!json.TryGetProperty("activation", out var act) || act.ValueKind != JsonValueKind.String)
            throw new ModelFormatException($"{where}: needs an \"activation\" name");
        IActivation<T> activation;
        try { activation = Activation.Create<T>(act.GetString()!); }
        catch (UnknownNameException e) { throw new ModelFormatException($"{where}: {e.Message}"); }
        bool hasW = json.TryGetProperty("weights", out var wJson), hasB = json.TryGetProperty("biases", out var bJson);
        if (hasW != hasB) throw new ModelFormatException($"{where}: has {(hasW ? "weights but no biases" : "biases but no weights")}");
        if (!hasW)
        {
            if (previousUnits is null) throw new ModelFormatException($"{where}: an activation-only first layer needs \"inputSize\" at the top of the model");
            return Layer<T>.ActivationOnly(previousUnits.Value, activation);
        }
        var rows = ReadMatrix<T>(wJson, $"{where}: weights");
        var biases = ReadVector<T>(bJson, $"{where}: biases");
        if (biases.Length != rows.Count)
            throw new ModelFormatException($"{where}: weights have {rows.Count} rows (units) but biases has {biases.Length} entries");
        int cols = rows[0].Length;
        if (previousUnits is int p && p != cols)
            throw new ModelFormatException($"{where}: weights have {cols} columns but the layer before has {p} units (inputs)");
        var layer = Layer<T>.Dense(cols, rows.Count, activation);
        for (int j = 0; j < rows.Count; j++) rows[j].CopyTo(layer.Weights!, j * cols);
        biases.CopyTo(layer.Biases!, 0);
        return layer;
    }

    private static List<T[]> ReadMatrix<T>(JsonElement json, string where) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0) throw new ModelFormatException($"{where}: must be a non-empty array of rows");
        var rows = new List<T[]>();
        foreach (var row in json.EnumerateArray())
        {
            var values = ReadVector<T>(row, $"{where} row {rows.Count + 1}");
            if (rows.Count > 0 && values.Length != rows[0].Length)
                throw new ModelFormatException($"{where}: row {rows.Count + 1} has {values.Length} entries but row 1 has {rows[0].Length}");
            rows.Add(values);
        }
        return rows;
    }

    private static T[] ReadVector<T>(JsonElement json, string where) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0) throw new ModelFormatException($"{where}: must be a non-empty array of numbers");
        var values = new T[json.GetArrayLength()];
        int i = 0;
        foreach (var v in json.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Number || !double.TryParse(v.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                throw new ModelFormatException($"{where}: entry {i + 1} is {v.GetRawText()}, not a finite number");
            values[i++] = typeof(T) == typeof(float) ? T.CreateTruncating(float.Parse(v.GetRawText(), CultureInfo.InvariantCulture)) : T.CreateTruncating(d);
        }
        return values;
    }
}
