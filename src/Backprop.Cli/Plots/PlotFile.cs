using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Saves a ScottPlot figure as PNG or SVG, chosen by the file's extension.</summary>
public static class PlotFile
{
    /// <summary>Writes <paramref name="plot"/> to <paramref name="path"/> (<c>.png</c> or <c>.svg</c>), creating its folder.</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg.</exception>
    public static void Save(Plot plot, string path, int width, int height)
    {
        string ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".png" or ".svg")) throw new ArgumentException($"{path}: plots are written as .png or .svg, not '{ext}'");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        if (ext == ".svg") plot.SaveSvg(path, width, height);
        else plot.SavePng(path, width, height);
    }

    /// <summary>Category colours for classes 0…9 (Tableau 10), light versions for regions and full ones for points.</summary>
    public static Color ClassColor(int c, bool light = false)
    {
        string[] hex = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
        var color = Color.FromHex(hex[c % hex.Length]);
        return light ? color.Lighten(0.6) : color;
    }
}
