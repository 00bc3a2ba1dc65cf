namespace Backprop.Training;

/// <summary>The choices of a training run: epochs, mini-batch size m, learning rate η, regularisation λ.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 30;
    /// <summary>m, examples per mini-batch.</summary>
    public int MiniBatchSize { get; init; } = 10;
    /// <summary>η.</summary>
    public double LearningRate { get; init; } = 3.0;
    /// <summary>λ₂ of L2 regularisation: weights decay by 1 − ηλ₂/n per step (see <see cref="Regularization"/>).</summary>
    public double L2Lambda { get; init; }
    /// <summary>λ₁ of L1 regularisation: weights shrink by (ηλ₁/n) sgn(w) per step.</summary>
    public double L1Lambda { get; init; }
    /// <summary>p of inverted dropout on the hidden layers during training (0 for none; see <see cref="Layers.Dropout{T}"/>).</summary>
    public double DropoutRate { get; init; }
    /// <summary>Random translations of training images as they are gathered into mini-batches, or null for none.</summary>
    public ImageShift? Augmentation { get; init; }
    /// <summary>Whether to evaluate the training set's cost and accuracy after each epoch as well (costs one more pass).</summary>
    public bool EvaluateTrainingSet { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a choice that cannot train.</summary>
    public void Validate()
    {
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), $"epochs must be ≥ 0, got {Epochs}");
        if (MiniBatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(MiniBatchSize), $"mini-batch size must be ≥ 1, got {MiniBatchSize}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), $"learning rate must be a positive number, got {LearningRate}");
        if (!(DropoutRate >= 0 && DropoutRate < 1)) throw new ArgumentOutOfRangeException(nameof(DropoutRate), $"dropout probability p must be in [0, 1), got {DropoutRate}");
        if (!(L2Lambda >= 0) || !double.IsFinite(L2Lambda)) throw new ArgumentOutOfRangeException(nameof(L2Lambda), $"L2 λ must be a finite number ≥ 0, got {L2Lambda}");
        if (!(L1Lambda >= 0) || !double.IsFinite(L1Lambda)) throw new ArgumentOutOfRangeException(nameof(L1Lambda), $"L1 λ must be a finite number ≥ 0, got {L1Lambda}");
    }

    /// <summary>
    /// "Name: this vs other" for every option that differs from <paramref name="other"/>'s, except the number of epochs
    /// and <see cref="EvaluateTrainingSet"/> (a measurement, which changes no weight).
    /// </summary>
    internal List<string> DifferencesFrom(TrainingOptions other) =>
        typeof(TrainingOptions).GetProperties()
            .Where(p => p.Name is not (nameof(Epochs) or nameof(EvaluateTrainingSet)) && !Equals(p.GetValue(this), p.GetValue(other)))
            .Select(p => $"{p.Name} {p.GetValue(other) ?? "none"} there, {p.GetValue(this) ?? "none"} here")
            .ToList();
}
