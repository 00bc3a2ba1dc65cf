using System.Diagnostics;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Randomness;

namespace Backprop.Training;

/// <summary>
/// Mini-batch stochastic gradient descent (Nielsen's <c>SGD</c>): each epoch shuffles the training set with the seeded
/// generator, splits it into mini-batches of m, and for each one backpropagates (BP1–BP4) and lets the optimiser step.
/// After each epoch it evaluates cost and accuracy. Same seed, data and options ⇒ bit-identical weights.
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

    /// <summary>Prepares training of <paramref name="network"/> with <paramref name="optimizer"/>.</summary>
    public Trainer(Network<T> network, IOptimizer<T> optimizer, TrainingOptions options)
    {
        options.Validate();
        _network = network;
        _optimizer = optimizer;
        _options = options;
        _gradients = new Gradients<T>(network);
        _dropout = options.DropoutRate > 0 ? new Dropout<T>(network, options.DropoutRate, options.MiniBatchSize) : null;
    }

    /// <summary>Trains for the configured epochs, calling <paramref name="onEpoch"/> after each.</summary>
    /// <param name="train">Training data.</param>
    /// <param name="test">Data evaluated after each epoch, or null.</param>
    /// <param name="rng">The generator that shuffles (continue the one that initialised the weights for a one-seed run).</param>
    /// <param name="onEpoch">Called with each epoch's report.</param>
    /// <param name="cancellation">Stops between mini-batches.</param>
    /// <returns>The reports, one per epoch.</returns>
    /// <exception cref="ShapeMismatchException">The data does not fit the network.</exception>
    public IReadOnlyList<EpochReport> Train(DataSet<T> train, DataSet<T>? test, Rng rng, Action<EpochReport>? onEpoch = null, CancellationToken cancellation = default)
    {
        train.CheckFits(_network);
        test?.CheckFits(_network);
        var reports = new List<EpochReport>();
        var order = Enumerable.Range(0, train.Count).ToArray();
        int m = _options.MiniBatchSize, nIn = _network.InputSize, nOut = _network.OutputSize;
        var x = new T[m * nIn];
        var y = new T[m * nOut];
        T eta = T.CreateChecked(_options.LearningRate);
        for (int epoch = 1; epoch <= _options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            rng.Shuffle(order.AsSpan());
            for (int start = 0; start < train.Count; start += m)
            {
                cancellation.ThrowIfCancellationRequested();
                int count = Math.Min(m, train.Count - start);
                Gather(train, order, start, count, x, y);
                _dropout?.Draw(rng, count);
                _network.Backpropagate(x.AsSpan(0, count * nIn), y.AsSpan(0, count * nOut), count, _gradients, _dropout);
                Regularization.Apply(_network, eta, _options.L2Lambda, _options.L1Lambda, train.Count);
                _optimizer.Step(_network, _gradients, eta);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            var testEval = test is null ? null : Evaluation.Of(_network, test);
            var trainEval = _options.EvaluateTrainingSet ? Evaluation.Of(_network, train) : null;
            var report = new EpochReport(epoch, seconds, testEval?.Cost ?? double.NaN, testEval?.Accuracy ?? double.NaN,
                testEval?.Correct ?? 0, testEval?.Count ?? 0, trainEval?.Cost ?? double.NaN, trainEval?.Accuracy ?? double.NaN);
            reports.Add(report);
            onEpoch?.Invoke(report);
        }
        return reports;
    }

    /// <summary>Copies the inputs and target rows of examples order[start…start+count) into the mini-batch buffers.</summary>
    private void Gather(DataSet<T> data, int[] order, int start, int count, T[] x, T[] y)
    {
        int nIn = data.InputSize, nOut = _network.OutputSize;
        for (int i = 0; i < count; i++)
            data.Inputs.AsSpan(order[start + i] * nIn, nIn).CopyTo(x.AsSpan(i * nIn, nIn));
        if (data.Labels is not null)
            Targets.Encode(data.Labels, order, start, count, nOut, _network.Cost.Name, y.AsSpan());
        else
            for (int i = 0; i < count; i++)
                data.TargetValues.AsSpan(order[start + i] * nOut, nOut).CopyTo(y.AsSpan(i * nOut, nOut));
    }
}
