// Packing: copies blocks of op(A) and op(B) into the contiguous micro-panel order the micro-kernel reads.
//
// Design after Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", and BLIS:
// an mc × kc block of op(A) becomes ⌈mc/MR⌉ micro-panels, each kc columns of MR consecutive values;
// a kc × nc panel of op(B) becomes ⌈nc/NR⌉ micro-panels, each kc rows of NR consecutive values.
// Edge micro-panels are padded with zeros so the kernel always runs full MR × NR tiles.
// Transposes are absorbed here: op(X)ᵀ is never materialised. Of the four cases two are plain strided
// copies (Aᵀ stored k × m, B stored k × n) and two are real transposes (A stored m × k, Bᵀ stored n × k);
// for float with an 8-wide tile those go through an 8 × 8 in-register AVX transpose, because a scalar
// gather costs about as much as the whole product for the training shapes (k × n ≈ m × k ≈ m·n·k / 100).
// On the Vector512 path the kernel reads A stored m × k and B stored k × n in place (Blocking.cs), so there
// only Aᵀ, Bᵀ and B's partial edge panel come through here; the Vector256 and scalar paths pack everything.
//
// Also here: the per-thread workspace holding the packed buffers, allocated once per thread and element type,
// pinned and 64-byte aligned, so a call allocates nothing in steady state.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Numerics.GemmKernels;

