using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Tests.Seeds;
using Backprop.Training;
using static Backprop.Tests.Cli.Tool;

namespace Backprop.Tests.Cli;

public class ExplainCommandTests
{
    [Fact]
    public void Explain_labels_every_step_by_its_equation_and_shows_finite_differences()
    {
        var (exit, output, _) = Run("explain", "--model", ExampleFiles.PathOf("mit-6036-hw7-problem4.json"), "--input", "0,2", "--target", "0");
        Assert.Equal(0, exit);
        foreach (var word in new[] { "BP1", "BP2", "BP3", "BP4", "δ^3", "δ^1", "finite difference", "z_j^1", "a_j^2" })
            Assert.Contains(word, output);
    }

    [Fact]
    public void Explain_of_problem_4_at_0_2_shows_the_hand_derived_hidden_delta()
    {
        // At x = (0, 2), y = (1, 0): o = (½, ½), δ^3 = (−½, ½), δ^2 = δ^3 (both u = 1 > 0), Vᵀδ^2 = −1 in each unit,
        // relu′(z^1) = (0, 1, 0, 0), so δ^1 = (0, −1, 0, 0) and ∂C/∂w_22^1 = x_2 δ_2^1 = −2.
        var (_, output, _) = Run("explain", "--model", ExampleFiles.PathOf("mit-6036-hw7-problem4.json"), "--input", "0,2", "--target", "0");
        Assert.Matches(@"\n\s+2\s+-1\s+1\s+-1\n", output);   // j = 2: (Vᵀδ^2)_2 = −1, f′ = 1, δ_2^1 = −1
        Assert.Matches(@"\n\s+2\s+2\s+-2\s+-2\s", output);    // j = 2, k = 2: backprop −2, finite difference −2
    }

    [Fact]
    public void Explain_markdown_prints_pipe_tables()
    {
        var (exit, output, _) = Run("explain", "--model", ExampleFiles.PathOf("mit-6036-hw7-problem2.json"), "--input", "1,1", "--target", "0,1,0", "--markdown");
        Assert.Equal(0, exit);
        Assert.Contains("| j | backprop | finite difference | relative error |", output);
        Assert.Contains("## Backward pass", output);
    }

    [Fact]
    public void Explain_of_a_wide_layer_prints_norms_and_the_five_largest_unless_full()
    {
        var net = Network<double>.Create([20, 15, 3], "sigmoid", cost: "nll");
        WeightInitializer.Initialize(net, WeightInit.Large, new Rng(5));
        var path = Path.Combine(Path.GetTempPath(), $"explain-wide-{Environment.ProcessId}.json");
        ModelFile.Save(net, path);
        try
        {
            string input = string.Join(",", Enumerable.Range(0, 20).Select(i => (i % 3 * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var summary = Run("explain", "--model", path, "--input", input, "--target", "2");
            var full = Run("explain", "--model", path, "--input", input, "--target", "2", "--full");
            Assert.Contains("5 largest", summary.Out);
            Assert.DoesNotContain("5 largest", full.Out);
            Assert.Matches(@"\n\s+15\s+-?\d", full.Out); // unit j = 15 of layer 1 is listed
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Explain_with_a_class_the_output_layer_lacks_fails_in_one_line()
    {
        var (exit, _, error) = Run("explain", "--model", ExampleFiles.PathOf("mit-6036-hw7-problem4.json"), "--input", "0,2", "--target", "5");
        Assert.Equal(1, exit);
        Assert.StartsWith("backprop: error: --target: class 5 is not one of 0…1", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
