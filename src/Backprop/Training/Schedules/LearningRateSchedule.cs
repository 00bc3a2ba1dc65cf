using System.Globalization;

namespace Backprop.Training.Schedules;

/// <summary>Creates schedules from the command line's text: <c>constant</c>, <c>step[:k[:γ]]</c>, <c>plateau[:n]</c>, <c>cosine</c>.</summary>
public static class LearningRateSchedule
{
    /// <summary>The known names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "step", "plateau", "cosine"];

    /// <summary>Parses e.g. <c>step</c> (halve every 10 epochs), <c>step:5:0.1</c>, <c>plateau</c> (patience 10), <c>plateau:5</c>, <c>cosine</c>.</summary>
    /// <exception cref="UnknownNameException">The name is unknown or a parameter is not a number.</exception>
    public static ILearningRateSchedule Parse(string text)
    {
        var parts = (text ?? "").Trim().ToLowerInvariant().Split(':');
        try
        {
            return parts[0] switch
            {
                "constant" or "none" when parts.Length == 1 => new ConstantRate(),
                "cosine" when parts.Length == 1 => new CosineAnnealing(),
                "step" when parts.Length <= 3 => new StepDecay(parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 10,
                                                              parts.Length > 2 ? double.Parse(parts[2], CultureInfo.InvariantCulture) : 0.5),
                "plateau" when parts.Length <= 2 => new HalveOnPlateau(parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 10),
                _ => throw new UnknownNameException($"unknown schedule '{text}' (known: constant, step[:EVERY[:FACTOR]], plateau[:PATIENCE], cosine)"),
            };
        }
        catch (FormatException)
        {
            throw new UnknownNameException($"schedule '{text}': parameters must be numbers (e.g. step:10:0.5, plateau:10)");
        }
    }
}
