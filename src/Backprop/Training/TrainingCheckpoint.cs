using System.Numerics;
using Backprop.Training.Optimizers;

namespace Backprop.Training;

/// <summary>
/// Everything a run needs to continue after <see cref="CompletedEpochs"/> epochs exactly as if it had never stopped:
/// the parameters, the optimiser's state, the generator's state, the schedule's and early stopping's state, the options
/// and the history so far. <see cref="Trainer{T}.Checkpoint"/> takes it; <see cref="Trainer{T}.Restore"/> puts it back;
/// <see cref="Serialization.CheckpointFile"/> writes and reads it.
/// </summary>
/// <param name="Network">The network after the epoch (the trainer's own network: save before it trains on).</param>
/// <param name="CompletedEpochs">Epochs finished.</param>
/// <param name="RngState">The generator's state after the epoch (<see cref="Randomness.Rng.GetState"/>).</param>
/// <param name="Optimizer">The optimiser's state.</param>
/// <param name="ScheduleName">The learning-rate schedule's name.</param>
/// <param name="ScheduleState">The schedule's state.</param>
/// <param name="EarlyStoppingState">Early stopping's state, or null without early stopping.</param>
/// <param name="Options">The training options of the run.</param>
/// <param name="History">The reports of epochs 1…CompletedEpochs.</param>
public sealed record TrainingCheckpoint<T>(Network<T> Network, int CompletedEpochs, ulong[] RngState, OptimizerState<T> Optimizer,
    string ScheduleName, double[] ScheduleState, double[]? EarlyStoppingState, TrainingOptions Options, IReadOnlyList<EpochReport> History)
    where T : unmanaged, IFloatingPointIeee754<T>;
