// Tiny: products so small (a 10-unit output layer, m = 10) that packing and blocking cost more than the FMAs.
//
// For op(B) = B (not transposed) row p of op(B) is contiguous, so each row of C is built as Σ_p op(A)_ip · B_p,
// one vector accumulator per 16 columns with the FMAs in p order from zero, then merged as α·acc (β = 0) or
// fma(acc, α, β·c): exactly the operation sequence the packed microkernels give every element, so the result is
// bit-identical to the blocked path (TinyGemmTests check it). Columns past the last whole vector are covered by a
// vector overlapping the one before (never scalar code: a scalar FMA chain per column is latency-bound and slower
// than packing). op(B) = Bᵀ keeps to Direct (dot products, another summation order).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Backprop.Numerics.GemmKernels.VectorFma;

namespace Backprop.Numerics.GemmKernels;

/// <summary>Unblocked, unpacked path for the smallest products with B not transposed.</summary>
internal static unsafe class Tiny
{
    /// <summary>Most flops (2·m·n·k) taken by this path; a field only so tests can switch it off and compare. 0 disables it.</summary>
    public static long MaxFlops = 32_768;

    /// <summary>Widest row of C this path takes, in 512-bit vectors (128 floats: nielsen3's layer-2 products 10 × 100 × 10).</summary>
    public const int MaxVectors = 8;

    /// <summary>Whether <paramref name="p"/> is tiny and oriented for this path: B not transposed, k within one k block, one row of C within 8 vectors of 512 bits and at least one of 256.</summary>
    public static bool Applies<T>(in GemmProblem<T> p) where T : unmanaged =>
        Vector512.IsHardwareAccelerated && !p.TransB && 2L * p.M * p.N * p.K <= MaxFlops && p.K <= Blocking.KC
        && p.N >= Vector256<T>.Count && p.N <= MaxVectors * Vector512<T>.Count && (typeof(T) == typeof(float) || typeof(T) == typeof(double));

    /// <summary>
    /// C = α·op(A)·B + β·C, one row of C at a time: 4 or 8 vectors of 512 bits (or 2 of 256 bits when n is below 512 bits) at
    /// columns min(t·v, n − v), so the last overlaps the one before and no column is left to scalar code; the old C is
    /// read for all of them before any is written, so the overlap is merged once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = p.M, n = p.N, k = p.K;
        nint aRow = p.TransA ? 1 : p.Lda, aStep = p.TransA ? p.Lda : 1;   // op(A)_ip = a[i·aRow + p·aStep]
        bool overwrite = p.Beta == T.Zero;
        if (n > 4 * Vector512<T>.Count) Rows512<T, Eight>(p);
        else if (n >= Vector512<T>.Count) Rows512<T, Four>(p);
        else
        {
            int v = Vector256<T>.Count;
            nint o0 = 0, o1 = n - v;
            var va = Vector256.Create(p.Alpha);
            var vb = Vector256.Create(p.Beta);
            for (int i = 0; i < m; i++)
            {
                T* a = p.A + i * aRow, b = p.B, c = p.C + i * p.Ldc;
                Vector256<T> s0 = default, s1 = default;
                for (int q = 0; q < k; q++, b += p.Ldb)
                {
                    var x = Vector256.Create(a[q * aStep]);
                    s0 = Fma(x, Vector256.Load(b + o0), s0); s1 = Fma(x, Vector256.Load(b + o1), s1);
                }
                if (overwrite) { s0 *= va; s1 *= va; }
                else { s0 = Fma(s0, va, vb * Vector256.Load(c + o0)); s1 = Fma(s1, va, vb * Vector256.Load(c + o1)); }
                Vector256.Store(s0, c + o0); Vector256.Store(s1, c + o1);
            }
        }
    }

    /// <summary>
    /// Rows of C in TVectors (4 or 8) vectors of 512 bits at columns min(t·v, n − v), the last overlapping the one
    /// before. Written once: the guards on TVectors.Count are constants to the JIT (<see cref="ITileSize"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows512<T, TVectors>(in GemmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVectors : struct, ITileSize
    {
        int m = p.M, n = p.N, k = p.K, v = Vector512<T>.Count, last = n - v;
        nint aRow = p.TransA ? 1 : p.Lda, aStep = p.TransA ? p.Lda : 1;   // op(A)_ip = a[i·aRow + p·aStep]
        bool overwrite = p.Beta == T.Zero, wide = TVectors.Count > 4;
        nint o0 = 0, o1 = Math.Min(v, last), o2 = Math.Min(2 * v, last), o3 = Math.Min(3 * v, last);
        nint o4 = Math.Min(4 * v, last), o5 = Math.Min(5 * v, last), o6 = Math.Min(6 * v, last), o7 = Math.Min(7 * v, last);
        var va = Vector512.Create(p.Alpha);
        var vb = Vector512.Create(p.Beta);
        for (int i = 0; i < m; i++)
        {
            T* a = p.A + i * aRow, b = p.B, c = p.C + i * p.Ldc;
            Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (int q = 0; q < k; q++, b += p.Ldb)
            {
                var x = Vector512.Create(a[q * aStep]);
                s0 = Fma(x, Vector512.Load(b + o0), s0); s1 = Fma(x, Vector512.Load(b + o1), s1);
                s2 = Fma(x, Vector512.Load(b + o2), s2); s3 = Fma(x, Vector512.Load(b + o3), s3);
                if (wide)
                {
                    s4 = Fma(x, Vector512.Load(b + o4), s4); s5 = Fma(x, Vector512.Load(b + o5), s5);
                    s6 = Fma(x, Vector512.Load(b + o6), s6); s7 = Fma(x, Vector512.Load(b + o7), s7);
                }
            }
            // The old C is read for every vector before any is written, so the overlapping last vector is merged once.
            if (overwrite) { s0 *= va; s1 *= va; s2 *= va; s3 *= va; s4 *= va; s5 *= va; s6 *= va; s7 *= va; }
            else
            {
                s0 = Fma(s0, va, vb * Vector512.Load(c + o0)); s1 = Fma(s1, va, vb * Vector512.Load(c + o1));
                s2 = Fma(s2, va, vb * Vector512.Load(c + o2)); s3 = Fma(s3, va, vb * Vector512.Load(c + o3));
                if (wide)
                {
                    s4 = Fma(s4, va, vb * Vector512.Load(c + o4)); s5 = Fma(s5, va, vb * Vector512.Load(c + o5));
                    s6 = Fma(s6, va, vb * Vector512.Load(c + o6)); s7 = Fma(s7, va, vb * Vector512.Load(c + o7));
                }
            }
            Vector512.Store(s0, c + o0); Vector512.Store(s1, c + o1); Vector512.Store(s2, c + o2); Vector512.Store(s3, c + o3);
            if (wide) { Vector512.Store(s4, c + o4); Vector512.Store(s5, c + o5); Vector512.Store(s6, c + o6); Vector512.Store(s7, c + o7); }
        }
    }
}
