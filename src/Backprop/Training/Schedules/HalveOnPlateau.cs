namespace Backprop.Training.Schedules;

/// <summary>
/// Nielsen's learning-rate schedule (ch. 3, "How to choose a neural network's hyper-parameters?", the
/// no-improvement-in-n rule): η stays η₀ until validation accuracy has not improved for <see cref="Patience"/> epochs,
/// then halves, and so on; training stops when η has been halved down to η₀/128.
/// </summary>
public sealed class HalveOnPlateau : ILearningRateSchedule
{
    private double _scale = 1;                 // η/η₀
    private double _best = double.NegativeInfinity;
    private int _sinceBest;

    /// <summary>Creates the schedule.</summary>
    /// <param name="patience">n ≥ 1: epochs without a better validation accuracy before η halves.</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1.</exception>
    public HalveOnPlateau(int patience = 10)
    {
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), $"plateau patience must be ≥ 1 epoch, got {patience}");
        Patience = patience;
    }

    /// <summary>n, the epochs without improvement that halve η.</summary>
    public int Patience { get; }

    /// <summary>The final fraction of η₀: training stops when η reaches η₀/128.</summary>
    public const double Floor = 1.0 / 128;

    /// <inheritdoc/>
    public string Name => "plateau";

    /// <inheritdoc/>
    public bool NeedsValidation => true;

    /// <inheritdoc/>
    public double LearningRate(int epoch, int epochs, double initialRate) => initialRate * _scale;

    /// <inheritdoc/>
    public string? Observe(EpochReport report)
    {
        if (report.ValidationAccuracy > _best) { _best = report.ValidationAccuracy; _sinceBest = 0; return null; }
        if (++_sinceBest < Patience) return null;
        _scale /= 2;
        _sinceBest = 0;
        return _scale <= Floor ? $"learning rate halved to η₀/{1 / _scale:0} after validation accuracy stopped improving" : null;
    }

    /// <inheritdoc/>
    public double[] SaveState() => [_scale, _best, _sinceBest];

    /// <inheritdoc/>
    public void RestoreState(double[] state)
    {
        if (state.Length != 3) throw new ArgumentException($"the plateau schedule's state is 3 values, got {state.Length}");
        (_scale, _best, _sinceBest) = (state[0], state[1], (int)state[2]);
    }
}
