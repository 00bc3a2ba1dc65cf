using System.Text;

namespace Backprop.Data;

/// <summary>
/// Splits CSV text into fields (RFC 4180 without line breaks inside quotes): a comma separates fields, a field may be
/// quoted with <c>"</c>, and <c>""</c> inside quotes is one quote. Unquoted fields are trimmed; blank lines are skipped.
/// </summary>
internal static class CsvText
{
    /// <summary>A line of fields and its 1-based line number in the file.</summary>
    public readonly record struct Line(int Number, string[] Fields);

    /// <summary>Reads the header and the data lines of <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">The file is missing or empty, a quote is not closed, or a line's field count differs from the header's.</exception>
    public static (string[] Header, List<Line> Rows) Read(string path)
    {
        if (!File.Exists(path)) throw new DataFormatException($"{path}: no such CSV file");
        string[]? header = null;
        var rows = new List<Line>();
        int number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var fields = Split(text, path, number);
            if (header is null) { header = fields; continue; }
            if (fields.Length != header.Length)
                throw new DataFormatException($"{path}: line {number} has {fields.Length} fields but the header has {header.Length}");
            rows.Add(new Line(number, fields));
        }
        if (header is null) throw new DataFormatException($"{path}: the file is empty (a CSV file needs a header row naming its columns)");
        return (header, rows);
    }

    /// <summary>The fields of one line.</summary>
    public static string[] Split(string line, string path, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t') i++;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new DataFormatException($"{path}: line {number}: a quoted field is not closed");
                    if (line[i] == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; }
                    else if (line[i] == '"') { i++; break; }
                    else field.Append(line[i++]);
                }
                while (i < line.Length && line[i] != ',') i++;      // text after the closing quote is ignored
                fields.Add(field.ToString());
            }
            else
            {
                int comma = line.IndexOf(',', i);
                int end = comma < 0 ? line.Length : comma;
                fields.Add(line[i..end].Trim());
                i = end;
            }
            field.Clear();
            if (i >= line.Length) return [.. fields];
            i++; // the comma
        }
    }
}
