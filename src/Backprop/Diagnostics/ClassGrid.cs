using System.Numerics;
using Backprop.Data;

namespace Backprop.Diagnostics;

/// <summary>
/// The class a network with 2-D input predicts at every point of a regular grid: its decision regions (000 problem 4.3–4.4 asks
/// for them by hand). Point (ix, iy) is x = (X(ix), Y(iy)), ix = 0 at the left, iy = 0 at the bottom.
/// </summary>
public sealed class ClassGrid
{
    private readonly int[] _classes;

    private ClassGrid(int[] classes, int columns, int rows, double xMin, double xMax, double yMin, double yMax, int classCount)
    {
        _classes = classes;
        (Columns, Rows, XMin, XMax, YMin, YMax, ClassCount) = (columns, rows, xMin, xMax, yMin, yMax, classCount);
    }

    /// <summary>Predicts the class at columns × rows points spanning [xMin, xMax] × [yMin, yMax] (edges included), one batch per row.</summary>
    /// <exception cref="ShapeMismatchException">The network does not take 2 inputs.</exception>
    public static ClassGrid Of<T>(Network<T> network, double xMin, double xMax, double yMin, double yMax, int columns = 200, int rows = 200)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (network.InputSize != 2) throw new ShapeMismatchException($"decision regions need a network with 2 inputs; this one takes {network.InputSize}");
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        if (!(xMax > xMin) || !(yMax > yMin)) throw new ArgumentException($"the range [{xMin}, {xMax}] × [{yMin}, {yMax}] is empty");
        int n = network.OutputSize;
        string output = network.Layer(network.LayerCount).Activation.Name;
        var classes = new int[columns * rows];
        var x = new T[2 * columns];
        for (int iy = 0; iy < rows; iy++)
        {
            double y = yMin + (yMax - yMin) * iy / (rows - 1);
            for (int ix = 0; ix < columns; ix++)
            {
                x[2 * ix] = T.CreateChecked(xMin + (xMax - xMin) * ix / (columns - 1));
                x[2 * ix + 1] = T.CreateChecked(y);
            }
            var a = network.FeedForward(x, columns);
            for (int ix = 0; ix < columns; ix++) classes[iy * columns + ix] = Targets.ClassOf(a.Slice(ix * n, n), output);
        }
        return new ClassGrid(classes, columns, rows, xMin, xMax, yMin, yMax, n == 1 ? 2 : n);
    }

    /// <summary>Points across.</summary>
    public int Columns { get; }
    /// <summary>Points up.</summary>
    public int Rows { get; }
    /// <summary>x_1 of the leftmost column.</summary>
    public double XMin { get; }
    /// <summary>x_1 of the rightmost column.</summary>
    public double XMax { get; }
    /// <summary>x_2 of the bottom row.</summary>
    public double YMin { get; }
    /// <summary>x_2 of the top row.</summary>
    public double YMax { get; }
    /// <summary>The number of classes the network can predict.</summary>
    public int ClassCount { get; }

    /// <summary>x_1 of column ix.</summary>
    public double X(int ix) => XMin + (XMax - XMin) * ix / (Columns - 1);

    /// <summary>x_2 of row iy.</summary>
    public double Y(int iy) => YMin + (YMax - YMin) * iy / (Rows - 1);

    /// <summary>The class predicted at (X(ix), Y(iy)).</summary>
    public int Class(int ix, int iy) => _classes[iy * Columns + ix];
}
