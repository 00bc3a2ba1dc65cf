// Peak: the yardsticks GEMM results are read against: the FMA throughput this core measures (the library's
// FmaPeak, the same loop `backprop bench` uses) and the nominal figure the issue states.
using Backprop.Diagnostics.Benchmarks;

namespace Backprop.Benchmarks;

/// <summary>Measured and nominal single-thread float FMA peak.</summary>
public static class Peak
{
    /// <summary>Nominal peak the targets are stated against: two 512-bit FMA pipes on Zen 5, GFLOP/s float.</summary>
    public const double NominalGflops = 270;

    /// <summary>The measured peak of this core (<see cref="FmaPeak.MeasuredGflops"/>).</summary>
    public static double MeasuredGflops => FmaPeak.MeasuredGflops;
}
