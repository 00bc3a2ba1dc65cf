namespace Backprop.Cli.Rendering;

/// <summary>
/// Writes headings, lines and tables either as plain aligned text (readable on a terminal and in a redirected file) or as
/// Markdown (<c>--markdown</c>). Only layout: the numbers arrive formatted.
/// </summary>
internal sealed class Report(TextWriter output, bool markdown)
{
    public bool Markdown => markdown;

    public void Heading(int level, string text)
    {
        output.WriteLine();
        if (markdown) { output.WriteLine($"{new string('#', level)} {text}"); output.WriteLine(); return; }
        output.WriteLine(text);
        if (level <= 2) output.WriteLine(new string(level == 1 ? '=' : '-', Math.Min(text.Length, 100)));
    }

    public void Line(string text = "")
    {
        output.WriteLine(markdown && text.Length > 0 ? text + "  " : text); // two spaces: a Markdown line break
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        if (markdown)
        {
            output.WriteLine(); // a table must not continue a paragraph
            output.WriteLine("| " + string.Join(" | ", headers.Select(Escape)) + " |");
            output.WriteLine("|" + string.Concat(headers.Select(_ => "---:|")));
            foreach (var row in all) output.WriteLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
            output.WriteLine();
            return;
        }
        var widths = headers.Select((h, c) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[c].Length))).ToArray();
        output.WriteLine("  " + string.Join("  ", headers.Select((h, c) => h.PadLeft(widths[c]))));
        output.WriteLine("  " + string.Join("  ", widths.Select(w => new string('─', w))));
        foreach (var row in all) output.WriteLine("  " + string.Join("  ", row.Select((v, c) => v.PadLeft(widths[c]))));
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|");
}
