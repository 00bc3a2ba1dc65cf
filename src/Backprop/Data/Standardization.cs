using System.Numerics;

namespace Backprop.Data;

/// <summary>
/// Feature standardisation x′_k = (x_k − μ_k) / s_k, with μ_k and s_k the mean and (population) standard deviation of
/// feature k over the training data. A constant feature (s_k = 0) gets s_k = 1, so it becomes 0 rather than NaN.
/// A model file stores μ and s, so that predict and eval transform their inputs exactly as training did.
/// </summary>
public sealed class Standardization
{
    private readonly double[] _mean, _std;

    /// <summary>Creates the transform from per-feature means and standard deviations.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are 0, or a value is not finite, or a deviation is not positive.</exception>
    public Standardization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count == 0 || mean.Count != std.Count) throw new ArgumentException($"standardization needs as many means as deviations (≥ 1), got {mean.Count} and {std.Count}");
        for (int k = 0; k < mean.Count; k++)
            if (!double.IsFinite(mean[k]) || !double.IsFinite(std[k]) || std[k] <= 0)
                throw new ArgumentException($"standardization of feature {k + 1}: mean {mean[k]} and deviation {std[k]} must be finite, the deviation positive");
        _mean = [.. mean];
        _std = [.. std];
    }

    /// <summary>μ_k, one per feature.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>s_k, one per feature (positive).</summary>
    public IReadOnlyList<double> Std => _std;

    /// <summary>Features n_0.</summary>
    public int Features => _mean.Length;

    /// <summary>Measures the mean and standard deviation of each input feature of <paramref name="data"/> (in double).</summary>
    public static Standardization Fit<T>(DataSet<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = data.InputSize;
        var mean = new double[n];
        var sumSquares = new double[n];
        for (int i = 0; i < data.Count; i++)           // Welford's update: stable for large means
            for (int k = 0; k < n; k++)
            {
                double x = double.CreateChecked(data.Inputs[i * n + k]), before = mean[k];
                mean[k] += (x - before) / (i + 1);
                sumSquares[k] += (x - before) * (x - mean[k]);
            }
        var std = sumSquares.Select(s => data.Count == 0 ? 1 : Math.Sqrt(s / data.Count)).Select(s => s > 0 ? s : 1).ToArray();
        return new Standardization(mean, std);
    }

    /// <summary>Standardises rows of <see cref="Features"/> values in place.</summary>
    /// <exception cref="ShapeMismatchException">The length is not a whole number of rows.</exception>
    public void Apply<T>(Span<T> inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = _mean.Length;
        if (inputs.Length % n != 0) throw new ShapeMismatchException($"standardization is for {n} features, but the input has {inputs.Length} values");
        for (int i = 0; i < inputs.Length; i++)
            inputs[i] = T.CreateChecked((double.CreateChecked(inputs[i]) - _mean[i % n]) / _std[i % n]);
    }

    /// <summary>A standardised copy of <paramref name="data"/> (labels or targets shared).</summary>
    /// <exception cref="ShapeMismatchException">The data has another number of features.</exception>
    public DataSet<T> Apply<T>(DataSet<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data.InputSize != Features) throw new ShapeMismatchException($"{data.Name}: examples have {data.InputSize} features but the standardization has {Features}");
        var inputs = (T[])data.Inputs.Clone();
        Apply<T>(inputs);
        return new DataSet<T>(data.Name, inputs, data.InputSize, data.Labels, data.TargetValues, data.TargetSize);
    }
}
