using System.CommandLine;
using System.Numerics;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;
using Backprop.Training.Optimizers;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop train</c>: trains a network by mini-batch SGD and prints one line per epoch.</summary>
internal static class TrainCommand
{
    private static readonly Option<string> Layers = new("--layers") { Description = "Layer sizes, input first", DefaultValueFactory = _ => "784,30,10" };
    private static readonly Option<string> ActivationName = new("--activation") { Description = "Hidden layers' activation: identity, sigmoid, tanh, relu, softmax", DefaultValueFactory = _ => "sigmoid" };
    private static readonly Option<string?> OutputName = new("--output") { Description = "Last layer's activation [default: the one the cost pairs with (ce: sigmoid, nll: softmax, hinge: identity), else --activation]" };
    private static readonly Option<string> CostName = new("--cost") { Description = "Cost: quadratic, ce (binary cross-entropy), nll (negative log-likelihood), hinge", DefaultValueFactory = _ => "quadratic" };
    private static readonly Option<int> Batch = new("--batch") { Description = "Mini-batch size m", DefaultValueFactory = _ => 10 };
    private static readonly Option<double> LearningRate = new("--lr") { Description = "Learning rate η", DefaultValueFactory = _ => 3.0 };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Passes over the training data", DefaultValueFactory = _ => 30 };
    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the initialisation and the shuffles (same seed ⇒ same weights)", DefaultValueFactory = _ => 1UL };
    private static readonly Option<double> L2 = new("--l2") { Description = "L2 regularisation λ (weights decay by 1 − ηλ/n per step, as Nielsen's network2.py)", DefaultValueFactory = _ => 0.0 };
    private static readonly Option<string> Init = new("--init") { Description = "Initialisation: nielsen (w ~ N(0, 1/n_in), b ~ N(0, 1)), large, xavier-uniform, xavier-normal, he", DefaultValueFactory = _ => "nielsen" };
    private static readonly Option<string?> Save = new("--save") { Description = "Write the trained model to this JSON file (atomically)" };
    private static readonly Option<string?> DataFolder = Options.Data();
    private static readonly Option<int> Split = Options.Split();
    private static readonly Option<int> Threads = Options.Threads();
    private static readonly Option<string> Precision = Options.Precision();

    public static Command Create()
    {
        var command = new Command("train", "Train a network by mini-batch stochastic gradient descent and print test accuracy, cost and time per epoch.\n" +
            "Example: backprop train --layers 784,100,10 --activation relu --cost nll --batch 32 --lr 0.1 --epochs 5 --save model.json")
        {
            Layers, ActivationName, OutputName, CostName, Batch, LearningRate, Epochs, Seed, L2, Init, Save, DataFolder, Split, Threads, Precision,
        };
        command.SetAction(parse => PrecisionDispatch.Run(parse.GetValue(Precision)!, new Body(parse)));
        return command;
    }

    private sealed class Body(ParseResult parse) : IPrecisionBody
    {
        public int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var output = parse.InvocationConfiguration.Output;
            var sizes = Options.ParseSizes(parse.GetValue(Layers)!, "--layers");
            var network = Network<T>.Create(sizes, parse.GetValue(ActivationName)!, parse.GetValue(OutputName), parse.GetValue(CostName)!);
            network.Threads = Math.Max(1, parse.GetValue(Threads));
            var (train, test) = Options.LoadData<T>(parse.GetValue(DataFolder), parse.GetValue(Split));
            train.CheckFits(network);
            var rng = new Rng(parse.GetValue(Seed));
            WeightInitializer.Initialize(network, WeightInitializer.Parse(parse.GetValue(Init)!), rng);
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(Epochs),
                MiniBatchSize = parse.GetValue(Batch),
                LearningRate = parse.GetValue(LearningRate),
                L2Lambda = parse.GetValue(L2),
            };
            var optimizer = new StochasticGradientDescent<T>();
            output.WriteLine($"{network}   train {train.Count}, test {test.Count}, m = {options.MiniBatchSize}, η = {options.LearningRate}, {(typeof(T) == typeof(float) ? "float" : "double")}");
            new Trainer<T>(network, optimizer, options).Train(train, test, rng, r =>
                output.WriteLine($"epoch {r.Epoch,3}   test accuracy {Format.Percent(r.TestAccuracy),8} ({r.TestCorrect}/{r.TestCount})   cost {Format.Fixed(r.TestCost, 6)}   {Format.Fixed(r.TrainSeconds, 2)} s"));
            if (parse.GetValue(Save) is { } path)
            {
                ModelFile.Save(network, path);
                output.WriteLine($"saved {path}");
            }
            return 0;
        }
    }
}
