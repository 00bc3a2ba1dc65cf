// Quick mode: times every shape for about half a second per variant and prints GFLOP/s, without BenchmarkDotNet.
using System.Diagnostics;
using Backprop.Numerics;

namespace Backprop.Benchmarks;

/// <summary>Fast iteration loop for kernel work: median GFLOP/s of fast (1 and 2 threads) and reference.</summary>
public static class Quick
{
    /// <summary>Runs the table; <paramref name="filter"/> keeps shapes whose name contains it.</summary>
    public static void Run(string? filter, bool withReference)
    {
        double peak = Peak.MeasuredGflops;
        Console.WriteLine($"measured FMA-loop peak: {peak:F1} GFLOP/s float per thread (nominal {Peak.NominalGflops})");
        Console.WriteLine($"{"shape",-28} {"1 thr GF/s",10} {"%meas",6} {"%270",5} {"1 thr best",10} {"2 thr GF/s",10} {"ref GF/s",9}");
        foreach (var s in GemmShape.All)
        {
            if (filter is not null && !s.ToString().Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
            var (a, b, c) = s.Operands();
            var (lda, ldb, ldc) = s.Leading;
            double t1 = Median(() => Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, ldc, 1));
            double b1 = s_lastBest;
            double t2 = Median(() => Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, ldc, 2));
            double tr = withReference
                ? Median(() => GemmReference.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, ldc), 0.25)
                : double.NaN;
            double g1 = s.Flops / t1 / 1e9, g2 = s.Flops / t2 / 1e9, gr = s.Flops / tr / 1e9;
            Console.WriteLine($"{s,-28} {g1,10:F1} {g1 / peak,6:P0} {g1 / Peak.NominalGflops,5:P0} {s.Flops / b1 / 1e9,10:F1} {g2,10:F1} {gr,9:F2}");
        }
    }

    private static double s_lastBest;

    /// <summary>Median seconds per call over batches of ~10 ms, for about <paramref name="seconds"/> in all.</summary>
    private static double Median(Action call, double seconds = 0.5)
    {
        for (int i = 0; i < 3; i++) call();
        var sw = Stopwatch.StartNew();
        int perBatch = 1;
        while (true)
        {
            sw.Restart();
            for (int i = 0; i < perBatch; i++) call();
            if (sw.Elapsed.TotalMilliseconds >= 10 || perBatch > 1 << 24) break;
            perBatch *= 2;
        }
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || samples.Count < 3)
        {
            sw.Restart();
            for (int i = 0; i < perBatch; i++) call();
            samples.Add(sw.Elapsed.TotalSeconds / perBatch);
        }
        samples.Sort();
        s_lastBest = samples[0];
        return samples[samples.Count / 2];
    }
}
