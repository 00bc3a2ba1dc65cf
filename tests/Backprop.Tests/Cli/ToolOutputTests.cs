using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using static Backprop.Tests.Cli.Tool;

namespace Backprop.Tests.Cli;

/// <summary>What the tool prints: --json, --quiet, one-line argument errors, pictures, CSV data with class names.</summary>
public sealed class ToolOutputTests
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Four classes by quadrant of (x1, x2), with string labels; x1 is offset and scaled so that standardisation matters.</summary>
    private static string QuadrantsCsv()
    {
        var path = Path.Combine(TestData.TempFolder(), "quadrants.csv");
        var rng = new Random(20261124);
        using var writer = new StreamWriter(path);
        writer.WriteLine("x1,x2,where");
        for (int i = 0; i < 300; i++)
        {
            double x1 = rng.NextDouble() * 2 - 1, x2 = rng.NextDouble() * 2 - 1;
            string where = (x2 > 0 ? "north" : "south") + (x1 > 0 ? "-east" : "-west");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{500 + 100 * x1:F4},{x2:F4},{where}"));
        }
        return path;
    }

    private static string TrainedQuadrantsModel()
    {
        var model = Path.Combine(TestData.TempFolder(), "quadrants.json");
        var (code, _, err) = Run("train", "--data", QuadrantsCsv(), "--label", "where", "--standardize", "--layers", "2,8,4", "--cost", "nll",
            "--lr", "0.5", "--epochs", "30", "--seed", "3", "--save", model, "--quiet");
        Assert.True(code == 0, err);
        return model;
    }

    [Fact]
    public void Train_json_prints_one_parseable_object_per_epoch_and_nothing_else()
    {
        var (code, output, _) = Run("train", "--epochs", "2", "--layers", "784,10,10", "--threads", "1", "--json");
        Assert.Equal(0, code);
        var lines = Lines(output);
        Assert.Equal(2, lines.Length);
        for (int e = 0; e < 2; e++)
        {
            using var doc = JsonDocument.Parse(lines[e]);
            Assert.Equal(e + 1, doc.RootElement.GetProperty("epoch").GetInt32());
            Assert.Equal(2000, doc.RootElement.GetProperty("test_count").GetInt32());
            Assert.InRange(doc.RootElement.GetProperty("test_accuracy").GetDouble(), 0.5, 1.0);
        }
    }

    [Fact]
    public void Eval_predict_and_gradcheck_json_parse_as_one_object_each()
    {
        var model = TrainedQuadrantsModel();
        string[][] commands =
        [
            ["eval", "--model", model, "--data", QuadrantsCsv(), "--label", "where", "--json"],
            ["predict", "--model", model, "--input", "550,0.5", "--json"],
            ["gradcheck", "--json"],
        ];
        foreach (var args in commands)
        {
            var (code, output, err) = Run(args);
            Assert.True(code == 0, err);
            var line = Assert.Single(Lines(output));
            using var doc = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
    }

    [Fact]
    public void Eval_json_holds_accuracy_and_the_confusion_matrix()
    {
        var (_, output, _) = Run("eval", "--model", TrainedQuadrantsModel(), "--data", QuadrantsCsv(), "--label", "where", "--json");
        using var doc = JsonDocument.Parse(output);
        Assert.InRange(doc.RootElement.GetProperty("accuracy").GetDouble(), 0.9, 1.0);
        Assert.Equal(4, doc.RootElement.GetProperty("confusion").GetArrayLength());
        Assert.Equal("north-east", doc.RootElement.GetProperty("classes")[0].GetProperty("class").GetString());
    }

    [Theory]
    [InlineData("train", "--epochs", "1", "--layers", "784,10,10", "--threads", "1", "--quiet")]
    [InlineData("gradcheck", "--quiet")]
    [InlineData("predict", "--model", "examples/mit-6036-hw7-problem4.json", "--input", "3,14", "-q")]
    [InlineData("eval", "--model", "examples/mit-6036-hw7-problem4.json", "--data", "POINTS", "--label", "c", "--quiet")]
    public void Quiet_prints_nothing(params string[] args)
    {
        var points = Path.Combine(TestData.TempFolder(), "points.csv");
        File.WriteAllText(points, "x1,x2,c\n3,14,0\n-1,-1,1\n");
        var (code, output, err) = Run([.. args.Select(a => a.StartsWith("examples/") ? Path.Combine(TestData.Root, a) : a == "POINTS" ? points : a)]);
        Assert.True(code == 0, err);
        Assert.Equal("", output);
        Assert.Equal("", err);
    }

    [Fact]
    public void Quiet_still_reports_errors_in_one_line()
    {
        var (code, output, err) = Run("predict", "--model", "/nonexistent.json", "--input", "1", "--quiet");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(Lines(err));
    }

    [Fact]
    public void Train_without_a_terminal_prints_the_plain_epoch_lines()
    {
        var (_, output, _) = Run("train", "--epochs", "1", "--layers", "784,10,10", "--threads", "1");
        Assert.Matches(@"epoch +1 .*test accuracy +\d+\.\d\d % \(\d+/2000\) +cost \d\.\d+ +\d+\.\d\d s", output);
        Assert.Contains("final test accuracy", output);
    }

    [Fact]
    public void Train_plot_writes_curves_confusion_and_weights_as_valid_pngs()
    {
        var folder = TestData.TempFolder();
        var (code, _, err) = Run("train", "--epochs", "1", "--layers", "784,10,10", "--threads", "1", "--validation", "0.1", "--plot", folder, "--quiet");
        Assert.True(code == 0, err);
        foreach (var name in new[] { "curves.png", "confusion.png", "weights.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, name));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)) >= 200, name);
            Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)) >= 150, name);
        }
    }

    [Fact]
    public void Predict_prints_the_class_name_stored_by_training_on_csv()
    {
        var (code, output, _) = Run("predict", "--model", TrainedQuadrantsModel(), "--input", "580,-0.6");   // east of 500, south of 0
        Assert.Equal(0, code);
        Assert.Contains("class 2 (south-east)", output);
    }

    [Fact]
    public void Eval_applies_the_models_standardisation_to_csv_data()
    {
        var (_, output, _) = Run("eval", "--model", TrainedQuadrantsModel(), "--data", QuadrantsCsv(), "--label", "where");
        var accuracy = double.Parse(System.Text.RegularExpressions.Regex.Match(output, @"test accuracy (\d+\.\d+) %").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 90, 100);   // unstandardised, x1 ≈ 500 would saturate every sigmoid and leave one class
    }

    [Fact]
    public void A_value_outside_the_allowed_ones_names_the_option_and_the_values_in_one_line()
    {
        var (code, _, err) = Run("train", "--plot-format", "gif");
        Assert.Equal(2, code);
        Assert.Equal("backprop train: --plot-format: 'gif' is not one of png, svg, both (see 'backprop train --help')", Assert.Single(Lines(err)));
    }

    [Fact]
    public void A_number_that_does_not_parse_names_the_option_in_one_line()
    {
        var (_, _, err) = Run("train", "--batch", "ten");
        Assert.Contains("--batch: 'ten' is not a whole number", Assert.Single(Lines(err)));
    }

    [Fact]
    public void An_unknown_activation_names_the_option_and_the_known_ones() =>
        Assert.Contains("--activation: unknown activation 'swish' (known: identity, sigmoid, tanh, relu, softmax)", Run("train", "--activation", "swish").Err);

    [Fact]
    public void Csv_without_a_label_or_target_says_which_options_to_give()
    {
        var (code, _, err) = Run("train", "--data", QuadrantsCsv(), "--epochs", "1");
        Assert.Equal(1, code);
        Assert.Contains("--label COLUMN", err);
    }

    [Fact]
    public void Plot_draws_training_curves_from_a_history_file()
    {
        var folder = TestData.TempFolder();
        string history = Path.Combine(folder, "h.csv"), picture = Path.Combine(folder, "curves.png");
        File.WriteAllText(history, "epoch,learning_rate,train_cost,train_accuracy,validation_cost,validation_accuracy,test_cost,test_accuracy,seconds\n1,3,,,0.09,0.88,0.08,0.89,0.1\n2,3,,,0.08,0.9,0.07,0.91,0.1\n");
        var (code, _, err) = Run("plot", "--kind", "curves", "--history", history, "--out", picture);
        Assert.True(code == 0, err);
        Assert.True(new FileInfo(picture).Length > 1000);
    }

    [Theory]
    [InlineData("train")] [InlineData("eval")] [InlineData("predict")] [InlineData("gradcheck")] [InlineData("explain")]
    [InlineData("plot")] [InlineData("export")] [InlineData("examples")]
    public void Every_command_help_shows_an_example(string command)
    {
        var (code, output, _) = Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains($"Example: backprop {command}", output);
    }
}
