namespace Backprop.Seeds;

public static partial class WorkedExamples
{
    // The seed's parameter table of 000 problem 4 for the hidden units, as printed: rows (W_1j, W_2j, W_0j).
    private static readonly double[,] SeedW = { { 1, 0, -1 }, { 0, 1, -1 }, { -1, 0, -1 }, { 0, -1, -1 } };

    /// <summary>
    /// 000 problem 4: the ReLU network's hidden outputs and outputs (4.1, 4.2), its outputs when Σ_j f(z_j) = 0, 1, 3 (4.3) and the
    /// corners of those sets with the class on each side (4.4). Classes are named as the seed does: class 1 is o_1 (index 0).
    /// </summary>
    public static IEnumerable<WorkedExample> Problem4()
    {
        var net = SeedNetworks.Problem4();
        net.FeedForward([3.0, 14.0], 1);
        var hidden = net.Activation(1, 1).ToArray();
        var seedHidden = SeedHiddenOutputs(3, 14);
        yield return new("seed 000, problem 4.1.1", "Hidden outputs (f(z_1), …, f(z_4)) at x = (3, 14)",
            Printed.Vector(hidden), "derived: the seed's equations z_j = x_1 W_1j + x_2 W_2j + W_0j, f(z) = max(z, 0)", Printed.Vector(seedHidden), Printed.Close(hidden, seedHidden, 0));

        var o = net.FeedForward([3.0, 14.0], 1).ToArray();
        string[] printedO = ["9.99999694e-01", "3.05902227e-07"];
        yield return new("seed 000, problem 4.1.2", "Final output (o_1, o_2) at x = (3, 14)",
            Printed.Vector(o), "printed", "[9.99999694e-01, 3.05902227e-07]", Printed.Agrees(o, printedO), "f(u) = (15, 0), so o_2 = e^0/(e^15 + e^0) ≈ e^(−15)");

        double[] boundary = [1, 1, 1, 2, 1, 3, 1, 4];
        net.FeedForward(boundary, 4);
        var z1 = Enumerable.Range(0, 4).Select(i => net.WeightedInput(1, 4)[i * 4]).ToArray();
        yield return new("seed 000, problem 4.2.2", "z_1 at the seed's four points on unit 1's boundary, columns of [[1, 1, 1, 1], [1, 2, 3, 4]]",
            Printed.Vector(z1), "printed (the points are on the boundary: z_1 = 0)", "[0, 0, 0, 0]", z1.All(v => v == 0));

        net.FeedForward([0.5, 0.5, 0.0, 2.0, -3.0, 0.5], 3);
        var batch = net.Activation(1, 3).ToArray();                // row i = input i = the seed's column i
        var columns = new double[4, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) columns[j, i] = batch[i * 4 + j];
        string[] printedColumns = ["0", "0", "0", "0", "0", "1", "0", "0", "0", "0", "2", "0"];
        yield return new("seed 000, problem 4.2.3", "Hidden outputs at x(1) = (0.5, 0.5), x(2) = (0, 2), x(3) = (−3, 0.5), one column per input",
            Printed.Matrix(columns), "printed (one list per input, i.e. the columns)", "[[0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 2, 0]]", Printed.Agrees(batch, printedColumns));

        foreach (double s in new double[] { 0, 1, 3 }) yield return OutputsWhenHiddenSumIs(s);
        foreach (double s in new double[] { 0, 1, 3 }) yield return BoundaryWhereHiddenSumIs(s);
    }

