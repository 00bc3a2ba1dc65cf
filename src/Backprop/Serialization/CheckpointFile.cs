using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Backprop.Training;
using Backprop.Training.Optimizers;

namespace Backprop.Serialization;

/// <summary>
/// A training checkpoint on disk: one JSON file, <c>checkpoint.json</c> in the checkpoint folder, replaced atomically
/// after each epoch (temporary file + rename), so the previous checkpoint stays valid until the new one is complete.
/// <code>
/// { "format": "backprop-checkpoint", "version": 1, "precision": "float", "epoch": 2,
///   "rng": [4 words], "options": {…}, "arguments": [the command line],
///   "schedule": { "name": "plateau", "state": "base64" }, "earlyStopping": "base64" | null,
///   "optimizer": { "name": "adam", "steps": 1600, "buffers": ["base64", …] },
///   "history": [ epoch reports ], "model": { the model file, see ModelFile } }
/// </code>
/// Model weights are shortest round-trip decimal text (bit-exact); optimiser and schedule state are the raw
/// little-endian bytes in base64, so that a resumed run is bit-identical.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The file's name inside the checkpoint folder.</summary>
    public const string FileName = "checkpoint.json";

    /// <summary>The version this program writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="folder"/>/checkpoint.json atomically.</summary>
    /// <param name="folder">The checkpoint folder (created if missing).</param>
    /// <param name="checkpoint">What to save.</param>
    /// <param name="arguments">The command line of the run, kept for the record (optional).</param>
    public static void Save<T>(string folder, TrainingCheckpoint<T> checkpoint, IReadOnlyList<string>? arguments = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        AtomicFile.Write(Path.Combine(folder, FileName), stream =>
        {
            using var json = new Utf8JsonWriter(stream);
            json.WriteStartObject();
            json.WriteString("format", "backprop-checkpoint");
            json.WriteNumber("version", Version);
            json.WriteString("precision", typeof(T) == typeof(double) ? "double" : "float");
            json.WriteNumber("epoch", checkpoint.CompletedEpochs);
            json.WritePropertyName("rng"); JsonSerializer.Serialize(json, checkpoint.RngState, CheckpointJson.Default.UInt64Array);
            json.WritePropertyName("options"); JsonSerializer.Serialize(json, checkpoint.Options, CheckpointJson.Default.TrainingOptions);
            json.WritePropertyName("arguments"); JsonSerializer.Serialize(json, arguments ?? [], CheckpointJson.Default.IReadOnlyListString);
            json.WriteStartObject("schedule");
            json.WriteString("name", checkpoint.ScheduleName);
            json.WriteBase64String("state", MemoryMarshal.AsBytes<double>(checkpoint.ScheduleState));
            json.WriteEndObject();
            if (checkpoint.EarlyStoppingState is null) json.WriteNull("earlyStopping");
            else json.WriteBase64String("earlyStopping", MemoryMarshal.AsBytes<double>(checkpoint.EarlyStoppingState));
            WriteOptimizer(json, checkpoint.Optimizer);
            json.WritePropertyName("history"); JsonSerializer.Serialize(json, checkpoint.History, CheckpointJson.Default.IReadOnlyListEpochReport);
            json.WritePropertyName("model"); ModelFile.Write(checkpoint.Network, json);
            json.WriteEndObject();
        });
    }

    private static void WriteOptimizer<T>(Utf8JsonWriter json, OptimizerState<T> state) where T : unmanaged, IFloatingPointIeee754<T>
    {
        json.WriteStartObject("optimizer");
        json.WriteString("name", state.Name);
        json.WriteNumber("steps", state.Steps);
        json.WriteStartArray("buffers");
        foreach (var buffer in state.Buffers) json.WriteBase64StringValue(MemoryMarshal.AsBytes<T>(buffer));
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Reads <paramref name="folder"/>/checkpoint.json.</summary>
    /// <exception cref="ModelFormatException">Missing, truncated or malformed, or written in the other precision; the message names the file and the problem.</exception>
    public static TrainingCheckpoint<T> Load<T>(string folder) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new ModelFormatException($"{path}: no checkpoint here (expected {FileName} in {folder})");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Read<T>(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{path}: not a complete checkpoint: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}", e);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException)
        {
            throw new ModelFormatException($"{path}: malformed checkpoint: {e.Message}", e);
        }
    }

    private static TrainingCheckpoint<T> Read<T>(JsonElement root, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != "backprop-checkpoint")
            throw new ModelFormatException($"{path}: not a backprop checkpoint (no \"format\": \"backprop-checkpoint\")");
        if (Get(root, "version", path).GetInt32() != Version)
            throw new ModelFormatException($"{path}: checkpoint version {root.GetProperty("version")} is not supported (this program reads version {Version})");
        string precision = typeof(T) == typeof(double) ? "double" : "float";
        if (Get(root, "precision", path).GetString() != precision)
            throw new ModelFormatException($"{path}: the checkpoint holds {root.GetProperty("precision").GetString()} values but this run uses {precision} (--precision)");
        var schedule = Get(root, "schedule", path);
        var early = Get(root, "earlyStopping", path);
        return new TrainingCheckpoint<T>(
            ModelFile.Read<T>(Get(root, "model", path), $"{path}: model"),
            Get(root, "epoch", path).GetInt32(),
            Get(root, "rng", path).Deserialize(CheckpointJson.Default.UInt64Array)!,
            ReadOptimizer<T>(Get(root, "optimizer", path), path),
            Get(schedule, "name", path).GetString()!,
            Values<double>(Get(schedule, "state", path), $"{path}: schedule state"),
            early.ValueKind == JsonValueKind.Null ? null : Values<double>(early, $"{path}: early-stopping state"),
            Get(root, "options", path).Deserialize(CheckpointJson.Default.TrainingOptions)!,
            Get(root, "history", path).Deserialize(CheckpointJson.Default.IReadOnlyListEpochReport)!);
    }

    private static OptimizerState<T> ReadOptimizer<T>(JsonElement json, string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffers = new List<T[]>();
        foreach (var buffer in Get(json, "buffers", path).EnumerateArray())
            buffers.Add(Values<T>(buffer, $"{path}: optimiser buffer {buffers.Count + 1}"));
        return new OptimizerState<T>(Get(json, "name", path).GetString()!, Get(json, "steps", path).GetInt64(), buffers);
    }

    private static JsonElement Get(JsonElement json, string name, string path) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) ? value
            : throw new ModelFormatException($"{path}: the checkpoint has no \"{name}\"");

    private static TValue[] Values<TValue>(JsonElement json, string where) where TValue : unmanaged
    {
        byte[] bytes = json.GetBytesFromBase64();
        int size = System.Runtime.CompilerServices.Unsafe.SizeOf<TValue>();
        if (bytes.Length % size != 0) throw new ModelFormatException($"{where}: {bytes.Length} bytes is not a whole number of {size}-byte values");
        return MemoryMarshal.Cast<byte, TValue>(bytes).ToArray();
    }
}
