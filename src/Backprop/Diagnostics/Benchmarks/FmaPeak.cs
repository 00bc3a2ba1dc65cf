// FmaPeak: the float FMA throughput one core actually delivers, measured with a register-only loop of 16 independent
// fused multiply-add chains (no loads), so training GFLOP/s can be read against the machine rather than a datasheet.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Diagnostics.Benchmarks;

/// <summary>The measured single-thread float FMA peak, the yardstick of <see cref="BenchmarkResult.PeakFraction"/>.</summary>
public static class FmaPeak
{
    private static double s_measured;

    /// <summary>Best of five runs of a register-only 512-bit FMA loop (about 0.1 s in all), GFLOP/s float on the calling thread; measured once per process.</summary>
    public static double MeasuredGflops
    {
        get
        {
            if (s_measured > 0) return s_measured;
            const long iterations = 4_000_000;
            Loop(1000, 1f);
            double best = 0;
            for (int r = 0; r < 5; r++)
            {
                var sw = Stopwatch.StartNew();
                Loop(iterations, 1f);
                best = Math.Max(best, iterations * 16.0 * 2 * Vector512<float>.Count / sw.Elapsed.TotalSeconds / 1e9);
            }
            return s_measured = best;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Loop(long n, float x)
    {
        Vector512<float> a0 = Vector512.Create(x), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        Vector512<float> a8 = a0, a9 = a0, a10 = a0, a11 = a0, a12 = a0, a13 = a0, a14 = a0, a15 = a0;
        Vector512<float> m = Vector512.Create(0.999f), b = Vector512.Create(0.001f);
        for (long i = 0; i < n; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, b); a1 = Vector512.FusedMultiplyAdd(a1, m, b);
            a2 = Vector512.FusedMultiplyAdd(a2, m, b); a3 = Vector512.FusedMultiplyAdd(a3, m, b);
            a4 = Vector512.FusedMultiplyAdd(a4, m, b); a5 = Vector512.FusedMultiplyAdd(a5, m, b);
            a6 = Vector512.FusedMultiplyAdd(a6, m, b); a7 = Vector512.FusedMultiplyAdd(a7, m, b);
            a8 = Vector512.FusedMultiplyAdd(a8, m, b); a9 = Vector512.FusedMultiplyAdd(a9, m, b);
            a10 = Vector512.FusedMultiplyAdd(a10, m, b); a11 = Vector512.FusedMultiplyAdd(a11, m, b);
            a12 = Vector512.FusedMultiplyAdd(a12, m, b); a13 = Vector512.FusedMultiplyAdd(a13, m, b);
            a14 = Vector512.FusedMultiplyAdd(a14, m, b); a15 = Vector512.FusedMultiplyAdd(a15, m, b);
        }
        return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15).GetElement(0);
    }
}