    /// <summary>4.3: feed x = (1 + s, 0), where f(z) = (s, 0, 0, 0), and write o in powers of e from f(u).</summary>
    private static WorkedExample OutputsWhenHiddenSumIs(double s)
    {
        var net = SeedNetworks.Problem4();
        var o = net.FeedForward([1 + s, 0.0], 1).ToArray();
        double sum = net.Activation(1, 1).ToArray().Sum();
        var fu = net.Activation(2, 1).ToArray();
        string E(double p) => $"e^{p:0.##}";
        string powers = $"o_1 = {E(fu[0])}/({E(fu[0])} + {E(fu[1])}), o_2 = {E(fu[1])}/({E(fu[0])} + {E(fu[1])})";
        // By hand: u_1 = Σ f(z) = s, u_2 = 2 − Σ f(z), since V's rows are (1, 1, 1, 1, 0) and (−1, −1, −1, −1, 2).
        double f1 = Math.Max(s, 0), f2 = Math.Max(2 - s, 0);
        double[] derived = [Math.Exp(f1) / (Math.Exp(f1) + Math.Exp(f2)), Math.Exp(f2) / (Math.Exp(f1) + Math.Exp(f2))];
        string predicted = o[0] > o[1] ? "class 1" : o[1] > o[0] ? "class 2" : "a tie (o_1 = o_2)";
        return new($"seed 000, problem 4.3, case Σf(z) = {s}", $"(o_1, o_2) when f(z_1) + f(z_2) + f(z_3) + f(z_4) = {s} (at x = ({1 + s}, 0), where Σf(z) = {sum})",
            $"{Printed.Vector(o)} = {powers}; {predicted}", "derived: u_1 = s, u_2 = 2 − s, o = softmax(f(u))", Printed.Vector(derived),
            sum == s && Printed.Close(o, derived, 1e-15));
    }

    /// <summary>4.4: corners of Σf(z) = s (<see cref="RegionGeometry"/>) and the class just inside and just outside.</summary>
    private static WorkedExample BoundaryWhereHiddenSumIs(double s)
    {
        var boundary = RegionGeometry.LevelSet(SeedNetworks.Problem4(), s);
        // By hand: Σf(z) = Σ_i max(|x_i| − 1, 0), so the set is the square |x_i| ≤ 1 for s = 0 and, for s > 0, the octagon with
        // corners (±(s + 1), ±1) and (±1, ±(s + 1)); o_1 > o_2 exactly when s > 1 (u_1 = s against u_2 = 2 − s).
        double r = s + 1;
        var derived = s == 0
            ? new List<(double, double)> { (1, 1), (-1, 1), (-1, -1), (1, -1) }
            : [(r, 1), (1, r), (-1, r), (-r, 1), (-r, -1), (-1, -r), (1, -r), (r, -1)];
        int ClassOfSum(double v) => v > 1 ? 1 : 2;
        int inside = ClassOfSum(Math.Max(s - 0.05, 0)), outside = ClassOfSum(s + 0.05);
        string Corners(IEnumerable<(double X1, double X2)> points) => string.Join(", ", points.Select(p => $"({p.X1:0.###}, {p.X2:0.###})"));
        bool sameCorners = boundary.Corners.Count == derived.Count &&
            derived.All(d => boundary.Corners.Any(c => Math.Abs(c.X1 - d.Item1) < 1e-9 && Math.Abs(c.X2 - d.Item2) < 1e-9));
        return new($"seed 000, problem 4.4, case Σf(z) = {s}", $"Where does Σf(z) = {s} hold, its corners, and the class just inside and just outside",
            $"{(boundary.IsRegion ? "a region" : "a curve")} with corners {Corners(boundary.Corners)}; inside: class {boundary.InsideClass + 1}, outside: class {boundary.OutsideClass + 1}",
            "derived: Σf(z) = Σ_i max(|x_i| − 1, 0); class 1 ⇔ Σf(z) > 1",
            $"{(s == 0 ? "a region" : "a curve")} with corners {Corners(derived)}; inside: class {inside}, outside: class {outside}",
            sameCorners && boundary.IsRegion == (s == 0) && boundary.InsideClass + 1 == inside && boundary.OutsideClass + 1 == outside,
            s == 1 ? "not the square with corners (±2, 0), (0, ±2): its edge midpoint (1, 1) has Σf(z) = 0" : null);
    }

    /// <summary>The seed's scalar equations for f(z_1), …, f(z_4), written out from its printed parameter table.</summary>
    private static double[] SeedHiddenOutputs(double x1, double x2) =>
        Enumerable.Range(0, 4).Select(j => Math.Max(x1 * SeedW[j, 0] + x2 * SeedW[j, 1] + SeedW[j, 2], 0)).ToArray();
}
