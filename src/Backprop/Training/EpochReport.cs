namespace Backprop.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainSeconds">Seconds spent in the epoch's training steps (shuffling included, evaluation excluded).</param>
/// <param name="TestCost">Mean cost on the test set, or NaN without one.</param>
/// <param name="TestAccuracy">Fraction of the test set classified right, or NaN.</param>
/// <param name="TestCorrect">How many test examples were classified right.</param>
/// <param name="TestCount">Test examples.</param>
/// <param name="TrainCost">Mean cost on the training set, or NaN when not evaluated.</param>
/// <param name="TrainAccuracy">Training accuracy, or NaN when not evaluated.</param>
/// <param name="ValidationCost">Mean cost on the validation set, or NaN without one.</param>
/// <param name="ValidationAccuracy">Validation accuracy, or NaN without a validation set.</param>
/// <param name="LearningRate">η used in this epoch.</param>
public sealed record EpochReport(int Epoch, double TrainSeconds, double TestCost, double TestAccuracy, int TestCorrect, int TestCount,
    double TrainCost = double.NaN, double TrainAccuracy = double.NaN,
    double ValidationCost = double.NaN, double ValidationAccuracy = double.NaN, double LearningRate = double.NaN);
