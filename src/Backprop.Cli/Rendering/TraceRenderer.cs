using Backprop.Diagnostics;

namespace Backprop.Cli.Rendering;

/// <summary>
/// Prints a <see cref="BackpropTrace"/> in the seeds' notation: the forward pass, then δ^L (BP1), each δ^l (BP2), ∂C/∂b^l (BP3)
/// and ∂C/∂w_jk^l (BP4) beside their finite differences. Units are numbered from 1, as in the seeds.
/// A layer of more than <see cref="ListLimit"/> units (or inputs) is summarised unless <c>full</c>.
/// </summary>
internal sealed class TraceRenderer(Report report, bool full)
{
    public const int ListLimit = 12;

    public void Render(BackpropTrace t)
    {
        int L = t.Layers.Count;
        report.Heading(1, "backprop explain: one example through BP1–BP4");
        report.Line($"network   {t.Network}");
        report.Line($"x = a^0 = {Vector(t.Input)}");
        report.Line($"y       = {Vector(t.Target)}");
        report.Line($"C = {Format.Number(t.Cost)} ({t.CostName})   predicted class {t.PredictedClass} (classes from 0)   units j, k numbered from 1 as in the seeds");

        report.Heading(2, "Forward pass: z^l = W^l a^(l−1) + b^l, a^l = f^l(z^l)");
        foreach (var layer in t.Layers)
        {
            report.Heading(3, $"layer {layer.Layer}: {layer.Description}{(layer.HasWeights ? "" : $"  (no weights: z^{layer.Layer} = a^{layer.Layer - 1})")}");
            Vectors(layer.Units, [($"z_j^{layer.Layer}", layer.WeightedInput), ($"a_j^{layer.Layer}", layer.Activation)]);
        }

        report.Heading(2, "Backward pass: δ^l = ∂C/∂z^l, then the gradients");
        for (int l = L; l >= 1; l--) Backward(t.Layer(l), L);

        report.Heading(2, "Check against the definition of the derivative");
        report.Line($"finite difference: five-point central stencil, h = {GradientCheck.Step:0e0}, in double precision, on the cost of this one example");
        report.Line($"largest relative error |g − g̃| / (|g| + |g̃|): {Format.Scientific(t.MaxRelativeError)} over {t.CheckedCount} checked weights and biases");
    }

    private void Backward(LayerTrace layer, int L)
    {
        int l = layer.Layer;
        if (layer.IsOutput)
        {
            bool fused = layer.DeltaEquation != "BP1";
            report.Heading(3, fused
                ? $"δ^{l} by {layer.DeltaEquation}: δ^L = a^L − y  (∂C/∂a^L ⊙ f′(z^L) collapses; ∂C/∂a^L shown for reference)"
                : $"δ^{l} by BP1: δ^L = ∇_a C ⊙ f′(z^L)" + (layer.Derivative is null ? $"  ({layer.ActivationName}: its Jacobian Jᵀ∇_a C instead of ⊙ f′)" : ""));
            var columns = new List<(string, double[])> { ($"∂C/∂a_j^{l}", layer.Upstream) };
            if (layer.Derivative is not null && !fused) columns.Add(($"f′(z_j^{l})", layer.Derivative));
            columns.Add(($"δ_j^{l}", layer.Delta));
            Vectors(layer.Units, columns);
        }
        else
        {
            string factor = $"(W^{l + 1})ᵀδ^{l + 1}";
            report.Heading(3, $"δ^{l} by BP2: δ^l = ((W^(l+1))ᵀ δ^(l+1)) ⊙ f′(z^l)" + (layer.Derivative is null ? $"  ({layer.ActivationName}: Jacobian instead of ⊙ f′)" : ""));
            var columns = new List<(string, double[])> { ($"({factor})_j", layer.Upstream) };
            if (layer.Derivative is not null) columns.Add(($"f′(z_j^{l})", layer.Derivative));
            columns.Add(($"δ_j^{l}", layer.Delta));
            Vectors(layer.Units, columns);
        }
        if (!layer.HasWeights) { report.Line($"layer {l} has no weights or biases: no BP3 or BP4 here; δ^{l} passes to layer {l - 1} unchanged by W"); return; }
        report.Heading(3, $"layer {l}, BP3: ∂C/∂b_j^{l} = δ_j^{l}, beside the finite difference");
        Gradients(layer.BiasGradient, layer.Units, 1, g => [(g.J + 1).ToString()], ["j"]);
        report.Heading(3, $"layer {l}, BP4: ∂C/∂w_jk^{l} = a_k^{l - 1} δ_j^{l}, beside the finite difference");
        Gradients(layer.WeightGradient, layer.Units, layer.InputSize, g => [(g.J + 1).ToString(), (g.K!.Value + 1).ToString()], ["j", "k"]);
    }

    private void Vectors(int units, IReadOnlyList<(string Name, double[] Values)> columns)
    {
        if (full || units <= ListLimit)
        {
            report.Table(["j", .. columns.Select(c => c.Name)],
                Enumerable.Range(0, units).Select(j => (IReadOnlyList<string>)[(j + 1).ToString(), .. columns.Select(c => Format.Number(c.Values[j]))]));
            return;
        }
        report.Table(["vector", "‖v‖₂", "max |v_j|", "5 largest |v_j| as j: v_j"], columns.Select(c =>
        {
            var s = ValueSummary.Of(c.Values);
            return (IReadOnlyList<string>)[c.Name, Format.Number(s.Norm), Format.Number(s.MaxAbs), string.Join(", ", s.Largest.Select(e => $"{e.J + 1}: {Format.Number(e.Value)}"))];
        }));
    }

    private void Gradients(IReadOnlyList<CheckedGradient> gradients, int units, int inputs, Func<CheckedGradient, string[]> index, string[] indexHeaders)
    {
        var shown = gradients;
        if (!full && (units > ListLimit || inputs > ListLimit))
        {
            var s = ValueSummary.Of(gradients.Select(g => g.Backprop).ToList(), inputs);
            int checkedCount = gradients.Count(g => g.IsChecked);
            double worst = gradients.Where(g => g.IsChecked).Select(g => g.RelativeError).DefaultIfEmpty(0).Max();
            report.Line($"{gradients.Count} entries: ‖·‖ = {Format.Number(s.Norm)}, max |·| = {Format.Number(s.MaxAbs)}; {checkedCount} checked by finite difference, largest relative error {Format.Scientific(worst)}. The 5 largest:");
            shown = gradients.OrderByDescending(g => Math.Abs(g.Backprop)).ThenBy(g => g.J).ThenBy(g => g.K).Take(5).ToList();
        }
        report.Table([.. indexHeaders, "backprop", "finite difference", "relative error"], shown.Select(g => (IReadOnlyList<string>)
            [.. index(g), Format.Number(g.Backprop), g.IsChecked ? Format.Number(g.FiniteDifference) : "not checked", g.IsChecked ? Format.Scientific(g.RelativeError) : ""]));
    }

    private static string Vector(double[] v) =>
        v.Length <= 16 ? $"[{string.Join(", ", v.Select(Format.Number))}]" : $"[{string.Join(", ", v.Take(8).Select(Format.Number))}, … ({v.Length} values)]";
}
