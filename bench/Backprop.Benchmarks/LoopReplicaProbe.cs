// `-- loop-replica`: the loop of Gemm/SparseRows.cs written out plainly in C#, as bench/c/sparse_group.c writes it in
// C: 32 Fashion-MNIST test images (their zeros as they are) over one 8-vector panel of B, k = 784 in 13 blocks of 64,
// per nonzero element one broadcast, 8 loads and 8 FMAs, each row's 8 sums loaded from C and stored back per block.
// First with everything hot (the figure to set beside the C program's), then streaming 9,984 images in groups of 32
// with each group's masks taken just before it runs, the rows of A drawn from a window of 9,984 images (memory), 992
// (L3), 320 (L2) or 32 (hot): what the same loop costs when its rows of A come from farther away.
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Benchmarks;

/// <summary>Probe of the sparse loop without the library around it.</summary>
public static unsafe class LoopReplicaProbe
{
    private const int K = 784, BlockRows = 64, Blocks = 13, Rows = 32, Width = 128, Images = 9_984;

    /// <summary>Runs the probe (cycles per vector FMA at 3.7 GHz, as the C programs print them).</summary>
    public static void Run()
    {
        if (!Avx512F.IsSupported) { Console.WriteLine("needs AVX-512"); return; }
        var images = Backprop.Data.ImageData.Read<float>("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz", "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz").Inputs;
        float* b = Alloc(Blocks * BlockRows * Width), a = Alloc(Images * K), c = Alloc(Rows * Width);
        ulong* masks = (ulong*)NativeMemory.AlignedAlloc(Rows * Blocks * sizeof(ulong), 64);
        for (int i = 0; i < Blocks * BlockRows * Width; i++) b[i] = 1e-6f * (i % 97);
        images.AsSpan(0, Images * K).CopyTo(new Span<float>(a, Images * K));
        new Span<float>(c, Rows * Width).Clear();

        Masks(a, masks);
        long nonzero = 0;
        for (int i = 0; i < Rows * Blocks; i++) nonzero += BitOperations.PopCount(masks[i]);
        for (int round = 0; round < 3; round++)
        {
            const int reps = 2000;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < reps; i++) Group(a, b, c, masks);
            Console.WriteLine($"hot, 32 images: {Cycles(clock.Elapsed.TotalSeconds, (double)reps * nonzero)} cycles per vector FMA");
        }
        foreach (int window in new[] { Images, 992, 320, Rows })
        {
            var times = new List<double>();
            long streamedNonzero = 0;
            for (int round = 0; round < 3; round++)
            {
                streamedNonzero = 0;
                var clock = Stopwatch.StartNew();
                for (int g = 0; g < Images; g += Rows)
                {
                    float* rows = a + (nint)(g % window) * K;
                    Masks(rows, masks);
                    for (int i = 0; i < Rows * Blocks; i++) streamedNonzero += BitOperations.PopCount(masks[i]);
                    new Span<float>(c, Rows * Width).Clear();
                    Group(rows, b, c, masks);
                }
                times.Add(clock.Elapsed.TotalSeconds);
            }
            Console.WriteLine($"streamed, rows of A from a window of {window} images: {Cycles(times.Order().ElementAt(1), streamedNonzero)} cycles per vector FMA (median of 3)");
        }
    }

    private static string Cycles(double seconds, double nonzero) => (seconds * 3.7e9 / (nonzero * 8)).ToString("F2");

    private static float* Alloc(int floats) => (float*)NativeMemory.AlignedAlloc((nuint)floats * sizeof(float), 64);

    /// <summary>Bit t of masks[r·Blocks + b] set when a[r, b·64 + t] ≠ 0, one comparison per 16 elements.</summary>
    private static void Masks(float* a, ulong* masks)
    {
        for (int r = 0; r < Rows; r++)
            for (int blk = 0; blk < Blocks; blk++)
            {
                float* row = a + r * K + blk * BlockRows;
                int length = Math.Min(BlockRows, K - blk * BlockRows);
                ulong m = 0;
                for (int q = 0; q + 16 <= length; q += 16)
                    m |= (~Vector512.Equals(Vector512.Load(row + q), Vector512<float>.Zero)).ExtractMostSignificantBits() << q;
                masks[r * Blocks + blk] = m;
            }
    }

    /// <summary>The 32 rows over the panel, block by block: sparse_group.c's group().</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Group(float* a, float* b, float* c, ulong* masks)
    {
        for (int blk = 0; blk < Blocks; blk++)
        {
            float* block = b + (nint)blk * BlockRows * Width;
            for (int r = 0; r < Rows; r++)
            {
                ulong m = masks[r * Blocks + blk];
                if (m == 0) continue;
                float* cr = c + r * Width, ar = a + r * K + blk * BlockRows;
                var s0 = Vector512.Load(cr); var s1 = Vector512.Load(cr + 16); var s2 = Vector512.Load(cr + 32); var s3 = Vector512.Load(cr + 48);
                var s4 = Vector512.Load(cr + 64); var s5 = Vector512.Load(cr + 80); var s6 = Vector512.Load(cr + 96); var s7 = Vector512.Load(cr + 112);
                do
                {
                    nint q = (nint)BitOperations.TrailingZeroCount(m);
                    var x = Vector512.Create(ar[q]);
                    float* p = block + q * Width;
                    s0 = Avx512F.FusedMultiplyAdd(Vector512.Load(p), x, s0); s1 = Avx512F.FusedMultiplyAdd(Vector512.Load(p + 16), x, s1);
                    s2 = Avx512F.FusedMultiplyAdd(Vector512.Load(p + 32), x, s2); s3 = Avx512F.FusedMultiplyAdd(Vector512.Load(p + 48), x, s3);
                    s4 = Avx512F.FusedMultiplyAdd(Vector512.Load(p + 64), x, s4); s5 = Avx512F.FusedMultiplyAdd(Vector512.Load(p + 80), x, s5);
                    s6 = Avx512F.FusedMultiplyAdd(Vector512.Load(p + 96), x, s6); s7 = Avx512F.FusedMultiplyAdd(Vector512.Load(p + 112), x, s7);
                    m &= m - 1;
                }
                while (m != 0);
                s0.Store(cr); s1.Store(cr + 16); s2.Store(cr + 32); s3.Store(cr + 48);
                s4.Store(cr + 64); s5.Store(cr + 80); s6.Store(cr + 96); s7.Store(cr + 112);
            }
        }
    }
}
