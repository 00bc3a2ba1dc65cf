// SparseRows: many rows of A times op(B), each row as a sum of rows of op(B) scaled by its nonzero elements:
// SparseRow's "axpy" form for a whole batch, for A with many zeros (Fashion-MNIST images: half their pixels are 0).
//
// For C = α·op(A)·op(B) + β·C, c_ij = β·c_ij + Σ_q α·a_iq·b_qj. op(B) is packed into panels of up to 8 vectors of
// columns, 64-byte aligned (a transpose when B is stored n × k, as W^l is for the forward product z = a·Wᵀ). Each row i
// of op(A) is reduced once per call to a 64-bit mask of its nonzero elements per block of BlockRows = 64 positions
// (a row of Aᵀ, as δ^l is read by BP4's ∂C/∂W = δᵀ·a, is first gathered into a contiguous copy; so is a row scaled by
// α ≠ 1). A panel is then taken BlockRows rows at a time (64 × 128 floats = 32 KB) while a group of rows passes over
// it; a row's partial sums wait in C between blocks. A group is 32 rows, or 128 when k is at most two blocks or the
// panels pass 512 KB (fewer passes over op(B); see RowsPerGroup). Per nonzero element (the next set bit: tzcnt, then
// clear it): one broadcast, up to 8 loads and 8 FMAs, the loop of bench/c/axpy_rows.c.
//
// Measured (bench `-- sparse`, Fashion-MNIST test images, 50 % zeros): 1.45-1.6 cycles per vector FMA over k = 784
// (the C loop, its block hot in L1: 1.2; the packed kernel: ~1.05, and it multiplies the zeros too), so the
// 128 × 100 × 784 and 128 × 256 × 784 products take 0.70-0.73 of the packed time, BP4's 0.73-0.77. Until 2026-11-24
// each row was compressed to a list of positions instead (vpcompressd, ~5.6 cycles per 16 elements here) and the loop
// read the next position from it: 1.65-1.85 cycles, 0.76-0.83 of the packed time. This VM's L1d is 32 KB (measured:
// reads slow from 1.2 to 2.1 cycles per line past 32 KB; it is a Zen 4, family 25 model 17), so the 32 KB block
// shares L1 with everything else the loop touches, and 32 rows' position lists were ~50 KB of it. Smaller blocks or
// panels were slower still (more loop ends per FMA): 32 rows 0.86-0.91, 4-vector panels 0.81-0.93. Unaligned rows of
// B cost a third more (2.3 cycles), hence the packing; so does a row stride of a multiple of 1 KB (L1 set conflicts),
// hence the panels.
//
// Rows of op(B) can be skipped too: while packing a panel of B stored k × n (or reading it in place) each row that is 0
// across the whole panel has its bit cleared in the panel's masks, and a row of A's block mask is ANDed with them. BP4's
// B is a^(l−1) with one example per row, and a Fashion-MNIST image is blank across a whole 112-pixel panel (four image
// rows at its top or bottom) in 9.9 % of (example, panel) pairs of the training set: `-- sparse-bp4`, 1 thread,
// sparse/packed 0.72-0.75 -> 0.64-0.69 for 100 × 784 × 128 and 256 × 784 × 128 (alternating, 2026-11-24).
//
// When B is read in place and the caller keeps B's last columns apart (GemmProblem.BTail: the Predictor's 784-100 layer,
// 100 = 6·16 + 4), the panel's last 4 columns are read from that copy with a 128-bit FMA, not a 512-bit one over a vector
// of 16 that holds 4: batches of 1,000 (bench `-- infer`, predictor) 1.283-1.290 -> 1.240-1.254 µs an example. When
// those last columns are also at hand as rows of k (GemmProblem.BTailRows: a transposed B's own last rows, W for
// z = a·Wᵀ; the Predictor keeps them for its batches), they leave the panels altogether and are dot products over each
// group's rows (see DotColumns): relu128 +4.6 %, infer1000 +1.2 % (2026-11-25).
//
// While a group runs over the first panel, the next group's rows of A are prefetched, a block of each per row and block
// (see Prefetch): a batch streamed from memory no longer waits on it when its masks are taken.
//
// Skipping is exact for finite B, as in SparseRow: a zero a_iq adds ±0. So does a zero row of B against a finite a_iq;
// a row of op(A) holding ±∞ or NaN keeps every row of B (∞·0 is NaN in the product too). Summation order: every c_ij is one FMA chain
// that starts at β·c_ij (0 when β = 0: the old C is ignored, NaN included) and adds (α·a_iq)·b_qj over the nonzero α·a_iq
// in increasing q, the same for any cut of the rows, so threads split rows and results are bit-identical for any thread
// count.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Backprop.Numerics.GemmKernels.RowOfC;
using static Backprop.Numerics.GemmKernels.VectorFma;

