using Backprop.Diagnostics;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Decision regions of a network with 2-D input: the predicted class coloured over a grid, training points on top.</summary>
public static class RegionsPlot
{
    /// <summary>Draws <paramref name="grid"/> and the labelled <paramref name="points"/> (may be empty) and saves it as PNG or SVG.</summary>
    public static void Save(ClassGrid grid, IReadOnlyList<(double X1, double X2, int Class)> points, string path, string? title = null, int width = 760, int height = 680)
    {
        var plot = new Plot();
        var values = new double[grid.Rows, grid.Columns];         // row 0 is drawn at the top, so it holds the largest x_2
        for (int iy = 0; iy < grid.Rows; iy++)
            for (int ix = 0; ix < grid.Columns; ix++) values[grid.Rows - 1 - iy, ix] = grid.Class(ix, iy);
        var map = plot.Add.Heatmap(values);
        var colors = Enumerable.Range(0, grid.ClassCount).Select(c => PlotFile.ClassColor(c, light: true)).ToArray();
        map.Colormap = new ScottPlot.Colormaps.CustomPalette(colors, "classes");
        map.ManualRange = new ScottPlot.Range(0, grid.ClassCount - 1);
        double dx = (grid.XMax - grid.XMin) / (grid.Columns - 1) / 2, dy = (grid.YMax - grid.YMin) / (grid.Rows - 1) / 2;
        map.Extent = new CoordinateRect(grid.XMin, grid.XMax, grid.YMin, grid.YMax);   // the extent of the cell centres: the grid points
        for (int c = 0; c < grid.ClassCount; c++)
        {
            var legend = plot.Add.Markers(Array.Empty<double>(), Array.Empty<double>(), MarkerShape.FilledSquare, 12, colors[c]);
            legend.LegendText = $"region of class {c}";
            var mine = points.Where(p => p.Class == c).ToArray();
            if (mine.Length == 0) continue;
            var m = plot.Add.Markers(mine.Select(p => p.X1).ToArray(), mine.Select(p => p.X2).ToArray(), MarkerShape.FilledCircle, 7, PlotFile.ClassColor(c));
            m.LegendText = $"training points, class {c}";
        }
        plot.Title(title ?? "Decision regions");
        plot.XLabel("x₁");
        plot.YLabel("x₂");
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.SetLimits(grid.XMin - dx, grid.XMax + dx, grid.YMin - dy, grid.YMax + dy);
        PlotFile.Save(plot, path, width, height);
    }
}
