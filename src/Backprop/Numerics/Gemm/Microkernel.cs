// Microkernel: the register-tiled inner product of the packed GEMM, C[MR×NR] = α·Ã·B̃ + β·C.
//
// Design after Goto & van de Geijn, "Anatomy of high-performance matrix multiplication" (ACM TOMS 2008),
// and BLIS (Van Zee & van de Geijn, "BLIS: a framework for rapidly instantiating BLAS functionality"):
// the whole product is reduced to one tiny kernel that multiplies a packed MR × kc micro-panel of op(A)
// (column p holds MR consecutive values) by a packed kc × NR micro-panel of op(B) (row p holds NR
// consecutive values) as kc rank-1 updates of an MR × NR block of accumulators kept in registers.
//
// Tiles (MR rows × NR columns; NR is two vectors so each broadcast of A feeds two FMAs):
//   Vector512: 8 × 32 float / 8 × 16 double → 16 zmm accumulators + 2 B vectors + 1 broadcast of 32 zmm.
//              Each k step issues 16 FMAs against 2 vector loads and 8 broadcasts. On this Zen 5 the
//              512-bit FMA issues once per cycle (a register-only FMA loop measures ~115 GFLOP/s float, the
//              kernel alone on L1-resident panels the same), so 16 chains cover the 4-cycle latency four
//              times over and the loads never bind. Wider tiles (12 × 32, 6 × 64, 4 × 64) measured the same.
//   Vector256: 6 × 16 float / 6 × 8 double → 12 ymm accumulators of the 16 that AVX2 offers.
//   Scalar:    4 × 4, for hardware without SIMD acceleration (correctness, not speed).
// Vector512 also has a half-width MR × 16 (float) kernel for edge panels with at most 16 live columns
// (and a 256-bit quarter-width MR × 8 one for at most 8), a half-height 4 × 32 one for at most 4 live rows, and a
// 6 × 32 one for 5 or 6.
// The Vector512 kernels take A as MR row pointers (base, row distance, k step) so they read either a packed
// micro-panel or A stored m × k in place; B likewise as a base and a k step. They never mask: packed edge
// panels are zero-padded, rows past the matrix repeat its last row, and the caller sends edge tiles of C
// through a scratch tile (see Blocking.cs) and merges only the live part.
// C is updated once per kc block as C = acc·α + β·C with one fused multiply-add per element; the
// edge merge uses the same fused formula, so every element of C gets the same rounding whatever
// tile or thread computes it.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static Backprop.Numerics.GemmKernels.VectorFma;

namespace Backprop.Numerics.GemmKernels;

