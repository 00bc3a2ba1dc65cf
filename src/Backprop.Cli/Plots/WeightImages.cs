using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>
/// The first layer's weights as images: row j of W^1 (the weights into hidden unit j) laid out as the input image
/// (28 × 28 for MNIST), one tile per unit in a grid, on a diverging colour scale symmetric about 0.
/// </summary>
public static class WeightImages
{
    /// <summary>Tiles the rows of <paramref name="weights"/> (units × side², row-major) and saves the picture as PNG or SVG.</summary>
    /// <exception cref="ArgumentException">The input size is not a square number of pixels.</exception>
    public static void Save(double[] weights, int units, int inputSize, string path, string? title = null, int maxUnits = 100)
    {
        int side = (int)Math.Round(Math.Sqrt(inputSize));
        if (side * side != inputSize) throw new ArgumentException($"weights images need a square input (e.g. 784 = 28 × 28); layer 1 takes {inputSize} inputs");
        int shown = Math.Min(units, maxUnits), columns = (int)Math.Ceiling(Math.Sqrt(shown)), rows = (shown + columns - 1) / columns;
        int cell = side + 1;                                        // one NaN pixel between tiles
        var image = new double[rows * cell - 1, columns * cell - 1];
        for (int r = 0; r < image.GetLength(0); r++) for (int c = 0; c < image.GetLength(1); c++) image[r, c] = double.NaN;
        double limit = 0;
        for (int j = 0; j < shown; j++)
        {
            int top = j / columns * cell, left = j % columns * cell;
            for (int p = 0; p < inputSize; p++)
            {
                double w = weights[j * inputSize + p];
                image[top + p / side, left + p % side] = w;
                limit = Math.Max(limit, Math.Abs(w));
            }
        }
        var plot = new Plot();
        var map = plot.Add.Heatmap(image);
        map.Colormap = new ScottPlot.Colormaps.Balance();   // diverging: blue below 0, red above, pale at 0
        map.ManualRange = new ScottPlot.Range(-limit, limit);
        map.NaNCellColor = Colors.White;
        plot.Add.ColorBar(map).Label = "w_jk";
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Title(title ?? $"Layer 1 weights: unit j's {side}×{side} image, units 1…{shown} left to right");
        int pixels = Math.Clamp(columns * cell * 8, 400, 1400);
        PlotFile.Save(plot, path, pixels + 120, (int)(pixels * (double)rows / columns) + 60);
    }
}
