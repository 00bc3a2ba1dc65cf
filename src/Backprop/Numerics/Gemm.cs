// Gemm: the matrix product on the training hot path, C = α·op(A)·op(B) + β·C, row-major.
//
// Public entry, dispatch and threading. The product itself is the packed, cache-blocked, register-tiled
// design of Goto & van de Geijn ("Anatomy of high-performance matrix multiplication", ACM TOMS 2008) and
// BLIS: block sizes and loop nest in Gemm/Blocking.cs, packing in Gemm/Packing.cs, the 8 × 32 (float,
// AVX-512) register tile in Gemm/Microkernel.cs. Small shapes skip the packing: Gemm/Tiny.cs (a few thousand
// flops), Gemm/Direct.cs (few rows, B transposed: dot products), Gemm/SparseRow.cs (one row, B not transposed:
// B's rows under the row's nonzero elements), Gemm/SparseRows.cs (many rows, half or more of A zero: the same over
// blocks of op(B) packed to stay in L1), Gemm/OuterProducts.cs (k ≤ 48, A transposed and B not: BP4 over a small mini-batch
// as k outer products added to C, B read in place).
//
// Threads: C is cut into contiguous ranges of whole tiles along one dimension, one range per thread, so each
// element of C is computed by exactly one thread with the same k blocking and order ⇒ bit-identical results
// for any thread count. The workers are a few persistent background threads woken by semaphores, so a
// threaded call allocates nothing either; products too small to repay waking them stay on the caller.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backprop.Numerics.GemmKernels;

namespace Backprop.Numerics
{

    /// <summary>
    /// The fast matrix product C = α·op(A)·op(B) + β·C (BLAS <c>gemm</c> semantics, row-major storage).
    /// Transposed operands are handled inside (never materialised by the caller).
    /// </summary>
    public static class Gemm
    {
        private static int s_defaultThreads = 1;

        /// <summary>
        /// Threads used by the overload without a thread count. Defaults to 1 (the caller's thread only).
        /// Results do not depend on it: every thread count gives bit-identical C.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">When set below 1.</exception>
        public static int DefaultThreads
        {
            get => Volatile.Read(ref s_defaultThreads);
            set
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
                Volatile.Write(ref s_defaultThreads, value);
            }
        }

        /// <summary>
        /// Smallest product, in floating-point operations 2·m·n·k, that is split across threads. Measured on Zen 5
        /// (bench probe-threads): with the worker already polling, two threads gain 1.3-1.6× from ~2.5 MFLOP
        /// (fwd 16×100×784: 27 → 17 µs) and 1.7-1.9× from 50 MFLOP; a worker that has gone to sleep costs about
        /// 25 µs to wake, which a ~40 µs (4 MFLOP) product still about repays. A field only so the probe can lower it.
        /// </summary>
        internal static long ParallelMinFlops = 4_000_000;

