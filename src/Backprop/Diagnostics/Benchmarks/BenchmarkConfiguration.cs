namespace Backprop.Diagnostics.Benchmarks;

/// <summary>
/// One named configuration of <c>backprop bench</c>: a network, how it trains, and whether the benchmark times
/// training epochs or forward passes only (issue 4's table, beside the TorchSharp peer's anchor runs).
/// </summary>
/// <param name="Name">The name <c>--config</c> takes, e.g. <c>nielsen1</c>.</param>
/// <param name="Sizes">Layer sizes n_0…n_L.</param>
/// <param name="Activation">Hidden activation.</param>
/// <param name="Cost">Cost (its paired output activation follows from it, as in <see cref="Network{T}.Create"/>).</param>
/// <param name="MiniBatch">m, examples per mini-batch while training.</param>
/// <param name="LearningRate">η.</param>
/// <param name="L2Lambda">λ of L2 regularisation (0 for none).</param>
/// <param name="InferenceBatch">0 for a training benchmark; otherwise the forward-only batch size timed after one epoch of training.</param>
public sealed record BenchmarkConfiguration(string Name, int[] Sizes, string Activation, string Cost, int MiniBatch,
    double LearningRate, double L2Lambda = 0, int InferenceBatch = 0)
{
    /// <summary>Whether this configuration times forward passes only (latency or throughput of inference).</summary>
    public bool IsInference => InferenceBatch > 0;

    /// <summary>Floating-point operations of the three matrix products per example: forward 2·n_in·n_out per layer; when training also BP4's 2·n_in·n_out and BP2's (not for layer 1).</summary>
    public double FlopsPerExample
    {
        get
        {
            double flops = 0;
            for (int l = 1; l < Sizes.Length; l++)
            {
                double product = 2.0 * Sizes[l - 1] * Sizes[l];
                flops += product;                                  // forward: z = W a
                if (IsInference) continue;
                flops += product;                                  // BP4: δ aᵀ
                if (l > 1) flops += product;                       // BP2: Wᵀ δ (skipped into the input)
            }
            return flops;
        }
    }

    /// <summary>The configurations of issue 4, in the order <c>backprop bench</c> runs them.</summary>
    public static IReadOnlyList<BenchmarkConfiguration> All { get; } =
    [
        new("nielsen1", [784, 30, 10], "sigmoid", "quadratic", 10, 3.0),
        new("nielsen3", [784, 100, 10], "sigmoid", "ce", 10, 0.5, L2Lambda: 5.0),
        new("relu128", [784, 100, 10], "relu", "nll", 128, 0.1),
        new("wide128", [784, 256, 128, 10], "relu", "nll", 128, 0.1),
        new("infer1", [784, 100, 10], "relu", "nll", 128, 0.1, InferenceBatch: 1),
        new("infer1000", [784, 100, 10], "relu", "nll", 128, 0.1, InferenceBatch: 1000),
    ];

    /// <summary>The configuration called <paramref name="name"/>.</summary>
    /// <exception cref="UnknownNameException">No configuration has that name.</exception>
    public static BenchmarkConfiguration Named(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UnknownNameException($"unknown benchmark configuration '{name}' (known: {string.Join(", ", All.Select(c => c.Name))})");
}
