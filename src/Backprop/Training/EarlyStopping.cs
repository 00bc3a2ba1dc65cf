namespace Backprop.Training;

/// <summary>
/// Stops training when the validation metric has not improved for <see cref="Patience"/> epochs in a row
/// (Nielsen ch. 3, "early stopping"; the no-improvement-in-n rule). The metric is validation accuracy (higher is
/// better) or validation cost (lower is better).
/// </summary>
public sealed class EarlyStopping
{
    private double _best = double.NaN;
    private int _bestEpoch, _sinceBest;

    /// <summary>Creates the rule.</summary>
    /// <param name="patience">n ≥ 1 epochs without improvement before stopping.</param>
    /// <param name="monitorCost">Watch validation cost instead of validation accuracy.</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1.</exception>
    public EarlyStopping(int patience, bool monitorCost = false)
    {
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), $"early-stopping patience must be ≥ 1 epoch, got {patience}");
        (Patience, MonitorCost) = (patience, monitorCost);
    }

    /// <summary>n.</summary>
    public int Patience { get; }

    /// <summary>Whether the metric is validation cost (else validation accuracy).</summary>
    public bool MonitorCost { get; }

    /// <summary>The epoch with the best validation metric so far (0 before any).</summary>
    public int BestEpoch => _bestEpoch;

    /// <summary>Takes an epoch's report; returns a reason to stop, or null to go on.</summary>
    public string? Observe(EpochReport report)
    {
        double value = MonitorCost ? report.ValidationCost : report.ValidationAccuracy;
        bool better = double.IsNaN(_best) || (MonitorCost ? value < _best : value > _best);
        if (better) { (_best, _bestEpoch, _sinceBest) = (value, report.Epoch, 0); return null; }
        return ++_sinceBest >= Patience
            ? $"validation {(MonitorCost ? "cost" : "accuracy")} has not improved for {Patience} epochs (best at epoch {_bestEpoch})"
            : null;
    }

    /// <summary>The rule's state, for a checkpoint.</summary>
    public double[] SaveState() => [_best, _bestEpoch, _sinceBest];

    /// <summary>Restores a state from <see cref="SaveState"/>.</summary>
    /// <exception cref="ArgumentException">The state is not 3 values.</exception>
    public void RestoreState(double[] state)
    {
        if (state.Length != 3) throw new ArgumentException($"the early-stopping state is 3 values, got {state.Length}");
        (_best, _bestEpoch, _sinceBest) = (state[0], (int)state[1], (int)state[2]);
    }
}
