using Backprop.Data;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Optimizers;
using Backprop.Training.Schedules;

namespace Backprop.Tests.Training;

/// <summary>
/// Interrupting a run and resuming it from its checkpoint must give the weights of the uninterrupted run, bit for bit.
/// The run exercises every piece of state: Adam's moments and step count, dropout and image shifts drawn from the
/// generator, the plateau schedule and early stopping watching a validation split, and L2 decay.
/// </summary>
public sealed class ResumeTests : IDisposable
{
    private const ulong Seed = 7;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"backprop-resume-{Guid.NewGuid():N}");

    public void Dispose() { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }

    /// <summary>240 random 4×4 "images" labelled by which quadrant is brightest; the last 40 validate.</summary>
    private static (DataSet<double> Train, DataSet<double> Validation) Data()
    {
        var rng = new Rng(Seed + 100);
        var x = new double[240 * 16];
        var labels = new int[240];
        for (int i = 0; i < 240; i++)
        {
            for (int k = 0; k < 16; k++) x[i * 16 + k] = rng.NextDouble();
            labels[i] = rng.NextInt(4);
            int r0 = labels[i] / 2 * 2, c0 = labels[i] % 2 * 2;
            for (int r = r0; r < r0 + 2; r++) for (int c = c0; c < c0 + 2; c++) x[i * 16 + r * 4 + c] += 1;
        }
        return new DataSet<double>("quadrants", x, 16, labels).SplitLast(1.0 / 6);
    }

    private static TrainingOptions Options(int epochs) => new()
    {
        Epochs = epochs, MiniBatchSize = 16, LearningRate = 0.01, L2Lambda = 0.5, DropoutRate = 0.2, Augmentation = new ImageShift(1, 4, 4),
    };

    private static (Network<double>, Trainer<double>, Rng) Fresh(int epochs)
    {
        var net = Network<double>.Create([16, 12, 4], "relu", cost: "nll");
        var rng = new Rng(Seed);
        WeightInitializer.Initialize(net, WeightInit.He, rng);
        var trainer = new Trainer<double>(net, new Adam<double>(net), Options(epochs), new HalveOnPlateau(2), new EarlyStopping(50));
        return (net, trainer, rng);
    }

    private static double[] Parameters(Network<double> net) => net.Layers.SelectMany(l => l.Weights!.Concat(l.Biases!)).ToArray();

    [Fact]
    public void Cancelled_after_epoch_2_of_4_and_resumed_from_its_checkpoint_file_gives_bit_identical_weights()
    {
        var (train, validation) = Data();
        var (straight, straightTrainer, straightRng) = Fresh(4);
        straightTrainer.Train(train, validation, null, straightRng);

        var (interrupted, trainer, rng) = Fresh(4);
        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => trainer.Train(train, validation, null, rng, report =>
        {
            CheckpointFile.Save(_folder, trainer.Checkpoint(rng));
            if (report.Epoch == 2) cancel.Cancel();
        }, cancel.Token));

        var (resumed, resumedTrainer, _) = Fresh(4);
        var checkpoint = CheckpointFile.Load<double>(_folder);
        Assert.Equal(2, checkpoint.CompletedEpochs);
        resumedTrainer.Restore(checkpoint);
        resumedTrainer.Train(train, validation, null, Rng.FromState(checkpoint.RngState));

        Assert.Equal(Parameters(straight), Parameters(resumed));
        Assert.Equal(straightTrainer.History.Select(r => r.ValidationAccuracy), resumedTrainer.History.Select(r => r.ValidationAccuracy));
    }

    [Fact]
    public void Truncated_checkpoint_throws_ModelFormatException_naming_the_file()
    {
        var (train, validation) = Data();
        var (_, trainer, rng) = Fresh(1);
        trainer.Train(train, validation, null, rng);
        CheckpointFile.Save(_folder, trainer.Checkpoint(rng));
        string path = Path.Combine(_folder, CheckpointFile.FileName);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<ModelFormatException>(() => CheckpointFile.Load<double>(_folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("invalid JSON", e.Message);
    }

    [Fact]
    public void Checkpoint_without_optimizer_state_names_the_missing_field()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, CheckpointFile.FileName),
            """
            { "format": "backprop-checkpoint", "version": 1, "precision": "double", "epoch": 1, "rng": [1, 2, 3, 4],
              "schedule": { "name": "constant", "state": "" }, "earlyStopping": null,
              "model": { "layers": [ { "activation": "sigmoid", "weights": [[1, 2]], "biases": [0] } ] } }
            """);
        var e = Assert.Throws<ModelFormatException>(() => CheckpointFile.Load<double>(_folder));
        Assert.Contains(CheckpointFile.FileName, e.Message);
        Assert.Contains("\"optimizer\"", e.Message);
    }

    [Fact]
    public void Checkpoint_written_in_float_refuses_to_load_as_double()
    {
        var net = Network<float>.Create([2, 2], "sigmoid");
        var trainer = new Trainer<float>(net, new StochasticGradientDescent<float>(), new TrainingOptions());
        CheckpointFile.Save(_folder, trainer.Checkpoint(new Rng(1)));
        var e = Assert.Throws<ModelFormatException>(() => CheckpointFile.Load<double>(_folder));
        Assert.Contains("float", e.Message);
    }

    [Fact]
    public void Restoring_under_other_options_names_the_option_that_differs()
    {
        var (_, trainer, rng) = Fresh(4);
        var checkpoint = trainer.Checkpoint(rng) with { Options = Options(4) with { MiniBatchSize = 32 } };
        var e = Assert.Throws<ArgumentException>(() => trainer.Restore(checkpoint));
        Assert.Contains("MiniBatchSize 32 there, 16 here", e.Message);
    }
}