        /// <summary>C = α·op(A)·op(B) + β·C on <see cref="DefaultThreads"/> threads. Same contract as <see cref="GemmReference.Multiply{T}"/>.</summary>
        /// <param name="transA">Whether A is stored transposed: op(A) = Aᵀ and A is k × m in memory.</param>
        /// <param name="transB">Whether B is stored transposed: op(B) = Bᵀ and B is n × k in memory.</param>
        /// <param name="m">Rows of op(A) and of C.</param>
        /// <param name="n">Columns of op(B) and of C.</param>
        /// <param name="k">Columns of op(A), rows of op(B).</param>
        /// <param name="alpha">Scale α of the product.</param>
        /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
        /// <param name="lda">Distance between consecutive rows of A as stored.</param>
        /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
        /// <param name="ldb">Distance between consecutive rows of B as stored.</param>
        /// <param name="beta">Scale β of the old C; when β = 0, C is overwritten and its old contents (even NaN) are ignored.</param>
        /// <param name="c">C, m × n row-major with leading dimension <paramref name="ldc"/>.</param>
        /// <param name="ldc">Distance between consecutive rows of C.</param>
        public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
            T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
            T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
            => Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, DefaultThreads);

        /// <summary>C = α·op(A)·op(B) + β·C on at most <paramref name="threads"/> threads (the caller's included).</summary>
        /// <param name="transA">Whether A is stored transposed: op(A) = Aᵀ and A is k × m in memory.</param>
        /// <param name="transB">Whether B is stored transposed: op(B) = Bᵀ and B is n × k in memory.</param>
        /// <param name="m">Rows of op(A) and of C.</param>
        /// <param name="n">Columns of op(B) and of C.</param>
        /// <param name="k">Columns of op(A), rows of op(B).</param>
        /// <param name="alpha">Scale α of the product.</param>
        /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
        /// <param name="lda">Distance between consecutive rows of A as stored.</param>
        /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
        /// <param name="ldb">Distance between consecutive rows of B as stored.</param>
        /// <param name="beta">Scale β of the old C; when β = 0, C is overwritten and its old contents (even NaN) are ignored.</param>
        /// <param name="c">C, m × n row-major with leading dimension <paramref name="ldc"/>.</param>
        /// <param name="ldc">Distance between consecutive rows of C.</param>
        /// <param name="threads">Most threads to use; small products use fewer. The result is the same for every value.</param>
        /// <exception cref="ArgumentOutOfRangeException">When <paramref name="threads"/> is below 1.</exception>
        public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
            T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
            T beta, Span<T> c, int ldc, int threads) where T : unmanaged, IFloatingPointIeee754<T>
            => Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads, default);

        /// <summary>
        /// As <see cref="Multiply{T}(bool, bool, int, int, int, T, ReadOnlySpan{T}, int, ReadOnlySpan{T}, int, T, Span{T}, int, int)"/>,
        /// with <paramref name="bTail"/>, when not empty, a copy of B's last n mod Vector512&lt;T&gt;.Count columns (1 to
        /// Vector128&lt;T&gt;.Count of them), row q of them at q·Vector128&lt;T&gt;.Count, zero-padded: the one-row path reads
        /// it instead of the last cache line of each of B's rows (<see cref="GemmProblem{T}.BTail"/>). The result is the same with it or without.
        /// With <paramref name="bTailRows"/>, when not empty, the same columns as rows of k (row t at t·k), which a batch
        /// product that skips A's zeros takes as dot products, as it does by itself for a transposed B
        /// (<see cref="GemmProblem{T}.BTailRows"/>): those columns' sums are then taken in another order.
        /// </summary>
        /// <exception cref="ArgumentException">When <paramref name="bTail"/> or <paramref name="bTailRows"/> is given for a
        /// transposed B, for an n whose last columns do not fit a 128-bit vector, or is shorter than k rows (k values each) of them.</exception>
        internal static unsafe void Multiply<T>(bool transA, bool transB, int m, int n, int k,
            T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
            T beta, Span<T> c, int ldc, int threads, ReadOnlySpan<T> bTail, ReadOnlySpan<T> bTailRows = default) where T : unmanaged, IFloatingPointIeee754<T>
        {
            GemmArguments.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
            ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
            int tailColumns = TailColumns.Count<T>(n);
            if (!bTail.IsEmpty && (transB || tailColumns == 0 || bTail.Length < (long)k * Vector128<T>.Count))
                throw new ArgumentException($"bTail ({bTail.Length} values) must hold the last {n % Vector512<T>.Count} of n = {n} columns of an untransposed B in k = {k} rows of {Vector128<T>.Count}, and those columns must fit one 128-bit vector", nameof(bTail));
            if (!bTailRows.IsEmpty && (transB || tailColumns == 0 || bTailRows.Length < (long)k * tailColumns))
                throw new ArgumentException($"bTailRows ({bTailRows.Length} values) must hold the last {n % Vector512<T>.Count} of n = {n} columns of an untransposed B as rows of k = {k}, and those columns must fit one 128-bit vector", nameof(bTailRows));
            if (m == 0 || n == 0) return;
            fixed (T* pa = a, pb = b, pc = c, pt = bTail, pr = bTailRows)
            {
                if (k == 0 || alpha == T.Zero)
                {
                    // No product to add: C = β·C (β = 0 clears, NaN included).
                    ScaleC(m, n, beta, pc, ldc);
                    return;
                }
                var problem = new GemmProblem<T>
                {
                    TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                    A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc, BTail = bTail.IsEmpty ? null : pt,
                };
                // op(B)'s last columns as rows of k: a transposed B's own last rows, or the caller's copy.
                if (tailColumns > 0 && transB)
                {
                    problem.BTailRows = pb + (nint)(n - tailColumns) * ldb;
                    problem.LdbTailRows = ldb;
                }
                else if (!bTailRows.IsEmpty)
                {
                    problem.BTailRows = pr;
                    problem.LdbTailRows = k;
                }
                // One row first: SparseRow skips A's zeros, and with one vector of columns (a 10-unit output layer for one
                // example) its single FMA chain per element is as long as A's nonzeros, where Tiny's is k long.
                bool oneRow = SparseRow.Applies(in problem);
                if (!oneRow && Tiny.Applies(in problem)) { Tiny.Run(in problem); return; }
                var path = oneRow ? GemmPath.SparseRow
                    : Direct.Applies(in problem) ? GemmPath.Direct
                    : OuterProducts.Applies(in problem) ? GemmPath.OuterProducts
                    : SparseRows.Applies(in problem) ? GemmPath.SparseRows
                    : GemmPath.Blocked;
                var split = Split.Choose<T>(m, n, k, threads, path, transA, transB);
                if (split.Parts > 1) Workers.Run(in problem, split);
                else if (path == GemmPath.SparseRow) SparseRow.Run(in problem, 0, n);
                else if (path == GemmPath.SparseRows) SparseRows.Run(in problem, 0, m, 0, n);
                else if (path == GemmPath.Direct) Direct.Run(in problem, 0, m);
                else if (path == GemmPath.OuterProducts) OuterProducts.Run(in problem, 0, m);
                else Blocking.Run(in problem, 0, m, 0, n);
            }
        }

        private static unsafe void ScaleC<T>(int m, int n, T beta, T* c, nint ldc) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int i = 0; i < m; i++)
            {
                var row = new Span<T>(c + i * ldc, n);
                if (beta == T.Zero) row.Clear();
                else if (beta != T.One) System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }
}

