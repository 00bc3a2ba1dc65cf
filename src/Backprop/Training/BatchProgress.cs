namespace Backprop.Training;

/// <summary>Progress within an epoch, as <see cref="Trainer{T}.Progress"/> reports it.</summary>
/// <param name="Epoch">The epoch being trained (1-based).</param>
/// <param name="Examples">Training examples done so far in this epoch.</param>
/// <param name="TotalExamples">Training examples in an epoch.</param>
/// <param name="RunningCost">Mean cost of this epoch's mini-batches so far, each measured as it was trained (dropout and augmentation included).</param>
/// <param name="RunningAccuracy">Fraction of this epoch's training examples so far classified right as they were trained, or NaN for regression.</param>
/// <param name="Seconds">Seconds since the epoch started.</param>
public readonly record struct BatchProgress(int Epoch, int Examples, int TotalExamples, double RunningCost, double RunningAccuracy, double Seconds)
{
    /// <summary>Training examples per second so far in this epoch.</summary>
    public double ExamplesPerSecond => Seconds > 0 ? Examples / Seconds : 0;
}
