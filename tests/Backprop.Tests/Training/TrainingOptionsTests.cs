using Backprop.Training;

namespace Backprop.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void Measuring_the_training_set_is_not_a_difference_that_blocks_a_resume() =>
        Assert.Empty(new TrainingOptions { EvaluateTrainingSet = true, Epochs = 9 }.DifferencesFrom(new TrainingOptions()));

    [Fact]
    public void A_different_learning_rate_is_named_as_a_difference() =>
        Assert.Contains(new TrainingOptions { LearningRate = 0.5 }.DifferencesFrom(new TrainingOptions()), d => d.StartsWith("LearningRate"));
}