/// <summary>Packs op(A) and op(B) blocks into micro-panel order (zero-padded at the edges).</summary>
internal static unsafe class Packing
{
    /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] into ⌈mc/MR⌉ micro-panels of kc × MR at <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PackA<T>(bool transA, T* a, nint lda, int ic, int mc, int pc, int kc, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        // Aᵀ stored k × m: op(A)[i, p] = a[p·lda + i], the MR values of column p are contiguous (a strided copy);
        // A stored m × k: the panel is an MR × kc transpose.
        => PackPanels(transA, a, lda, pc, kc, ic, mc, Microkernel.MR, dst);

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] into ⌈nc/NR⌉ micro-panels of kc × NR at <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PackB<T>(bool transB, T* b, nint ldb, int pc, int kc, int jc, int nc, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
        // B stored k × n: row p of the panel is a contiguous run of B's row pc + p (a strided copy);
        // Bᵀ stored n × k: op(B)[p, j] = b[j·ldb + p], NR rows of B become the panel's columns (a transpose).
        => PackPanels(!transB, b, ldb, pc, kc, jc, nc, Microkernel.NR<T>(), dst);

    /// <summary>
    /// Packs the panel-width slices [start, start + count) of an operand, k range [pc, pc + kc), into micro-panels of
    /// kc × <paramref name="width"/>. <paramref name="kMajor"/>: the operand is stored k-major (element (i, p) at
    /// x[p·ld + i]), so each micro-panel row is a strided copy; otherwise it is stored i-major (x[i·ld + p]) and transposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackPanels<T>(bool kMajor, T* x, nint ld, int pc, int kc, int start, int count, int width, T* dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < count; r += width, dst += (nint)kc * width)
        {
            int live = Math.Min(width, count - r);
            if (kMajor)
            {
                T* src = x + (nint)pc * ld + start + r;
                if (live == width) CopyRows(src, ld, dst, width, kc, width);
                else GatherPadded(src, 1, ld, live, kc, dst, width);
            }
            else
            {
                T* src = x + (nint)(start + r) * ld + pc;
                if (live == width) Transpose(src, ld, width, kc, dst, width);
                else GatherPadded(src, ld, 1, live, kc, dst, width);
            }
        }
    }

    /// <summary>dst[p·width + 0..width) = src[p·ld + 0..width) for p &lt; kc: strided rows into a dense panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRows<T>(T* src, nint ld, T* dst, nint dstStride, int kc, int width) where T : unmanaged
    {
        nint bytes = (nint)width * sizeof(T);
        if (Vector512.IsHardwareAccelerated && bytes == 128)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += dstStride)
            {
                Vector512.Store(Vector512.Load((byte*)src), (byte*)dst);
                Vector512.Store(Vector512.Load((byte*)src + 64), (byte*)dst + 64);
            }
        }
        else if (Vector512.IsHardwareAccelerated && bytes == 64)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += dstStride)
                Vector512.Store(Vector512.Load((byte*)src), (byte*)dst);
        }
        else if (Vector256.IsHardwareAccelerated && bytes == 32)
        {
            for (int p = 0; p < kc; p++, src += ld, dst += dstStride)
                Vector256.Store(Vector256.Load((byte*)src), (byte*)dst);
        }
        else
        {
            for (int p = 0; p < kc; p++, src += ld, dst += dstStride)
                new ReadOnlySpan<T>(src, width).CopyTo(new Span<T>(dst, width));
        }
    }

    /// <summary>
    /// dst[p·ldd + r] = src[r·ld + p] for r &lt; rows, p &lt; kc: a rows × kc block becomes kc rows of <paramref name="rows"/>
    /// (row stride <paramref name="ldd"/>); 8 × 8 tiles transposed in registers for float, the edges one element at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Transpose<T>(T* src, nint ld, int rows, int kc, T* dst, nint ldd) where T : unmanaged
    {
        int tiled = 0;
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            tiled = rows / 8 * 8;
            int p = 0;
            for (; p + 8 <= kc; p += 8)
                for (int r = 0; r < tiled; r += 8)
                    Transpose8x8((float*)src + r * ld + p, ld, (float*)dst + p * ldd + r, ldd);
            for (; p < kc; p++)
                for (int r = 0; r < tiled; r++)
                    dst[p * ldd + r] = src[r * ld + p];
        }
        for (int p = 0; p < kc; p++)
            for (int r = tiled; r < rows; r++)
                dst[p * ldd + r] = src[r * ld + p];
    }

    /// <summary>The 8 × 8 float block at src (row stride ld) is written transposed at dst (row stride ldd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose8x8(float* src, nint ld, float* dst, nint ldd)
    {
        // Classic unpack / shuffle / lane-permute network: 24 shuffles for 64 elements.
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + ld);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * ld), r3 = Avx.LoadVector256(src + 3 * ld);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * ld), r5 = Avx.LoadVector256(src + 5 * ld);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * ld), r7 = Avx.LoadVector256(src + 7 * ld);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }

    /// <summary>Edge panel: dst[p·width + r] = src[r·rowStep + p·colStep] for r &lt; count, zero for count ≤ r &lt; width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherPadded<T>(T* src, nint rowStep, nint colStep, int count, int kc, T* dst, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < kc; p++, src += colStep, dst += width)
        {
            int r = 0;
            for (; r < count; r++) dst[r] = src[r * rowStep];
            for (; r < width; r++) dst[r] = T.Zero;
        }
    }
}

/// <summary>
/// Per-thread scratch for packed panels and the edge tile: one pinned, 64-byte-aligned array per thread and
/// element type, sized for the largest blocks, allocated on the thread's first product and reused after.
/// </summary>
internal static unsafe class Workspace<T> where T : unmanaged
{
    [ThreadStatic] private static T[]? t_array;
    [ThreadStatic] private static int t_elements;
    [ThreadStatic] private static nint t_aligned;

    /// <summary>Aligned scratch of at least <paramref name="elements"/> values of T for the calling thread.</summary>
    public static T* Get(int elements)
    {
        if (t_array is null || t_elements < elements)
        {
            // Pinned (POH) so the aligned address stays valid without fixed; uninitialised because packing overwrites it;
            // 64 elements of room past the request, as it has always had.
            (t_array, int offset) = CacheLines.Pinned<T>(elements + 64, zeroed: false);
            t_elements = elements;
            t_aligned = (nint)Unsafe.AsPointer(ref t_array[offset]);
        }
        return (T*)t_aligned;
    }
}
