using Backprop.Training.Optimizers;
using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Randomness;
using Backprop.Training.Schedules;

namespace Backprop.Training;

/// <summary>
/// Mini-batch stochastic gradient descent (Nielsen's <c>SGD</c>): each epoch shuffles the training set with the seeded
/// generator, splits it into mini-batches of m, and for each one gathers the examples (shifting images if asked), draws
/// dropout masks, backpropagates (BP1–BP4), applies the L2/L1 decay and lets the optimiser step. After each epoch it
/// measures cost and accuracy, and the schedule and early stopping see the report. Same seed, data and options ⇒
/// bit-identical weights, and a run restored from a <see cref="TrainingCheckpoint{T}"/> continues bit for bit.
/// </summary>
/// <example>
/// <code>
/// var net = Network&lt;float&gt;.Create([784, 30, 10]);
/// var rng = new Rng(1);
/// WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
/// var trainer = new Trainer&lt;float&gt;(net, new StochasticGradientDescent&lt;float&gt;(), new TrainingOptions { Epochs = 5, MiniBatchSize = 10, LearningRate = 3.0 });
/// trainer.Train(train, test, rng, report =&gt; Console.WriteLine($"epoch {report.Epoch}: {report.TestAccuracy:P1}"));
/// </code>
/// </example>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Network<T> _network;
    private readonly IOptimizer<T> _optimizer;
    private readonly TrainingOptions _options;
    private readonly Gradients<T> _gradients;
    private readonly Dropout<T>? _dropout;
    private readonly ILearningRateSchedule _schedule;
    private readonly EarlyStopping? _earlyStopping;
    private List<EpochReport> _history = [];

    /// <summary>Prepares training of <paramref name="network"/> with <paramref name="optimizer"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="optimizer">The update rule, created for this network.</param>
    /// <param name="options">Epochs, m, η₀, regularisation, dropout, augmentation.</param>
    /// <param name="schedule">How η changes per epoch (default: constant).</param>
    /// <param name="earlyStopping">Stops when validation stops improving, or null.</param>
    public Trainer(Network<T> network, IOptimizer<T> optimizer, TrainingOptions options, ILearningRateSchedule? schedule = null, EarlyStopping? earlyStopping = null)
    {
        options.Validate();
        _network = network;
        _optimizer = optimizer;
        _options = options;
        _gradients = new Gradients<T>(network);
        _dropout = options.DropoutRate > 0 ? new Dropout<T>(network, options.DropoutRate, options.MiniBatchSize) : null;
        _schedule = schedule ?? new ConstantRate();
        _earlyStopping = earlyStopping;
    }

    /// <summary>Epochs finished so far (including those of a restored checkpoint).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>The reports of epochs 1…<see cref="CompletedEpochs"/>.</summary>
    public IReadOnlyList<EpochReport> History => _history;

    /// <summary>Why training ended before the planned epochs (early stopping, the plateau floor), or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>
    /// Called every <see cref="ProgressInterval"/> mini-batches and after an epoch's last one, with the examples done so
    /// far and the running mean cost and accuracy of the epoch's mini-batches (as trained: with dropout and augmentation).
    /// Null (the default) skips the bookkeeping. The report is a struct, so reporting allocates nothing.
    /// </summary>
    public Action<BatchProgress>? Progress { get; set; }

    /// <summary>Mini-batches between two <see cref="Progress"/> calls (default 10).</summary>
    public int ProgressInterval { get; set; } = 10;

    /// <summary>Trains without validation data; see <see cref="Train(DataSet{T}, DataSet{T}, DataSet{T}, Rng, Action{EpochReport}, CancellationToken)"/>.</summary>
    public IReadOnlyList<EpochReport> Train(DataSet<T> train, DataSet<T>? test, Rng rng, Action<EpochReport>? onEpoch = null, CancellationToken cancellation = default) =>
        Train(train, null, test, rng, onEpoch, cancellation);

    /// <summary>Trains from epoch <see cref="CompletedEpochs"/> + 1 up to the configured epochs, calling <paramref name="onEpoch"/> after each.</summary>
    /// <param name="train">Training data.</param>
    /// <param name="validation">Data the schedule and early stopping watch, or null.</param>
    /// <param name="test">Data evaluated after each epoch, or null.</param>
    /// <param name="rng">The generator that shuffles, drops and shifts (continue the one that initialised the weights for a one-seed run).</param>
    /// <param name="onEpoch">Called with each epoch's report, after the schedule has seen it (a checkpoint taken here is complete).</param>
    /// <param name="cancellation">Stops between mini-batches (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The whole history, one report per epoch.</returns>
    /// <exception cref="ShapeMismatchException">The data does not fit the network.</exception>
    /// <exception cref="ArgumentException">The schedule or early stopping needs validation data and there is none.</exception>
    public IReadOnlyList<EpochReport> Train(DataSet<T> train, DataSet<T>? validation, DataSet<T>? test, Rng rng,
        Action<EpochReport>? onEpoch = null, CancellationToken cancellation = default)
    {
        train.CheckFits(_network);
        validation?.CheckFits(_network);
        test?.CheckFits(_network);
        if (validation is null && (_schedule.NeedsValidation || _earlyStopping is not null))
            throw new ArgumentException($"{(_earlyStopping is not null ? "early stopping" : $"the {_schedule.Name} schedule")} watches validation accuracy: give validation data");
        var batch = new MiniBatchBuffers(_options.MiniBatchSize * _network.InputSize, _options.MiniBatchSize * _network.OutputSize, train.Count,
            twoInputs: _network.Threads > 1);
        for (int epoch = CompletedEpochs + 1; epoch <= _options.Epochs && StopReason is null; epoch++)
        {
            double eta = _schedule.LearningRate(epoch, _options.Epochs, _options.LearningRate);
            double seconds = RunEpoch(train, batch, rng, T.CreateChecked(eta), cancellation);
            var report = Measure(epoch, seconds, eta, train, validation, test);
            _history.Add(report);
            CompletedEpochs = epoch;
            StopReason = _schedule.Observe(report) ?? _earlyStopping?.Observe(report);
            onEpoch?.Invoke(report);
        }
        return _history;
    }

    private sealed class MiniBatchBuffers
    {
        public MiniBatchBuffers(int inputs, int targets, int examples, bool twoInputs)
        {
            X = OnLines(inputs);
            OtherX = twoInputs ? OnLines(inputs) : X;
            Y = new T[targets];
            Order = new int[examples];
        }

        /// <summary>
        /// x of a mini-batch, 64-byte aligned: with 784 inputs every row then starts on a cache line, and BP4 reads x's
        /// panels in place instead of packing them (bench `-- sparse-bp4`, x aligned / x packed: 0.97 for 100 × 784 × 128
        /// at 1 thread, 0.93-0.95 at 2; 0.99-1.01 and 0.96-0.98 for 256 × 784 × 128).
        /// </summary>
        public readonly ArraySegment<T> X;

        /// <summary>
        /// The input buffer used by turns with <see cref="X"/> on several threads (<see cref="X"/> itself on one): both cores
        /// read a batch's x (each reads all of it for BP4), so refilling the same buffer at once first takes its lines back
        /// from the other core. Measured (relu128, 2 threads, gather timed in the trainer): 56 µs a step into one buffer,
        /// 43 µs by turns. On 1 thread a second buffer made no difference (wide128 140k–145k ex/s either way).
        /// </summary>
        public readonly ArraySegment<T> OtherX;

        public readonly T[] Y;
        public readonly int[] Order;
        public RunningTally Running;

        private static ArraySegment<T> OnLines(int length)
        {
            var (array, offset) = Numerics.GemmKernels.CacheLines.Pinned<T>(length);
            return new ArraySegment<T>(array, offset, length);
        }
    }

    private struct RunningTally
    {
        public double CostSum;
        public int Examples, Correct, Batches;
    }

    /// <summary>One pass over the training set; returns its seconds.</summary>
    private double RunEpoch(DataSet<T> train, MiniBatchBuffers batch, Rng rng, T eta, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        int m = _options.MiniBatchSize, nIn = _network.InputSize, nOut = _network.OutputSize;
        // A fresh shuffle of 0…n−1 each epoch, so an epoch depends only on the generator's state (which a checkpoint saves).
        for (int i = 0; i < batch.Order.Length; i++) batch.Order[i] = i;
        rng.Shuffle(batch.Order.AsSpan());
        // Plain SGD without L1 takes the fused path: the decay and the step ride in BP4's GEMM (no gradient buffers written or read).
        bool fused = _optimizer is StochasticGradientDescent<T> && _options.L1Lambda == 0;
        T keep = Regularization.WeightKeep(eta, _options.L2Lambda, train.Count);
        for (int start = 0; start < train.Count; start += m)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(m, train.Count - start);
            var buffer = (start / m) % 2 == 0 ? batch.X : batch.OtherX;
            Gather(train, batch.Order, start, count, buffer, batch.Y, rng);
            _dropout?.Draw(rng, count);
            var x = buffer.AsSpan(0, count * nIn);
            var y = batch.Y.AsSpan(0, count * nOut);
            if (fused) _network.BackpropagateAndDescend(x, y, count, eta, keep, _dropout);
            else
            {
                _network.Backpropagate(x, y, count, _gradients, _dropout);
                Regularization.Apply(_network, eta, _options.L2Lambda, _options.L1Lambda, train.Count);
                _optimizer.Step(_network, _gradients, eta);
            }
            if (Progress is not null) Tally(train, batch, start, count, clock);
        }
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Adds the mini-batch just trained to the epoch's running cost and accuracy, and reports every <see cref="ProgressInterval"/> batches.</summary>
    private void Tally(DataSet<T> train, MiniBatchBuffers batch, int start, int count, Stopwatch clock)
    {
        if (start == 0) batch.Running = default;
        int nOut = _network.OutputSize, L = _network.LayerCount;
        var y = batch.Y.AsSpan(0, count * nOut);
        // a^L and z^L of this mini-batch are still in the network's workspace from the forward pass of Backpropagate.
        T cost = _network.FusedOutput is null ? _network.Cost.Value(_network.Activation(L, count), y, nOut)
            : _network.FusedOutput.Value(_network.WeightedInput(L, count), y, nOut);
        batch.Running.CostSum += double.CreateChecked(cost) * count;
        batch.Running.Examples += count;
        if (train.Labels is not null)
        {
            var a = _network.Activation(L, count);
            string outputName = _network.Layer(L).Activation.Name;
            for (int i = 0; i < count; i++)
                if (Targets.ClassOf(a.Slice(i * nOut, nOut), outputName) == train.Labels[batch.Order[start + i]]) batch.Running.Correct++;
        }
        batch.Running.Batches++;
        bool last = start + count >= train.Count;
        if (!last && batch.Running.Batches % Math.Max(1, ProgressInterval) != 0) return;
        var r = batch.Running;
        Progress!(new BatchProgress(CompletedEpochs + 1, r.Examples, train.Count, r.CostSum / r.Examples,
            train.Labels is null ? double.NaN : (double)r.Correct / r.Examples, clock.Elapsed.TotalSeconds));
    }

    /// <summary>Byte inputs converted for the evaluations after each epoch: one array for the whole run (see <see cref="Evaluation"/>).</summary>
    private T[]? _evaluationScratch;

    /// <summary>Fewest examples per forward pass of the evaluations after each epoch (see <see cref="EvaluationBatch"/>).</summary>
    private const int MinEvaluationBatch = 100;

    /// <summary>
    /// Examples per forward pass of the evaluations after each epoch: the mini-batch, or <see cref="MinEvaluationBatch"/>
    /// if that is smaller. Passes of <see cref="Evaluation.DefaultBatchSize"/> grew the network's z, a and δ from the
    /// mini-batch's rows to 1000 rows, and the converted inputs to 1000 rows too: 6.2 MB more at the peak of training
    /// wide128 (issue 4's memory target), for no speed that the epoch's timing counts.
    /// </summary>
    private int EvaluationBatch => Math.Max(_options.MiniBatchSize, MinEvaluationBatch);

    private EpochReport Measure(int epoch, double seconds, double eta, DataSet<T> train, DataSet<T>? validation, DataSet<T>? test)
    {
        var testEval = test is null ? null : Evaluation.Of(_network, test, EvaluationBatch, ref _evaluationScratch);
        var validationEval = validation is null ? null : Evaluation.Of(_network, validation, EvaluationBatch, ref _evaluationScratch);
        var trainEval = _options.EvaluateTrainingSet ? Evaluation.Of(_network, train, EvaluationBatch, ref _evaluationScratch) : null;
        return new EpochReport(epoch, seconds, testEval?.Cost ?? double.NaN, testEval?.Accuracy ?? double.NaN,
            testEval?.Correct ?? 0, testEval?.Count ?? 0, trainEval?.Cost ?? double.NaN, trainEval?.Accuracy ?? double.NaN,
            validationEval?.Cost ?? double.NaN, validationEval?.Accuracy ?? double.NaN, eta);
    }

    /// <summary>Fewest rows a thread gathers: below, waking a worker costs more than the copy.</summary>
    private const int GatherMinRows = 32;

    /// <summary>The gather being run, read by <see cref="GatherPart"/> on each thread.</summary>
    private (DataSet<T> Data, int[] Order, int Start, int Count, ArraySegment<T> X, int Parts) _gatherJob;

    /// <summary><see cref="GatherPart"/> as a delegate, made once.</summary>
    private Action<int>? _gatherPart;

    /// <summary>
    /// Rows of its own mini-batch the gather asks for ahead of the one it copies. The next mini-batch's rows, asked for
    /// during the step before, have mostly left the core's caches by the time they are copied (a wide128 step streams
    /// ~3 MB through a 1 MB L2): perf put their conversion at 3.0–3.9 % of an epoch plus 0.8–1.1 % issuing those
    /// prefetches; asking again 4 rows ahead took the two to 2.1–3.2 % in all (wide128, `backprop bench`, 5 runs each,
    /// 2026-11-24; 8 and 16 rows ahead did no better, and without the prefetch a step ahead the conversion took 6 %).
    /// </summary>
    private const int GatherRowsAhead = 4;

    /// <summary>
    /// Part <paramref name="part"/> of the gather: rows [count·part/parts, count·(part+1)/parts) of the mini-batch, for
    /// byte inputs converted to 0…1 here, each asked for <see cref="GatherRowsAhead"/> rows before it is copied (and, for
    /// packed bytes, where it starts twice as many rows before: that prefetch would otherwise wait on it); then the
    /// prefetch of the same share of the next mini-batch's rows, into this core's cache, since this core will copy them.
    /// </summary>
    private void GatherPart(int part)
    {
        var (data, order, start, count, x, parts) = _gatherJob;
        int n = data.InputSize, first = count * part / parts, end = count * (part + 1) / parts;
        for (int i = first; i < Math.Min(first + 2 * GatherRowsAhead, end); i++) data.PrefetchLocation(order[start + i]);
        Prefetch(data, order, start + first, start + Math.Min(first + GatherRowsAhead, end));
        for (int i = first; i < end; i++)
        {
            if (i + 2 * GatherRowsAhead < end) data.PrefetchLocation(order[start + i + 2 * GatherRowsAhead]);
            if (i + GatherRowsAhead < end) data.Prefetch(order[start + i + GatherRowsAhead], soon: true);
            data.CopyInput(order[start + i], x.AsSpan(i * n, n));
        }
        Prefetch(data, order, start + count + first, start + count + end);
    }

    /// <summary>
    /// Starts loading the inputs of examples order[from…to) (clipped to the epoch): the next mini-batch's rows are
    /// scattered over the whole data set, so they are asked for during this step and arrive before its gather.
    /// </summary>
    private static void Prefetch(DataSet<T> data, int[] order, int from, int to)
    {
        for (int i = from, end = Math.Min(order.Length, to); i < end; i++) data.Prefetch(order[i]);
    }

    /// <summary>One input row for augmentation, when the data holds bytes (converted here, then shifted into the batch).</summary>
    private T[] _sourceRow = [];

    /// <summary>Copies the inputs (shifted, with augmentation) and target rows of examples order[start…start+count) into the mini-batch buffers.</summary>
    private void Gather(DataSet<T> data, int[] order, int start, int count, ArraySegment<T> x, T[] y, Rng rng)
    {
        int nIn = data.InputSize, nOut = _network.OutputSize;
        if (_options.Augmentation is { } shift)
        {
            for (int i = 0; i < count; i++)
            {
                var source = data.InputRows(order[start + i], 1, _sourceRow.Length >= nIn ? _sourceRow : _sourceRow = new T[nIn]);
                shift.Apply<T>(source, x.AsSpan(i * nIn, nIn), rng);
            }
            Prefetch(data, order, start + count, start + 2 * count);
        }
        else
        {
            // The rows are scattered over the data set, so their copy waits on memory; on several threads each core
            // copies a share of them. Measured (relu128 on 2 threads, gather timed in the trainer, alternating runs):
            // 59-80 µs a step on one core, 24-44 µs shared; against ~25 µs on 1 thread, where x stays in one core's cache.
            _gatherJob = (data, order, start, count, x, Math.Clamp(count / GatherMinRows, 1, _network.Threads));
            Numerics.GemmKernels.Workers.For(_gatherPart ??= GatherPart, _gatherJob.Parts);
            _gatherJob = default;
        }
        if (data.Labels is not null)
            Targets.Encode(data.Labels, order, start, count, nOut, _network.Cost.Name, y.AsSpan());
        else
            for (int i = 0; i < count; i++)
                data.TargetValues.AsSpan(order[start + i] * nOut, nOut).CopyTo(y.AsSpan(i * nOut, nOut));
    }

    /// <summary>Everything needed to continue this run later; call it between epochs (e.g. from the onEpoch callback).</summary>
    /// <param name="rng">The generator passed to <see cref="Train(DataSet{T}, DataSet{T}, DataSet{T}, Rng, Action{EpochReport}, CancellationToken)"/>.</param>
    public TrainingCheckpoint<T> Checkpoint(Rng rng) => new(_network, CompletedEpochs, rng.GetState(), _optimizer.SaveState(),
        _schedule.Name, _schedule.SaveState(), _earlyStopping?.SaveState(), _options, _history.ToList());

    /// <summary>
    /// Puts a checkpoint back: copies its parameters into this trainer's network and restores the optimiser, schedule,
    /// early stopping, history and epoch count. Continue with <c>Rng.FromState(checkpoint.RngState)</c>.
    /// The options must equal the checkpoint's, except the number of epochs.
    /// </summary>
    /// <exception cref="ArgumentException">The checkpoint's options, optimiser, schedule or early stopping differ from this trainer's; the message names them.</exception>
    /// <exception cref="ShapeMismatchException">The checkpoint's network has another shape.</exception>
    public void Restore(TrainingCheckpoint<T> checkpoint)
    {
        var differences = _options.DifferencesFrom(checkpoint.Options);
        if (differences.Count > 0) throw new ArgumentException($"the checkpoint was made with other options: {string.Join("; ", differences)}");
        if (checkpoint.ScheduleName != _schedule.Name) throw new ArgumentException($"the checkpoint used schedule '{checkpoint.ScheduleName}' but this run uses '{_schedule.Name}'");
        if ((checkpoint.EarlyStoppingState is null) != (_earlyStopping is null))
            throw new ArgumentException($"the checkpoint was made {(_earlyStopping is null ? "with" : "without")} early stopping, this run {(_earlyStopping is null ? "without" : "with")}");
        CopyParameters(checkpoint.Network, _network);
        _optimizer.RestoreState(checkpoint.Optimizer);
        _schedule.RestoreState(checkpoint.ScheduleState);
        if (checkpoint.EarlyStoppingState is not null) _earlyStopping!.RestoreState(checkpoint.EarlyStoppingState);
        _history = checkpoint.History.ToList();
        CompletedEpochs = checkpoint.CompletedEpochs;
        StopReason = null;
    }

    private static void CopyParameters(Network<T> from, Network<T> to)
    {
        if (ReferenceEquals(from, to)) return;
        if (from.ToString() != to.ToString()) throw new ShapeMismatchException($"the checkpoint's network is {from} but this run's is {to}");
        for (int l = 1; l <= to.LayerCount; l++)
        {
            if (!to.Layer(l).HasWeights) continue;
            from.Layer(l).Weights!.CopyTo(to.Layer(l).Weights!, 0);
            from.Layer(l).Biases!.CopyTo(to.Layer(l).Biases!, 0);
        }
    }
}
