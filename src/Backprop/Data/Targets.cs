using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// The one place where class labels become target vectors y. For n_L &gt; 1 outputs: one-hot y_j = 1 if j is the label,
/// else 0 (−1 for the hinge cost, whose labels are ±1). For a single output unit (binary): y = label (0/1), or ±1 for hinge.
/// </summary>
public static class Targets
{
    /// <summary>Writes the target rows of <paramref name="count"/> examples, taking their labels through <paramref name="order"/>.</summary>
    /// <param name="labels">All labels.</param>
    /// <param name="order">Example indices; rows [start, start + count) of it are encoded.</param>
    /// <param name="start">First row of <paramref name="order"/>.</param>
    /// <param name="count">Examples.</param>
    /// <param name="units">n_L.</param>
    /// <param name="costName">The cost, which decides 0 or −1 for "not this class".</param>
    /// <param name="y">count × units (overwritten).</param>
    public static void Encode<T>(ReadOnlySpan<int> labels, ReadOnlySpan<int> order, int start, int count, int units, string costName, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T off = Clear(count, units, costName, y);
        for (int i = 0; i < count; i++) Set(labels[order[start + i]], i, units, off, y);
    }

    /// <summary>Writes the target rows of <paramref name="labels"/>.Length examples, one per label, in the labels' order.</summary>
    /// <param name="labels">The examples' labels.</param>
    /// <param name="units">n_L.</param>
    /// <param name="costName">The cost, which decides 0 or −1 for "not this class".</param>
    /// <param name="y">labels.Length × units (overwritten).</param>
    public static void Encode<T>(ReadOnlySpan<int> labels, int units, string costName, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T off = Clear(labels.Length, units, costName, y);
        for (int i = 0; i < labels.Length; i++) Set(labels[i], i, units, off, y);
    }

    /// <summary>Fills count rows of y with the "not this class" value, which it returns.</summary>
    private static T Clear<T>(int count, int units, string costName, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T off = costName == "hinge" ? -T.One : T.Zero;
        y[..(count * units)].Fill(off);
        return off;
    }

    /// <summary>Row i of y for class <paramref name="label"/>: 1 at the label (one-hot), or for one unit y = 1 when label = 1.</summary>
    private static void Set<T>(int label, int i, int units, T off, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (units == 1) y[i] = label == 1 ? T.One : off;
        else y[i * units + label] = T.One;
    }

    /// <summary>The target vector y of one example of class <paramref name="label"/>, encoded as <see cref="Encode{T}(ReadOnlySpan{int}, int, string, Span{T})"/> does.</summary>
    /// <param name="label">The class, 0 ≤ label &lt; <paramref name="units"/> (or 0/1 for a single output unit).</param>
    /// <param name="units">n_L.</param>
    /// <param name="costName">The cost, which decides 0 or −1 for "not this class".</param>
    /// <exception cref="ArgumentOutOfRangeException">The label is not a class of an output layer of <paramref name="units"/> units.</exception>
    public static T[] ForClass<T>(int label, int units, string costName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = units == 1 ? 2 : units;
        if (label < 0 || label >= classes)
            throw new ArgumentOutOfRangeException(nameof(label), $"class {label} is not one of 0…{classes - 1} for an output layer of {units} unit(s)");
        var y = new T[units];
        Encode<T>([label], units, costName, y);
        return y;
    }

    /// <summary>The class a network's output row stands for: the arg-max for several units; for one unit, 1 when a ≥ ½ (sigmoid) or a ≥ 0 (other outputs), else 0.</summary>
    public static int ClassOf<T>(ReadOnlySpan<T> output, string outputActivation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (output.Length == 1)
        {
            T threshold = outputActivation == "sigmoid" ? T.CreateChecked(0.5) : T.Zero;
            return output[0] >= threshold ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < output.Length; j++) if (output[j] > output[best]) best = j;
        return best;
    }
}
