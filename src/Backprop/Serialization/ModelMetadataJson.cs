using System.Text.Json;
using Backprop.Data;

namespace Backprop.Serialization;

/// <summary>The optional <c>classes</c> and <c>standardization</c> entries of a JSON model file.</summary>
internal static class ModelMetadataJson
{
    public static void Write(ModelMetadata metadata, Utf8JsonWriter json)
    {
        if (metadata.Classes is { } classes)
        {
            json.WriteStartArray("classes");
            foreach (var c in classes) json.WriteStringValue(c);
            json.WriteEndArray();
        }
        if (metadata.Standardization is { } s)
        {
            json.WriteStartObject("standardization");
            json.WriteStartArray("mean");
            foreach (var v in s.Mean) json.WriteNumberValue(v);
            json.WriteEndArray();
            json.WriteStartArray("std");
            foreach (var v in s.Std) json.WriteNumberValue(v);
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    public static ModelMetadata Read(JsonElement root, string source)
    {
        IReadOnlyList<string>? classes = null;
        if (root.TryGetProperty("classes", out var c))
        {
            if (c.ValueKind != JsonValueKind.Array || c.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw new ModelFormatException($"{source}: \"classes\" must be an array of strings (class names, index = class)");
            classes = [.. c.EnumerateArray().Select(e => e.GetString()!)];
        }
        Standardization? standardization = null;
        if (root.TryGetProperty("standardization", out var s))
        {
            if (s.ValueKind != JsonValueKind.Object || !s.TryGetProperty("mean", out var mean) || !s.TryGetProperty("std", out var std))
                throw new ModelFormatException($"{source}: \"standardization\" must be an object {{\"mean\": [...], \"std\": [...]}}");
            try { standardization = new Standardization(Numbers(mean, source, "mean"), Numbers(std, source, "std")); }
            catch (ArgumentException e) { throw new ModelFormatException($"{source}: {e.Message}"); }
        }
        return classes is null && standardization is null ? ModelMetadata.None : new ModelMetadata(classes, standardization);
    }

    private static double[] Numbers(JsonElement array, string source, string name)
    {
        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number))
            throw new ModelFormatException($"{source}: standardization \"{name}\" must be an array of numbers");
        return [.. array.EnumerateArray().Select(e => e.GetDouble())];
    }
}
