using Backprop.Training.Optimizers;
using Backprop.Activations;
using Backprop.Costs;
using Backprop.Diagnostics;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Seeds;

/// <summary>
/// The worked problems of the course documents (../shared/seeds), each answered live by the library (networks, activations,
/// costs, BP1–BP4, SGD, <see cref="LinearCollapse"/>, <see cref="RegionGeometry"/>) and set beside the document's printed
/// answer or an independent derivation. What <c>backprop examples</c> prints.
/// </summary>
public static partial class WorkedExamples
{
    /// <summary>The seed of the random networks of problem 3 and of the gradient checks (fixed, so the output is reproducible).</summary>
    public const ulong RandomSeed = 6036;

    /// <summary>Every worked example, in the documents' order.</summary>
    public static IReadOnlyList<WorkedExample> All() =>
    [
        .. SigmoidDerivative(),
        .. Problem2(),
        .. LinearPlusLinear(),
        .. Problem4(),
        OutputWeightGradient("ce", "sigmoid", [1, 0], "seed 003, problem 2 (cross-entropy)"),
        OutputWeightGradient("nll", "softmax", [0, 1, 0], "seed 003, problem 4 (negative log-likelihood)"),
    ];

    /// <summary>000 problem 1.2, questions 1–2: σ′ as a function of z and of o = σ(z).</summary>
    public static IEnumerable<WorkedExample> SigmoidDerivative()
    {
        double[] z = [-2, 0, 2];
        var ours = ActivationDerivative(Activation.Sigmoid<double>(), z);
        var fromZ = z.Select(SeedFormulas.SigmoidDerivative).ToArray();
        yield return new("seed 000, problem 1.2.1", "σ′(z) at z = −2, 0, 2 (the library's sigmoid layer, which uses a(1 − a))",
            Printed.Vector(ours), "derived: e^(−z)/(1 + e^(−z))²", Printed.Vector(fromZ), Printed.Close(ours, fromZ, 1e-15), "σ′(0) = 1/4 exactly");
        double[] o = [0.1, 0.5, 0.9];
        var fromO = o.Select(SeedFormulas.SigmoidDerivativeFromOutput).ToArray();
        var atZ = o.Select(v => SeedFormulas.SigmoidDerivative(Math.Log(v / (1 - v)))).ToArray();
        yield return new("seed 000, problem 1.2.2", "σ′ as a function of the output o = σ(z): o(1 − o) at o = 0.1, 0.5, 0.9",
            Printed.Vector(fromO), "derived: e^(−z)/(1 + e^(−z))² at z = ln(o/(1 − o))", Printed.Vector(atZ), Printed.Close(fromO, atZ, 1e-15));
    }

    /// <summary>000 problem 2: softmax, NLL, the softmax-NLL weight gradient and one SGD step.</summary>
    public static IEnumerable<WorkedExample> Problem2()
    {
        var sm = new double[3];
        Activation.Softmax<double>().Activate([-1.0, 0.0, 1.0], sm, 3);
        string[] printedSm = ["0.09003057317038046", "0.24472847105479767", "0.66524"];
        yield return new("seed 000, problem 2.1", "What distribution does z^L = [−1, 0, 1] give under softmax?",
            Printed.Vector(sm), "printed", "[" + string.Join(", ", printedSm) + "…]", Printed.Agrees(sm, printedSm), "the document cuts the third number after 0.66524");

        double nll = new NegativeLogLikelihoodCost<double>().Value([0.3, 0.5, 0.2], [0.0, 0.0, 1.0], 3);
        yield return new("seed 000, problem 2.2", "NLL(a, y) for a = [.3, .5, .2], y = [0, 0, 1]",
            Printed.Full(nll), "derived: −log 0.2", Printed.Full(-Math.Log(0.2)), Math.Abs(nll + Math.Log(0.2)) < 1e-15);

        var net = SeedNetworks.Problem2();
        double[] x = [1, 1], y = [0, 1, 0];
        var g = new Gradients<double>(net);
        net.Backpropagate(x, y, 1, g);
        var a = net.Activation(1, 1).ToArray();
        var ours = SeedOrientation(g.WeightGradient(1)!, 3, 2);
        var formula = SeedFormulas.SoftmaxNllWeightGradient(x, a, y);
        yield return new("seed 000, problem 2.3", "∇_{w^L} NLL(a^L, y) for w_L = [[1, −1, −2], [−1, 2, 1]], b = 0, x = (1, 1), y = (0, 1, 0)",
            Printed.Matrix(ours), "derived: x(a − y)ᵀ", Printed.Matrix(formula), Printed.Close(Flat(ours), Flat(formula), 1e-15),
            "BP4 gives (a − y)xᵀ in our W^l orientation (classes × inputs); shown transposed, as the seed's w_L (inputs × classes)");

        yield return new("seed 000, problem 2.4", "The predicted probability that x = (1, 1) is in class 1",
            Printed.Full(a[1]), "printed in 2.1 (z = W x = (0, 1, −1) is a permutation of [−1, 0, 1])", "0.66524…", Printed.Agrees(a[1], "0.66524"));

        Array.Clear(g.BiasGradient(1)!);   // the seed's model has no biases: its step moves w^L only
        new StochasticGradientDescent<double>().Step(net, g, 0.5);
        var w = SeedOrientation(net.Layer(1).Weights!, 3, 2);
        string[] printedW = ["0.88", "-0.83", "-2.05", "-1.12", "2.17", "0.95"];
        yield return new("seed 000, problem 2.5", "w^L after one gradient step with learning rate η = 0.5",
            Printed.Matrix(w) + "  ≈ " + Printed.Matrix(w, v => Printed.Fixed(v, 2)), "printed", "[[0.88, -0.83, -2.05], [-1.12, 2.17, 0.95]]",
            Printed.Agrees(Flat(w), printedW), "w ← w − η x(a − y)ᵀ; the biases stay zero as in the seed (moving b too would give class 1 probability 0.8158)");

        double p1 = net.FeedForward(x, 1)[1];
        yield return new("seed 000, problem 2.6", "The predicted probability that x is in class 1 with the new weights",
            Printed.Full(p1), "printed", "0.77245284", Printed.Agrees(p1, "0.77245284"));
    }

