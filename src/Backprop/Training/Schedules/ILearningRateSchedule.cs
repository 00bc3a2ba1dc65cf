namespace Backprop.Training.Schedules;

/// <summary>
/// How the learning rate η changes from epoch to epoch. The trainer asks for η before each epoch and reports each
/// epoch's measurements afterwards; a schedule may end training (the plateau rule's η₀/128 floor).
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The name the command line uses (<c>constant</c>, <c>step</c>, <c>plateau</c>, <c>cosine</c>).</summary>
    string Name { get; }

    /// <summary>Whether <see cref="Observe"/> needs validation accuracy (so training needs validation data).</summary>
    bool NeedsValidation { get; }

    /// <summary>η for epoch <paramref name="epoch"/> (1-based) of <paramref name="epochs"/> planned, starting from η₀.</summary>
    double LearningRate(int epoch, int epochs, double initialRate);

    /// <summary>Takes an epoch's measurements; returns a reason to stop training, or null to go on.</summary>
    string? Observe(EpochReport report);

    /// <summary>The schedule's state (what <see cref="Observe"/> has learned), for a checkpoint.</summary>
    double[] SaveState();

    /// <summary>Restores a state from <see cref="SaveState"/>.</summary>
    /// <exception cref="ArgumentException">The state has the wrong length.</exception>
    void RestoreState(double[] state);
}
