using System.Numerics;

namespace Backprop.Training;

/// <summary>An update rule: moves every weight and bias of a network against its gradient ∂C/∂W^l, ∂C/∂b^l (BP4, BP3).</summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name the command line uses (<c>sgd</c>, …).</summary>
    string Name { get; }

    /// <summary>Applies one step with learning rate η to every layer's parameters.</summary>
    /// <param name="network">The network whose parameters move.</param>
    /// <param name="gradients">∂C/∂W^l and ∂C/∂b^l of the mean mini-batch cost.</param>
    /// <param name="learningRate">η for this step.</param>
    void Step(Network<T> network, Gradients<T> gradients, T learningRate);
}