namespace Backprop.Numerics.GemmKernels
{
    /// <summary>Which kernels compute a product.</summary>
    internal enum GemmPath
    {
        /// <summary>Packed and cache-blocked (<see cref="Blocking"/>).</summary>
        Blocked,

        /// <summary>Dot products straight from the operands (<see cref="GemmKernels.Direct"/>).</summary>
        Direct,

        /// <summary>One row times B, B's rows scaled by the row's nonzero elements (<see cref="GemmKernels.SparseRow"/>).</summary>
        SparseRow,

        /// <summary>Many rows with many zeros, each as <see cref="SparseRow"/> over blocks of packed op(B) (<see cref="GemmKernels.SparseRows"/>).</summary>
        SparseRows,

        /// <summary>A small k (BP4 over a small mini-batch): k outer products added to C, B read in place (<see cref="GemmKernels.OuterProducts"/>).</summary>
        OuterProducts,
    }

    /// <summary>How a product is shared among threads: <see cref="Parts"/> ranges of whole tiles along rows or columns.</summary>
    internal readonly record struct Split(int Parts, bool ByRows, int Tile, GemmPath Path = GemmPath.Blocked)
    {
        /// <summary>
        /// Picks the thread count and the dimension to cut. Each thread packs the operand it does not cut in full,
        /// so cutting rows duplicates the packing of op(B) (k·n) and cutting columns that of op(A) (m·k);
        /// the estimate below weighs that against the load imbalance of whole tiles.
        /// </summary>
        public static Split Choose<T>(int m, int n, int k, int threads, GemmPath path, bool transA, bool transB) where T : unmanaged
        {
            int mr = Microkernel.MR, nr = Microkernel.NR<T>();
            int tilesM = (m + mr - 1) / mr, tilesN = (n + nr - 1) / nr;
            bool direct = path == GemmPath.Direct;
            if (path == GemmPath.SparseRow)
            {
                // One row against a B that streams from L2: as for the direct path below, each core takes a share of
                // C's columns (whole vectors) and keeps that share of B's rows in its own L2.
                int v = Vector512<T>.Count;
                bool split = threads > 1 && (long)n * k * Unsafe.SizeOf<T>() >= LatencyMinBytes;
                return new Split(split ? Math.Min(threads, (n + v - 1) / v) : 1, false, v, GemmPath.SparseRow);
            }
            if (path == GemmPath.SparseRows)
            {
                // Rows are cut, and each thread packs all of op(B). Cutting columns instead (each thread packing its own
                // columns, whole vectors) measured slower at 2 threads for every shape tried, alternating in one run
                // (time with columns cut / rows cut): forward 128 × 100 × 784 1.21, 1000 × 100 × 784 1.32,
                // 128 × 256 × 784 1.04, 1000 × 256 × 784 1.06 (bench `-- sparse`); BP4 100 × 784 × 128 1.02,
                // 256 × 784 × 128 1.12 (bench `-- sparse-bp4`). Packing op(B) once between the threads (each a share of
                // the panels, then each its rows over all of them) was slower too (2026-11-24, two alternating rounds,
                // sparse/packed): 128 × 100 × 784 0.71-0.77 -> 0.95-1.78, 128 × 256 × 784 0.73 -> 0.86-1.43, BP4
                // 100 × 784 × 128 0.75-0.80 -> 1.01-1.94: a core then reads half the panels out of the other core's cache.
                // So was handing out groups of rows from a shared counter instead of fixed halves (16-row groups:
                // 0.72-0.77 -> 0.78-0.86 of packed; 32-row groups: forward equal, BP4 100 × 784 × 128 0.80 -> 0.97).
                if (threads <= 1 || 2L * m * n * k < Gemm.ParallelMinFlops) return new Split(1, true, 1, path);
                return new Split(Math.Min(threads, m), true, 1, path);
            }
            if (direct && threads > 1 && m <= LatencyMaxRows && (long)n * k * Unsafe.SizeOf<T>() >= LatencyMinBytes)
            {
                // A few rows against a large B (inference one example at a time): the product streams B from L2
                // and is bound by that, not by arithmetic, so each core takes a share of B's rows (C's columns,
                // in the direct kernels' 4-column tiles) and keeps it in its own L2. Measured (C, bench/c/matvec_l2.c):
                // 1 × 100 × 784 took 2.8 µs on one core, 1.5-1.7 µs on two with spinning sync; here 3.4 → 2.1-2.4 µs.
                const int columnsPerTile = 4;
                return new Split(Math.Min(threads, (n + columnsPerTile - 1) / columnsPerTile), false, columnsPerTile, GemmPath.Direct);
            }
            if (threads <= 1 || 2L * m * n * k < Gemm.ParallelMinFlops || Math.Max(tilesM, tilesN) < 2)
                return new Split(1, true, mr, path);
            if (direct || path == GemmPath.OuterProducts)
            {
                // These paths pack nothing, so rows are cut in 4-row blocks with no duplicated work (op(A)'s copy in
                // OuterProducts is each thread's own rows).
                const int rowsPerBlock = 4;
                int blocks = (m + rowsPerBlock - 1) / rowsPerBlock;
                return new Split(Math.Min(threads, blocks), true, rowsPerBlock, path);
            }
            int parts = Math.Min(threads, Math.Max(tilesM, tilesN));
            // Cost in multiply-adds: the largest part's product plus the duplicated packing (~8 FMAs per packed
            // element). An operand the Vector512 path reads in place (A not transposed, B not transposed) costs
            // nothing to duplicate: for the forward product A·Wᵀ cutting columns then splits the W transpose.
            bool inPlace = Vector512.IsHardwareAccelerated;
            long packA = inPlace && !transA ? 0 : 8, packB = inPlace && !transB ? 0 : 8;
            long byRows = (long)((tilesM + parts - 1) / parts) * mr * n * k + packB * k * n;
            long byCols = (long)((tilesN + parts - 1) / parts) * nr * m * k + packA * m * k;
            bool rows = tilesM >= parts && (byRows <= byCols || tilesN < parts);
            return new Split(parts, rows, rows ? mr : nr);
        }

        /// <summary>Most rows of C for which a product bound by streaming B is split across threads by columns.</summary>
        public const int LatencyMaxRows = 2;

        /// <summary>Least size of B, in bytes, for that split: more than L1 holds, so B streams from L2 on every call.</summary>
        public const long LatencyMinBytes = 128 * 1024;

        /// <summary>Start of range <paramref name="part"/> along the cut dimension of length <paramref name="extent"/>.</summary>
        public int Start(int part, int extent)
        {
            int tiles = (extent + Tile - 1) / Tile;
            // Spread the whole tiles as evenly as possible; bounds stay on tile boundaries.
            long tile = (long)tiles * part / Parts;
            return (int)Math.Min(extent, tile * Tile);
        }
    }

