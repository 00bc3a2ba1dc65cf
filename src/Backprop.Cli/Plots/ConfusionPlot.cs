using Backprop.Diagnostics;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>A confusion matrix as a heat map: actual class down, predicted class across, each cell labelled with its count.</summary>
public static class ConfusionPlot
{
    /// <summary>Draws <paramref name="matrix"/> and saves it as PNG or SVG; <paramref name="classNames"/> (index = class) label the axes when given.</summary>
    public static void Save(ConfusionMatrix matrix, string path, string? title = null, int width = 760, int height = 680, IReadOnlyList<string>? classNames = null)
    {
        int n = matrix.Classes;
        var values = new double[n, n];                 // row 0 is drawn at the top: actual class 0 first, as the matrix is read
        for (int actual = 0; actual < n; actual++)
            for (int predicted = 0; predicted < n; predicted++) values[actual, predicted] = matrix.Count(actual, predicted);
        var plot = new Plot();
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        // Cell (row r, column c) is centred at (c, n − 1 − r): ScottPlot's default, row 0 at the top.
        plot.Add.ColorBar(map).Label = "examples";
        double max = values.Cast<double>().DefaultIfEmpty(0).Max();
        for (int actual = 0; actual < n; actual++)
            for (int predicted = 0; predicted < n; predicted++)
            {
                var text = plot.Add.Text(matrix.Count(actual, predicted).ToString(), predicted, n - 1 - actual);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontColor = values[actual, predicted] > 0.6 * max ? Colors.Black : Colors.White;
                text.LabelFontSize = n <= 10 ? 13 : 8;
            }
        double[] ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        string Name(int c) => classNames is not null && c < classNames.Count ? classNames[c] : c.ToString();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, ticks.Select(t => Name((int)t)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, ticks.Select(t => Name(n - 1 - (int)t)).ToArray());
        plot.Title(title ?? $"Confusion matrix: {matrix.Correct}/{matrix.Total} right ({100 * matrix.Accuracy:0.00} %)");
        plot.XLabel("predicted class");
        plot.YLabel("actual class");
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        PlotFile.Save(plot, path, width, height);
    }
}
