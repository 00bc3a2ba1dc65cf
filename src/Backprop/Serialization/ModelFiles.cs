using System.Numerics;

namespace Backprop.Serialization;

/// <summary>
/// Loads and saves a model in the format its file name asks for: <c>.safetensors</c> (any case) is
/// <see cref="SafetensorsFile"/>, anything else the JSON format of <see cref="ModelFile"/>.
/// </summary>
/// <example>
/// <code>
/// var net = ModelFiles.Load&lt;float&gt;("model.json");
/// ModelFiles.Save(net, "model.safetensors");                 // converts
/// </code>
/// </example>
public static class ModelFiles
{
    /// <summary>Whether <paramref name="path"/> names a safetensors file (extension <c>.safetensors</c>, any case).</summary>
    public static bool IsSafetensors(string path) => Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a model, as safetensors (<see cref="SafetensorsFile.Load{T}"/>) or JSON (<see cref="ModelFile.Load{T}(string)"/>) by extension.</summary>
    /// <exception cref="ModelFormatException">The file is missing or malformed; the message names it and the problem.</exception>
    public static Network<T> Load<T>(string path) where T : unmanaged, IFloatingPointIeee754<T> =>
        IsSafetensors(path) ? SafetensorsFile.Load<T>(path) : ModelFile.Load<T>(path);

    /// <summary>Reads a model and its class names and standardisation; a safetensors file has neither (<see cref="ModelMetadata.None"/>).</summary>
    /// <exception cref="ModelFormatException">The file is missing or malformed; the message names it and the problem.</exception>
    public static Network<T> Load<T>(string path, out ModelMetadata metadata) where T : unmanaged, IFloatingPointIeee754<T>
    {
        metadata = ModelMetadata.None;
        return IsSafetensors(path) ? SafetensorsFile.Load<T>(path) : ModelFile.Load<T>(path, out metadata);
    }

    /// <summary>Writes a model atomically, as safetensors (<see cref="SafetensorsFile.Save{T}"/>) or JSON (<see cref="ModelFile.Save{T}"/>) by extension.</summary>
    /// <exception cref="ModelFormatException">
    /// A layer has a custom activation, which neither format can name, or <paramref name="metadata"/> is to go into a
    /// safetensors file, which keeps only the architecture.
    /// </exception>
    public static void Save<T>(Network<T> network, string path, ModelMetadata? metadata = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (IsSafetensors(path))
        {
            if (metadata is { IsEmpty: false })
                throw new ModelFormatException($"{path}: class names and standardization are kept only in JSON model files; save to a .json file");
            SafetensorsFile.Save(network, path);
        }
        else ModelFile.Save(network, path, metadata);
    }
}
