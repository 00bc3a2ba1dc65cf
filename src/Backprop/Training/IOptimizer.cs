using System.Numerics;
using Backprop.Training.Optimizers;

namespace Backprop.Training;

/// <summary>
/// An update rule: moves every weight and bias of a network against its gradient ∂C/∂W^l, ∂C/∂b^l (BP4, BP3).
/// An optimiser owns its state (velocities, moment estimates), allocated once for one network, so a step allocates nothing.
/// Regularisation (L2, L1) is not part of the rule: <see cref="Regularization"/> applies it the same way before any optimiser steps.
/// </summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name the command line uses (<c>sgd</c>, <c>momentum</c>, <c>nesterov</c>, <c>adam</c>, <c>adamw</c>, <c>rmsprop</c>).</summary>
    string Name { get; }

    /// <summary>Applies one step with learning rate η to every layer's parameters.</summary>
    /// <param name="network">The network whose parameters move (the one the optimiser was created for).</param>
    /// <param name="gradients">∂C/∂W^l and ∂C/∂b^l of the mean mini-batch cost.</param>
    /// <param name="learningRate">η for this step.</param>
    void Step(Network<T> network, Gradients<T> gradients, T learningRate);

    /// <summary>A copy of the optimiser's state (step count and buffers), for a checkpoint.</summary>
    OptimizerState<T> SaveState();

    /// <summary>Restores a state saved by <see cref="SaveState"/> from an optimiser of the same kind and network shape.</summary>
    /// <exception cref="ArgumentException">The state belongs to another optimiser or another shape of network; the message says which.</exception>
    void RestoreState(OptimizerState<T> state);
}
