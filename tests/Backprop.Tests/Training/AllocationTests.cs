using Backprop.Training.Optimizers;
using Backprop.Diagnostics;
using Backprop.Randomness;
using Backprop.Training;

namespace Backprop.Tests.Training;

[Collection(AllocationCounting.Name)]
public class AllocationTests
{
    /// <summary>
    /// Bytes the calling thread allocates over <paramref name="steps"/> calls of <paramref name="step"/>: the least of three
    /// windows, so that a one-off allocation of the runtime itself (a JIT tier-up or on-stack replacement landing in the
    /// window) is not charged to our code; a per-step allocation shows in every window.
    /// </summary>
    private static long SteadyAllocation(Action step, int steps = 3)
    {
        long least = long.MaxValue;
        for (int window = 0; window < 3; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < steps; i++) step();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Fact]
    public void Counts_bytes_with_background_collections_off()
    {
        // The collection's fixture (AllocationCounting) sets it: a background collection during a count adds bytes the
        // counted code never allocated.
        Assert.Equal(System.Runtime.GCLatencyMode.Batch, System.Runtime.GCSettings.LatencyMode);
    }

    [Theory]
    [InlineData("sigmoid", "quadratic", 10)]
    [InlineData("relu", "nll", 128)]
    [InlineData("tanh", "ce", 7)]
    public void A_training_step_allocates_nothing_after_the_first(string activation, string cost, int m)
    {
        var net = Network<float>.Create([784, 100, 10], activation, cost: cost);
        var rng = new Rng(5);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var (x, y) = RandomBatch.For(net, m, rng);
        var gradients = new Gradients<float>(net);
        var sgd = new StochasticGradientDescent<float>();
        net.Backpropagate(x, y, m, gradients);
        Regularization.Apply(net, 0.1f, l2Lambda: 5.0, l1Lambda: 0, trainingSetSize: 8000);
        sgd.Step(net, gradients, 0.1f);
        Assert.Equal(0, SteadyAllocation(() =>
        {
            net.Backpropagate(x, y, m, gradients);
            Regularization.Apply(net, 0.1f, l2Lambda: 5.0, l1Lambda: 0, trainingSetSize: 8000);
            sgd.Step(net, gradients, 0.1f);
        }));
    }

    [Theory]
    [InlineData("sigmoid", "quadratic", 10, 1)]
    [InlineData("sigmoid", "ce", 10, 2)]
    [InlineData("relu", "nll", 128, 1)]
    [InlineData("relu", "nll", 128, 2)]
    public void A_fused_descent_step_allocates_nothing_after_the_first_on_one_or_two_threads(string activation, string cost, int m, int threads)
    {
        var net = Network<float>.Create([784, 256, 10], activation, cost: cost);
        net.Threads = threads;
        var rng = new Rng(5);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var (x, y) = RandomBatch.For(net, m, rng);
        float keep = Regularization.WeightKeep(0.1f, 5.0, 8000);
        net.BackpropagateAndDescend(x, y, m, 0.1f, keep);
        // The caller's thread: the GEMM workers are persistent threads handed each job through static fields (no closure,
        // no task), and a process-wide count would also see the other tests that xunit runs in parallel.
        Assert.Equal(0, SteadyAllocation(() => net.BackpropagateAndDescend(x, y, m, 0.1f, keep)));
    }

    [Fact]
    public void A_smaller_last_mini_batch_reuses_the_buffers()
    {
        var net = Network<float>.Create([20, 8, 3], "sigmoid", cost: "nll");
        var rng = new Rng(6);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var (x, y) = RandomBatch.For(net, 10, rng);
        var gradients = new Gradients<float>(net);
        net.Backpropagate(x, y, 10, gradients);
        Assert.Equal(0, SteadyAllocation(() => net.Backpropagate(x.AsSpan(0, 7 * 20), y.AsSpan(0, 7 * 3), 7, gradients), steps: 1));
    }

