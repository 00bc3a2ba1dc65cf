using Backprop.Training;
using Backprop.Training.Schedules;

namespace Backprop.Tests.Training;

public class ScheduleTests
{
    private static EpochReport Validation(int epoch, double accuracy, double cost = double.NaN) =>
        new(epoch, 0, double.NaN, double.NaN, 0, 0, ValidationAccuracy: accuracy, ValidationCost: cost);

    [Theory]
    [InlineData(1, 0.8)]
    [InlineData(3, 0.8)]
    [InlineData(4, 0.4)]
    [InlineData(7, 0.2)]
    public void Step_decay_multiplies_eta_by_gamma_every_k_epochs(int epoch, double expected) =>
        Assert.Equal(expected, new StepDecay(every: 3, factor: 0.5).LearningRate(epoch, 10, 0.8), 15);

    [Fact]
    public void Cosine_starts_at_eta0_and_is_half_way_at_the_middle_epoch()
    {
        var cosine = new CosineAnnealing();
        Assert.Equal(0.8, cosine.LearningRate(1, 10, 0.8), 15);
        Assert.Equal(0.4, cosine.LearningRate(6, 10, 0.8), 15);   // ½η₀(1 + cos(π·5/10)) = ½η₀
    }

    [Fact]
    public void Plateau_halves_eta_after_patience_epochs_without_a_better_validation_accuracy()
    {
        var plateau = new HalveOnPlateau(patience: 2);
        plateau.Observe(Validation(1, 0.90));
        plateau.Observe(Validation(2, 0.89));
        Assert.Equal(1.0, plateau.LearningRate(3, 10, 1.0));
        plateau.Observe(Validation(3, 0.90));                    // equal is not better: second epoch without improvement
        Assert.Equal(0.5, plateau.LearningRate(4, 10, 1.0));
    }

    [Fact]
    public void Plateau_stops_training_when_eta_reaches_one_128th()
    {
        var plateau = new HalveOnPlateau(patience: 1);
        plateau.Observe(Validation(1, 0.9));
        var reasons = Enumerable.Range(2, 7).Select(e => plateau.Observe(Validation(e, 0.5))).ToList();
        Assert.All(reasons.Take(6), r => Assert.Null(r));          // η₀/2 … η₀/64 still train
        Assert.NotNull(reasons[6]);                                 // the seventh halving reaches η₀/128
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement_and_remembers_the_best()
    {
        var rule = new EarlyStopping(patience: 2);
        Assert.Null(rule.Observe(Validation(1, 0.90)));
        Assert.Null(rule.Observe(Validation(2, 0.91)));
        Assert.Null(rule.Observe(Validation(3, 0.905)));
        Assert.NotNull(rule.Observe(Validation(4, 0.91)));
        Assert.Equal(2, rule.BestEpoch);
    }

    [Fact]
    public void Early_stopping_on_cost_treats_lower_as_better()
    {
        var rule = new EarlyStopping(patience: 1, monitorCost: true);
        Assert.Null(rule.Observe(Validation(1, double.NaN, cost: 0.5)));
        Assert.Null(rule.Observe(Validation(2, double.NaN, cost: 0.4)));
        Assert.NotNull(rule.Observe(Validation(3, double.NaN, cost: 0.45)));
    }

    [Fact]
    public void Unknown_schedule_lists_the_known_ones()
    {
        var e = Assert.Throws<UnknownNameException>(() => LearningRateSchedule.Parse("exponential"));
        Assert.Contains("constant, step", e.Message);
        Assert.Contains("plateau", e.Message);
        Assert.Contains("cosine", e.Message);
    }
}
