using System.Numerics;

namespace Backprop.Diagnostics;

/// <summary>The largest disagreement between backpropagation and finite differences in one layer.</summary>
/// <param name="Layer">l, in the seeds' numbering.</param>
/// <param name="Parameters">How many weights and biases were checked.</param>
/// <param name="MaxWeightError">Largest relative error over ∂C/∂w_jk^l (BP4).</param>
/// <param name="MaxBiasError">Largest relative error over ∂C/∂b_j^l (BP3).</param>
/// <param name="MaxAbsoluteDifference">Largest |backprop − numerical| in the layer.</param>
/// <param name="WorstBackprop">The backpropagated value of the entry with the largest relative error.</param>
/// <param name="WorstNumerical">The finite-difference value of that entry.</param>
public sealed record LayerGradientCheck(int Layer, int Parameters, double MaxWeightError, double MaxBiasError, double MaxAbsoluteDifference,
    double WorstBackprop = double.NaN, double WorstNumerical = double.NaN)
{
    /// <summary>The larger of the weight and bias errors.</summary>
    public double MaxError => Math.Max(MaxWeightError, MaxBiasError);
}

/// <summary>
/// Checks BP1–BP4 against the definition of the derivative: for every weight and bias, the gradient from
/// <see cref="Network{T}.Backpropagate"/> against a central finite difference of the mean cost.
/// </summary>
/// <remarks>
/// The difference is the five-point central stencil ∂C/∂θ ≈ [−C(θ+2h) + 8C(θ+h) − 8C(θ−h) + C(θ−2h)] / 12h with h = 1e-3,
/// evaluated in double precision (on a double copy of a float network), so its own error (≈ h⁴/30·C⁽⁵⁾ plus 1e-16·C/h) stays near 1e-13.
/// Relative error of one entry: |g − g̃| / max(|g| + |g̃|, 1e-5): an entry where both are far below 1e-5 (a dead ReLU's
/// exact 0 against the stencil's rounding noise) is measured against 1e-5 instead of against itself. Thresholds that the tests use: 1e-7 for a double network; about 1e-2 for float, whose
/// backpropagation itself rounds at 1e-7 relative to the largest terms.
/// </remarks>
public static class GradientCheck
{
    /// <summary>The step h of the stencil.</summary>
    public const double Step = 1e-3;

    /// <summary>Checks every weight and bias of <paramref name="network"/> on the batch (x, y) of m examples.</summary>
    public static IReadOnlyList<LayerGradientCheck> Run<T>(Network<T> network, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradients = new Gradients<T>(network);
        network.Backpropagate(x, y, m, gradients);
        var reference = network as Network<double> ?? network.Convert<double>();
        var xd = ToDouble(x);
        var yd = ToDouble(y);
        var results = new List<LayerGradientCheck>();
        for (int l = 1; l <= network.LayerCount; l++)
        {
            var layer = reference.Layer(l);
            if (!layer.HasWeights) continue;
            double wErr = 0, bErr = 0, abs = 0, worstG = double.NaN, worstFd = double.NaN;
            void Check(double g, double fd, ref double err)
            {
                double e = RelativeError(g, fd);
                if (e > Math.Max(wErr, bErr) || double.IsNaN(worstG)) { worstG = g; worstFd = fd; }
                err = Math.Max(err, e);
                abs = Math.Max(abs, Math.Abs(g - fd));
            }
            for (int i = 0; i < layer.Weights!.Length; i++)
                Check(double.CreateChecked(gradients.WeightGradient(l)![i]), Numerical(reference, xd, yd, m, layer.Weights, i), ref wErr);
            for (int j = 0; j < layer.Biases!.Length; j++)
                Check(double.CreateChecked(gradients.BiasGradient(l)![j]), Numerical(reference, xd, yd, m, layer.Biases, j), ref bErr);
            results.Add(new LayerGradientCheck(l, layer.Weights.Length + layer.Biases.Length, wErr, bErr, abs, worstG, worstFd));
        }
        return results;
    }

    /// <summary>Gradients smaller than this are compared absolutely: the stencil's own rounding error (≈ 1e-16·C/h) is about 1e-13, a hundred-millionth of this.</summary>
    public const double Floor = 1e-5;

    /// <summary>|g − g̃| / max(|g| + |g̃|, <see cref="Floor"/>).</summary>
    public static double RelativeError(double backprop, double numerical) =>
        Math.Abs(backprop - numerical) / Math.Max(Math.Abs(backprop) + Math.Abs(numerical), Floor);

    /// <summary>
    /// ∂C/∂θ by the five-point central difference, where θ is <paramref name="parameters"/>[<paramref name="index"/>]
    /// (a weight or bias array of one of <paramref name="network"/>'s layers). The parameter is restored exactly afterwards.
    /// </summary>
    public static double Numerical(Network<double> network, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int m, double[] parameters, int index)
    {
        double original = parameters[index], h = Step;
        Span<double> costs = stackalloc double[4];
        ReadOnlySpan<double> offsets = [2 * h, h, -h, -2 * h];
        for (int i = 0; i < 4; i++)
        {
            parameters[index] = original + offsets[i];
            costs[i] = network.CostOf(x, y, m);
        }
        parameters[index] = original;
        return (-costs[0] + 8 * costs[1] - 8 * costs[2] + costs[3]) / (12 * h);
    }

    private static double[] ToDouble<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = double.CreateChecked(values[i]);
        return result;
    }
}
