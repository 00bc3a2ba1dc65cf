namespace Backprop.Training.Schedules;

/// <summary>η stays η₀ for every epoch (Nielsen's network.py).</summary>
public sealed class ConstantRate : ILearningRateSchedule
{
    /// <inheritdoc/>
    public string Name => "constant";

    /// <inheritdoc/>
    public bool NeedsValidation => false;

    /// <inheritdoc/>
    public double LearningRate(int epoch, int epochs, double initialRate) => initialRate;

    /// <inheritdoc/>
    public string? Observe(EpochReport report) => null;

    /// <inheritdoc/>
    public double[] SaveState() => [];

    /// <inheritdoc/>
    public void RestoreState(double[] state)
    {
        if (state.Length != 0) throw new ArgumentException($"the constant schedule keeps no state, got {state.Length} values");
    }
}
