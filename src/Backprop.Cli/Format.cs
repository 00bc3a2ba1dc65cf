using System.Globalization;
using System.Numerics;

namespace Backprop.Cli;

/// <summary>Number formatting for the tool's output (invariant culture, so a comma never becomes a decimal point).</summary>
internal static class Format
{
    public static string Number<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> => Number(double.CreateChecked(value));

    public static string Number(double value) =>
        value == 0 ? "0" // also for −0, which ReLU′ = 0 times a negative number gives
        : value != 0 && (Math.Abs(value) < 1e-4 || Math.Abs(value) >= 1e6)
            ? value.ToString("0.########e+00", CultureInfo.InvariantCulture)
            : value.ToString("0.#########", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Scientific(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);
}