    /// <summary>000 problem 3: a network of identity activations collapses to one affine layer (<see cref="LinearCollapse"/>).</summary>
    public static IEnumerable<WorkedExample> LinearPlusLinear()
    {
        // Nur's network: inputs x_1, x_2 → two identity units (w_ij from input i to unit j, offsets w_0j) → one output (v_j, v_0).
        var nur = Network<double>.Create([2, 2, 1], "identity", "identity", "quadratic");
        WeightInitializer.Initialize(nur, WeightInit.Large, new Rng(RandomSeed));
        var (h, o) = (nur.Layer(1), nur.Layer(2));
        double W(int i, int j) => i == 0 ? h.Biases![j - 1] : h.Weight(j - 1, i - 1);
        double V(int j) => j == 0 ? o.Biases![0] : o.Weight(0, j - 1);
        double[] seed = [W(0, 1) * V(1) + W(0, 2) * V(2) + V(0), W(1, 1) * V(1) + W(1, 2) * V(2), V(1) * W(2, 1) + V(2) * W(2, 2)];
        var lenny = LinearCollapse.Collapse(nur).Layer(1);
        double[] ours = [lenny.Biases![0], lenny.Weight(0, 0), lenny.Weight(0, 1)];
        yield return new("seed 000, problem 3", "Lenny's v′_0, v′_1, v′_2 for a random Nur network (seed 6036), by LinearCollapse",
            Printed.Vector(ours), "derived: the seed's v′_0 = w_01 v_1 + w_02 v_2 + v_0, v′_1 = w_11 v_1 + w_12 v_2, v′_2 = v_1 w_21 + v_2 w_22",
            Printed.Vector(seed), Printed.Close(ours, seed, 1e-12));

        var deep = Network<double>.Create([3, 5, 4, 2], "identity", "identity", "quadratic");
        var rng = new Rng(RandomSeed + 1);
        WeightInitializer.Initialize(deep, WeightInit.Large, rng);
        var collapsed = LinearCollapse.Collapse(deep);
        var x = Enumerable.Range(0, 9).Select(_ => rng.NextGaussian()).ToArray();
        var before = deep.FeedForward(x, 3).ToArray();
        var after = collapsed.FeedForward(x, 3).ToArray();
        yield return new("seed 000, problem 3", $"Outputs of {deep} at 3 random inputs, after collapsing to {collapsed}",
            Printed.Vector(after), "the uncollapsed network", Printed.Vector(before), Printed.Close(after, before, 1e-12));
    }

    /// <summary>
    /// 003 problems 2 and 4: with a sigmoid + cross-entropy or softmax + NLL output, ∂C/∂w_jk^L = a_k^(L−1)(a_j − y_j); checked on a
    /// random 3 → 4 → n network against that formula and against finite differences.
    /// </summary>
    public static WorkedExample OutputWeightGradient(string cost, string output, double[] y, string source)
    {
        var net = Network<double>.Create([3, 4, y.Length], "sigmoid", output, cost);
        WeightInitializer.Initialize(net, WeightInit.Large, new Rng(RandomSeed));
        var trace = BackpropTrace.Run(net, [0.5, -1.2, 2.0], y);
        var (hidden, last) = (trace.Layer(1), trace.Layer(2));
        var formula = new double[y.Length, 4];
        var ours = new double[y.Length, 4];
        foreach (var g in last.WeightGradient)
        {
            ours[g.J, g.K!.Value] = g.Backprop;
            formula[g.J, g.K!.Value] = hidden.Activation[g.K!.Value] * (last.Activation[g.J] - y[g.J]);
        }
        double worst = last.WeightGradient.Max(g => g.RelativeError);
        return new(source, $"∂C/∂w_jk^L of {net} at x = (0.5, −1.2, 2), y = {Printed.Vector(y, v => v.ToString())}: BP4 against a^(L−1)(a − y)",
            Printed.Matrix(ours), "derived: a_k^(L−1)(a_j − y_j)", Printed.Matrix(formula),
            Printed.Close(Flat(ours), Flat(formula), 1e-14) && worst < 1e-7,
            $"{trace.FusedPair} fused (δ^L = a − y); largest relative error against finite differences {worst:0.0e+00}");
    }

    /// <summary>f′(z) of an element-wise activation as the library computes it in BP1/BP2 (its δ with ∂C/∂a = 1).</summary>
    private static double[] ActivationDerivative(IActivation<double> f, double[] z)
    {
        var a = new double[z.Length];
        f.Activate(z, a, z.Length);
        var ones = Enumerable.Repeat(1.0, z.Length).ToArray();
        var d = new double[z.Length];
        f.BackpropagateDelta(z, a, ones, d, z.Length);
        return d;
    }

    /// <summary>Our W^l (units × inputs, row-major) as the seed's inputs × units matrix.</summary>
    private static double[,] SeedOrientation(double[] w, int units, int inputs)
    {
        var m = new double[inputs, units];
        for (int j = 0; j < units; j++)
            for (int k = 0; k < inputs; k++) m[k, j] = w[j * inputs + k];
        return m;
    }

    private static double[] Flat(double[,] m) => m.Cast<double>().ToArray();
}
