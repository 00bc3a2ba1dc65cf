using System.CommandLine;
using System.Numerics;
using Backprop.Data;

namespace Backprop.Cli;

/// <summary>Options several commands share, and the small parsing helpers they need.</summary>
internal static class Options
{
    public static Option<string> Precision() => new Option<string>("--precision")
    {
        Description = "Element type: float (fast) or double (exact checks, teaching)",
        DefaultValueFactory = _ => "float",
    }.AcceptOnlyFromAmongFluent("float", "double");

    public static Option<string?> Data() => new("--data")
    {
        Description = "Data folder: images-idx3-ubyte.gz + labels-idx1-ubyte.gz (split by --split), or MNIST/Fashion-MNIST's train-*/t10k-* files [default: the bundled digits, data/mnist-10k]",
    };

    public static Option<int> Split() => new("--split")
    {
        Description = "For a single images/labels pair: how many leading examples train; the rest test",
        DefaultValueFactory = _ => 8000,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "Threads for the matrix products (results are identical for any count) [default: all cores]",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Option<string> Model(bool required = true) => new("--model")
    {
        Description = "Model file: JSON (see the README), or safetensors if the name ends in .safetensors",
        Required = required,
    };

    private static Option<string> AcceptOnlyFromAmongFluent(this Option<string> option, params string[] values)
    {
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    /// <summary>Builds the network of --layers, --activation, --output and --cost; an unknown name is reported with its option.</summary>
    public static Network<T> CreateNetwork<T>(int[] sizes, string activation, string? output, string cost) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Named("--activation", () => Backprop.Activations.Activation.Create<T>(activation));
        if (output is not null) Named("--output", () => Backprop.Activations.Activation.Create<T>(output));
        Named("--cost", () => Backprop.Costs.Cost.Create<T>(cost));
        return Network<T>.Create(sizes, activation, output, cost);
    }

    /// <summary>Runs a library parser, prefixing its error with the option's name.</summary>
    public static TValue Named<TValue>(string option, Func<TValue> create)
    {
        try { return create(); }
        catch (Exception e) when (e is UnknownNameException or ArgumentException) { throw new ArgumentException($"{option}: {e.Message.Split(" (Parameter")[0]}"); }
    }

    /// <summary>Parses "784,30,10".</summary>
    public static int[] ParseSizes(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out sizes[i]) || sizes[i] <= 0)
                throw new ArgumentException($"{option}: '{parts[i]}' is not a positive layer size (expected e.g. 784,30,10)");
        if (sizes.Length < 2) throw new ArgumentException($"{option}: give at least an input and an output size (e.g. 784,30,10)");
        return sizes;
    }

    /// <summary>Parses "3,14" into values of T.</summary>
    public static T[] ParseVector<T>(string text, string option) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new ArgumentException($"{option}: value {i + 1}, '{parts[i]}', is not a finite number");
            values[i] = T.CreateChecked(v);
        }
        return values;
    }

    /// <summary>Loads (train, test) from --data, or the bundled digits.</summary>
    public static (DataSet<T> Train, DataSet<T> Test) LoadData<T>(string? folder, int split) where T : unmanaged, IFloatingPointIeee754<T>
    {
        folder ??= ImageData.FindBundledDigits() ?? throw new DataFormatException("no --data given and the bundled digits (data/mnist-10k) were not found");
        return ImageData.Load<T>(folder, split);
    }
}

/// <summary>Runs a command body in the element type the user chose.</summary>
internal interface IPrecisionBody
{
    int Run<T>() where T : unmanaged, IFloatingPointIeee754<T>;
}

internal static class PrecisionDispatch
{
    public static int Run(string precision, IPrecisionBody body) => precision switch
    {
        "double" => body.Run<double>(),
        _ => body.Run<float>(),
    };
}
