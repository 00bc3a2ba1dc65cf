using System.Numerics;

namespace Backprop.Training.Optimizers;

/// <summary>An optimiser's state for a checkpoint: what <see cref="IOptimizer{T}.SaveState"/> returns and <see cref="IOptimizer{T}.RestoreState"/> takes.</summary>
/// <param name="Name">The optimiser's <see cref="IOptimizer{T}.Name"/>.</param>
/// <param name="Steps">t, the number of steps taken (Adam's bias correction needs it).</param>
/// <param name="Buffers">The per-parameter buffers in a fixed order (for each buffer kind, W^1, b^1, W^2, b^2, … of the layers with weights).</param>
public sealed record OptimizerState<T>(string Name, long Steps, IReadOnlyList<T[]> Buffers) where T : unmanaged, IFloatingPointIeee754<T>;
