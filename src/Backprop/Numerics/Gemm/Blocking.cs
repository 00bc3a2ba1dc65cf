// Blocking: block sizes and the five-loop nest of the packed GEMM (GotoBLAS / BLIS).
//
// Design after Goto & van de Geijn, "Anatomy of high-performance matrix multiplication" (ACM TOMS 2008)
// and BLIS (Van Zee & van de Geijn 2015, "the five loops around the micro-kernel"):
//
//   for jc in steps of NC               (columns of C and op(B))
//     for pc in kc blocks of op(A)·op(B) (balanced, at most KC deep)
//       pack op(B)[pc, jc] → B̃  (kc × nc, in L2/L3)
//       for ic in steps of MC           (rows of C and op(A))
//         pack op(A)[ic, pc] → Ã (mc × kc, stays in L2)
//         for jr in steps of NR         (one kc × NR micro-panel of B̃ stays in L1)
//           for ir in steps of MR       (micro-panels of Ã stream from L2)
//             micro-kernel: C[ic+ir, jc+jr] (MR × NR) = α·Ã·B̃ + β'·C
//
// Sizes for this machine, float with the 8 × 32 zmm tile. The issue names a Zen 5 (48 KiB L1d, 1 MiB L2 per core);
// the VM measures as a Zen 4 (family 25, model 17; L1d 32 KiB by bench/c/l1_size.c, L2 1 MiB), and the sizes below
// were measured on it:
//   KC = 320: k is cut into ⌈k/KC⌉ equal blocks (784 → 262 + 261 + 261, 256 → one block), so there is no
//             short, overhead-heavy tail block. A B̃ micro-panel is then ≤ 320·32·4 B = 40 KiB, more than L1: the
//             kernel loads one vector of it per 8 FMAs, which L2 keeps up with.
//             Measured (bench `probe-kc`): throughput is flat within ~2 % from KC = 128 to 320 and drops
//             ~3 % beyond for the no-transpose shapes; deeper blocks help the transB shapes (fewer C updates
//             and pack calls), so 320 is the top of the flat range.
//   MC = 192 (a multiple of the 8- and 6-row tiles): Ã = MC·KC·4 B = 240 KiB, a quarter of L2; the
//             training mini-batches (m ≤ 128) are a single block.
//   NC = 1024: B̃ = KC·NC·4 B = 1.25 MiB; it is streamed once per ic block, so it may spill to L3. Every
//             layer width here (≤ 784) is one block.
// The FMA loop of this machine measures ~115 GFLOP/s float per core (not the nominal 270): the 512-bit FMAs
// issue at one per cycle, so the kernel is FMA-bound and loads/L2 bandwidth have slack; packing is the
// remaining overhead, which is why operands already in kernel order are read in place (see Run).
// β' is β for the first kc block and 1 after, so β = 0 never reads C. The k blocking depends only on k,
// never on how many threads share the product, so each element of C sees the same sums in the same order.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Numerics.GemmKernels;

/// <summary>The operands of one product, as raw pointers (pinned by the caller for the duration).</summary>
internal unsafe struct GemmProblem<T> where T : unmanaged
{
    public bool TransA, TransB;
    public int M, N, K;
    public T Alpha, Beta;
    public T* A, B, C;
    public nint Lda, Ldb, Ldc;

    /// <summary>
    /// Optional (null when absent): a copy of B's last N mod Vector512&lt;T&gt;.Count columns (at most Vector128&lt;T&gt;.Count),
    /// row q at BTail + q·Vector128&lt;T&gt;.Count, zero-padded, which the one-row path reads instead of the last cache line
    /// of each of B's rows (<see cref="SparseRow"/>). B still holds every column, so a path that ignores it is right too.
    /// </summary>
    public T* BTail;