    [Fact]
    public void Mini_batches_between_progress_reports_allocate_nothing()
    {
        var net = Network<float>.Create([20, 8, 3], "sigmoid", cost: "nll");
        var rng = new Rng(7);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var inputs = new float[200 * 20];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextDouble();
        var train = new Backprop.Data.DataSet<float>("random", inputs, 20, labels: [.. Enumerable.Range(0, 200).Select(i => i % 3)]);
        var trainer = new Trainer<float>(net, new StochasticGradientDescent<float>(), new TrainingOptions { Epochs = 1, MiniBatchSize = 10, LearningRate = 0.1 })
        {
            ProgressInterval = 1,
        };
        var allocated = new List<long>(100);
        var reports = new List<BatchProgress>(100);
        trainer.Progress = p => { allocated.Add(GC.GetAllocatedBytesForCurrentThread()); reports.Add(p); };
        trainer.Train(train, null, rng);
        Assert.Equal(20, reports.Count);
        Assert.Equal(200, reports[^1].Examples);
        Assert.All(allocated.Skip(2).Zip(allocated.Skip(1)), pair => Assert.Equal(pair.Second, pair.First));
    }

    [Fact]
    public void Mini_batches_gathered_from_packed_bytes_allocate_nothing()
    {
        var net = Network<float>.Create([100, 8, 3], "relu", cost: "nll");
        var rng = new Rng(9);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var bytes = new byte[200 * 100];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = i % 3 == 0 ? (byte)rng.NextInt(256) : (byte)0;
        var train = Backprop.Data.DataSet<float>.FromBytes("packed", bytes, 100, [.. Enumerable.Range(0, 200).Select(i => i % 3)]);
        Assert.True(train.HasPackedInputs);
        var trainer = new Trainer<float>(net, new StochasticGradientDescent<float>(), new TrainingOptions { Epochs = 1, MiniBatchSize = 10, LearningRate = 0.1 })
        {
            ProgressInterval = 1,
        };
        var allocated = new List<long>(100);
        trainer.Progress = p => allocated.Add(GC.GetAllocatedBytesForCurrentThread());
        trainer.Train(train, null, rng);
        Assert.Equal(20, allocated.Count);
        Assert.All(allocated.Skip(2).Zip(allocated.Skip(1)), pair => Assert.Equal(pair.Second, pair.First));
    }

    [Fact]
    public void The_evaluation_after_each_epoch_reuses_its_byte_conversion_buffer()
    {
        // A test set held as bytes is converted a batch of rows at a time for the evaluation after each epoch (1000 × 784
        // floats, 3.1 MB, when evaluations ran 1000 rows at a time). A new buffer each epoch went to the large-object heap
        // and was not collected while training wide128, so the peak working set grew 3.2 MB an epoch; now each epoch after
        // the first allocates only small arrays (y, the reports).
        const int inputs = 784, buffer = 100 * inputs * sizeof(float);
        var net = Network<float>.Create([inputs, 8, 3], "sigmoid", cost: "nll");
        var rng = new Rng(8);
        WeightInitializer.Initialize(net, WeightInit.Nielsen, rng);
        var bytes = new byte[1000 * inputs];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)rng.NextInt(256);
        var labels = Enumerable.Range(0, 1000).Select(i => i % 3).ToArray();
        var train = Backprop.Data.DataSet<float>.FromBytes("train", bytes[..(100 * inputs)], inputs, labels[..100]);
        var test = Backprop.Data.DataSet<float>.FromBytes("test", bytes, inputs, labels);
        var trainer = new Trainer<float>(net, new StochasticGradientDescent<float>(), new TrainingOptions { Epochs = 4, MiniBatchSize = 10, LearningRate = 0.1 });
        var allocated = new List<long>();
        trainer.Train(train, test, rng, onEpoch: _ => allocated.Add(GC.GetAllocatedBytesForCurrentThread()));
        Assert.Equal(4, allocated.Count);
        Assert.All(allocated.Skip(1).Zip(allocated), pair => Assert.InRange(pair.First - pair.Second, 0, buffer / 8));
    }
}
