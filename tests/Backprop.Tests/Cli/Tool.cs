namespace Backprop.Tests.Cli;

/// <summary>The backprop tool run in-process, as a user runs it: its exit code and what it printed on each stream.</summary>
internal static class Tool
{
    /// <summary>Runs <c>backprop</c> with <paramref name="args"/>; returns the exit code, standard output and standard error.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Backprop.Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