    /// <summary>
    /// Optional (null when absent): the same last columns of op(B), N mod Vector512&lt;T&gt;.Count of them (at most
    /// Vector128&lt;T&gt;.Count), as rows of K (row t, the weights into unit N − tail + t, at BTailRows + t·LdbTailRows):
    /// B's own last rows when B is stored transposed (W^l for z = a·(W^l)ᵀ), or a copy the caller keeps (Predictor).
    /// <see cref="SparseRows"/> takes those columns as dot products (<see cref="Direct"/>) instead of one mostly empty
    /// vector per nonzero element of A.
    /// </summary>
    public T* BTailRows;

    /// <summary>Distance between the rows at <see cref="BTailRows"/>.</summary>
    public nint LdbTailRows;
}

/// <summary>Block sizes and the blocked loop nest around <see cref="Microkernel"/>.</summary>
internal static unsafe class Blocking
{
    // Block sizes are fields, not constants, only so the bench's tuning probes can sweep them.

    /// <summary>Deepest k block (see the header for the measurement behind 320).</summary>
    public static int KC = 320;

    /// <summary>Tallest block of rows of op(A) packed at once; a multiple of every MR.</summary>
    public static int MC = 192;

    /// <summary>Widest block of columns of op(B) packed at once; a multiple of every NR.</summary>
    public static int NC = 1024;

    /// <summary>Elements of scratch one thread needs: Ã, B̃ and one edge tile.</summary>
    public static int WorkspaceElements<T>() =>
        MC * KC + KC * NC + Microkernel.MR * Microkernel.NR<T>();

    /// <summary>Number of k blocks when k is cut evenly into blocks of at most KC.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int KBlocks(int k) => Math.Max(1, (k + KC - 1) / KC);

    /// <summary>
    /// C[i0..i1, j0..j1] of the product, computed with the calling thread's workspace.
    /// Row and column bounds must fall on tile boundaries (multiples of MR and NR) or at the matrix edge.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> pr, int i0, int i1, int j0, int j1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int mr = Microkernel.MR, nr = Microkernel.NR<T>();
        int kc0 = KC, mc0 = MC, nc0 = NC;
        T* ws = Workspace<T>.Get(WorkspaceElements<T>());
        T* packedA = ws, packedB = ws + mc0 * kc0, edge = packedB + kc0 * nc0;
        // With the Vector512 kernel, operands already laid out along the kernel's needs are read in place:
        // A stored m × k (rows contiguous in k, one pointer per tile row) and the full-width panels of B
        // stored k × n. Only the transposing cases, and B's zero-padded edge panel, are packed. This skips
        // about 5 % of copying for the training shapes; the Vector256/scalar paths pack everything.
        bool aInPlace = Vector512.IsHardwareAccelerated && !pr.TransA;
        bool bInPlace = Vector512.IsHardwareAccelerated && !pr.TransB;

