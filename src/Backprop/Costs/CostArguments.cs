using System.Numerics;

namespace Backprop.Costs;

/// <summary>Shape checks shared by the costs.</summary>
internal static class CostArguments
{
    /// <summary>Returns m, the number of examples, after checking that a and y have the same whole number of examples.</summary>
    public static int Examples<T>(string cost, ReadOnlySpan<T> a, ReadOnlySpan<T> y, int units)
    {
        if (units <= 0) throw new ShapeMismatchException($"{cost}: units must be positive, got {units}");
        if (a.Length != y.Length)
            throw new ShapeMismatchException($"{cost}: output has {a.Length} values but target has {y.Length}");
        if (a.Length % units != 0)
            throw new ShapeMismatchException($"{cost}: {a.Length} values is not a whole number of examples of {units} units");
        return a.Length / units;
    }
}