namespace Backprop.Numerics.GemmKernels;

/// <summary>The product of a batch of rows with many zeros by a matrix, reading only the rows of op(B) under each row's nonzero elements.</summary>
internal static unsafe class SparseRows
{
    /// <summary>Rows of op(B) per block, one per bit of a row's mask: 64 rows of 8 float vectors are 32 KB.</summary>
    public const int BlockRows = 64;

    /// <summary>Rows of A masked and carried through the blocks together: each block of op(B) is read from L2 once per group.</summary>
    private const int GroupRows = 32;

    /// <summary>Rows per group when a group's pass over op(B) costs more than its rows' partial sums leaving L1 (see <see cref="RowsPerGroup"/>).</summary>
    private const int WideGroupRows = 128;

    /// <summary>Bytes of op(B)'s panels past which they are taken to come from beyond L2 on every pass (half this core's 1 MB L2).</summary>
    private const long PanelsFromBeyondL2 = 512 * 1024;

    /// <summary>
    /// Rows per group: every group passes over all of op(B)'s panels, and carries each row's partial sums (a panel's width of
    /// C) from block to block. <see cref="GroupRows"/> keeps 32 rows' sums in L1 (32 × 8 vectors are 16 KB beside the 32 KB
    /// block); <see cref="WideGroupRows"/> passes over op(B) a quarter as often and lets the sums go to L2. That pays when
    /// k is at most two blocks (BP4 over a mini-batch: the sums leave L1 once, if at all) or when the panels are too big
    /// for L2 (wide128's forward product packs 803 KB of (W^1)ᵀ, which 4 groups of 32 read 4 times from L3). Not for
    /// inference's 1,000 × 100 × 784 (B in place, 351 KB, stays in L2): there 128 rows cost 2-3 % (probe `-- infer-loop`).
    /// Measured (`backprop bench --threads 1`, 3 alternating rounds, 2026-11-24): wide128 131k-146k ex/s with 32 for
    /// both, 149k-153k with 128 for both; relu128 403k-414k against 420k-433k.
    /// </summary>
    private static int RowsPerGroup(int k, long panelBytes) =>
        k <= 2 * BlockRows || panelBytes > PanelsFromBeyondL2 ? WideGroupRows : GroupRows;

    /// <summary>Fewest rows of C for this path (below, the packing of op(B) costs more than skipping saves).</summary>
    public const int MinRows = 64;

    /// <summary>
    /// Least share of zeros in A's sampled rows: the loop costs ~1.5 cycles per vector FMA against the packed kernel's
    /// ~1.05. Measured (bench `-- sparse`, 1 thread, test images with zeros filled in, 128 × 100 and 128 × 256 × 784):
    /// sparse/packed 0.75–0.78 at 45 % zeros, 0.82 at 40 %, 0.87–0.89 at 35 %, 0.93–0.95 at 30 %, 0.98–1.00 at 25 %;
    /// on 2 threads the gain is smaller (each thread packs op(B)), hence 35 % and not 25 %. (It was 45 % while the loop
    /// cost ~1.7; wide128's δ^1, 43–49 % zeros, fell on either side of it.)
    /// </summary>
    public const double MinZeroShare = 0.35;

    /// <summary>Whether the path may be chosen; a field only so the bench's probe can compare it with the packed path.</summary>
    internal static bool Enabled = true;

    /// <summary>Largest packed op(B), in elements (16 MB of float): each thread keeps its copy in its workspace.</summary>
    public const long MaxPackedElements = 4L << 20;

    /// <summary>
    /// Rows of A sampled for their zeros: 16 rows (12,544 elements of a 784-wide batch) decide as well as the 64 sampled
    /// until 2026-11-24, which read half of a 128-row batch and took 1.5 % of a relu128 step (perf, 1 thread).
    /// </summary>
    private const int SampleRows = 16;

