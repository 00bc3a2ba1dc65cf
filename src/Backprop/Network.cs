// Network: a feedforward network in the seeds' notation, and backpropagation (BP1–BP4) over whole mini-batches.
//
// Notation (000 "multilayer networks"; Nielsen ch. 2): layers l = 1…L, a^0 = x, z^l = W^l a^(l−1) + b^l, a^l = f^l(z^l),
// δ^l = ∂C/∂z^l. Buffers are indexed by that l, never renumbered.
// Layout legend: n_l units in layer l, m examples per mini-batch. Every batch buffer is m × n_l with one example per row,
// i.e. the seeds' n_l × m matrix (one column per example) stored column by column. So z^l = W^l a^(l−1) reads
// z = a^(l−1)·(W^l)ᵀ in memory; the GEMM kernel takes the transposes by flag and never materialises one.
// Non-goals: convolutions, recurrence, automatic differentiation of arbitrary graphs.
using System.Numerics;
using Backprop.Activations;
using Backprop.Costs;
using Backprop.Costs.Fused;
using Backprop.Layers;

namespace Backprop;

/// <summary>
/// A feedforward network: an ordered sequence of layers l = 1…L and a cost C. Trains by backpropagation,
/// BP1–BP4 in matrix form over whole mini-batches (004; Nielsen ch. 2).
/// </summary>
/// <example>
/// <code>
/// var net = Network&lt;float&gt;.Create([784, 30, 10], "sigmoid", cost: "quadratic");  // Nielsen's first MNIST network
/// WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(1));
/// var output = net.FeedForward(x, m: 1);                                                 // a^L
/// </code>
/// </example>
public sealed class Network<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Layer<T>[] _layers; // _layers[l] is layer l; _layers[0] is unused so that l matches the seeds.
    private Workspace<T>? _workspace;
    private readonly ParallelPasses<T> _passes = new();   // the forward pass's bias and activation, shared among Threads

    /// <summary>Builds a network from its layers and cost, checking that each layer's input is the previous layer's width.</summary>
    /// <param name="inputSize">n_0, the width of x.</param>
    /// <param name="layers">Layers 1…L in order.</param>
    /// <param name="cost">The cost C(a^L, y).</param>
    /// <exception cref="ShapeMismatchException">A layer's input size differs from the previous layer's units, or there is no layer.</exception>
    public Network(int inputSize, IEnumerable<Layer<T>> layers, ICost<T> cost)
    {
        var list = layers.ToList();
        if (list.Count == 0) throw new ShapeMismatchException("a network needs at least one layer");
        int width = inputSize;
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].InputSize != width)
                throw new ShapeMismatchException($"layer {i + 1} takes {list[i].InputSize} inputs but the layer before it has {width} units");
            width = list[i].Units;
        }
        _layers = [null!, .. list];
        InputSize = inputSize;
        Cost = cost ?? throw new ArgumentNullException(nameof(cost));
        FusedOutput = FusedOutputDelta.For(list[^1].Activation, cost);
    }

    /// <summary>
    /// A fully connected network of the given sizes, e.g. [784, 30, 10]: every layer is affine, the hidden ones with
    /// <paramref name="activation"/>, the last with <paramref name="output"/> (default: the activation the cost pairs with —
    /// sigmoid for ce, softmax for nll, identity for hinge — or <paramref name="activation"/> for quadratic).
    /// Parameters start at zero; initialise them with <see cref="Training.WeightInitializer"/>.
    /// </summary>
    public static Network<T> Create(IReadOnlyList<int> sizes, string activation = "sigmoid", string? output = null, string cost = "quadratic")
    {
        if (sizes.Count < 2) throw new ShapeMismatchException($"a network needs at least an input and an output size, got [{string.Join(",", sizes)}]");
        output ??= Costs.Cost.PairedActivation(cost) ?? activation;
        var layers = new List<Layer<T>>();
        for (int l = 1; l < sizes.Count; l++)
            layers.Add(Layer<T>.Dense(sizes[l - 1], sizes[l], Activations.Activation.Create<T>(l == sizes.Count - 1 ? output : activation)));
        return new Network<T>(sizes[0], layers, Costs.Cost.Create<T>(cost));
    }

    /// <summary>The layers 1…L (this list is indexed from 0: <c>Layers[0]</c> is layer 1; <see cref="Layer"/> takes the seeds' l).</summary>
    public IReadOnlyList<Layer<T>> Layers => new ArraySegment<Layer<T>>(_layers, 1, _layers.Length - 1);

    /// <summary>Layer l, for l = 1…L as in the seeds.</summary>
    public Layer<T> Layer(int l) => l >= 1 && l < _layers.Length ? _layers[l] : throw new ArgumentOutOfRangeException(nameof(l), $"layers are numbered 1…{LayerCount}");

    /// <summary>L, the number of layers (the input is layer 0 and not counted).</summary>
    public int LayerCount => _layers.Length - 1;

    /// <summary>n_0, the width of an input x.</summary>
    public int InputSize { get; }

    /// <summary>n_L, the width of the output a^L.</summary>
    public int OutputSize => _layers[^1].Units;

    /// <summary>The cost C(a^L, y).</summary>
    public ICost<T> Cost { get; }

    /// <summary>The fused output pair (softmax + nll, sigmoid + ce) used for BP1 when the last activation and the cost match; null otherwise.</summary>
    public IFusedOutputDelta<T>? FusedOutput { get; }

    /// <summary>How many threads the matrix products may use (results are bit-identical for any count).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>The number of weights and biases.</summary>
    public long ParameterCount => Layers.Sum(l => (long)(l.Weights?.Length ?? 0) + (l.Biases?.Length ?? 0));

    /// <summary>Examples the network's z, a and δ buffers hold now (0 before the first pass): tests read it.</summary>
    internal int WorkspaceCapacity => _workspace?.Capacity ?? 0;

    private Workspace<T> WorkspaceFor(int m)
    {
        if (_workspace is null || _workspace.Capacity < m) _workspace = new Workspace<T>(this, m);
        return _workspace;
    }

    /// <summary>Feeds m examples forward: z^l = W^l a^(l−1) + b^l, a^l = f^l(z^l) for l = 1…L (inference: never with dropout).</summary>
    /// <param name="x">a^0, m × n_0.</param>
    /// <param name="m">Examples.</param>
    /// <returns>a^L, m × n_L: a view of internal memory, valid until the next call on this network.</returns>
    /// <exception cref="ShapeMismatchException"><paramref name="x"/> is not m × n_0.</exception>
    public ReadOnlySpan<T> FeedForward(ReadOnlySpan<T> x, int m) => Forward(x, m, dropout: null);

    private ReadOnlySpan<T> Forward(ReadOnlySpan<T> x, int m, Dropout<T>? dropout)
    {
        CheckInput(x, m);
        if (dropout is not null && m > dropout.Capacity) throw new ShapeMismatchException($"a batch of {m} exceeds the dropout masks' capacity {dropout.Capacity}");
        var w = WorkspaceFor(m);
        ReadOnlySpan<T> a = x;
        for (int l = 1; l <= LayerCount; l++)
        {
            _layers[l].FeedForward(a, w.Z[l], w.A[l], m, Threads, _passes);
            a = w.A[l].AsSpan(0, m * _layers[l].Units);
            if (dropout is not null && dropout.Covers(l)) a = dropout.Apply(l, a, m);   // training only: ã^l = a^l ⊙ r^l
        }
        return a;
    }

    /// <summary>z^l of the last <see cref="FeedForward"/> or <see cref="Backpropagate"/> call, m × n_l.</summary>
    public ReadOnlySpan<T> WeightedInput(int l, int m) => WorkspaceFor(m).Z[l].AsSpan(0, m * Layer(l).Units);

    /// <summary>a^l of the last <see cref="FeedForward"/> or <see cref="Backpropagate"/> call, m × n_l.</summary>
    public ReadOnlySpan<T> Activation(int l, int m) => WorkspaceFor(m).A[l].AsSpan(0, m * Layer(l).Units);

    /// <summary>δ^l = ∂C/∂z^l of the last <see cref="Backpropagate"/> call, m × n_l.</summary>
    public ReadOnlySpan<T> Delta(int l, int m) => WorkspaceFor(m).Delta[l].AsSpan(0, m * Layer(l).Units);

    /// <summary>The mean cost C = (1/m) Σ_x c(x) of m examples (001), from z^L for a fused pair (finite at |z| = 1000).</summary>
    /// <param name="x">a^0, m × n_0.</param>
    /// <param name="y">Targets, m × n_L.</param>
    /// <param name="m">Examples.</param>
    /// <param name="dropout">Null for the network's cost; else the cost under the masks last drawn (what training differentiates, for gradient checks).</param>
    public T CostOf(ReadOnlySpan<T> x, ReadOnlySpan<T> y, int m, Dropout<T>? dropout = null)
    {
        var a = Forward(x, m, dropout);
        CheckTarget(y, m);
        return FusedOutput is null ? Cost.Value(a, y, OutputSize) : FusedOutput.Value(WeightedInput(LayerCount, m), y, OutputSize);
    }

    /// <summary>
    /// Backpropagation over a mini-batch (Nielsen's <c>backprop</c>, in matrix form): feed forward, then BP1 for δ^L,
    /// BP2 for each δ^l going down, and BP3/BP4 for ∂C/∂b^l and ∂C/∂W^l. The gradients are those of the mean cost
    /// C = (1/m) Σ_x c(x), and are overwritten (not accumulated).
    /// </summary>
    /// <param name="x">a^0, m × n_0.</param>
    /// <param name="y">Targets, m × n_L.</param>
    /// <param name="m">Examples in the mini-batch.</param>
    /// <param name="gradients">Receives ∂C/∂W^l and ∂C/∂b^l (overwritten).</param>
    /// <param name="dropout">Training only: masks (already drawn) on the hidden activations; null for none.</param>
    public void Backpropagate(ReadOnlySpan<T> x, ReadOnlySpan<T> y, int m, Gradients<T> gradients, Dropout<T>? dropout = null)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        Forward(x, m, dropout);
        CheckTarget(y, m);
        OutputError(y, m);
        Backward(x, m, dropout, gradients, T.Zero, T.One);
    }

    /// <summary>
    /// One step of plain gradient descent fused into backpropagation, the training loop's fast path for SGD: the same
    /// forward pass, BP1 and BP2 as <see cref="Backpropagate"/>, but BP3/BP4 update the parameters in place instead of
    /// storing gradients: b^l ← b^l − η ∂C/∂b^l and W^l ← κ·W^l − η ∂C/∂W^l, where κ = 1 − ηλ/n is the L2 decay
    /// (<see cref="Training.Regularization.WeightKeep{T}"/>). The decay, the product δ^l (a^(l−1))ᵀ and the step are one GEMM
    /// (β = κ, α = −η), so ∂C/∂W^l is never written out. Each layer's BP2 runs before its update, since it needs the old W^l.
    /// Equal to <see cref="Backpropagate"/>, <see cref="Training.Regularization.Apply{T}"/> (L2) and
    /// <see cref="Training.Optimizers.StochasticGradientDescent{T}"/>'s step, up to rounding.
    /// </summary>
    /// <param name="x">a^0, m × n_0.</param>
    /// <param name="y">Targets, m × n_L.</param>
    /// <param name="m">Examples in the mini-batch.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="weightKeep">κ = 1 − ηλ/n, the weights' L2 decay factor (1 for none).</param>
    /// <param name="dropout">Training only: masks (already drawn) on the hidden activations; null for none.</param>
    internal void BackpropagateAndDescend(ReadOnlySpan<T> x, ReadOnlySpan<T> y, int m, T learningRate, T weightKeep, Dropout<T>? dropout = null)
    {
        Forward(x, m, dropout);
        CheckTarget(y, m);
        OutputError(y, m);
        Backward(x, m, dropout, null, learningRate, weightKeep);
    }

    /// <summary>BP1: δ^L from the last forward pass and the targets.</summary>
    private void OutputError(ReadOnlySpan<T> y, int m)
    {
        var w = WorkspaceFor(m);
        int L = LayerCount, nL = OutputSize;
        var zL = w.Z[L].AsSpan(0, m * nL);
        var aL = w.A[L].AsSpan(0, m * nL);
        var deltaL = w.Delta[L].AsSpan(0, m * nL);
        if (FusedOutput is not null)
            FusedOutput.OutputDelta(aL, y, deltaL, nL);                              // BP1, fused: δ^L = a^L − y
        else
        {
            Cost.OutputGradient(aL, y, deltaL, nL);                                  // BP1: ∇_a C …
            _layers[L].Activation.BackpropagateDelta(zL, aL, deltaL, deltaL, nL);    //      … ⊙ f′(z^L)
        }
    }

    /// <summary>
    /// BP2 down the layers from δ^L, with BP3/BP4 for each layer: into <paramref name="gradients"/> when given, otherwise
    /// as a descent step of η = <paramref name="learningRate"/> and decay κ = <paramref name="weightKeep"/> applied in place.
    /// </summary>
    private void Backward(ReadOnlySpan<T> x, int m, Dropout<T>? dropout, Gradients<T>? gradients, T learningRate, T weightKeep)
    {
        var w = WorkspaceFor(m);
        bool biasGradientDone = false;   // whether BP2's pass for this layer already summed BP3's ∂C/∂b^l
        for (int l = LayerCount; l >= 1; l--)
        {
            var layer = _layers[l];
            var delta = w.Delta[l].AsSpan(0, m * layer.Units);
            ReadOnlySpan<T> input = l == 1 ? x : dropout is null ? w.A[l - 1].AsSpan(0, m * layer.InputSize) : dropout.Dropped(l - 1, m); // a^(l−1), or ã^(l−1)
            if (layer.HasWeights && gradients is not null)                          // BP3: ∂C/∂b^l = δ^l; BP4: ∂C/∂W^l = δ^l (a^(l−1))ᵀ
                layer.ComputeGradients(input, delta, gradients.WeightGradient(l), gradients.BiasGradient(l), m, Threads, biasGradientDone);
            if (l > 1)
            {
                var below = _layers[l - 1];
                var deltaBelow = w.Delta[l - 1].AsSpan(0, m * below.Units);
                layer.BackpropagateToInput(delta, deltaBelow, m, Threads);           // BP2: (W^l)ᵀ δ^l …
                dropout?.BackpropagateMask(l - 1, deltaBelow, m);                    //      … ⊙ r^(l−1) under dropout …
                var zBelow = w.Z[l - 1].AsSpan(0, deltaBelow.Length);
                var aBelow = w.A[l - 1].AsSpan(0, deltaBelow.Length);
                bool sumBelow = below.HasWeights;
                if (sumBelow)                                                        // … ⊙ f′(z^(l−1)), with BP3's Σ_x δ^(l−1) in the same pass
                    below.Activation.BackpropagateDeltaAndSum(zBelow, aBelow, deltaBelow, deltaBelow, below.Units,
                        gradients is not null ? gradients.BiasGradient(l - 1) : w.BiasGradient[l - 1]);
                else below.Activation.BackpropagateDelta(zBelow, aBelow, deltaBelow, deltaBelow, below.Units); // … ⊙ f′(z^(l−1))
            }
            if (layer.HasWeights && gradients is null)                              // BP3 and BP4 as a step, after BP2 has read the old W^l
                layer.Descend(input, delta, w.BiasGradient[l], learningRate, weightKeep, m, Threads, biasGradientDone);
            biasGradientDone = l > 1 && _layers[l - 1].HasWeights;
        }
    }

    private void CheckInput(ReadOnlySpan<T> x, int m) => CheckBatch(x.Length, m, InputSize);

    /// <summary>Throws unless <paramref name="length"/> values are m ≥ 1 inputs of width <paramref name="inputSize"/> (also <see cref="Inference.Predictor{T}"/>'s check).</summary>
    internal static void CheckBatch(int length, int m, int inputSize)
    {
        if (m <= 0) throw new ShapeMismatchException($"a batch needs at least one example, got m = {m}");
        if (length != m * inputSize)
            throw new ShapeMismatchException($"input has {length} values but {m} example(s) of width {inputSize} need {m * inputSize} (layer 1 takes {inputSize} inputs)");
    }

    private void CheckTarget(ReadOnlySpan<T> y, int m)
    {
        if (y.Length != m * OutputSize)
            throw new ShapeMismatchException($"target has {y.Length} values but {m} example(s) of the output layer's {OutputSize} units need {m * OutputSize}");
    }

    /// <summary>A deep copy in another precision (e.g. a double copy of a float network for exact checks).</summary>
    public Network<TOther> Convert<TOther>() where TOther : unmanaged, IFloatingPointIeee754<TOther>
    {
        var layers = new List<Layer<TOther>>();
        foreach (var layer in Layers)
        {
            var activation = layer.Activation is CustomActivation<T>
                ? throw new NotSupportedException($"a custom activation ('{layer.Activation.Name}') cannot change precision")
                : Activations.Activation.Create<TOther>(layer.Activation.Name);
            if (!layer.HasWeights) { layers.Add(Layer<TOther>.ActivationOnly(layer.Units, activation)); continue; }
            var copy = Layer<TOther>.Dense(layer.InputSize, layer.Units, activation);
            for (int i = 0; i < layer.Weights!.Length; i++) copy.Weights![i] = TOther.CreateChecked(layer.Weights[i]);
            for (int j = 0; j < layer.Biases!.Length; j++) copy.Biases![j] = TOther.CreateChecked(layer.Biases[j]);
            layers.Add(copy);
        }
        return new Network<TOther>(InputSize, layers, Costs.Cost.Create<TOther>(Cost.Name)) { Threads = Threads };
    }

    /// <summary>The structure, e.g. <c>784 → Dense(30) → sigmoid → Dense(10) → sigmoid · quadratic</c>, with <c>(fused)</c> for a fused pair.</summary>
    public override string ToString() =>
        $"{InputSize} → {string.Join(" → ", Layers.Select(l => l.ToString()))} · {Cost.Name}{(FusedOutput is null ? "" : " (fused)")}";
}
