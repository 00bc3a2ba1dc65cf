using System.CommandLine;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Backprop.Cli;

/// <summary>How a command prints: plain lines, a live Spectre display (training on a terminal), JSON, or nothing.</summary>
internal enum OutputMode { Plain, Live, Json, Quiet }

/// <summary>The <c>--json</c> and <c>--quiet</c> options and the choice of <see cref="OutputMode"/>.</summary>
internal sealed class OutputOptions
{
    public readonly Option<bool> Json;
    public readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print nothing but errors (the exit code tells success)" };

    public OutputOptions(string jsonDescription) => Json = new("--json") { Description = jsonDescription };

    public IEnumerable<Option> All => [Json, Quiet];

    /// <summary>JSON or quiet when asked; live only when <paramref name="liveWanted"/> and standard output is an interactive terminal outside CI.</summary>
    public OutputMode ModeOf(ParseResult parse, bool liveWanted = false)
    {
        bool json = parse.GetValue(Json), quiet = parse.GetValue(Quiet);
        if (json && quiet) throw new ArgumentException("--json and --quiet: give one or the other");
        if (json) return OutputMode.Json;
        if (quiet) return OutputMode.Quiet;
        return liveWanted && IsInteractive(parse.InvocationConfiguration.Output) ? OutputMode.Live : OutputMode.Plain;
    }

    /// <summary>A terminal a person watches: our writer is the console's, not redirected, not CI, and Spectre agrees.</summary>
    private static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        && AnsiConsole.Profile.Capabilities.Interactive;
}

/// <summary>Writes one JSON object as one line (numbers that are NaN or infinite become null).</summary>
internal static class JsonLine
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static void Number(this Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    public static void Numbers(this Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values) { if (double.IsFinite(v)) json.WriteNumberValue(v); else json.WriteNullValue(); }
        json.WriteEndArray();
    }
}
