using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Backprop.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into one short line that names the option and, where there is a list, the
/// allowed values: "backprop train: --plot-format: 'gif' is not one of png, svg, both (see 'backprop train --help')".
/// </summary>
internal static partial class ParseErrors
{
    public static string OneLine(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string name = command is RootCommand ? "backprop" : $"backprop {command.Name}";
        var messages = parse.Errors
            .Where(e => !(command is RootCommand && parse.Errors.Count > 1 && e.Message.StartsWith("Required command", StringComparison.Ordinal)))
            .Select(e => Rewrite(e, command)).Distinct().ToList();
        string text = string.Join("; ", messages.Take(2)) + (messages.Count > 2 ? $" (and {messages.Count - 2} more)" : "");
        return $"{name}: {text} (see '{name} --help')";
    }

    private static string Rewrite(ParseError error, Command command)
    {
        string message = error.Message, option = OptionOf(error.SymbolResult);
        string prefix = option.Length > 0 ? option + ": " : "";
        if (NotRecognized().Match(message) is { Success: true } m)
        {
            var allowed = message.Split('\n').Skip(1).Select(l => l.Trim().Trim('\'')).Where(l => l.Length > 0);
            return $"{prefix}'{m.Groups[1].Value}' is not one of {string.Join(", ", allowed)}";
        }
        if (CannotParse().Match(message) is { Success: true } p)
            return $"{p.Groups[2].Value}: '{p.Groups[1].Value}' is not {Kind(p.Groups[3].Value)}";
        if (Unrecognized().Match(message) is { Success: true } u)
            return command is RootCommand
                ? $"unknown command '{u.Groups[1].Value}' (commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))})"
                : $"unknown option or argument '{u.Groups[1].Value}'";
        if (Required().Match(message) is { Success: true } r) return $"{r.Groups[1].Value} is required";
        if (MissingValue().Match(message) is { Success: true } v) return $"{v.Groups[1].Value} needs a value";
        if (message.StartsWith("Required command", StringComparison.Ordinal))
            return $"give a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
        return prefix + message.ReplaceLineEndings(" ").Replace('\t', ' ').Trim();
    }

    /// <summary>The option an error belongs to ("--batch"), or "".</summary>
    private static string OptionOf(SymbolResult? result)
    {
        for (var r = result; r is not null; r = r.Parent)
            if (r is OptionResult o) return o.Option.Name;
        return "";
    }

    private static string Kind(string type) => type switch
    {
        _ when type.Contains("Int", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ => $"a value of type {type}",
    };

    [GeneratedRegex(@"^Argument '([^']*)' not recognized\. Must be one of:")]
    private static partial Regex NotRecognized();

    [GeneratedRegex(@"^Cannot parse argument '([^']*)' for option '([^']*)' as expected type '([^']*)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '([^']*)'")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Option '([^']*)' is required")]
    private static partial Regex Required();

    [GeneratedRegex(@"^Required argument missing for option: '([^']*)'")]
    private static partial Regex MissingValue();
}
