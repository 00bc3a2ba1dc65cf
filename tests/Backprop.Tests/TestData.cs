using Backprop.Data;

namespace Backprop.Tests;

/// <summary>Paths to the repository's files, found from the test's working folder upwards.</summary>
internal static class TestData
{
    public static string Root { get; } = FindRoot();

    public static string Digits => Path.Combine(Root, "data", "mnist-10k");

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root (Backprop.sln) not found above " + AppContext.BaseDirectory);
    }

    private static readonly Lazy<(DataSet<float>, DataSet<float>)> DigitsFloat = new(() => ImageData.Load<float>(Digits));

    /// <summary>The bundled digits as float: first 8,000 train, last 2,000 test (loaded once per test run).</summary>
    public static (DataSet<float> Train, DataSet<float> Test) DigitsSplit => DigitsFloat.Value;

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "backprop-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
