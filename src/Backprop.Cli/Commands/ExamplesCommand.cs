using System.CommandLine;
using Backprop.Cli.Rendering;
using Backprop.Seeds;

namespace Backprop.Cli.Commands;

/// <summary><c>backprop examples</c>: the course documents' worked problems, answered live by the library.</summary>
internal static class ExamplesCommand
{
    private static readonly Option<bool> Markdown = new("--markdown") { Description = "Print the examples as a Markdown document" };

    public static Command Create()
    {
        var command = new Command("examples", "Work the course documents' problems (MIT 6.036 HW7, the backpropagation derivations) with the library, " +
            "beside the documents' printed answers: ✓ where they agree.\nExample: backprop examples --markdown > examples.md") { Markdown };
        command.SetAction(parse =>
        {
            var examples = WorkedExamples.All();
            var report = new Report(parse.InvocationConfiguration.Output, parse.GetValue(Markdown));
            report.Heading(1, "Worked examples of the course documents, computed by the library");
            report.Line("✓: our answer agrees with the printed answer (to its printed digits) or the independent derivation shown; ✗: it does not.");
            foreach (var e in examples) Print(report, e);
            int agree = examples.Count(e => e.Agrees == true), disagree = examples.Count(e => e.Agrees == false);
            report.Heading(2, "Summary");
            report.Line($"{examples.Count} examples: {agree} ✓, {disagree} ✗");
            return disagree == 0 ? 0 : 1;
        });
        return command;
    }

    private static void Print(Report report, WorkedExample e)
    {
        string mark = e.Agrees switch { true => "✓", false => "✗", null => " " };
        report.Heading(3, $"{mark} {e.Source}: {e.Question}");
        report.Line($"  ours:    {e.Answer}");
        if (e.Reference is not null) report.Line($"  {e.ReferenceKind}: {e.Reference}");
        if (e.Note is not null) report.Line($"  note:    {e.Note}");
    }
}
