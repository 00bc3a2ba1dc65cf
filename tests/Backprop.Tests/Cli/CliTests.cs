using Backprop.Serialization;
using static Backprop.Tests.Cli.Tool;

namespace Backprop.Tests.Cli;

/// <summary>The tool as a user meets it: one line for bad input, no stack trace, non-zero exit, nothing saved lost.</summary>
public class CliTests
{
    private static void AssertOneLineError((int Code, string Out, string Err) result, string expectedFragment)
    {
        Assert.NotEqual(0, result.Code);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expectedFragment, lines[0]);
        Assert.DoesNotContain("   at ", result.Err);
    }

    private static string TinyModel()
    {
        var path = Path.Combine(TestData.TempFolder(), "tiny.json");
        File.WriteAllText(path, """{ "cost": "quadratic", "layers": [ { "activation": "sigmoid", "weights": [[1, 2], [0, -1]], "biases": [0, 0.5] } ] }""");
        return path;
    }

    [Fact]
    public void Predict_prints_the_output_activations_and_the_class()
    {
        // z = (1·1 + 2·0, 0·1 − 1·0 + 0.5) = (1, 0.5): a = σ(z) = (0.7310585786, 0.6224593312); class 0.
        var (code, output, _) = Run("predict", "--model", TinyModel(), "--input", "1,0", "--precision", "double");
        Assert.Equal(0, code);
        Assert.Contains("0.731058579", output);
        Assert.Contains("0.622459331", output);
        Assert.Contains("class 0", output);
    }

    [Fact]
    public void Predict_with_the_wrong_input_width_prints_one_line_and_fails() =>
        AssertOneLineError(Run("predict", "--model", TinyModel(), "--input", "1,2,3"), "takes 2 inputs");

    [Fact]
    public void Predict_with_a_missing_model_prints_one_line_and_fails() =>
        AssertOneLineError(Run("predict", "--model", "/nonexistent/m.json", "--input", "1,2"), "no such model file");

    [Fact]
    public void Predict_with_a_broken_model_prints_one_line_and_fails()
    {
        var path = Path.Combine(TestData.TempFolder(), "broken.json");
        File.WriteAllText(path, """{"layers": [ {"weights": [[1, 2]], "biases": [0, 0], "activation": "sigmoid"} ]""");
        AssertOneLineError(Run("predict", "--model", path, "--input", "1,2"), path);
    }

    [Fact]
    public void Train_on_a_truncated_idx_file_fails_in_one_line_and_keeps_the_saved_model()
    {
        var folder = TestData.TempFolder();
        File.WriteAllBytes(Path.Combine(folder, "images-idx3-ubyte.gz"), File.ReadAllBytes(Path.Combine(TestData.Digits, "images-idx3-ubyte.gz"))[..5000]);
        File.Copy(Path.Combine(TestData.Digits, "labels-idx1-ubyte.gz"), Path.Combine(folder, "labels-idx1-ubyte.gz"));
        var model = Path.Combine(folder, "keep.json");
        File.WriteAllText(model, "{ \"previous\": true }");
        AssertOneLineError(Run("train", "--epochs", "1", "--data", folder, "--save", model), "images-idx3-ubyte.gz");
        Assert.Equal("{ \"previous\": true }", File.ReadAllText(model));
    }

    [Fact]
    public void Unknown_activation_name_fails_naming_it() =>
        AssertOneLineError(Run("train", "--epochs", "1", "--activation", "swish"), "swish");

    [Fact]
    public void Train_save_then_eval_reports_the_same_accuracy()
    {
        var model = Path.Combine(TestData.TempFolder(), "m.json");
        var (code, trained, _) = Run("train", "--epochs", "1", "--save", model);
        Assert.Equal(0, code);
        var (evalCode, evaluated, _) = Run("eval", "--model", model);
        Assert.Equal(0, evalCode);
        string Accuracy(string text) => System.Text.RegularExpressions.Regex.Matches(text, @"\((\d+)/2000\)")[^1].Groups[1].Value;
        Assert.Equal(Accuracy(trained), Accuracy(evaluated));
        Assert.Equal(784, ModelFile.Load<float>(model).InputSize);
    }

    [Fact]
    public void Gradcheck_reports_errors_below_1e_minus_7_in_double()
    {
        var (code, output, _) = Run("gradcheck", "--layers", "3,5,4", "--activation", "tanh", "--cost", "nll");
        Assert.Equal(0, code);
        var errors = System.Text.RegularExpressions.Regex.Matches(output, @"\d\.\d+e[-+]\d+").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(errors, e => Assert.True(e < 1e-7, $"error {e}"));
    }
}
