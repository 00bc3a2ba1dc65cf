using Backprop.Data;

namespace Backprop.Seeds;

/// <summary>
/// The geometry of 000 problem 4.2–4.4 for any network whose first layer is ReLU on a 2-D input: s(x) = Σ_j f(z_j^1(x)) with
/// z_j = w_j·x + b_j. s is convex and piecewise linear, its pieces separated by the unit boundaries z_j = 0 (4.2), so the set
/// s = c is a convex polygon's boundary for c &gt; 0 (a curve) whose corners lie on those lines, and for c = 0 the polygon
/// {all z_j ≤ 0} itself (a region).
/// </summary>
public static class RegionGeometry
{
    private const double Tolerance = 1e-9;

    /// <summary>Corners of s(x) = c and the class on each side (the network's prediction 5 % of the way in and out from each edge's midpoint).</summary>
    /// <param name="network">A network with 2 inputs whose layer 1 has weights and ReLU.</param>
    /// <param name="level">c ≥ 0.</param>
    /// <exception cref="ArgumentException">The network does not have that shape.</exception>
    public static RegionBoundary LevelSet(Network<double> network, double level)
    {
        var layer = network.Layer(1);
        if (network.InputSize != 2 || !layer.HasWeights || layer.Activation.Name != "relu")
            throw new ArgumentException("region geometry needs 2 inputs and a first layer with weights and ReLU", nameof(network));
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        var corners = level == 0 ? ZeroRegionCorners(layer.Weights!, layer.Biases!) : CurveCorners(layer.Weights!, layer.Biases!, level);
        double cx = corners.Average(p => p.X1), cy = corners.Average(p => p.X2);
        var ordered = corners.OrderBy(p => Math.Atan2(p.X2 - cy, p.X1 - cx)).ToList();
        var inside = new HashSet<int>();
        var outside = new HashSet<int>();
        for (int i = 0; i < ordered.Count; i++)
        {
            var (a, b) = (ordered[i], ordered[(i + 1) % ordered.Count]);
            double mx = (a.X1 + b.X1) / 2, my = (a.X2 + b.X2) / 2;
            inside.Add(ClassAt(network, cx + 0.95 * (mx - cx), cy + 0.95 * (my - cy)));
            outside.Add(ClassAt(network, cx + 1.05 * (mx - cx), cy + 1.05 * (my - cy)));
        }
        return new RegionBoundary(level, level == 0, ordered, inside.Count == 1 ? inside.First() : -1, outside.Count == 1 ? outside.First() : -1);
    }

    /// <summary>s(x) = Σ_j max(w_j·x + b_j, 0).</summary>
    public static double HiddenSum(double[] w, double[] b, double x1, double x2)
    {
        double s = 0;
        for (int j = 0; j < b.Length; j++) s += Math.Max(w[2 * j] * x1 + w[2 * j + 1] * x2 + b[j], 0);
        return s;
    }

    /// <summary>Vertices of {all z_j ≤ 0}: intersections of two unit boundaries where no z is positive.</summary>
    private static List<(double X1, double X2)> ZeroRegionCorners(double[] w, double[] b)
    {
        var result = new List<(double, double)>();
        for (int i = 0; i < b.Length; i++)
            for (int j = i + 1; j < b.Length; j++)
            {
                double det = w[2 * i] * w[2 * j + 1] - w[2 * i + 1] * w[2 * j];
                if (Math.Abs(det) < Tolerance) continue;
                double x1 = (-b[i] * w[2 * j + 1] + b[j] * w[2 * i + 1]) / det, x2 = (-w[2 * i] * b[j] + w[2 * j] * b[i]) / det;
                if (HiddenSum(w, b, x1, x2) <= Tolerance) AddDistinct(result, (x1, x2));
            }
        return result;
    }

    /// <summary>Points of s = c on each unit boundary z_j = 0: along the line s is linear between the other units' crossings.</summary>
    private static List<(double X1, double X2)> CurveCorners(double[] w, double[] b, double level)
    {
        var result = new List<(double, double)>();
        for (int j = 0; j < b.Length; j++)
        {
            double w1 = w[2 * j], w2 = w[2 * j + 1], norm2 = w1 * w1 + w2 * w2;
            if (norm2 < Tolerance) continue;
            (double X, double Y) p0 = (-b[j] * w1 / norm2, -b[j] * w2 / norm2), d = (-w2, w1);   // the line z_j = 0: p0 + t d
            double S(double t) => HiddenSum(w, b, p0.X + t * d.X, p0.Y + t * d.Y);
            var breaks = new List<double>();
            for (int k = 0; k < b.Length; k++)
            {
                double alpha = w[2 * k] * d.X + w[2 * k + 1] * d.Y, beta = w[2 * k] * p0.X + w[2 * k + 1] * p0.Y + b[k];
                if (Math.Abs(alpha) > Tolerance) breaks.Add(-beta / alpha);
            }
            breaks.Sort();
            var edges = new List<double> { (breaks.Count > 0 ? breaks[0] : 0) - 1 };
            edges.AddRange(breaks);
            edges.Add((breaks.Count > 0 ? breaks[^1] : 0) + 1);
            for (int i = 0; i + 1 < edges.Count; i++)
            {
                double lo = edges[i], hi = edges[i + 1];
                double slope = S(hi) - S(lo), t;                               // s is linear on [lo, hi]
                if (hi - lo < Tolerance || Math.Abs(slope) < Tolerance) continue;
                t = lo + (level - S(lo)) / slope * (hi - lo);
                bool unbounded = (i == 0 && t < lo) || (i + 2 == edges.Count && t > hi);
                if (unbounded || (t >= lo - Tolerance && t <= hi + Tolerance))
                    AddDistinct(result, (p0.X + t * d.X, p0.Y + t * d.Y));
            }
        }
        return result;
    }

    private static void AddDistinct(List<(double X1, double X2)> points, (double X1, double X2) p)
    {
        p = (Clean(p.X1), Clean(p.X2));
        if (!points.Any(q => Math.Abs(q.X1 - p.X1) < 1e-7 && Math.Abs(q.X2 - p.X2) < 1e-7)) points.Add(p);
    }

    private static double Clean(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v) + 0.0 : v;

    private static int ClassAt(Network<double> network, double x1, double x2) =>
        Targets.ClassOf(network.FeedForward([x1, x2], 1), network.Layer(network.LayerCount).Activation.Name);
}
