using System.Numerics;
using Backprop.Randomness;

namespace Backprop.Diagnostics;

/// <summary>A random mini-batch that suits a network's cost, for gradient checks: x ~ N(0, 1); y in the cost's target space.</summary>
public static class RandomBatch
{
    /// <summary>
    /// m inputs x ~ N(0, 1) and targets: one-hot rows for nll, independent 0/1 labels for ce, ±1 for hinge,
    /// uniform values in [0, 1] for quadratic.
    /// </summary>
    public static (T[] X, T[] Y) For<T>(Network<T> network, int m, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = new T[m * network.InputSize];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateChecked(rng.NextGaussian());
        int n = network.OutputSize;
        var y = new T[m * n];
        for (int i = 0; i < m; i++)
        {
            var row = y.AsSpan(i * n, n);
            switch (network.Cost.Name)
            {
                case "nll": row[rng.NextInt(n)] = T.One; break;
                case "ce": for (int j = 0; j < n; j++) row[j] = rng.NextInt(2) == 1 ? T.One : T.Zero; break;
                case "hinge": for (int j = 0; j < n; j++) row[j] = rng.NextInt(2) == 1 ? T.One : -T.One; break;
                default: for (int j = 0; j < n; j++) row[j] = T.CreateChecked(rng.NextDouble()); break;
            }
        }
        return (x, y);
    }
}
