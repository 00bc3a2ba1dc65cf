using System.Globalization;

namespace Backprop.Serialization;

/// <summary>The architecture a safetensors file's <c>__metadata__</c> describes (see <see cref="SafetensorsFile"/>), checked entry by entry.</summary>
internal sealed record SafetensorsArchitecture(string Cost, int InputSize, int[] Units, string[] Activations, bool[] HasWeights)
{
    private static readonly string[] Keys = ["format", "version", "cost", "input_size", "layer_units", "layer_activations", "layer_weights"];

    /// <summary>Reads the architecture from the metadata map; <paramref name="path"/> names the file in messages.</summary>
    /// <exception cref="ModelFormatException">An entry is missing, unknown, or not of the expected form.</exception>
    public static SafetensorsArchitecture Parse(IReadOnlyDictionary<string, string> meta, string path)
    {
        foreach (var key in meta.Keys)
            if (!Keys.Contains(key)) throw new ModelFormatException($"{path}: unknown metadata entry \"{key}\" (known: {string.Join(", ", Keys)})");
        foreach (var key in Keys)
            if (!meta.ContainsKey(key)) throw new ModelFormatException($"{path}: metadata entry \"{key}\" is missing");
        if (meta["format"] != SafetensorsFile.Format)
            throw new ModelFormatException($"{path}: metadata format is '{meta["format"]}', not '{SafetensorsFile.Format}'");
        if (meta["version"] != SafetensorsFile.Version.ToString(CultureInfo.InvariantCulture))
            throw new ModelFormatException($"{path}: model format version '{meta["version"]}' is not supported (this program reads version {SafetensorsFile.Version})");
        int inputSize = PositiveInt(meta["input_size"], "input_size", path);
        var units = Split(meta["layer_units"]).Select(u => PositiveInt(u, "layer_units", path)).ToArray();
        var activations = Split(meta["layer_activations"]);
        var weights = Split(meta["layer_weights"]).Select(w => w switch
        {
            "true" => true,
            "false" => false,
            _ => throw new ModelFormatException($"{path}: metadata layer_weights entry '{w}' is neither true nor false"),
        }).ToArray();
        if (units.Length == 0) throw new ModelFormatException($"{path}: metadata layer_units lists no layer");
        if (activations.Length != units.Length || weights.Length != units.Length)
            throw new ModelFormatException($"{path}: metadata lists {units.Length} layer_units but {activations.Length} layer_activations and {weights.Length} layer_weights");
        return new SafetensorsArchitecture(meta["cost"], inputSize, units, activations, weights);
    }

    private static string[] Split(string text) => text.Length == 0 ? [] : text.Split(',', StringSplitOptions.TrimEntries);

    private static int PositiveInt(string text, string key, string path) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v : throw new ModelFormatException($"{path}: metadata {key} entry '{text}' is not a positive whole number");
}