    /// <summary>
    /// Persistent background workers that run the parts of a product beside the calling thread.
    /// Calls are serialised by a lock; the job is passed through static fields and a cached delegate, so
    /// nothing is allocated per call once the workers exist. An idle worker polls briefly, then sleeps.
    /// A thread that finds the lock held by another thread's product blocks on it, and a thread's first blocking wait on a
    /// .NET monitor allocates on that thread (680 B, 2,000 B for the process's first, measured on .NET 10): only callers
    /// on several threads at once see it, never a single trainer.
    /// </summary>
    internal static class Workers
    {
        private static readonly object s_gate = new();
        private static Worker[] s_workers = [];
        private static long s_sequence;
        private static int s_parts;
        private static int s_pending;
        private static Action<int>? s_job;
        private static Exception? s_error;

        /// <summary>
        /// How long an idle worker polls for the next product before blocking: a training step issues its
        /// products a few microseconds apart, and a blocked thread takes ~25 µs to wake (measured: a 20 MFLOP
        /// product on two threads took 129 µs after a sleep against ~105 µs back to back).
        /// </summary>
        private static readonly long s_spinTicks = System.Diagnostics.Stopwatch.Frequency / 20_000;

        /// <summary>Runs <paramref name="split"/>.Parts ranges of <paramref name="problem"/>: part 0 here, the rest on workers.</summary>
        public static void Run<T>(in GemmProblem<T> problem, Split split) where T : unmanaged, IFloatingPointIeee754<T>
        {
            lock (s_gate)
            {
                Job<T>.Problem = problem;
                Job<T>.Split = split;
                try
                {
                    RunParts(Job<T>.RunPart, split.Parts);
                }
                finally
                {
                    Job<T>.Problem = default;
                }
            }
        }

