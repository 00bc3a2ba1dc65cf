using System.Numerics;
using Backprop.Cli.Plots;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Training;

namespace Backprop.Cli.Commands;

/// <summary>The pictures of <c>backprop train --plot DIR</c>: curves.*, confusion.* (classification) and weights.* (square inputs).</summary>
internal static class TrainPlots
{
    /// <summary>Writes the pictures in <paramref name="format"/> (png, svg or both); returns the files written.</summary>
    public static IReadOnlyList<string> Save<T>(string folder, string format, Network<T> network, IReadOnlyList<EpochReport> history,
        DataSet<T> test, IReadOnlyList<string>? classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Directory.CreateDirectory(folder);
        string[] extensions = format switch { "svg" => [".svg"], "both" => [".png", ".svg"], _ => [".png"] };
        var written = new List<string>();
        void Each(string name, Action<string> save)
        {
            foreach (var ext in extensions)
            {
                var path = Path.Combine(folder, name + ext);
                save(path);
                written.Add(path);
            }
        }
        if (history.Count > 0) Each("curves", path => TrainingCurves.Save(history, path));
        if (test.IsClassification && test.Count > 0)
        {
            var matrix = ConfusionMatrix.Of(network, test);
            Each("confusion", path => ConfusionPlot.Save(matrix, path, classNames: classes));
        }
        var first = network.Layer(1);
        int side = (int)Math.Round(Math.Sqrt(first.InputSize));
        if (first.HasWeights && side >= 8 && side * side == first.InputSize)
        {
            var weights = first.Weights!.Select(w => double.CreateChecked(w)).ToArray();
            Each("weights", path => WeightImages.Save(weights, first.Units, first.InputSize, path));
        }
        return written;
    }
}