/// <summary>Register-tiled micro-kernels: MR × NR block of C from packed micro-panels of A and B.</summary>
internal static unsafe class Microkernel
{
    /// <summary>Rows of the register tile for the widest accelerated vector type.</summary>
    public static int MR
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 6 : 4;
    }

    /// <summary>Columns of the register tile: two vectors of <typeparamref name="T"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NR<T>() =>
        Vector512.IsHardwareAccelerated ? 2 * Vector512<T>.Count
        : Vector256.IsHardwareAccelerated ? 2 * Vector256<T>.Count
        : 4;

    /// <summary>C[MR×NR] (row stride <paramref name="ldc"/>) = α·(pa·pb) + β·C over <paramref name="kc"/> rank-1 updates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T>(nint kc, T* pa, T* pb, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated) Run512(kc, pa, 1, 8, 8, pb, 2 * Vector512<T>.Count, c, ldc, alpha, beta);
        else if (Vector256.IsHardwareAccelerated) Kernel256(kc, pa, pb, c, ldc, alpha, beta);
        else KernelScalar(kc, pa, pb, c, ldc, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update512<T>(T* c, Vector512<T> acc0, Vector512<T> acc1, Vector512<T> va, Vector512<T> vb, bool overwrite)
        where T : unmanaged
    {
        T* c1 = c + Vector512<T>.Count;
        // β = 0 must not read C: its old contents may be NaN, and 0·NaN would leak into the result.
        if (overwrite)
        {
            Vector512.Store(acc0 * va, c);
            Vector512.Store(acc1 * va, c1);
        }
        else
        {
            Vector512.Store(Fma(acc0, va, vb * Vector512.Load(c)), c);
            Vector512.Store(Fma(acc1, va, vb * Vector512.Load(c1)), c1);
        }
    }

    /// <summary>
    /// Vector512 tile read from operands in place: row r of the A micro-panel starts at
    /// a + min(r, rows − 1)·aRow and steps by aStep per k; B's row p is at pb + p·bStep. The packed case is
    /// aRow = 1, aStep = MR, bStep = NR; A stored m × k is read unpacked with aRow = lda, aStep = 1, B stored k × n
    /// with bStep = ldb. Only the first <paramref name="rows"/> rows of C are written: rows past them repeat A's last
    /// row in registers and are dropped, so a tile at the bottom edge of C needs no scratch tile.
    /// </summary>
    public static void Run512<T>(nint kc, T* a, nint aRow, nint aStep, int rows, T* pb, nint bStep, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Kernel512<T, Eight>(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);

    /// <summary>
    /// The top half (MR/2 rows × NR) of a tile, for edge panels with at most 4 live rows: m = 10 is one
    /// 8-row tile plus 2 rows, where a full tile would spend 3/4 of its FMAs on repeated rows.
    /// Operands as for <see cref="Run512"/> (rows ≤ 4); Vector512 path only.
    /// </summary>
    public static void RunTop512<T>(nint kc, T* a, nint aRow, nint aStep, int rows, T* pb, nint bStep, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Kernel512<T, Four>(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);

    /// <summary>
    /// Six rows × NR, for edge panels with 5 or 6 live rows: n = 30 (nielsen1's hidden layer) is three 8-row tiles
    /// plus 6 rows, where the full tile would spend a quarter of its FMAs on repeated rows.
    /// Operands as for <see cref="Run512"/> (rows ≤ 6); Vector512 path only.
    /// </summary>
    public static void RunSix512<T>(nint kc, T* a, nint aRow, nint aStep, int rows, T* pb, nint bStep, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Kernel512<T, Six>(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);

    /// <summary>
    /// The TRows × NR tile (TRows ∈ {4, 6, 8}) written once: the guards on TRows.Count are constants to the JIT
    /// (<see cref="ITileSize"/>), so the 4- and 6-row copies carry no code or registers of the rows they lack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512<T, TRows>(nint kc, T* a, nint aRow, nint aStep, int rows, T* pb, nint bStep, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRows : struct, ITileSize
    {
        nint v = Vector512<T>.Count, last = rows - 1;
        T* a0 = a, a1 = a + Math.Min(1, last) * aRow, a2 = a + Math.Min(2, last) * aRow, a3 = a + Math.Min(3, last) * aRow;
        T* a4 = TRows.Count > 4 ? a + Math.Min(4, last) * aRow : a, a5 = TRows.Count > 4 ? a + Math.Min(5, last) * aRow : a;
        T* a6 = TRows.Count > 6 ? a + Math.Min(6, last) * aRow : a, a7 = TRows.Count > 6 ? a + Math.Min(7, last) * aRow : a;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;
        nint end = kc * aStep;
        for (nint q = 0; q != end; q += aStep)
        {
            Vector512<T> b0 = Vector512.Load(pb), b1 = Vector512.Load(pb + v), x;
            x = Vector512.Create(a0[q]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a1[q]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a2[q]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a3[q]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            if (TRows.Count > 4)
            {
                x = Vector512.Create(a4[q]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
                x = Vector512.Create(a5[q]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            }
            if (TRows.Count > 6)
            {
                x = Vector512.Create(a6[q]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
                x = Vector512.Create(a7[q]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            }
            pb += bStep;
        }
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        bool overwrite = beta == T.Zero;
        Update512(c, c00, c01, va, vb, overwrite); if (rows == 1) return; c += ldc;
        Update512(c, c10, c11, va, vb, overwrite); if (rows == 2) return; c += ldc;
        Update512(c, c20, c21, va, vb, overwrite); if (rows == 3) return; c += ldc;
        Update512(c, c30, c31, va, vb, overwrite); if (rows == 4 || TRows.Count == 4) return; c += ldc;
        Update512(c, c40, c41, va, vb, overwrite); if (rows == 5) return; c += ldc;
        Update512(c, c50, c51, va, vb, overwrite); if (rows == 6 || TRows.Count == 6) return; c += ldc;
        Update512(c, c60, c61, va, vb, overwrite); if (rows == 7) return; c += ldc;
        Update512(c, c70, c71, va, vb, overwrite);
    }

    /// <summary>
    /// The left half (MR × one vector) of a tile, for edge panels with at most NR/2 live columns: n = 100 is
    /// three full 32-wide tiles plus 4 columns, and a full tile there would spend 7/8 of its FMAs on padding.
    /// Operands as for <see cref="Run512"/>; Vector512 path only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunHalf512<T>(nint kc, T* a, nint aRow, nint aStep, int rows, T* pb, nint bStep, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint last = rows - 1;
        T* a0 = a, a1 = a + Math.Min(1, last) * aRow, a2 = a + Math.Min(2, last) * aRow, a3 = a + Math.Min(3, last) * aRow;
        T* a4 = a + Math.Min(4, last) * aRow, a5 = a + Math.Min(5, last) * aRow;
        T* a6 = a + Math.Min(6, last) * aRow, a7 = a + Math.Min(7, last) * aRow;
        Vector512<T> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<T> c4 = default, c5 = default, c6 = default, c7 = default;
        nint end = kc * aStep;
        for (nint q = 0; q != end; q += aStep)
        {
            Vector512<T> b0 = Vector512.Load(pb);
            c0 = Fma(Vector512.Create(a0[q]), b0, c0);
            c1 = Fma(Vector512.Create(a1[q]), b0, c1);
            c2 = Fma(Vector512.Create(a2[q]), b0, c2);
            c3 = Fma(Vector512.Create(a3[q]), b0, c3);
            c4 = Fma(Vector512.Create(a4[q]), b0, c4);
            c5 = Fma(Vector512.Create(a5[q]), b0, c5);
            c6 = Fma(Vector512.Create(a6[q]), b0, c6);
            c7 = Fma(Vector512.Create(a7[q]), b0, c7);
            pb += bStep;
        }
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        bool overwrite = beta == T.Zero;
        UpdateHalf512(c, c0, va, vb, overwrite); if (rows == 1) return; c += ldc;
        UpdateHalf512(c, c1, va, vb, overwrite); if (rows == 2) return; c += ldc;
        UpdateHalf512(c, c2, va, vb, overwrite); if (rows == 3) return; c += ldc;
        UpdateHalf512(c, c3, va, vb, overwrite); if (rows == 4) return; c += ldc;
        UpdateHalf512(c, c4, va, vb, overwrite); if (rows == 5) return; c += ldc;
        UpdateHalf512(c, c5, va, vb, overwrite); if (rows == 6) return; c += ldc;
        UpdateHalf512(c, c6, va, vb, overwrite); if (rows == 7) return; c += ldc;
        UpdateHalf512(c, c7, va, vb, overwrite);
    }

    /// <summary>
    /// A quarter tile (MR × 8 float / 4 double) in 256-bit vectors, for edge panels with at most that many live
    /// columns: a 256-bit FMA costs half a 512-bit one here, so n = 100 = 3·32 + 4 wastes 4 columns, not 12.
    /// Operands as for <see cref="Run512"/>; Vector512 path only (which implies Vector256).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunQuarter512<T>(nint kc, T* a, nint aRow, nint aStep, int rows, T* pb, nint bStep, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint last = rows - 1;
        T* a0 = a, a1 = a + Math.Min(1, last) * aRow, a2 = a + Math.Min(2, last) * aRow, a3 = a + Math.Min(3, last) * aRow;
        T* a4 = a + Math.Min(4, last) * aRow, a5 = a + Math.Min(5, last) * aRow;
        T* a6 = a + Math.Min(6, last) * aRow, a7 = a + Math.Min(7, last) * aRow;
        Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector256<T> c4 = default, c5 = default, c6 = default, c7 = default;
        nint end = kc * aStep;
        for (nint q = 0; q != end; q += aStep)
        {
            Vector256<T> b0 = Vector256.Load(pb);
            c0 = Fma(Vector256.Create(a0[q]), b0, c0);
            c1 = Fma(Vector256.Create(a1[q]), b0, c1);
            c2 = Fma(Vector256.Create(a2[q]), b0, c2);
            c3 = Fma(Vector256.Create(a3[q]), b0, c3);
            c4 = Fma(Vector256.Create(a4[q]), b0, c4);
            c5 = Fma(Vector256.Create(a5[q]), b0, c5);
            c6 = Fma(Vector256.Create(a6[q]), b0, c6);
            c7 = Fma(Vector256.Create(a7[q]), b0, c7);
            pb += bStep;
        }
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        bool overwrite = beta == T.Zero;
        UpdateQuarter(c, c0, va, vb, overwrite); if (rows == 1) return; c += ldc;
        UpdateQuarter(c, c1, va, vb, overwrite); if (rows == 2) return; c += ldc;
        UpdateQuarter(c, c2, va, vb, overwrite); if (rows == 3) return; c += ldc;
        UpdateQuarter(c, c3, va, vb, overwrite); if (rows == 4) return; c += ldc;
        UpdateQuarter(c, c4, va, vb, overwrite); if (rows == 5) return; c += ldc;
        UpdateQuarter(c, c5, va, vb, overwrite); if (rows == 6) return; c += ldc;
        UpdateQuarter(c, c6, va, vb, overwrite); if (rows == 7) return; c += ldc;
        UpdateQuarter(c, c7, va, vb, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateQuarter<T>(T* c, Vector256<T> acc, Vector256<T> va, Vector256<T> vb, bool overwrite)
        where T : unmanaged
    {
        if (overwrite) Vector256.Store(acc * va, c);
        else Vector256.Store(Fma(acc, va, vb * Vector256.Load(c)), c);
    }

    /// <summary>One vector of C ← α·acc (β = 0: <paramref name="overwrite"/>) or α·acc + β·C, fused, as <see cref="Merge"/> rounds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UpdateHalf512<T>(T* c, Vector512<T> acc, Vector512<T> va, Vector512<T> vb, bool overwrite)
        where T : unmanaged
    {
        if (overwrite) Vector512.Store(acc * va, c);
        else Vector512.Store(Fma(acc, va, vb * Vector512.Load(c)), c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update256<T>(T* c, Vector256<T> acc0, Vector256<T> acc1, Vector256<T> va, Vector256<T> vb, bool overwrite)
        where T : unmanaged
    {
        T* c1 = c + Vector256<T>.Count;
        if (overwrite)
        {
            Vector256.Store(acc0 * va, c);
            Vector256.Store(acc1 * va, c1);
        }
        else
        {
            Vector256.Store(Fma(acc0, va, vb * Vector256.Load(c)), c);
            Vector256.Store(Fma(acc1, va, vb * Vector256.Load(c1)), c1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256<T>(nint kc, T* pa, T* pb, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint v = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (nint p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(pb), b1 = Vector256.Load(pb + v), a;
            a = Vector256.Create(pa[0]); c00 = Fma(a, b0, c00); c01 = Fma(a, b1, c01);
            a = Vector256.Create(pa[1]); c10 = Fma(a, b0, c10); c11 = Fma(a, b1, c11);
            a = Vector256.Create(pa[2]); c20 = Fma(a, b0, c20); c21 = Fma(a, b1, c21);
            a = Vector256.Create(pa[3]); c30 = Fma(a, b0, c30); c31 = Fma(a, b1, c31);
            a = Vector256.Create(pa[4]); c40 = Fma(a, b0, c40); c41 = Fma(a, b1, c41);
            a = Vector256.Create(pa[5]); c50 = Fma(a, b0, c50); c51 = Fma(a, b1, c51);
            pa += 6;
            pb += 2 * v;
        }
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        bool overwrite = beta == T.Zero;
        Update256(c, c00, c01, va, vb, overwrite); c += ldc;
        Update256(c, c10, c11, va, vb, overwrite); c += ldc;
        Update256(c, c20, c21, va, vb, overwrite); c += ldc;
        Update256(c, c30, c31, va, vb, overwrite); c += ldc;
        Update256(c, c40, c41, va, vb, overwrite); c += ldc;
        Update256(c, c50, c51, va, vb, overwrite);
    }

    private static void KernelScalar<T>(nint kc, T* pa, T* pb, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int mr = 4, nr = 4;
        T* acc = stackalloc T[mr * nr];
        for (int i = 0; i < mr * nr; i++) acc[i] = T.Zero;
        for (nint p = 0; p < kc; p++, pa += mr, pb += nr)
            for (int i = 0; i < mr; i++)
                for (int j = 0; j < nr; j++)
                    acc[i * nr + j] = T.FusedMultiplyAdd(pa[i], pb[j], acc[i * nr + j]);
        for (int i = 0; i < mr; i++)
            for (int j = 0; j < nr; j++)
                Merge(ref c[i * ldc + j], acc[i * nr + j], alpha, beta);
    }

    /// <summary>
    /// Merges the live rows × cols of a scratch tile (row stride <paramref name="nr"/>) into C, whole vectors where
    /// possible. Same fused formula as the kernels' update, so results do not depend on which path wrote them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MergeTile<T>(T* c, nint ldc, T* tile, int nr, int rows, int cols, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : 1;
        bool overwrite = beta == T.Zero;
        for (int i = 0; i < rows; i++, c += ldc, tile += nr)
        {
            int j = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; j + v <= cols; j += v)
                    UpdateHalf512(c + j, Vector512.Load(tile + j), Vector512.Create(alpha), Vector512.Create(beta), overwrite);
            for (; j < cols; j++) Merge(ref c[j], tile[j], alpha, beta);
        }
    }

    /// <summary>One element of the C update, rounded exactly like the vector kernels: acc·α + (β·c), fused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Merge<T>(ref T c, T acc, T alpha, T beta) where T : unmanaged, IFloatingPointIeee754<T>
        => c = beta == T.Zero ? acc * alpha : T.FusedMultiplyAdd(acc, alpha, beta * c);
}
