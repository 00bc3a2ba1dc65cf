using System.Globalization;

namespace Backprop.Seeds;

/// <summary>Numbers as the documents print them and as <see cref="WorkedExamples"/> prints ours, and agreement "to the printed digits".</summary>
internal static class Printed
{
    /// <summary>Full precision (shortest round-trip); numbers below 1e-4 in e-notation, e.g. <c>3.059022269256247e-07</c>.</summary>
    public static string Full(double v) => v == 0 ? "0"
        : Math.Abs(v) < 1e-4 ? v.ToString("0.###############e-00", CultureInfo.InvariantCulture)
        : v.ToString("R", CultureInfo.InvariantCulture);

    public static string Fixed(double v, int decimals) => (Math.Round(v, decimals) + 0.0).ToString("0.".PadRight(2 + decimals, '0'), CultureInfo.InvariantCulture);

    public static string Vector(IEnumerable<double> v, Func<double, string>? format = null) => "[" + string.Join(", ", v.Select(format ?? Full)) + "]";

    public static string Matrix(double[,] m, Func<double, string>? format = null) =>
        "[" + string.Join(", ", Enumerable.Range(0, m.GetLength(0)).Select(i => Vector(Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j]), format))) + "]";

    /// <summary>Whether <paramref name="actual"/> rounds to the printed text: |actual − printed| ≤ half a unit of its last digit (plus 1e-15).</summary>
    public static bool Agrees(double actual, string printed)
    {
        string t = printed.Trim();
        int e = t.IndexOfAny(['e', 'E']);
        string mantissa = e < 0 ? t : t[..e];
        int exponent = e < 0 ? 0 : int.Parse(t[(e + 1)..], CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        int decimals = dot < 0 ? 0 : mantissa.Length - dot - 1;
        double value = double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
        return Math.Abs(actual - value) <= 0.5 * Math.Pow(10, exponent - decimals) + 1e-15;
    }

    /// <summary>Element-wise <see cref="Agrees(double, string)"/> of a flat list of ours against printed numbers.</summary>
    public static bool Agrees(IReadOnlyList<double> actual, IReadOnlyList<string> printed) =>
        actual.Count == printed.Count && actual.Zip(printed).All(p => Agrees(p.First, p.Second));

    /// <summary>Whether every |a_i − b_i| ≤ tolerance.</summary>
    public static bool Close(IReadOnlyList<double> a, IReadOnlyList<double> b, double tolerance) =>
        a.Count == b.Count && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= tolerance);
}
