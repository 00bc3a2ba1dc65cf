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

/// <summary>KC sweep over the large training shapes (development aid); best-of times, robust to a shared machine.</summary>
public static class ProbeBlocking
{
    /// <summary>Prints best GFLOP/s per KC for each large shape.</summary>
    public static void Run()
    {
        var shapes = GemmShape.All.Where(s => s.M * (long)s.N * s.K > 5_000_000).ToArray();
        Console.WriteLine("KC   " + string.Join(" ", shapes.Select(s => $"{s.M}x{s.N}x{s.K}{(s.TransA ? "A" : s.TransB ? "B" : "")}".PadLeft(14))));
        foreach (int kc in new[] { 96, 128, 160, 200, 256, 320, 400, 800 })
        {
            Blocking.KC = kc;
            var line = $"{kc,-4}";
            foreach (var s in shapes)
            {
                var (a, b, c) = s.Operands();
                var (lda, ldb, ldc) = s.Leading;
                double best = double.MaxValue;
                for (int r = 0; r < 40; r++)
                {
                    var sw = Stopwatch.StartNew();
                    for (int i = 0; i < 5; i++) Backprop.Numerics.Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, ldc, 1);
                    best = Math.Min(best, sw.Elapsed.TotalSeconds / 5);
                }
                line += $" {s.Flops / best / 1e9,14:F1}";
            }
            Console.WriteLine(line);
        }
    }
}

/// <summary>One-versus-two-thread crossover (development aid): best-of times with the size threshold disabled.</summary>
public static class ProbeThreads
{
    /// <summary>Prints best GFLOP/s on 1 and 2 threads for products of growing size.</summary>
    public static void Run()
    {
        Backprop.Numerics.Gemm.ParallelMinFlops = 0;
        var shapes = new List<GemmShape>(GemmShape.All);
        foreach (int m in new[] { 16, 32, 64 }) shapes.Add(new GemmShape("fwd", false, true, m, 100, 784));
        foreach (int m in new[] { 32, 64 }) shapes.Add(new GemmShape("dA", false, false, m, 784, 100));
        foreach (var s in shapes.OrderBy(s => s.Flops))
        {
            var (a, b, c) = s.Operands();
            var (lda, ldb, ldc) = s.Leading;
            // 1- and 2-thread batches alternate so a burst of load from elsewhere hits both alike.
            double t1 = double.MaxValue, t2 = double.MaxValue;
            int reps = (int)Math.Clamp(2e7 / s.Flops, 1, 1000);
            for (int r = 0; r < 60; r++)
            {
                int threads = 1 + (r & 1);
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < reps; i++) Backprop.Numerics.Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, ldc, threads);
                double t = sw.Elapsed.TotalSeconds / reps;
                if (threads == 1) t1 = Math.Min(t1, t); else t2 = Math.Min(t2, t);
            }
            Console.WriteLine($"{s,-28} {s.Flops / 1e6,8:F2} MFLOP  1 thr {t1 * 1e6,8:F1} µs  2 thr {t2 * 1e6,8:F1} µs  speedup {t1 / t2:F2}");
        }
    }
}

/// <summary>Shows how each shape is split and how long each part takes alone (development aid).</summary>
public static unsafe class ProbeSplit
{
    /// <summary>Prints the split and per-part single-thread times.</summary>
    public static void Run()
    {
        foreach (var s in GemmShape.All.Where(s => s.Flops > 4e6))
        {
            var (a, b, c) = s.Operands();
            var (lda, ldb, ldc) = s.Leading;
            var split = Split.Choose<float>(s.M, s.N, s.K, 2, GemmPath.Blocked, s.TransA, s.TransB);
            fixed (float* pa = a, pb = b, pc = c)
            {
                var pr = new GemmProblem<float> { TransA = s.TransA, TransB = s.TransB, M = s.M, N = s.N, K = s.K, Alpha = 1f, Beta = 0f, A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc };
                var line = $"{s,-26} {split}";
                double whole = Best(() => Blocking.Run(in pr, 0, s.M, 0, s.N));
                line += $" whole {whole * 1e6:F0} µs";
                for (int part = 0; part < split.Parts; part++)
                {
                    int p0 = part;
                    double t = split.ByRows
                        ? Best(() => Blocking.Run(in pr, split.Start(p0, s.M), split.Start(p0 + 1, s.M), 0, s.N))
                        : Best(() => Blocking.Run(in pr, 0, s.M, split.Start(p0, s.N), split.Start(p0 + 1, s.N)));
                    line += $" part{part} {t * 1e6:F0} µs";
                }
                // Both parts at once on two dedicated threads: per-part time when running concurrently.
                var pr2 = pr;
                var times = new double[2];
                for (int rep = 0; rep < 20; rep++)
                {
                    var threads = new Thread[2];
                    var go = new ManualResetEventSlim();
                    for (int part = 0; part < 2; part++)
                    {
                        int p0 = part;
                        threads[part] = new Thread(() =>
                        {
                            go.Wait();
                            var sw = Stopwatch.StartNew();
                            if (split.ByRows) Blocking.Run(in pr2, split.Start(p0, s.M), split.Start(p0 + 1, s.M), 0, s.N);
                            else Blocking.Run(in pr2, 0, s.M, split.Start(p0, s.N), split.Start(p0 + 1, s.N));
                            double t = sw.Elapsed.TotalSeconds;
                            if (rep == 0 || t < times[p0]) times[p0] = t;
                        });
                        threads[part].Start();
                    }
                    Thread.Sleep(2);
                    go.Set();
                    foreach (var t in threads) t.Join();
                }
                line += $" | concurrent {times[0] * 1e6:F0} / {times[1] * 1e6:F0} µs";
                Console.WriteLine(line);
            }
        }
    }

    private static double Best(Action a)
    {
        double best = double.MaxValue;
        for (int r = 0; r < 20; r++) { var sw = Stopwatch.StartNew(); a(); best = Math.Min(best, sw.Elapsed.TotalSeconds); }
        return best;
    }
}
