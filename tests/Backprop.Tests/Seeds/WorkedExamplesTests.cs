using Backprop.Seeds;

namespace Backprop.Tests.Seeds;

public class WorkedExamplesTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var e in WorkedExamples.All()) data.Add($"{e.Source}: {e.Question}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Worked_example_agrees_with_the_printed_answer_or_its_derivation(string example)
    {
        var e = WorkedExamples.All().Single(w => $"{w.Source}: {w.Question}" == example);
        Assert.True(e.Agrees, $"ours {e.Answer}\n{e.ReferenceKind}: {e.Reference}");
    }

    [Fact]
    public void Every_example_printed_in_seed_000_is_compared_with_the_printed_answer()
    {
        // seed 000 prints answers for 2.1, 2.5, 2.6, 4.1.2 and 4.2.3 (and the points of 4.2.2).
        var printed = WorkedExamples.All().Where(e => e.ReferenceKind!.StartsWith("printed")).Select(e => e.Source).ToList();
        foreach (var source in new[] { "problem 2.1", "problem 2.5", "problem 2.6", "problem 4.1.2", "problem 4.2.3" })
            Assert.Contains(printed, s => s.EndsWith(source));
    }

    [Fact]
    public void New_weights_are_printed_in_full_and_to_two_decimals()
    {
        // Acceptance strings: w − η x(a − y)ᵀ with a = softmax(0, 1, −1): 1 − 0.2447…/2 = 0.877635…, −1 + 0.3347…/2 = −0.832620…
        var step = WorkedExamples.Problem2().Single(e => e.Source.EndsWith("2.5"));
        Assert.Contains("0.877635", step.Answer);
        Assert.Contains("-0.832620", step.Answer);
        Assert.Contains("2.167379", step.Answer);
        Assert.Contains("[[0.88, -0.83, -2.05], [-1.12, 2.17, 0.95]]", step.Answer);
    }

    [Fact]
    public void Output_o2_at_3_14_is_printed_as_3_059022e_minus_07()
    {
        var o = WorkedExamples.Problem4().Single(e => e.Source.EndsWith("4.1.2"));
        Assert.Contains("3.059022", o.Answer);
        Assert.Contains("e-07", o.Answer);
    }
}
