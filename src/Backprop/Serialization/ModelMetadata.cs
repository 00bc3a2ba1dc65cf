using Backprop.Data;

namespace Backprop.Serialization;

/// <summary>
/// What a JSON model file may carry besides the network: the names of the classes (output unit j, or label j of a
/// single-unit output, is <c>Classes[j]</c>) and the input standardisation applied before layer 1.
/// </summary>
/// <param name="Classes">Class names, index = class, or null.</param>
/// <param name="Standardization">μ and s of each input feature, or null.</param>
public sealed record ModelMetadata(IReadOnlyList<string>? Classes = null, Standardization? Standardization = null)
{
    /// <summary>No class names and no standardisation.</summary>
    public static ModelMetadata None { get; } = new();

    /// <summary>Whether there is nothing to store.</summary>
    public bool IsEmpty => Classes is null && Standardization is null;

    /// <summary>The name of class <paramref name="index"/>, or the index itself when there are no names.</summary>
    public string ClassName(int index) => Classes is { } names && index >= 0 && index < names.Count ? names[index] : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
