using System.Diagnostics;
using Backprop.Data;
using Backprop.Inference;
using Backprop.Randomness;
using Backprop.Training;
using Backprop.Training.Optimizers;

namespace Backprop.Diagnostics.Benchmarks;

/// <summary>
/// The timing loop behind <c>backprop bench</c>: trains a <see cref="BenchmarkConfiguration"/> with plain SGD in float,
/// one warm-up epoch and then <c>timedEpochs</c> timed ones (the median counts), or, for an inference configuration,
/// trains one epoch and times forward passes over the test set (through a <see cref="Predictor{T}"/>). Epoch seconds are <see cref="EpochReport.TrainSeconds"/>:
/// the shuffle and every step (gather, BP1–BP4, decay, update), evaluation excluded — what the TorchSharp peer times too.
/// </summary>
public static class Benchmark
{
    /// <summary>Runs one configuration.</summary>
    /// <param name="configuration">What to train or time.</param>
    /// <param name="train">Training data.</param>
    /// <param name="test">Test data (accuracy; the inference passes run over it).</param>
    /// <param name="threads">Threads the matrix products may use.</param>
    /// <param name="timedEpochs">Epochs (inference: passes) timed after the warm-up; the median is reported.</param>
    /// <param name="seed">Seed of the initial weights and the shuffles.</param>
    public static BenchmarkResult Run(BenchmarkConfiguration configuration, DataSet<float> train, DataSet<float> test, int threads, int timedEpochs = 3, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timedEpochs, 1);
        double peak = FmaPeak.MeasuredGflops;
        var network = Network<float>.Create(configuration.Sizes, configuration.Activation, cost: configuration.Cost);
        network.Threads = threads;
        var rng = new Rng((ulong)seed);
        WeightInitializer.Initialize(network, WeightInit.Nielsen, rng);
        long dataModel = DataBytes(train, sizeof(float)) + DataBytes(test, sizeof(float)) + network.ParameterCount * sizeof(float);
        long storedDataModel = train.StoredBytes + test.StoredBytes + network.ParameterCount * sizeof(float);
        long byteDataModel = DataBytes(train, 1) + DataBytes(test, 1) + network.ParameterCount * sizeof(float);
        // Return the loader's temporary buffers (the decoded bytes) to the system before the peak of training starts.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        PeakMemory.Reset();

        var options = new TrainingOptions
        {
            Epochs = configuration.IsInference ? 1 : 1 + timedEpochs,
            MiniBatchSize = configuration.MiniBatch,
            LearningRate = configuration.LearningRate,
            L2Lambda = configuration.L2Lambda,
        };
        var trainer = new Trainer<float>(network, new StochasticGradientDescent<float>(), options);
        var history = trainer.Train(train, test, rng);
        double accuracy = history[^1].TestAccuracy;

        double seconds;
        int examples;
        if (configuration.IsInference)
        {
            (seconds, accuracy) = TimeInference(network, test, configuration.InferenceBatch, timedEpochs);
            examples = test.Count;
        }
        else
        {
            seconds = Median(history.Skip(1).Select(r => r.TrainSeconds));
            examples = train.Count;
        }
        return new BenchmarkResult(configuration.Name, threads, examples, seconds, timedEpochs, configuration.FlopsPerExample, peak,
            accuracy, PeakMemory.Read(), dataModel, storedDataModel, byteDataModel);
    }

    /// <summary>
    /// One warm-up pass and <paramref name="passes"/> timed ones of forward + arg-max over the test set in batches of
    /// <paramref name="batch"/>, through a <see cref="Predictor{T}"/> of the trained network (made before timing); (median seconds, accuracy).
    /// The classes come from <see cref="Predictor{T}.Classify(ReadOnlySpan{T}, int, Span{int})"/>: for a softmax output, the
    /// arg max of z^L, as the TorchSharp peer takes the arg max of its logits.
    /// </summary>
    private static (double Seconds, double Accuracy) TimeInference(Network<float> network, DataSet<float> test, int batch, int passes)
    {
        var predictor = new Predictor<float>(network);
        int nIn = network.InputSize, correct = 0;
        var predicted = new int[test.Count];
        var times = new List<double>();
        var clock = new Stopwatch();
        var inputs = test.Inputs;   // float inputs made before timing (for image data, from its bytes): forward passes only are timed
        for (int pass = 0; pass <= passes; pass++)
        {
            clock.Restart();
            for (int start = 0; start < test.Count; start += batch)
            {
                int m = Math.Min(batch, test.Count - start);
                predictor.Classify(inputs.AsSpan(start * nIn, m * nIn), m, predicted.AsSpan(start, m));
            }
            clock.Stop();
            if (pass > 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        for (int i = 0; i < test.Count; i++) if (predicted[i] == test.Labels![i]) correct++;
        return (Median(times), (double)correct / test.Count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// The data set with <paramref name="bytesPerInput"/> bytes an input value, labels and targets, whatever way it is held:
    /// 4 (float32, what the TorchSharp peer holds) or 1 (the pixels of its image files, the base of issue 4's memory target).
    /// </summary>
    private static long DataBytes(DataSet<float> data, int bytesPerInput) =>
        (long)data.Count * data.InputSize * bytesPerInput + (data.Labels?.LongLength ?? 0) * sizeof(int) + (data.TargetValues?.LongLength ?? 0) * sizeof(float);
}
