using System.Numerics;
using Backprop.Data;

namespace Backprop.Diagnostics;

/// <summary>
/// Backpropagation of one example, written out: every layer's z^l and a^l, ∇_a C, δ^L (BP1, fused or not), each δ^l (BP2),
/// ∂C/∂b^l (BP3) and ∂C/∂w_jk^l (BP4), each gradient beside its finite-difference value. This is what
/// <c>backprop explain</c> prints.
/// </summary>
/// <param name="Network">The network's structure as <see cref="Network{T}.ToString"/> prints it.</param>
/// <param name="Input">x = a^0.</param>
/// <param name="Target">y.</param>
/// <param name="Cost">C(a^L, y) of this one example (m = 1, so the mean is the example's cost).</param>
/// <param name="CostName">The cost's name (<c>nll</c>, <c>quadratic</c>, …).</param>
/// <param name="FusedPair">The fused output pair used for BP1 (e.g. <c>softmax + nll</c>), or null when BP1 multiplied ∇_a C by f′(z^L).</param>
/// <param name="PredictedClass">The class a^L stands for (<see cref="Targets.ClassOf{T}"/>).</param>
/// <param name="Layers">Layers 1…L (index 0 is layer 1; <see cref="Layer"/> takes the seeds' l).</param>
/// <example>
/// <code>
/// var net = ModelFile.Load&lt;double&gt;("examples/mit-6036-hw7-problem4.json");
/// var trace = BackpropTrace.Run(net, [3.0, 14.0], Targets.ForClass&lt;double&gt;(1, 2, "nll"));
/// double d = trace.Layer(1).Delta[0];   // δ_1^1 (BP2)
/// </code>
/// </example>
public sealed record BackpropTrace(string Network, double[] Input, double[] Target, double Cost, string CostName, string? FusedPair,
    int PredictedClass, IReadOnlyList<LayerTrace> Layers)
{
    /// <summary>Layer l's trace, l = 1…L as in the seeds.</summary>
    public LayerTrace Layer(int l) => Layers[l - 1];

    /// <summary>The largest relative error between backpropagation and finite differences over all checked parameters.</summary>
    public double MaxRelativeError => Layers.Select(l => l.MaxRelativeError).DefaultIfEmpty(0).Max();

    /// <summary>How many weights and biases were checked against finite differences.</summary>
    public int CheckedCount => Layers.Sum(l => l.BiasGradient.Count(g => g.IsChecked) + l.WeightGradient.Count(g => g.IsChecked));

    /// <summary>
    /// Traces backpropagation of one example (x, y) through <paramref name="network"/> (in its own precision) and checks every
    /// gradient by <see cref="GradientCheck.Numerical"/> on a double copy (the network itself when it is double; its
    /// parameters are restored exactly).
    /// </summary>
    /// <param name="network">The network; its parameters are not changed.</param>
    /// <param name="x">One input, n_0 values.</param>
    /// <param name="y">One target, n_L values (see <see cref="Targets.ForClass{T}"/> for a class index).</param>
    /// <param name="maxChecksPerLayer">
    /// Finite differences cost four forward passes per parameter; a layer with more weights than this checks all its biases,
    /// its 5 largest weight gradients by magnitude and evenly spaced others, about this many weights in all (the rest get NaN).
    /// </param>
    /// <exception cref="ShapeMismatchException">x is not n_0 values or y is not n_L values.</exception>
    public static BackpropTrace Run<T>(Network<T> network, ReadOnlySpan<T> x, ReadOnlySpan<T> y, int maxChecksPerLayer = int.MaxValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChecksPerLayer, 5);
        int L = network.LayerCount, nL = network.OutputSize;
        var gradients = new Gradients<T>(network);
        network.Backpropagate(x, y, 1, gradients);
        // Capture the forward and backward values now: the finite differences below reuse the network's buffers.
        var z = new double[L + 1][];
        var a = new double[L + 1][];
        var delta = new double[L + 1][];
        var fPrime = new double[]?[L + 1];
        for (int l = 1; l <= L; l++)
        {
            fPrime[l] = Derivative(network, l);
            z[l] = ToDouble(network.WeightedInput(l, 1));
            a[l] = ToDouble(network.Activation(l, 1));
            delta[l] = ToDouble(network.Delta(l, 1));
        }
        var aL = network.Activation(L, 1).ToArray();
        var dCda = new T[nL];
        network.Cost.OutputGradient(aL, y, dCda, nL);                         // ∇_a C, the first factor of BP1
        int predicted = Targets.ClassOf<T>(aL, network.Layer(L).Activation.Name);
        double cost = double.CreateChecked(network.CostOf(x, y, 1));

        var reference = network as Network<double> ?? network.Convert<double>();
        double[] xd = ToDouble(x), yd = ToDouble(y);
        var layers = new List<LayerTrace>();
        for (int l = 1; l <= L; l++)
        {
            var layer = network.Layer(l);
            double[] upstream = l == L ? ToDouble<T>(dCda) : Upstream(network, l, delta[l + 1]);
            string equation = l < L ? "BP2" : network.FusedOutput is { } fused ? $"BP1 fused ({fused.Name})" : "BP1";
            var bias = new List<CheckedGradient>();
            var weights = new List<CheckedGradient>();
            if (layer.HasWeights)
            {
                var refLayer = reference.Layer(l);
                double[] gb = ToDouble<T>(gradients.BiasGradient(l)!), gw = ToDouble<T>(gradients.WeightGradient(l)!);
                var chosen = Chosen(gb, gw, maxChecksPerLayer);
                for (int j = 0; j < gb.Length; j++)
                    bias.Add(new CheckedGradient(j, null, gb[j], chosen[j] ? GradientCheck.Numerical(reference, xd, yd, 1, refLayer.Biases!, j) : double.NaN));
                for (int i = 0; i < gw.Length; i++)
                    weights.Add(new CheckedGradient(i / layer.InputSize, i % layer.InputSize, gw[i],
                        chosen[gb.Length + i] ? GradientCheck.Numerical(reference, xd, yd, 1, refLayer.Weights!, i) : double.NaN));
            }
            layers.Add(new LayerTrace(l, layer.ToString(), layer.Activation.Name, layer.InputSize, layer.Units, layer.HasWeights,
                z[l], a[l], upstream, fPrime[l], delta[l], equation, bias, weights));
        }
        return new BackpropTrace(network.ToString(), xd, yd, cost, network.Cost.Name, network.FusedOutput?.Name, predicted, layers);
    }

    /// <summary>The first factor of BP2 for layer l: (W^(l+1))ᵀ δ^(l+1), i.e. Σ_k w_kj^(l+1) δ_k^(l+1) (δ^(l+1) itself without weights).</summary>
    private static double[] Upstream<T>(Network<T> network, int l, double[] deltaAbove) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var above = network.Layer(l + 1);
        if (!above.HasWeights) return (double[])deltaAbove.Clone();
        var g = new double[above.InputSize];
        for (int j = 0; j < g.Length; j++)
            for (int k = 0; k < above.Units; k++)
                g[j] += double.CreateChecked(above.Weight(k, j)) * deltaAbove[k];
        return g;
    }

    /// <summary>f′(z^l) of an element-wise activation, obtained as the activation's own δ = g ⊙ f′(z) with g = 1; null for softmax.</summary>
    private static double[]? Derivative<T>(Network<T> network, int l) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layer = network.Layer(l);
        if (!layer.Activation.IsElementwise) return null;
        var ones = new T[layer.Units];
        Array.Fill(ones, T.One);
        var fPrime = new T[layer.Units];
        layer.Activation.BackpropagateDelta(network.WeightedInput(l, 1), network.Activation(l, 1), ones, fPrime, layer.Units);
        return ToDouble<T>(fPrime);
    }

    /// <summary>Which of a layer's parameters (biases first, then weights) get a finite difference: every bias (there are only
    /// n_l); all weights when they are at most <paramref name="limit"/>, else their 5 largest by magnitude and an even sample.</summary>
    private static bool[] Chosen(double[] biasGradient, double[] weightGradient, int limit)
    {
        int nb = biasGradient.Length, nw = weightGradient.Length;
        var chosen = new bool[nb + nw];
        Array.Fill(chosen, true, 0, nb);
        if (nw <= limit) { Array.Fill(chosen, true, nb, nw); return chosen; }
        foreach (int i in Enumerable.Range(0, nw).OrderByDescending(i => Math.Abs(weightGradient[i])).Take(5)) chosen[nb + i] = true;
        double stride = (double)nw / (limit - 5);
        for (int s = 0; s < limit - 5; s++) chosen[nb + (int)(s * stride)] = true;
        return chosen;
    }

    private static double[] ToDouble<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = double.CreateChecked(values[i]);
        return result;
    }
}
