using System.CommandLine;
using Backprop.Data;
using Backprop.Diagnostics.Benchmarks;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop bench</c>: trains the named speed configurations after a warm-up and prints one JSON line each.</summary>
internal static class BenchCommand
{
    /// <summary>Where Fashion-MNIST is installed (Debian package dataset-fashion-mnist); the bench uses it when present.</summary>
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";

    private static readonly Option<string?> Config = new("--config") { Description = $"Run only this configuration: {string.Join(", ", BenchmarkConfiguration.All.Select(c => c.Name))} [default: all]" };
    private static readonly Option<int> Threads = Options.Threads();
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Timed epochs (inference: passes) after the warm-up epoch; the median is printed", DefaultValueFactory = _ => 3 };
    private static readonly Option<string?> DataFolder = new("--data") { Description = $"Data folder [default: {FashionMnist} when installed, else the bundled digits]" };
    private static readonly Option<int> Split = Options.Split();

    public static Command Create()
    {
        var command = new Command("bench", "Measure training speed: each configuration trains one warm-up epoch, then --epochs timed ones, and prints one JSON line " +
            "(config, threads, examples, epoch_seconds, examples_per_second, gflops, peak_fraction, test_accuracy, peak_working_set_bytes, …).\n" +
            "Example: backprop bench --config nielsen1 --threads 1") { Config, Threads, Epochs, DataFolder, Split };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var name = parse.GetValue(Config);
            var configurations = name is null ? BenchmarkConfiguration.All : [BenchmarkConfiguration.Named(name)];
            int threads = parse.GetValue(Threads), epochs = parse.GetValue(Epochs);
            if (threads < 1) throw new ArgumentException($"--threads must be ≥ 1, got {threads}");
            if (epochs < 1) throw new ArgumentException($"--epochs must be ≥ 1, got {epochs}");
            var folder = parse.GetValue(DataFolder) ?? (Directory.Exists(FashionMnist) ? FashionMnist : null);
            var (train, test) = Options.LoadData<float>(folder, parse.GetValue(Split));
            parse.InvocationConfiguration.Error.WriteLine($"bench: {train.Count} training and {test.Count} test examples from {folder ?? "the bundled digits"}, {threads} thread(s)");
            foreach (var configuration in configurations)
                output.WriteLine(Benchmark.Run(configuration, train, test, threads, epochs).ToJson());
            return 0;
        });
        return command;
    }
}