        /// <summary>
        /// Runs <paramref name="job"/>(0) here and <paramref name="job"/>(1…parts−1) on the workers, and returns when all
        /// have finished. For work beside the products (training's gather of a mini-batch); a cached delegate keeps it
        /// allocation-free.
        /// </summary>
        public static void For(Action<int> job, int parts)
        {
            if (parts <= 1) { job(0); return; }
            lock (s_gate) RunParts(job, parts);
        }

        /// <summary>
        /// For tests: runs on the caller between publishing a job and waking the sleeping workers, where a caller held
        /// up by the scheduler once let a worker run a job twice (see <see cref="Worker.Loop"/>).
        /// </summary>
        internal static Action? HeldUpAfterPublishing;

        private static void RunParts(Action<int> job, int parts)
        {
            EnsureWorkers(parts - 1);
            s_job = job;
            s_error = null;
            s_parts = parts;
            Volatile.Write(ref s_pending, parts - 1);
            // Publish the job (a full fence), then wake the participants that have gone to sleep.
            Interlocked.Increment(ref s_sequence);
            HeldUpAfterPublishing?.Invoke();
            for (int w = 0; w < parts - 1; w++)
                if (Interlocked.Exchange(ref s_workers[w].Sleeping, 0) == 1) s_workers[w].Wake.Release();
            try
            {
                job(0);
            }
            finally
            {
                // Even if this thread's part throws, the workers hold pointers into the caller's pinned
                // spans: they must finish before the fixed block that pins them is left. A polling worker
                // finishes within microseconds of this thread, so poll the count with the shortest pause, then
                // yield the core while a descheduled worker catches up. Never a blocking wait: the first one a
                // thread makes allocates (64 B for a SemaphoreSlim, 88 B for a ManualResetEventSlim, measured),
                // which broke the zero-allocation step whenever a busy machine delayed a worker.
                for (int spin = 0; spin < 10_000 && Volatile.Read(ref s_pending) != 0; spin++) Thread.SpinWait(1);
                var wait = new SpinWait();
                while (Volatile.Read(ref s_pending) != 0) wait.SpinOnce(sleep1Threshold: -1);
            }
            // A worker's exception is rethrown as it was thrown (type, message and its stack trace kept), so a failure reads
            // the same whether the part that failed ran on this thread or on a worker.
            if (s_error is { } error)
            {
                s_error = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }

        private static void EnsureWorkers(int count)
        {
            if (s_workers.Length >= count) return;
            var workers = new Worker[count];
            Array.Copy(s_workers, workers, s_workers.Length);
            for (int w = s_workers.Length; w < count; w++)
            {
                var worker = workers[w] = new Worker(w + 1);
                // The new worker must not take the current job for a fresh one: it starts from the present sequence.
                worker.Seen = Volatile.Read(ref s_sequence);
                new Thread(worker.Loop) { IsBackground = true, Name = $"gemm-{w + 1}" }.Start();
            }
            s_workers = workers;
        }

        /// <summary>One persistent worker: polls for a new job sequence number, then sleeps on its semaphore.</summary>
        private sealed class Worker(int part)
        {
            public readonly SemaphoreSlim Wake = new(0);
            public int Sleeping;
            public long Seen;

            public void Loop()
            {
                while (true)
                {
                    // Poll with the shortest pause and read the clock only every 64 polls: a job is picked up within
                    // a few tens of nanoseconds, which a product of ~1 µs (one example through a layer) needs.
                    long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + s_spinTicks;
                    for (int polls = 1; Volatile.Read(ref s_sequence) == Seen; polls++)
                    {
                        Thread.SpinWait(1);
                        if ((polls & 63) == 0 && System.Diagnostics.Stopwatch.GetTimestamp() >= deadline) break;
                    }
                    if (Volatile.Read(ref s_sequence) == Seen)
                    {
                        // Announce the sleep (a full fence, so the look below cannot move before it), then look
                        // again: either no job came (the caller will see the flag and release us) or one came
                        // and whoever clears the flag owns the wake-up.
                        Interlocked.Exchange(ref Sleeping, 1);
                        if (Volatile.Read(ref s_sequence) == Seen || Interlocked.Exchange(ref Sleeping, 0) == 0)
                            Wake.Wait();
                    }
                    // A wake-up may belong to a job this worker has already run: the caller clears the flag and
                    // releases after publishing, and if it was held up in between, the worker may have taken the job by
                    // polling, run it, and gone to sleep again (setting the flag anew) before the release. Run a job only
                    // for a new sequence number: running the old one again drove the count of pending parts to −1, and
                    // the caller then waited for 0 forever (seen 2026-11-24: infer1 on 2 threads hung in bench/compare.sh),
                    // besides applying a β ≠ 0 product twice.
                    long sequence = Volatile.Read(ref s_sequence);
                    if (sequence == Seen) continue;
                    Seen = sequence;
                    if (part >= Volatile.Read(ref s_parts)) continue; // not needed for this product
                    try { s_job!(part); }
                    catch (Exception e) { s_error = e; }
                    Interlocked.Decrement(ref s_pending);
                }
            }
        }

        private static class Job<T> where T : unmanaged, IFloatingPointIeee754<T>
        {
            public static GemmProblem<T> Problem;
            public static Split Split;
            public static readonly Action<int> RunPart = Part;

            private static void Part(int part)
            {
                // A private copy on this thread's stack: read through a reference to the shared static, the
                // dW and m = 1000 shapes ran no faster on two threads than on one (measured, bench probe-split).
                GemmProblem<T> p = Problem;
                // The one-row path hands its ranges out last first: the last range holds the extra vector (n = 100: 4 of
                // the 7), and the caller, which starts at once, takes it (infer1 at 2 threads 1.79-1.93 -> 1.74 µs, probe).
                if (Split.Path == GemmPath.SparseRow) SparseRow.Run(in p, Split.Start(Split.Parts - 1 - part, p.N), Split.Start(Split.Parts - part, p.N));
                else if (Split.Path == GemmPath.SparseRows) SparseRows.Run(in p, Split.Start(part, p.M), Split.Start(part + 1, p.M), 0, p.N);
                else if (Split.Path == GemmPath.Direct && Split.ByRows) Direct.Run(in p, Split.Start(part, p.M), Split.Start(part + 1, p.M));
                else if (Split.Path == GemmPath.Direct) Direct.Run(in p, 0, p.M, Split.Start(part, p.N), Split.Start(part + 1, p.N));
                else if (Split.Path == GemmPath.OuterProducts) OuterProducts.Run(in p, Split.Start(part, p.M), Split.Start(part + 1, p.M));
                else if (Split.ByRows) Blocking.Run(in p, Split.Start(part, p.M), Split.Start(part + 1, p.M), 0, p.N);
                else Blocking.Run(in p, 0, p.M, Split.Start(part, p.N), Split.Start(part + 1, p.N));
            }
        }
    }
}
