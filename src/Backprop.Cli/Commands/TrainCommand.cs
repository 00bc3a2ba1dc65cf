using System.CommandLine;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop train</c>: the options; <see cref="TrainRun"/> does the work.</summary>
internal static class TrainCommand
{
    public static readonly Option<string> Layers = new("--layers") { Description = "Layer sizes, input first (for CSV data the default is FEATURES,30,OUTPUTS: the classes or the targets)", DefaultValueFactory = _ => "784,30,10" };
    public static readonly Option<string> ActivationName = new("--activation") { Description = "Hidden layers' activation: identity, sigmoid, tanh, relu, softmax", DefaultValueFactory = _ => "sigmoid" };
    public static readonly Option<string?> OutputName = new("--output") { Description = "Last layer's activation [default: the one the cost pairs with (ce: sigmoid, nll: softmax, hinge: identity), else --activation]" };
    public static readonly Option<string> CostName = new("--cost") { Description = "Cost: quadratic, ce (binary cross-entropy), nll (negative log-likelihood), hinge", DefaultValueFactory = _ => "quadratic" };
    public static readonly Option<int> Batch = new("--batch") { Description = "Mini-batch size m", DefaultValueFactory = _ => 10 };
    public static readonly Option<double> LearningRate = new("--lr") { Description = "Learning rate η (η₀ of a schedule)", DefaultValueFactory = _ => 3.0 };
    public static readonly Option<int> Epochs = new("--epochs") { Description = "Passes over the training data (with --resume: the total, counting the checkpoint's)", DefaultValueFactory = _ => 30 };
    public static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the initialisation, shuffles, dropout and augmentation (same seed ⇒ same weights)", DefaultValueFactory = _ => 1UL };
    public static readonly Option<double> L2 = new("--l2") { Description = "L2 regularisation λ (weights decay by 1 − ηλ/n per step, as Nielsen's network2.py)", DefaultValueFactory = _ => 0.0 };
    public static readonly Option<double> L1 = new("--l1") { Description = "L1 regularisation λ (w ← w − (ηλ/n) sgn(w) per step)", DefaultValueFactory = _ => 0.0 };
    public static readonly Option<double> Dropout = new("--dropout") { Description = "Inverted dropout probability p on the hidden layers, training only", DefaultValueFactory = _ => 0.0 };
    public static readonly Option<string> OptimizerName = new("--optimizer") { Description = "Update rule: sgd, momentum, nesterov, adam, adamw, rmsprop", DefaultValueFactory = _ => "sgd" };
    public static readonly Option<double> Momentum = new("--momentum") { Description = "μ for momentum and nesterov", DefaultValueFactory = _ => 0.9 };
    public static readonly Option<double> Beta1 = new("--beta1") { Description = "β1 for adam and adamw", DefaultValueFactory = _ => 0.9 };
    public static readonly Option<double?> Beta2 = new("--beta2") { Description = "β2 for adam and adamw [0.999], the decay ρ for rmsprop [0.9]" };
    public static readonly Option<double> WeightDecay = new("--weight-decay") { Description = "Decoupled weight decay λ for adamw", DefaultValueFactory = _ => 0.01 };
    public static readonly Option<string> Init = new("--init") { Description = "Initialisation: nielsen (w ~ N(0, 1/n_in), b ~ N(0, 1)), large, xavier-uniform, xavier-normal, he", DefaultValueFactory = _ => "nielsen" };
    public static readonly Option<string> Schedule = new("--schedule") { Description = "Learning rate per epoch: constant, step[:EVERY[:FACTOR]] (halve every 10), plateau[:PATIENCE] (Nielsen: halve when validation accuracy stalls, stop at η/128; needs validation), cosine (over --epochs)", DefaultValueFactory = _ => "constant" };
    public static readonly Option<double?> Validation = new("--validation") { Description = "Hold out this fraction of the training data, taken from its end, as validation data (e.g. 0.1)" };
    public static readonly Option<string?> ValidationData = new("--validation-data") { Description = "Validation data folder (images-idx3-ubyte + labels-idx1-ubyte, or t10k-*)" };
    public static readonly Option<string?> EarlyStop = new("--early-stop") { Description = "Stop when validation accuracy has not improved for PATIENCE epochs; PATIENCE:cost watches validation cost" };
    public static readonly Option<string?> Augment = new("--augment") { Description = "Training-image augmentation: shift:PIXELS (random translations, 28×28 for 784 inputs) or shift:PIXELS:WxH" };
    public static readonly Option<string?> History = new("--history") { Description = "Write per-epoch costs and accuracies to this file: CSV, or JSON if it ends in .json" };
    public static readonly Option<string?> Checkpoint = new("--checkpoint") { Description = "Write a checkpoint into this folder after each epoch (atomically)" };
    public static readonly Option<string?> Resume = new("--resume") { Description = "Continue the run checkpointed in this folder up to --epochs in total (same options otherwise)" };
    public static readonly Option<string?> Save = new("--save") { Description = "Write the trained model to this file (atomically): .safetensors for safetensors, any other name for JSON" };
    public static readonly DataSource Data = new("CSV: test on the last rows, this fraction of them [default: 0.2]");
    public static readonly Option<bool> Standardize = new("--standardize") { Description = "Standardise each input feature to mean 0 and deviation 1 over the training data (μ and s are stored in the model and applied by predict and eval)" };
    public static readonly Option<string?> Plot = new("--plot") { Description = "Write pictures into this folder after training: training curves (training, validation, test), the test set's confusion matrix, and layer 1's weights as images (for square inputs such as 784 = 28 × 28)" };
    public static readonly Option<string> PlotFormat = new Option<string>("--plot-format") { Description = "Picture format for --plot", DefaultValueFactory = _ => "png" };
    public static readonly OutputOptions Out = new("Print one JSON object per epoch (and nothing else) on standard output");
    public static readonly Option<int> Threads = Options.Threads();
    public static readonly Option<string> Precision = Options.Precision();

    public static Command Create()
    {
        var command = new Command("train", "Train a network by mini-batch stochastic gradient descent and print test accuracy, cost and time per epoch " +
            "(on a terminal: progress bars with examples/s and time left).\n" +
            "Example: backprop train --layers 784,100,10 --activation relu --cost nll --batch 32 --lr 0.1 --epochs 5 --save model.json\n" +
            "Example: backprop train --data iris.csv --label species --standardize --layers 4,8,3 --cost nll --lr 0.1 --epochs 50 --save iris.json")
        {
            Layers, ActivationName, OutputName, CostName, Batch, LearningRate, Epochs, Seed, L2, L1, Dropout, OptimizerName, Momentum, Beta1, Beta2,
            WeightDecay, Init, Schedule, Validation, ValidationData, EarlyStop, Augment, History, Checkpoint, Resume, Save, Threads, Precision,
            Standardize, Plot, PlotFormat,
        };
        foreach (var option in Data.All.Concat(Out.All)) command.Options.Add(option);
        PlotFormat.AcceptOnlyFromAmong("png", "svg", "both");
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new TrainRun(parse)));
        return command;
    }
}
