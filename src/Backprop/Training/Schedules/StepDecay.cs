namespace Backprop.Training.Schedules;

/// <summary>Step decay: η_e = η₀ · γ^⌊(e − 1)/k⌋, i.e. η is multiplied by γ every k epochs.</summary>
public sealed class StepDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="every">k ≥ 1, epochs between decays.</param>
    /// <param name="factor">γ in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">k &lt; 1 or γ outside (0, 1].</exception>
    public StepDecay(int every = 10, double factor = 0.5)
    {
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), $"step decay needs k ≥ 1 epochs between decays, got {every}");
        if (!(factor > 0 && factor <= 1)) throw new ArgumentOutOfRangeException(nameof(factor), $"step decay factor γ must be in (0, 1], got {factor}");
        (Every, Factor) = (every, factor);
    }

    /// <summary>k.</summary>
    public int Every { get; }

    /// <summary>γ.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public string Name => "step";

    /// <inheritdoc/>
    public bool NeedsValidation => false;

    /// <inheritdoc/>
    public double LearningRate(int epoch, int epochs, double initialRate) => initialRate * Math.Pow(Factor, (epoch - 1) / Every);

    /// <inheritdoc/>
    public string? Observe(EpochReport report) => null;

    /// <inheritdoc/>
    public double[] SaveState() => [];

    /// <inheritdoc/>
    public void RestoreState(double[] state)
    {
        if (state.Length != 0) throw new ArgumentException($"the step schedule keeps no state, got {state.Length} values");
    }
}