    /// <summary>
    /// Whether <paramref name="p"/> suits the path: at least <see cref="MinZeroShare"/> zeros in <see cref="SampleRows"/>
    /// rows of A as stored, spread over it; at least <see cref="MinRows"/> rows of C; k of at least one block; more
    /// than one vector of columns; packed op(B) within <see cref="MaxPackedElements"/>.
    /// </summary>
    /// <remarks>
    /// With one vector of columns (wide128's output layer, z^3 = a^2·(W^3)ᵀ, 128 × 10 × 128) a row has a single
    /// accumulator, so each nonzero element's FMA waits for the one before (4 cycles) instead of overlapping 7 or 8
    /// others: that product took 16.5-16.8 µs here against 8.5-10.8 µs packed (probe timing each call of a wide128
    /// step, 2026-11-24), 3 % of a step on one thread and more on two, where it runs on the caller alone.
    /// </remarks>
    public static bool Applies<T>(in GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Enabled || !Avx512F.IsSupported || !(typeof(T) == typeof(float) || typeof(T) == typeof(double))) return false;
        if (p.M < MinRows || p.K < BlockRows || p.N <= Vector512<T>.Count) return false;
        if ((long)p.K * ((p.N + Vector512<T>.Count - 1) / Vector512<T>.Count * Vector512<T>.Count) > MaxPackedElements) return false;
        // A as stored: m rows of k, or (transposed) k rows of m; the share of zeros is the same either way.
        int storedRows = p.TransA ? p.K : p.M, length = p.TransA ? p.M : p.K;
        int rows = Math.Min(SampleRows, storedRows), v = Vector512<T>.Count;
        long zeros = 0;
        for (int s = 0; s < rows; s++)
        {
            T* a = p.A + (nint)((long)s * storedRows / rows) * p.Lda;
            int q = 0;
            for (; q + v <= length; q += v)
                zeros += BitOperations.PopCount(Vector512.Equals(Vector512.Load(a + q), Vector512<T>.Zero).ExtractMostSignificantBits());
            for (; q < length; q++) zeros += a[q] == T.Zero ? 1 : 0;
        }
        return zeros >= MinZeroShare * rows * length;
    }

    /// <summary>Widest column panel of packed op(B), in vectors: 8 accumulators per row.</summary>
    private const int PanelVectors = 8;

    /// <summary>
    /// The first column and the width of panel c of <paramref name="panels"/> over <paramref name="vectors"/> vectors of
    /// columns (<paramref name="width"/> columns): the vectors shared out evenly, so that 784 floats (49 vectors) are 7
    /// panels of 7, not 6 of 8 and one of 1, whose one FMA per nonzero element cost 4 % of a relu128 step (perf, 1 thread).
    /// </summary>
    private static (int First, int Cols) Panel(int c, int panels, int vectors, int v, int width)
    {
        int first = c * vectors / panels * v, end = Math.Min((c + 1) * vectors / panels * v, width);
        return (first, end - first);
    }

    /// <summary>
    /// Whether op(B) can be read where it is, as a panel: B not transposed (stored k × n), 64-byte aligned, its row
    /// stride whole vectors and at least n rounded up to them (a row's last vector is read whole: it lies in one cache
    /// line, so this never reads past the memory holding the row), and not a multiple of 1 KB (rows 1 KB apart fall in
    /// the same L1 sets). <see cref="Inference.Predictor{T}"/> keeps (W^l)ᵀ this way, so its batch product z = a·(W^l)ᵀ
    /// skips the copy of W it would otherwise pack on every call.
    /// </summary>
    private static bool InPlace<T>(in GemmProblem<T> p) where T : unmanaged
    {
        int v = Vector512<T>.Count;
        nint bytes = p.Ldb * sizeof(T);
        return !p.TransB && ((nint)p.B & 63) == 0 && p.Ldb % v == 0 && p.Ldb >= (p.N + v - 1) / v * v && bytes % 1024 != 0;
    }

    /// <summary>
    /// A row stride for a k × n matrix that <see cref="InPlace{T}"/> accepts as op(B) (with 64-byte-aligned rows): n
    /// rounded up to whole vectors, and one vector more when that is a multiple of 1 KB.
    /// </summary>
    internal static int InPlaceStride<T>(int n) where T : unmanaged
    {
        int v = Vector512<T>.Count, stride = (n + v - 1) / v * v;
        return stride * sizeof(T) % 1024 == 0 ? stride + v : stride;
    }

    /// <summary>
    /// Rows [i0, i1), columns [j0, j1) of C = α·op(A)·op(B) + β·C. op(B)'s columns [j0, j1) are first packed into this
    /// thread's workspace as panels of up to 8 vectors (each k × its width rounded up to whole vectors, zero-padded,
    /// 64-byte aligned, so a block of a panel is one contiguous run). Then, per group of rows: take each row of op(A) in
    /// place (A not transposed, α = 1) or as a copy α·op(A)[i, ·], mask its nonzero elements block by block, and for
    /// each panel and each block, run every row of the group over that block. <paramref name="j0"/> is a multiple of
    /// the vector width (a thread's range). When B is already laid out as a panel would be (<see cref="InPlace{T}"/>),
    /// its columns are read where they are and nothing is packed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmProblem<T> p, int i0, int i1, int j0, int j1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The last columns, when op(B) has them as rows too, go to dot products over each group's rows (see DotColumns).
        int dots = DotColumns(p, j0, j1);
        j1 -= dots;
        var dotProblem = p;
        if (dots > 0)
        {
            dotProblem.TransB = true;
            dotProblem.B = p.BTailRows;
            dotProblem.Ldb = p.LdbTailRows;
            dotProblem.N = dots;
            dotProblem.C = p.C + (p.N - dots);
            dotProblem.BTail = null;
            dotProblem.BTailRows = null;
        }
        int k = p.K, blocks = (k + BlockRows - 1) / BlockRows, v = Vector512<T>.Count;
        int width = j1 - j0, vectors = (width + v - 1) / v, panels = (vectors + PanelVectors - 1) / PanelVectors;
        int stride = blocks * BlockRows;
        int group = Math.Min(RowsPerGroup(k, (long)k * vectors * v * sizeof(T)), i1 - i0);
        bool copyA = p.TransA || p.Alpha != T.One;
        bool inPlace = InPlace(p);
        nint packedElements = inPlace ? 0 : (nint)k * vectors * v;
        nint copyElements = copyA ? (nint)group * stride : 0;
        nint maskCount = (nint)group * blocks + (nint)panels * blocks + group;
        nint maskElements = (maskCount * sizeof(ulong) + sizeof(T) - 1) / sizeof(T);
        T* packed = Workspace<T>.Get((int)(packedElements + copyElements + maskElements + 64));
        T* copies = packed + packedElements;
        ulong* masks = (ulong*)(copies + copyElements + 64);  // masks[r·blocks + b]: bit t set when a[r, b·BlockRows + t] ≠ 0
        ulong* panelMasks = masks + (nint)group * blocks;     // panelMasks[c·blocks + b]: bit t set when panel c's row b·BlockRows + t is not all 0
        ulong* rowKeeps = panelMasks + (nint)panels * blocks; // rowKeeps[r]: all ones when row r of the group holds ±∞ or NaN (its zero-panel rows are kept)
        bool zeroRows = false;
        for (int c = 0; c < panels; c++)
        {
            var (first, cols) = Panel(c, panels, vectors, v, width);
            ulong* panelRows = panelMasks + (nint)c * blocks;
            T* panel = PanelStart(p, inPlace, packed, j0, first, cols, out nint ldp);
            zeroRows |= inPlace ? ZeroRows(panel, ldp, k, cols, panelRows, blocks) : Pack(p, j0 + first, cols, panel, panelRows, blocks);
        }
        for (int g = i0; g < i1; g += group)
        {
            int rows = Math.Min(group, i1 - g);
            T* aRows = p.A + (nint)g * p.Lda;
            nint lda = p.Lda;
            if (copyA)
            {
                CopyRows(p, g, rows, copies, stride);
                aRows = copies;
                lda = stride;
            }
            for (int r = 0; r < rows; r++)
            {
                for (int b = 0; b < blocks; b++)
                {
                    int q0 = b * BlockRows;
                    masks[r * blocks + b] = NonZeroMask(aRows + r * lda + q0, Math.Min(BlockRows, k - q0));
                }
                rowKeeps[r] = zeroRows && !AllFinite(aRows + r * lda, k) ? ~0UL : 0;
            }
            var rowsOfA = new RowMasks<T>(aRows, lda, masks, blocks, rowKeeps);
            for (int c = 0; c < panels; c++)
            {
                var (first, cols) = Panel(c, panels, vectors, v, width);
                T* panel = PanelStart(p, inPlace, packed, j0, first, cols, out nint ldp);
                int j = j0 + first;
                ulong* panelRows = panelMasks + (nint)c * blocks;
                // The next group's rows of A, asked for while the first panel's group runs (A in place; see Prefetch).
                T* next = c == 0 && !copyA && g + group < i1 ? p.A + (nint)(g + group) * p.Lda : null;
                // In place, the panel that ends at B's last column reads those columns from BTail when the caller keeps
                // one (Predictor: 100 = 6·16 + 4), with a 128-bit FMA instead of a 512-bit one over a mostly padded vector.
                if (inPlace && TailColumns.Apart(p, j, cols))
                    Group<T, ApartRows>(p, g, rows, rowsOfA, panel, ldp, panelRows, j, cols, cols / v, next);
                else
                    Group<T, WholeRows>(p, g, rows, rowsOfA, panel, ldp, panelRows, j, cols, (cols + v - 1) / v, next);
            }
            if (dots > 0) Direct.Run(in dotProblem, g, g + rows);
        }
    }

    /// <summary>
    /// How many of the last columns of [j0, j1) to take as dot products (<see cref="Direct"/>) instead of in the panels:
    /// op(B)'s columns past its last whole vector, 1 to Vector128&lt;T&gt;.Count of them (100 = 6·16 + 4), when they are
    /// also at hand as rows of k (<see cref="GemmProblem{T}.BTailRows"/>: z = a·Wᵀ's W itself, or the Predictor's copy)
    /// and A is not transposed. In a panel they cost a whole FMA per nonzero element of A for a vector that is mostly
    /// padding (an FMA instruction issues once per cycle whatever its width, bench/c/fma_width.c); as dot products, one
    /// FMA per 16 elements of A, zeros included, with A's rows still in cache from the group's pass. Not when fewer than
    /// two vectors of columns would stay in the panels: one vector has a single FMA chain per row, which waits on itself
    /// (see <see cref="Applies{T}"/>), so the lanes saved buy nothing there. Measured (4 alternating rounds, 1 thread,
    /// 2026-11-25): `backprop bench --config relu128` 423.3k-435.4k -> 448.0k-450.7k ex/s (its forward product
    /// 128 × 100 × 784), `--config infer1000` 880.5k-885.7k -> 888.6k-903.6k. Zeros of A are multiplied there, so an
    /// infinite weight among those columns meets them as the plain product does (NaN).
    /// </summary>
    private static int DotColumns<T>(in GemmProblem<T> p, int j0, int j1) where T : unmanaged
    {
        int tail = TailColumns.Count<T>(p.N);
        return p.BTailRows != null && !p.TransA && tail > 0 && j1 == p.N && j1 - j0 - tail >= 2 * Vector512<T>.Count && p.K >= Vector512<T>.Count ? tail : 0;
    }

    /// <summary>
    /// The first row of the panel at columns [j0 + first, j0 + first + cols): in B itself, rows B's stride apart, or in
    /// the packed copy, rows cols rounded up to whole vectors apart (<paramref name="ldp"/>).
    /// </summary>
    private static T* PanelStart<T>(in GemmProblem<T> p, bool inPlace, T* packed, int j0, int first, int cols, out nint ldp) where T : unmanaged
    {
        int v = Vector512<T>.Count;
        ldp = inPlace ? p.Ldb : (cols + v - 1) / v * v;
        return inPlace ? p.B + j0 + first : packed + (nint)first * p.K;
    }

    /// <summary>
    /// Bit t set where a[t] ≠ 0 (NaN counts as nonzero), for t &lt; <paramref name="length"/> ≤ 64: one comparison per
    /// vector and its mask moved to a general register. (A list of positions, compressed with vpcompressd, cost ~5.6 cycles
    /// per 16 elements on this machine and 32 rows' lists crowded the block out of L1; the Block loop walks the bits.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong NonZeroMask<T>(T* a, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ulong bits = 0;
        int q = 0, v = Vector512<T>.Count;
        for (; q + v <= length; q += v)
            bits |= (~Vector512.Equals(Vector512.Load(a + q), Vector512<T>.Zero)).ExtractMostSignificantBits() << q;
        for (; q < length; q++)
            if (a[q] != T.Zero) bits |= 1UL << q;
        return bits;
    }

    /// <summary>
    /// For a panel read in place (k rows of <paramref name="cols"/> at <paramref name="panel"/>, <paramref name="ldp"/>
    /// apart; lanes past cols are not read): the panel's masks as <see cref="Pack"/> leaves them, bit q cleared for each
    /// row q that is all 0; returns whether any row is.
    /// </summary>
    private static bool ZeroRows<T>(T* panel, nint ldp, int k, int cols, ulong* masks, int blocks) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int b = 0; b < blocks; b++) masks[b] = ~0UL;
        var lanes = LastLanes<T>(cols);
        bool zeroRows = false;
        for (int q = 0; q < k; q++)
            zeroRows |= ClearIfZero(masks, q, NonZeroLanes(panel + q * ldp, cols, lanes, null));
        return zeroRows;
    }

    /// <summary>
    /// The OR of a row's comparisons with 0 (a lane set where some element in it is nonzero, NaN included), reading the
    /// row's <paramref name="cols"/> elements a vector at a time, the last one masked to <paramref name="lanes"/>; with
    /// <paramref name="copy"/> (not null), the row is also stored there, zero-padded to whole vectors (<see cref="Pack"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> NonZeroLanes<T>(T* row, int cols, Vector512<T> lanes, T* copy) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector512<T>.Count, t = 0;
        var any = Vector512<T>.Zero;
        for (; t + v < cols; t += v)
        {
            var x = Vector512.Load(row + t);
            if (copy != null) x.Store(copy + t);
            any |= ~Vector512.Equals(x, Vector512<T>.Zero);
        }
        var last = SparseRow.MaskedLoad(row + t, lanes);   // zeros past cols, never read
        if (copy != null) last.Store(copy + t);
        return any | ~Vector512.Equals(last, Vector512<T>.Zero);
    }

    /// <summary>The lanes of a row's last vector that hold its columns (cols ≥ 1).</summary>
    private static Vector512<T> LastLanes<T>(int cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = Vector512<T>.Count;
        return Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(cols - (cols - 1) / v * v)));
    }

    /// <summary>Clears bit q of the panel's masks when <paramref name="any"/>, the OR of a row's comparisons with 0, has no lane set; returns whether it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ClearIfZero<T>(ulong* masks, int q, Vector512<T> any) where T : unmanaged
    {
        if (any.AsByte() != Vector512<byte>.Zero) return false;   // compared as bits: a set lane is a NaN as T
        masks[q / BlockRows] &= ~(1UL << (q % BlockRows));
        return true;
    }

    /// <summary>Whether a[0…length) are all finite (no ±∞, no NaN): x − x is 0 exactly for finite x.</summary>
    private static bool AllFinite<T>(T* a, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int q = 0, v = Vector512<T>.Count;
        var finite = Vector512<T>.AllBitsSet;
        for (; q + v <= length; q += v)
        {
            var x = Vector512.Load(a + q);
            finite &= Vector512.Equals(x - x, Vector512<T>.Zero);
        }
        bool all = finite.AsByte() == Vector512<byte>.AllBitsSet;   // as bits: an all-ones lane is a NaN as T
        for (; q < length; q++) all &= T.IsFinite(a[q]);
        return all;
    }

    /// <summary>A group's rows of op(A) (in place or copied) and the masks of their nonzero elements, block by block.</summary>
    private readonly struct RowMasks<T>(T* a, nint lda, ulong* masks, int blocks, ulong* keeps) where T : unmanaged
    {
        /// <summary>Row r of the group at A + r·Lda.</summary>
        public readonly T* A = a;

        /// <summary>Distance between the group's rows.</summary>
        public readonly nint Lda = lda;

        /// <summary>Masks[r·Blocks + b]: bit t set when row r's element b·BlockRows + t is nonzero.</summary>
        public readonly ulong* Masks = masks;

        /// <summary>Blocks of <see cref="BlockRows"/> positions in k.</summary>
        public readonly int Blocks = blocks;

        /// <summary>Keeps[r]: all ones when row r holds ±∞ or NaN, so that the rows of a panel that are all 0 are still multiplied by it.</summary>
        public readonly ulong* Keeps = keeps;
    }

    /// <summary>
    /// dst[r·ld + q] = α·op(A)[g + r, q] for r &lt; rows, q &lt; k: rows of A scaled, or (A stored transposed, k × m)
    /// its columns gathered, 8 × 8 blocks transposed in registers for float.
    /// </summary>
    private static void CopyRows<T>(in GemmProblem<T> p, int g, int rows, T* dst, nint ld) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = p.K;
        nint lda = p.Lda;
        if (!p.TransA)
        {
            for (int r = 0; r < rows; r++)
                System.Numerics.Tensors.TensorPrimitives.Multiply(new ReadOnlySpan<T>(p.A + (g + r) * lda, k), p.Alpha, new Span<T>(dst + r * ld, k));
            return;
        }
        Packing.Transpose(p.A + g, lda, k, rows, dst, ld);
        if (p.Alpha != T.One)
            for (int r = 0; r < rows; r++)
            {
                var row = new Span<T>(dst + r * ld, k);
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, p.Alpha, row);
            }
    }

    /// <summary>
    /// dst[q·w + t] = op(B)[q, j + t] for q &lt; k, t &lt; cols, zero for cols ≤ t &lt; w, with w = cols rounded up to
    /// whole vectors, and the panel's masks: all bits set, then for B stored k × n bit q cleared for each row q that is all
    /// 0, noted while copying it a vector at a time (a second pass over the packed panel, as <see cref="ZeroRows"/> makes
    /// over B in place, took BP4 100 × 784 × 128 from 0.63-0.64 to 0.69 of the packed time, `-- sparse-bp4`). Bᵀ stored
    /// n × k (W^l, whose rows are never all 0): a transpose, 8 × 8 blocks in registers for float. Returns whether any row is all 0.
    /// </summary>
    private static bool Pack<T>(in GemmProblem<T> p, int j, int cols, T* dst, ulong* masks, int blocks) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = p.K, v = Vector512<T>.Count, w = (cols + v - 1) / v * v;
        nint ldb = p.Ldb;
        for (int b = 0; b < blocks; b++) masks[b] = ~0UL;
        if (!p.TransB)
        {
            bool zeroRows = false;
            var lanes = LastLanes<T>(cols);
            for (int q = 0; q < k; q++)
                zeroRows |= ClearIfZero(masks, q, NonZeroLanes(p.B + q * ldb + j, cols, lanes, dst + (nint)q * w));
            return zeroRows;
        }
        Packing.Transpose(p.B + j * ldb, ldb, cols, k, dst, w);
        if (w > cols)
            for (int q = 0; q < k; q++) new Span<T>(dst + (nint)q * w + cols, w - cols).Clear();
        return false;
    }

    /// <summary>The panel's group over <paramref name="vectors"/> vectors of accumulators (1 to 8; with the columns apart, its whole vectors).</summary>
    private static void Group<T, TEnd>(in GemmProblem<T> p, int g, int rows, RowMasks<T> a, T* panel, nint ldp, ulong* panelRows, int j, int cols, int vectors, T* next)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TEnd : struct, IRowEnd
    {
        switch (vectors)
        {
            case 1: Group<T, One, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
            case 2: Group<T, Two, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
            case 3: Group<T, Three, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
            case 4: Group<T, Four, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
            case 5: Group<T, Five, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
            case 6: Group<T, Six, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
            case 7: Group<T, Seven, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
            default: Group<T, Eight, TEnd>(p, g, rows, a, panel, ldp, panelRows, j, cols, next); break;
        }
    }

    /// <summary>
    /// Columns [j, j + cols) of the group's rows of C, over a panel of op(B) (row stride <paramref name="ldp"/>: packed,
    /// cols rounded up to whole vectors; in place, B's), block by block; with the columns apart, the last ones over BTail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group<T, TVectors, TEnd>(in GemmProblem<T> p, int g, int rows, RowMasks<T> a, T* panel, nint ldp, ulong* panelRows, int j, int cols, T* next)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVectors : struct, ITileSize
        where TEnd : struct, IRowEnd
    {
        // With the columns apart, vector TVectors.Count of C's row is the last columns, kept in a 128-bit accumulator.
        int v = Vector512<T>.Count, last = TEnd.Apart ? TVectors.Count : TVectors.Count - 1, blocks = a.Blocks;
        T* aRows = a.A;
        nint lda = a.Lda;
        Vector512<T> lanes = Vector512.LessThan(Vector512<T>.Indices, Vector512.Create(T.CreateTruncating(cols - last * v)));
        var beta = Vector512.Create(p.Beta);
        for (int b = 0; b < blocks; b++)
        {
            // The first block starts each row's chains (at 0 for β = 0, at β·c otherwise; at c itself for β = 1, BP4 without decay).
            var start = b > 0 ? Chains.Continue : RowOfC.StartFor(p.Beta);
            T* bBlock = panel + (nint)b * BlockRows * ldp, tailBlock = p.BTail + (nint)b * BlockRows * Vector128<T>.Count;
            // Pointers carried from row to row (not recomputed from r), so that the JIT keeps them in registers
            // instead of recomputing them inside the inlined FMA loop.
            T* aBlock = aRows + b * BlockRows, c = p.C + (nint)g * p.Ldc + j;
            ulong* mask = a.Masks + b;
            ulong liveRows = panelRows[b];
            T* ahead = next == null ? null : next + b * BlockRows;   // the same block of the next group's rows
            for (int r = 0; r < rows; r++, aBlock += lda, c += p.Ldc, mask += blocks)
            {
                if (ahead != null) Prefetch(ahead + r * lda);
                Block<T, TVectors, TEnd>(aBlock, *mask & (liveRows | a.Keeps[r]), bBlock, ldp, tailBlock, c, lanes, start, beta);
            }
        }
    }

    /// <summary>
    /// Asks for the cache lines of a block of a row of A (<see cref="BlockRows"/> elements) ahead of its use: a group
    /// passes over its rows' blocks while the next group's are fetched, one block per row and block. The last block may
    /// reach past the row, or past A; a prefetch never faults. Batches of 1,000 Fashion-MNIST test images (probe
    /// `-- infer-loop`, alternating): 1.251-1.263 -> 1.176-1.213 µs an example at 1 thread, 0.670-0.673 -> 0.637-0.660 at 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch<T>(T* block) where T : unmanaged
    {
        for (int t = 0; t < BlockRows; t += 64 / sizeof(T)) Sse.Prefetch0(block + t);
    }

    /// <summary>
    /// One row over one block of B: c += Σ a_q·B[q, j…] over the positions q of the set bits of <paramref name="nonzero"/>,
    /// in increasing q, one FMA chain per element of c. TVectors vectors of accumulators; the last vector of c is masked to the live columns, while B's rows
    /// are read whole (packed panels pad them with zeros; in place, the padding lanes reach only lanes of c that are never
    /// stored), so that each load folds into its FMA. In the first block the chains start there (<paramref name="start"/>:
    /// 0 or β·c, stored even when the block adds nothing) instead of in a pass of their own over C, which β = 1 (BP4 without
    /// decay) needs not at all: wide128 step (probe `-- step128-loop`, 3 alternating rounds) 953-965 -> 936-944 µs with
    /// β = 1 skipped, `backprop bench --config wide128 --threads 1` 138k-142k -> 143k-148k ex/s with both.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block<T, TVectors, TEnd>(T* a, ulong nonzero, T* rows, nint ldb, T* tails, T* c, Vector512<T> live, Chains start, Vector512<T> beta)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TVectors : struct, ITileSize
        where TEnd : struct, IRowEnd
    {
        if (nonzero == 0 && start == Chains.Continue) return;
        int v = Vector512<T>.Count, lv = TEnd.Apart ? TVectors.Count : TVectors.Count - 1;
        nint ldt = Vector128<T>.Count;
        Vector512<T> s0, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        Vector128<T> st = TEnd.Apart ? Begin(c, lv, lv, live, start, beta).GetLower().GetLower() : default;
        s0 = Begin(c, 0, lv, live, start, beta);
        if (TVectors.Count > 1) s1 = Begin(c, 1, lv, live, start, beta);
        if (TVectors.Count > 2) s2 = Begin(c, 2, lv, live, start, beta);
        if (TVectors.Count > 3) s3 = Begin(c, 3, lv, live, start, beta);
        if (TVectors.Count > 4) s4 = Begin(c, 4, lv, live, start, beta);
        if (TVectors.Count > 5) s5 = Begin(c, 5, lv, live, start, beta);
        if (TVectors.Count > 6) s6 = Begin(c, 6, lv, live, start, beta);
        if (TVectors.Count > 7) s7 = Begin(c, 7, lv, live, start, beta);
        while (nonzero != 0)
        {
            nint q = (nint)BitOperations.TrailingZeroCount(nonzero);
            var x = Vector512.Create(a[q]);
            T* b = rows + q * ldb;
            s0 = Fma(Vector512.Load(b), x, s0);
            if (TVectors.Count > 1) s1 = Fma(Vector512.Load(b + v), x, s1);
            if (TVectors.Count > 2) s2 = Fma(Vector512.Load(b + 2 * v), x, s2);
            if (TVectors.Count > 3) s3 = Fma(Vector512.Load(b + 3 * v), x, s3);
            if (TVectors.Count > 4) s4 = Fma(Vector512.Load(b + 4 * v), x, s4);
            if (TVectors.Count > 5) s5 = Fma(Vector512.Load(b + 5 * v), x, s5);
            if (TVectors.Count > 6) s6 = Fma(Vector512.Load(b + 6 * v), x, s6);
            if (TVectors.Count > 7) s7 = Fma(Vector512.Load(b + 7 * v), x, s7);
            if (TEnd.Apart) st = Fma(Vector128.Load(tails + q * ldt), x.GetLower().GetLower(), st);
            nonzero &= nonzero - 1;
        }
        Store(c, 0, lv, s0, live);
        if (TVectors.Count > 1) Store(c, 1, lv, s1, live);
        if (TVectors.Count > 2) Store(c, 2, lv, s2, live);
        if (TVectors.Count > 3) Store(c, 3, lv, s3, live);
        if (TVectors.Count > 4) Store(c, 4, lv, s4, live);
        if (TVectors.Count > 5) Store(c, 5, lv, s5, live);
        if (TVectors.Count > 6) Store(c, 6, lv, s6, live);
        if (TVectors.Count > 7) Store(c, 7, lv, s7, live);
        if (TEnd.Apart) Store(c, lv, lv, st.ToVector256Unsafe().ToVector512Unsafe(), live);
    }
}