        int nk = KBlocks(pr.K), kBase = pr.K / nk, kRem = pr.K % nk;
        for (int jc = j0; jc < j1; jc += nc0)
        {
            int nc = Math.Min(nc0, j1 - jc);
            int packFrom = bInPlace ? nc / nr * nr : 0;
            int pc = 0;
            for (int kb = 0; kb < nk; kb++)
            {
                int kc = kBase + (kb < kRem ? 1 : 0);
                T beta = kb == 0 ? pr.Beta : T.One;
                if (packFrom < nc)
                    Packing.PackB(pr.TransB, pr.B, pr.Ldb, pc, kc, jc + packFrom, nc - packFrom, packedB + (nint)packFrom * kc);
                for (int ic = i0; ic < i1; ic += mc0)
                {
                    int mc = Math.Min(mc0, i1 - ic);
                    if (!aInPlace) Packing.PackA(pr.TransA, pr.A, pr.Lda, ic, mc, pc, kc, packedA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int ncols = Math.Min(nr, nc - jr);
                        bool bDirect = jr < packFrom;
                        T* pb = bDirect ? pr.B + (nint)pc * pr.Ldb + jc + jr : packedB + (nint)jr * kc;
                        nint bStep = bDirect ? pr.Ldb : nr;
                        T* c = pr.C + (nint)ic * pr.Ldc + jc + jr;
                        for (int ir = 0; ir < mc; ir += mr, c += mr * pr.Ldc)
                        {
                            int nrows = Math.Min(mr, mc - ir);
                            if (Vector512.IsHardwareAccelerated)
                            {
                                T* a = aInPlace ? pr.A + (nint)(ic + ir) * pr.Lda + pc : packedA + (nint)ir * kc;
                                nint aRow = aInPlace ? pr.Lda : 1, aStep = aInPlace ? 1 : mr;
                                if (nrows == mr && ncols == nr)
                                    Microkernel.Run512(kc, a, aRow, aStep, mr, pb, bStep, c, pr.Ldc, pr.Alpha, beta);
                                else
                                    EdgeTile512(kc, a, aRow, aStep, aInPlace ? nrows : mr, pb, bStep, c, pr.Ldc, pr.Alpha, beta, nrows, ncols, edge);
                            }
                            else
                            {
                                T* pa = packedA + (nint)ir * kc;
                                if (nrows == mr && ncols == nr)
                                    Microkernel.Run(kc, pa, pb, c, pr.Ldc, pr.Alpha, beta);
                                else
                                    EdgeTile(kc, pa, pb, c, pr.Ldc, pr.Alpha, beta, nrows, ncols, edge);
                            }
                        }
                    }
                }
                pc += kc;
            }
        }
    }

    /// <summary>
    /// Partial tile on the Vector512 path. When the live columns are a whole, half or quarter tile, the matching kernel
    /// writes straight into C (the kernels store only the live rows); otherwise a scratch tile takes the product and
    /// only its live part is merged into C.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile512<T>(int kc, T* a, nint aRow, nint aStep, int aRows, T* pb, nint bStep,
        T* c, nint ldc, T alpha, T beta, int rows, int cols, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int mr = Microkernel.MR, nr = Microkernel.NR<T>();
        if (cols == nr || cols == nr / 2 || cols == nr / 4)
        {
            // A's rows past `rows` (zero padding when packed) are never needed: the kernels repeat the last live row.
            if (cols == nr / 4) Microkernel.RunQuarter512(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);
            else if (cols == nr / 2) Microkernel.RunHalf512(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);
            else if (rows <= mr / 2) Microkernel.RunTop512(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);
            else if (rows <= 6) Microkernel.RunSix512(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);
            else Microkernel.Run512(kc, a, aRow, aStep, rows, pb, bStep, c, ldc, alpha, beta);
            return;
        }
        bool quarter = cols <= nr / 4, half = cols <= nr / 2;
        // α = 1, β = 0 stores the raw accumulators exactly; Merge then rounds as the full-tile update does.
        if (quarter) Microkernel.RunQuarter512(kc, a, aRow, aStep, aRows, pb, bStep, tile, nr, T.One, T.Zero);
        else if (half) Microkernel.RunHalf512(kc, a, aRow, aStep, aRows, pb, bStep, tile, nr, T.One, T.Zero);
        else if (rows <= mr / 2) Microkernel.RunTop512(kc, a, aRow, aStep, Math.Min(aRows, mr / 2), pb, bStep, tile, nr, T.One, T.Zero);
        else Microkernel.Run512(kc, a, aRow, aStep, aRows, pb, bStep, tile, nr, T.One, T.Zero);
        Microkernel.MergeTile(c, ldc, tile, nr, rows, cols, alpha, beta);
    }

    /// <summary>A partial tile: the kernel writes the full tile to scratch, then only the valid part is merged into C.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile<T>(int kc, T* pa, T* pb, T* c, nint ldc, T alpha, T beta, int rows, int cols, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nr = Microkernel.NR<T>();
        Microkernel.Run(kc, pa, pb, tile, nr, T.One, T.Zero);
        Microkernel.MergeTile(c, ldc, tile, nr, rows, cols, alpha, beta);
    }
}
