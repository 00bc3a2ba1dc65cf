using System.Numerics;
using Backprop.Randomness;

namespace Backprop.Training;

/// <summary>
/// Data augmentation for images: each training example, each time it is drawn into a mini-batch, is translated by
/// (dx, dy), each uniform in −s…s pixels, with zeros shifted in (Nielsen ch. 3, "Artificially expanding the training
/// data"; Simard et al. 2003). The offsets come from the seeded generator; evaluation never shifts.
/// </summary>
/// <param name="MaxShift">s ≥ 0, the largest shift in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record ImageShift(int MaxShift, int Width, int Height)
{
    /// <summary>Parses <c>shift:S</c> for square images of <paramref name="inputSize"/> pixels (28 × 28 for 784), or <c>shift:S:WxH</c>.</summary>
    /// <exception cref="ArgumentException">Not of that form, or the size is not a square and no WxH is given.</exception>
    public static ImageShift Parse(string text, int inputSize)
    {
        var parts = (text ?? "").Trim().ToLowerInvariant().Split(':');
        if (parts.Length is < 2 or > 3 || parts[0] != "shift" || !int.TryParse(parts[1], out int s) || s < 0)
            throw new ArgumentException($"augmentation '{text}' is not known (known: shift:PIXELS or shift:PIXELS:WIDTHxHEIGHT, e.g. shift:2)");
        if (parts.Length == 3)
        {
            var wh = parts[2].Split('x');
            if (wh.Length != 2 || !int.TryParse(wh[0], out int w) || !int.TryParse(wh[1], out int h) || w * h != inputSize)
                throw new ArgumentException($"augmentation '{text}': '{parts[2]}' is not WIDTHxHEIGHT with WIDTH·HEIGHT = {inputSize} inputs");
            return new ImageShift(s, w, h);
        }
        int side = (int)Math.Round(Math.Sqrt(inputSize));
        if (side * side != inputSize) throw new ArgumentException($"augmentation '{text}': {inputSize} inputs is not a square image; give shift:{s}:WIDTHxHEIGHT");
        return new ImageShift(s, side, side);
    }

    /// <summary>Writes <paramref name="image"/> translated by a random (dx, dy) into <paramref name="shifted"/> (pixels shifted in are 0).</summary>
    /// <param name="image">Width × Height pixels, row by row.</param>
    /// <param name="shifted">Width × Height (overwritten).</param>
    /// <param name="rng">Draws dx then dy, each uniform in −s…s.</param>
    public void Apply<T>(ReadOnlySpan<T> image, Span<T> shifted, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dx = rng.NextInt(2 * MaxShift + 1) - MaxShift, dy = rng.NextInt(2 * MaxShift + 1) - MaxShift;
        shifted[..(Width * Height)].Clear();
        int firstColumn = Math.Max(0, dx), columns = Width - Math.Abs(dx);
        if (columns <= 0) return;
        for (int row = Math.Max(0, dy); row < Math.Min(Height, Height + dy); row++)   // target row r reads source row r − dy
            image.Slice((row - dy) * Width + firstColumn - dx, columns).CopyTo(shifted.Slice(row * Width + firstColumn, columns));
    }
}
