// Probe: times the micro-kernel alone on L1-resident panels, and the packing routines, to split the budget.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Benchmarks;

/// <summary>Kernel-only and packing-only timings (development aid for tuning the blocking).</summary>
public static unsafe class Probe
{
    /// <summary>Prints kernel GFLOP/s for a few kc and packing rates for the four storage cases.</summary>
    public static void Run()
    {
        int mr = Microkernel.MR, nr = Microkernel.NR<float>();
        foreach (int kc in new[] { 64, 128, 196, 256, 384 })
        {
            var pa = GC.AllocateArray<float>(mr * kc + 64, pinned: true);
            var pb = GC.AllocateArray<float>(nr * kc + 64, pinned: true);
            var c = GC.AllocateArray<float>(mr * nr + 64, pinned: true);
            fixed (float* a = pa, b = pb, cc = c)
            {
                float* ab = (float*)(((nint)b + 63) & ~(nint)63);
                const int reps = 200_000;
                for (int w = 0; w < 2; w++)
                {
                    var sw = Stopwatch.StartNew();
                    for (int r = 0; r < reps; r++) Microkernel.Run(kc, a, ab, cc, nr, 1f, 1f);
                    double s = sw.Elapsed.TotalSeconds;
                    if (w == 1) Console.WriteLine($"kernel kc={kc}: {2.0 * mr * nr * kc * reps / s / 1e9:F1} GFLOP/s");
                }
            }
        }
        const int m = 128, n = 256, k = 784;
        var A = GC.AllocateArray<float>(m * k, pinned: true);
        var B = GC.AllocateArray<float>(k * n, pinned: true);
        var dst = GC.AllocateArray<float>(k * Math.Max(m, n) + 1024, pinned: true);
        float* pA = (float*)Unsafe.AsPointer(ref A[0]), pB = (float*)Unsafe.AsPointer(ref B[0]);
        float* pd = (float*)(((nint)Unsafe.AsPointer(ref dst[0]) + 63) & ~(nint)63);
        {
            foreach (bool t in new[] { false, true })
            {
                Time($"packA trans={t} {m}x{k}", m * k, () => Packing.PackA(t, pA, t ? m : k, 0, m, 0, k, pd));
                Time($"packB trans={t} {k}x{n}", k * n, () => Packing.PackB(t, pB, t ? k : n, 0, k, 0, n, pd));
            }
        }
    }

    private static void Time(string name, long elements, Action a)
    {
        for (int i = 0; i < 5; i++) a();
        var sw = Stopwatch.StartNew();
        int reps = 0;
        while (sw.Elapsed.TotalMilliseconds < 300) { a(); reps++; }
        double ns = sw.Elapsed.TotalNanoseconds / reps;
        Console.WriteLine($"{name}: {ns / 1000:F1} µs, {elements / ns:F2} elements/ns");
    }
}

/// <summary>Direct-versus-packed crossover for the forward shape (development aid).</summary>
public static class ProbeDirect
{
    /// <summary>Prints GFLOP/s of both paths for growing m.</summary>
    public static void Run()
    {
        foreach (int n in new[] { 30, 100, 256 })
            foreach (int m in new[] { 1, 2, 4, 8, 10, 16, 24, 32, 48 })
            {
                var s = new GemmShape("fwd", false, true, m, n, 784);
                var (a, b, c) = s.Operands();
                double Time(int maxRows)
                {
                    Direct.MaxRows = maxRows;
                    var samples = new List<double>();
                    for (int r = 0; r < 15; r++)
                    {
                        var sw = Stopwatch.StartNew();
                        for (int i = 0; i < 200; i++) Backprop.Numerics.Gemm.Multiply(false, true, m, n, 784, 1f, a, 784, b, 784, 0f, c, n, 1);
                        samples.Add(sw.Elapsed.TotalSeconds / 200);
                    }
                    samples.Sort();
                    return s.Flops / samples[7] / 1e9;
                }
                double packed = Time(0), direct = Time(1000);
                Console.WriteLine($"m={m,3} n={n,3}: packed {packed,6:F1}  direct {direct,6:F1} GFLOP/s");
            }
    }
}
