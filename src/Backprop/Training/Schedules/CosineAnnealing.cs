namespace Backprop.Training.Schedules;

/// <summary>
/// Cosine annealing over the planned epochs E, without restarts (Loshchilov and Hutter 2017, eq. 5 with η_min = 0):
/// η_e = ½ η₀ (1 + cos(π (e − 1)/E)), so epoch 1 uses η₀ and η falls smoothly towards 0 at the end.
/// </summary>
public sealed class CosineAnnealing : ILearningRateSchedule
{
    /// <inheritdoc/>
    public string Name => "cosine";

    /// <inheritdoc/>
    public bool NeedsValidation => false;

    /// <inheritdoc/>
    public double LearningRate(int epoch, int epochs, double initialRate) =>
        0.5 * initialRate * (1 + Math.Cos(Math.PI * (epoch - 1) / Math.Max(epochs, 1)));

    /// <inheritdoc/>
    public string? Observe(EpochReport report) => null;

    /// <inheritdoc/>
    public double[] SaveState() => [];

    /// <inheritdoc/>
    public void RestoreState(double[] state)
    {
        if (state.Length != 0) throw new ArgumentException($"the cosine schedule keeps no state, got {state.Length} values");
    }
}
