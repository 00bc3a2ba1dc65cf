using System.Diagnostics;
using System.Text.Json;
using Backprop.Data;
using Backprop.Serialization;

namespace Backprop.Tests.Training;

/// <summary>
/// End to end: <c>backprop train --checkpoint</c> killed as a process after a checkpoint appears, then <c>--resume</c>,
/// saves the same model file as a straight run of as many epochs.
/// </summary>
public sealed class ResumeProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"backprop-kill-{Guid.NewGuid():N}");

    public void Dispose() { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }

    private static string[] Common() =>
    [
        "train", "--data", ImageData.FindBundledDigits() ?? throw new InvalidOperationException("bundled digits not found"), "--split", "3000",
        "--layers", "784,30,10", "--batch", "10", "--lr", "3.0", "--seed", "11", "--optimizer", "momentum", "--momentum", "0.5", "--threads", "1",
    ];

    private static Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Backprop.Cli.dll"));
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Run(IEnumerable<string> arguments)
    {
        using var process = Start(arguments);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "backprop train did not finish in 60 s");
        Assert.Equal(0, process.ExitCode);
    }

    private static int CheckpointEpoch(string folder)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, CheckpointFile.FileName)));
            return doc.RootElement.GetProperty("epoch").GetInt32();
        }
        catch (IOException) { return 0; }   // not there yet
    }

    [Fact]
    public void A_run_killed_after_its_epoch_2_checkpoint_and_resumed_saves_the_same_model_as_a_straight_run()
    {
        string checkpoints = Path.Combine(_folder, "checkpoints");
        using (var killed = Start([.. Common(), "--epochs", "1000", "--checkpoint", checkpoints]))
        {
            var clock = Stopwatch.StartNew();
            while (CheckpointEpoch(checkpoints) < 2 && !killed.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(10);
            Assert.False(killed.HasExited, "the run ended before it could be killed");
            killed.Kill(entireProcessTree: true);
            killed.WaitForExit();
        }
        int reached = CheckpointEpoch(checkpoints);   // the last complete checkpoint (2, or later if the kill came late)
        Assert.True(reached >= 2);
        string epochs = (reached + 2).ToString();
        Run([.. Common(), "--epochs", epochs, "--resume", checkpoints, "--save", Path.Combine(_folder, "resumed.json")]);
        Run([.. Common(), "--epochs", epochs, "--save", Path.Combine(_folder, "straight.json")]);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "straight.json")), File.ReadAllBytes(Path.Combine(_folder, "resumed.json")));
    }
}
