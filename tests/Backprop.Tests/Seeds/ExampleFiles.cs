using Backprop.Serialization;

namespace Backprop.Tests.Seeds;

/// <summary>Finds and loads the hand-written models in examples/ (found upwards from the test binaries).</summary>
internal static class ExampleFiles
{
    public static string PathOf(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"examples/{name} not found above {AppContext.BaseDirectory}");
    }

    public static Network<double> Load(string name) => ModelFile.Load<double>(PathOf(name));

    public static Network<double> Problem4() => Load("mit-6036-hw7-problem4.json");

    public static Network<double> Problem2() => Load("mit-6036-hw7-problem2.json");
}
