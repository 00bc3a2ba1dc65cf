using System.Numerics;
using Backprop.Activations;
using Backprop.Numerics;

namespace Backprop.Layers;

/// <summary>
/// Layer l of a network in the seeds' notation: z^l = W^l a^(l−1) + b^l and a^l = f^l(z^l) (000, "a_j^l = f^l(Σ_k w_jk^l a_k^(l−1) + b_j^l)").
/// A layer may also be an activation alone, with no weights: then z^l = a^(l−1) (the softmax that ends
/// the network of 000 problem 4).
/// </summary>
/// <remarks>
/// <para><b>Attributes.</b> <see cref="Weights"/>: W^l, <see cref="Units"/> rows × <see cref="InputSize"/> columns, row-major,
/// so w_jk^l (from unit k of layer l−1 to unit j of layer l) is <c>Weights[j * InputSize + k]</c>.
/// <see cref="Biases"/>: b^l, <see cref="Units"/> values.</para>
/// <para><b>Shape.</b> Batches hold m examples one after another: a^(l−1) is m × n_(l−1), z^l and a^l are m × n_l
/// (row i = example i = the seeds' column i). Hence z = a^(l−1)·Wᵀ + b in memory, the transpose of z^l = W^l a^(l−1) + b^l.</para>
/// </remarks>
/// <example>
/// <code>
/// var hidden = Layer&lt;double&gt;.Dense(2, 4, Activation.Relu&lt;double&gt;());   // W^1 is 4 × 2
/// var output = Layer&lt;double&gt;.ActivationOnly(4, Activation.Softmax&lt;double&gt;());
/// </code>
/// </example>
public sealed class Layer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private Layer(int inputSize, int units, IActivation<T> activation, bool hasWeights)
    {
        if (inputSize <= 0) throw new ShapeMismatchException($"a layer needs a positive input size, got {inputSize}");
        if (units <= 0) throw new ShapeMismatchException($"a layer needs a positive number of units, got {units}");
        InputSize = inputSize;
        Units = units;
        Activation = activation ?? throw new ArgumentNullException(nameof(activation));
        if (hasWeights) { Weights = new T[units * inputSize]; Biases = new T[units]; }
    }

    /// <summary>An affine layer with an activation: z = W a + b, a = f(z). Weights and biases start at zero; see <see cref="Training.WeightInitializer"/>.</summary>
    /// <param name="inputSize">n_(l−1), the width of the previous layer.</param>
    /// <param name="units">n_l, the number of units.</param>
    /// <param name="activation">f^l.</param>
    public static Layer<T> Dense(int inputSize, int units, IActivation<T> activation) => new(inputSize, units, activation, hasWeights: true);

    /// <summary>An activation standing as a layer of its own, without weights: z^l = a^(l−1), a^l = f(z^l).</summary>
    /// <param name="units">The width, equal to the previous layer's.</param>
    /// <param name="activation">f^l.</param>
    public static Layer<T> ActivationOnly(int units, IActivation<T> activation) => new(units, units, activation, hasWeights: false);

    /// <summary>n_(l−1): the width of the layer's input.</summary>
    public int InputSize { get; }

    /// <summary>n_l: the number of units, the width of z^l and a^l.</summary>
    public int Units { get; }

    /// <summary>f^l.</summary>
    public IActivation<T> Activation { get; }

    /// <summary>W^l, <see cref="Units"/> × <see cref="InputSize"/>, row-major (w_jk at [j·InputSize + k]); null for an activation-only layer.</summary>
    public T[]? Weights { get; }

    /// <summary>b^l, <see cref="Units"/> values; null for an activation-only layer.</summary>
    public T[]? Biases { get; }

    /// <summary>Whether the layer has W and b (false for an activation standing alone).</summary>
    public bool HasWeights => Weights is not null;

    /// <summary>w_jk^l: the weight from unit k of layer l−1 to unit j of this layer.</summary>
    public T Weight(int j, int k) => (Weights ?? throw new InvalidOperationException("this layer has no weights"))[j * InputSize + k];

    /// <summary>Forward: z^l = W^l a^(l−1) + b^l (or z^l = a^(l−1) without weights), then a^l = f^l(z^l).</summary>
    /// <param name="input">a^(l−1), m × n_(l−1).</param>
    /// <param name="z">z^l, m × n_l (overwritten).</param>
    /// <param name="a">a^l, m × n_l (overwritten).</param>
    /// <param name="m">Examples in the batch.</param>
    /// <param name="threads">Threads the matrix product may use.</param>
    /// <param name="passes">Shares the bias-and-activation pass among the threads too (the network's).</param>
    internal void FeedForward(ReadOnlySpan<T> input, Span<T> z, Span<T> a, int m, int threads, ParallelPasses<T> passes)
    {
        int n = Units, k = InputSize;
        z = z[..(m * n)];
        if (Weights is null)
        {
            input[..(m * n)].CopyTo(z);
            Activation.Activate(z, a[..(m * n)], n);
            return;
        }
        // z = a^(l−1) · Wᵀ, one GEMM with W read transposed by the kernel; then + b on every example and a = f(z),
        // one pass over z for an element-wise f (ReferencePasses.AddBiasThenActivate is the two-pass form).
        Gemm.Multiply(false, true, m, n, k, T.One, input, k, Weights, k, T.Zero, z, n, threads);
        passes.AddBiasAndActivate(Activation, z, Biases!, a, m, n, threads);
    }

    /// <summary>
    /// BP3 and BP4 for this layer, from its δ^l: ∂C/∂b_j^l = Σ_x δ_j^l (BP3) and ∂C/∂w_jk^l = Σ_x a_k^(l−1) δ_j^l,
    /// i.e. ∂C/∂W^l = δ^l (a^(l−1))ᵀ (BP4), summed over the m examples (δ already carries the 1/m of the mean cost).
    /// Overwrites both gradients.
    /// </summary>
    /// <param name="input">a^(l−1), m × n_(l−1).</param>
    /// <param name="delta">δ^l, m × n_l.</param>
    /// <param name="weightGradient">∂C/∂W^l, n_l × n_(l−1) (overwritten).</param>
    /// <param name="biasGradient">∂C/∂b^l, n_l (overwritten).</param>
    /// <param name="m">Examples in the batch.</param>
    /// <param name="threads">Threads the matrix product may use.</param>
    /// <param name="biasGradientDone">Whether BP3 already summed δ^l into <paramref name="biasGradient"/> (fused into the BP2 pass that made δ^l).</param>
    internal void ComputeGradients(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, Span<T> weightGradient, Span<T> biasGradient, int m, int threads, bool biasGradientDone = false)
    {
        int n = Units, k = InputSize;
        // BP3: ∂C/∂b^l = row sums of δ^l (the seeds' orientation), i.e. the sum of the m examples' rows here.
        if (!biasGradientDone) ReferencePasses.SumRows(delta[..(m * n)], n, biasGradient);
        // BP4: ∂C/∂W^l = δ^l (a^(l−1))ᵀ, one GEMM: (n × m, δ read transposed) · (m × k).
        Gemm.Multiply(true, false, n, k, m, T.One, delta, n, input, k, T.Zero, weightGradient, k, threads);
    }

    /// <summary>
    /// BP3 and BP4 folded into a gradient-descent step (no gradient is stored): b^l ← b^l − η Σ_x δ^l (BP3), and
    /// W^l ← κ·W^l − η δ^l (a^(l−1))ᵀ (BP4) as one GEMM with β = κ and α = −η, κ being the L2 decay 1 − ηλ/n (1 for none).
    /// Call it after BP2 for the layer below has read W^l.
    /// </summary>
    /// <param name="input">a^(l−1), m × n_(l−1).</param>
    /// <param name="delta">δ^l, m × n_l.</param>
    /// <param name="biasGradient">Scratch for ∂C/∂b^l, n_l values (overwritten).</param>
    /// <param name="learningRate">η.</param>
    /// <param name="weightKeep">κ.</param>
    /// <param name="m">Examples in the batch.</param>
    /// <param name="threads">Threads the matrix product may use.</param>
    /// <param name="biasGradientDone">Whether BP3 already summed δ^l into <paramref name="biasGradient"/> (fused into the BP2 pass that made δ^l).</param>
    internal void Descend(ReadOnlySpan<T> input, ReadOnlySpan<T> delta, Span<T> biasGradient, T learningRate, T weightKeep, int m, int threads, bool biasGradientDone = false)
    {
        int n = Units, k = InputSize;
        // BP3, as in ComputeGradients, then b ← b − η ∂C/∂b.
        biasGradient = biasGradient[..n];
        if (!biasGradientDone) ReferencePasses.SumRows(delta[..(m * n)], n, biasGradient);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(biasGradient, -learningRate, Biases!, Biases!);
        // BP4 and the step: W ← κ·W − η·δ^l (a^(l−1))ᵀ, one GEMM (n × m, δ read transposed) · (m × k) with β = κ, α = −η.
        Gemm.Multiply(true, false, n, k, m, -learningRate, delta, n, input, k, weightKeep, Weights!, k, threads);
    }

    /// <summary>
    /// The first factor of BP2 for the layer below: ∂C/∂a^(l−1) = (W^l)ᵀ δ^l (or δ^l itself without weights).
    /// </summary>
    /// <param name="delta">δ^l, m × n_l.</param>
    /// <param name="inputGradient">∂C/∂a^(l−1), m × n_(l−1) (overwritten).</param>
    /// <param name="m">Examples in the batch.</param>
    /// <param name="threads">Threads the matrix product may use.</param>
    internal void BackpropagateToInput(ReadOnlySpan<T> delta, Span<T> inputGradient, int m, int threads)
    {
        int n = Units, k = InputSize;
        if (Weights is null) { delta[..(m * n)].CopyTo(inputGradient); return; }
        // (W^l)ᵀ δ^l in the seeds' orientation is δ · W here: (m × n) · (n × k).
        Gemm.Multiply(false, false, m, k, n, T.One, delta, n, Weights, k, T.Zero, inputGradient, k, threads);
    }

    /// <summary>Prints <c>Dense(30) → sigmoid</c> or <c>softmax</c>.</summary>
    public override string ToString() => HasWeights ? $"Dense({Units}) → {Activation.Name}" : Activation.Name;
}
