using static Backprop.Tests.Cli.Tool;

namespace Backprop.Tests.Cli;

public class ExamplesCommandTests
{
    [Fact]
    public void Examples_prints_the_acceptance_numbers_and_exits_0_when_all_agree()
    {
        var (exit, output, _) = Run("examples");
        Assert.Equal(0, exit);
        foreach (var s in "0.0900305 0.2447284 0.6652409 1.6094379 0.7724528 0.877635 -0.832620 2.167379 0.88 -0.83 -2.05 -1.12 2.17 0.95 3.059022".Split(' '))
            Assert.Contains(s, output);
        Assert.DoesNotContain("✗ seed", output);
    }

    [Fact]
    public void Examples_markdown_is_a_document_with_a_heading_per_example()
    {
        var (_, output, _) = Run("examples", "--markdown");
        Assert.StartsWith("\n# Worked examples", output.ReplaceLineEndings("\n"));
        Assert.Contains("### ✓ seed 000, problem 2.6", output);
    }
}
