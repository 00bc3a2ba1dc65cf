using Backprop.Training;
using ScottPlot;

namespace Backprop.Cli.Plots;

/// <summary>Cost (left axis) and accuracy (right axis) per epoch, for the training, validation and test sets, from the trainer's reports.</summary>
public static class TrainingCurves
{
    /// <summary>Draws the curves of <paramref name="reports"/> and saves them as PNG or SVG; series that are all NaN (not evaluated) are left out.</summary>
    /// <param name="reports">One per epoch, as <see cref="Trainer{T}.Train"/> returns them.</param>
    /// <param name="path">A .png or .svg file.</param>
    /// <param name="title">A title, or null.</param>
    public static void Save(IReadOnlyList<EpochReport> reports, string path, string? title = null, int width = 900, int height = 560)
    {
        var plot = new Plot();
        double[] epochs = reports.Select(r => (double)r.Epoch).ToArray();
        var accuracyAxis = plot.Axes.Right;
        bool anyAccuracy = false;
        void Series(Func<EpochReport, double> value, string label, Color color, bool accuracy, LinePattern pattern)
        {
            var ys = reports.Select(value).ToArray();
            if (ys.All(double.IsNaN)) return;
            var s = plot.Add.Scatter(epochs, ys, color);
            s.LegendText = label;
            s.LinePattern = pattern;
            s.LineWidth = 2;
            s.MarkerSize = reports.Count > 40 ? 0 : 5;   // many epochs: the line alone
            if (accuracy) { s.Axes.YAxis = accuracyAxis; anyAccuracy = true; }
        }
        Series(r => r.TrainCost, "training cost", Colors.SteelBlue, false, LinePattern.Solid);
        Series(r => r.ValidationCost, "validation cost", Colors.SeaGreen, false, LinePattern.Solid);
        Series(r => r.TestCost, "test cost", Colors.DarkOrange, false, LinePattern.Solid);
        Series(r => 100 * r.TrainAccuracy, "training accuracy (%)", Colors.SteelBlue, true, LinePattern.Dashed);
        Series(r => 100 * r.ValidationAccuracy, "validation accuracy (%)", Colors.SeaGreen, true, LinePattern.Dashed);
        Series(r => 100 * r.TestAccuracy, "test accuracy (%)", Colors.DarkOrange, true, LinePattern.Dashed);
        plot.Title(title ?? "Training curves");
        plot.XLabel("epoch");
        plot.YLabel("mean cost C");
        accuracyAxis.Label.Text = anyAccuracy ? "accuracy (%)" : "";   // regression: no accuracy, no axis title
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (epochs.Length > 0) plot.Axes.SetLimitsX(epochs[0] - 0.25, epochs[^1] + 0.25);
        plot.ShowLegend(Edge.Bottom);                    // below the axes, so no curve hides behind it
        PlotFile.Save(plot, path, width, height);
    }
}
