// FloatSigmoid: σ(z) = 1/(1 + e^(−z)) on 16 floats at a time, in float arithmetic only.
//
// .NET's Vector512.Exp(float) (and so TensorPrimitives.Sigmoid) widens to double and evaluates two double exponentials
// per 16 floats; on the nielsen1 step that made the sigmoid about 6 % of the time (perf, bench --config nielsen1).
// This kernel stays in float:
//   e = e^(−|z|) ∈ (0, 1]:  −|z| = n·ln 2 + r with n = round(−|z|·log₂e) and |r| ≤ ln 2 / 2 (Cody–Waite: ln 2 split into
//                          a short head, exact in n·head, and a tail), e^r by Cephes' expf polynomial (degree 7,
//                          ≈ 1 ulp on that interval), and 2^n applied by vscalefps, which rounds gradually into the
//                          subnormals instead of flushing.
//   σ = 1/(1 + e) for z ≥ 0 and e/(1 + e) for z < 0, so e never overflows and σ of a large negative z keeps its
//   subnormal value instead of becoming 0.
// Accuracy (tests): within 2 ulp of the double-precision value across the whole float range, exact at 0 and ±∞, NaN in ⇒ NaN out.
// Reference: Reference(z) below, the formula in double rounded once; Cephes: S. L. Moshier, "Methods and Programs for
// Mathematical Functions" (1989), expf.c.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Activations;

/// <summary>The logistic sigmoid on <c>float</c> vectors without widening to double (vscalefps with AVX-512; the same values, emulated, elsewhere).</summary>
internal static class FloatSigmoid
{
    /// <summary>Whether the kernel runs in hardware here (it computes the same values anywhere, emulated where not).</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Head = 0.693359375f;          // 355/512: n·Ln2Head is exact for |n| < 2^15
    private const float Ln2Tail = -2.12194440e-4f;       // ln 2 − Ln2Head
    private const float Lowest = -104f;                  // e^(−104) is below half the smallest subnormal: e rounds to 0

    /// <summary>σ(z) for 16 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Value(Vector512<float> z)
    {
        // x = −|z|, kept above −104 so that n stays finite (−∞ would give ∞ − ∞ in the reduction).
        var x = Vector512.MaxNative(-Vector512.Abs(z), Vector512.Create(Lowest));
        var n = Vector512.Round(x * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Head), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Tail), r);
        // e^r = 1 + r + r²·P(r), Cephes expf.
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        var er = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var e = ScaleByPowerOfTwo(er, n);                                        // e^(−|z|) = e^r · 2^n
        var numerator = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(z, Vector512<float>.Zero), Vector512<float>.One, e);
        var sigma = numerator / (Vector512<float>.One + e);
        return Vector512.ConditionalSelect(Vector512.Equals(z, z), sigma, z);   // NaN stays NaN
    }

    /// <summary>
    /// v·2^n for integral n in [−151, 0], rounded once: vscalefps with AVX-512, else as 2^⌊n/2⌋ (exact: v·2^⌊n/2⌋ stays
    /// normal) times 2^(n − ⌊n/2⌋), which rounds once into the subnormals just as vscalefps does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ScaleByPowerOfTwo(Vector512<float> v, Vector512<float> n)
    {
        if (Avx512F.IsSupported) return Avx512F.Scale(v, n);
        var whole = Vector512.ConvertToInt32(n);
        var half = Vector512.ShiftRightArithmetic(whole, 1);   // ⌊n/2⌋ ≥ −76, and n − ⌊n/2⌋ ≥ −75
        var first = (half + Vector512.Create(127)) << 23;
        var second = (whole - half + Vector512.Create(127)) << 23;
        return v * first.AsSingle() * second.AsSingle();
    }

    /// <summary>a = σ(z) over a span, with exactly the values of <see cref="Value(Vector512{float})"/> (the tail goes through one padded vector).</summary>
    public static void Apply(ReadOnlySpan<float> z, Span<float> a)
    {
        if (a.Length < z.Length) throw new ShapeMismatchException($"sigmoid: a has {a.Length} values, z has {z.Length}");
        int n = z.Length, width = Vector512<float>.Count, i = 0;
        ref float zr = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(z);
        ref float ar = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(a);
        for (; i <= n - width; i += width)
            Value(Vector512.LoadUnsafe(ref zr, (nuint)i)).StoreUnsafe(ref ar, (nuint)i);
        if (i < n)
        {
            Span<float> pad = stackalloc float[width];
            z[i..].CopyTo(pad);
            Value(Vector512.Create((ReadOnlySpan<float>)pad)).CopyTo(pad);
            pad[..(n - i)].CopyTo(a[i..]);
        }
    }

    /// <summary>σ(z) for one float, the same value as the vector kernel gives in its lane.</summary>
    public static float Value(float z) => Value(Vector512.Create(z)).ToScalar();

    /// <summary>The naive reference: 1/(1 + e^(−z)) evaluated in double and rounded once to float.</summary>
    public static float Reference(float z) => (float)(1.0 / (1.0 + Math.Exp(-(double)z)));
}
