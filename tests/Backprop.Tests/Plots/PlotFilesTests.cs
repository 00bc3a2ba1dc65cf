using System.Buffers.Binary;
using System.Xml.Linq;
using Backprop.Cli.Plots;
using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Randomness;
using Backprop.Tests.Seeds;
using Backprop.Training;

namespace Backprop.Tests.Plots;

public sealed class PlotFilesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"backprop-plots-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose() { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }

    private string FileNamed(string name) => Path.Combine(_folder, name);

    /// <summary>PNG: the 8-byte signature, then the IHDR chunk whose first 8 data bytes are width and height (big-endian).</summary>
    private static void AssertPng(string path, int minWidth = 200, int minHeight = 150)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)) >= minWidth);
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)) >= minHeight);
    }

    private static void AssertSvg(string path) => Assert.Equal("svg", XDocument.Load(path).Root!.Name.LocalName);

    private static List<EpochReport> Reports() =>
        [.. Enumerable.Range(1, 6).Select(e => new EpochReport(e, 1.0, 1.0 / e, 1 - 0.5 / e, 0, 100, 0.9 / e, 1 - 0.4 / e))];

    [Fact]
    public void Training_curves_are_written_as_a_png_of_at_least_200_by_150() 
    {
        TrainingCurves.Save(Reports(), FileNamed("curves.png"));
        AssertPng(FileNamed("curves.png"));
    }

    [Fact]
    public void Training_curves_are_written_as_svg_that_parses_as_xml()
    {
        TrainingCurves.Save(Reports(), FileNamed("curves.svg"));
        AssertSvg(FileNamed("curves.svg"));
    }

    [Fact]
    public void Training_curves_without_a_training_evaluation_still_draw_the_test_curves()
    {
        TrainingCurves.Save([.. Reports().Select(r => r with { TrainCost = double.NaN, TrainAccuracy = double.NaN })], FileNamed("test-only.png"));
        AssertPng(FileNamed("test-only.png"));
    }

    [Fact]
    public void Confusion_matrix_heat_map_is_written_as_png_and_svg()
    {
        var data = new DataSet<double>("hand-picked", [0, 0, 0.5, 0.5, 3, 0, -4, 2], 2, labels: [1, 0, 0, 1]);
        var cm = ConfusionMatrix.Of(ExampleFiles.Problem4(), data);
        ConfusionPlot.Save(cm, FileNamed("confusion.png"));
        ConfusionPlot.Save(cm, FileNamed("confusion.svg"));
        AssertPng(FileNamed("confusion.png"));
        AssertSvg(FileNamed("confusion.svg"));
    }

    [Fact]
    public void First_layer_weights_of_a_784_input_network_are_drawn_as_28_by_28_tiles()
    {
        var net = Network<double>.Create([784, 12, 10], cost: "nll");
        WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(1));
        WeightImages.Save(net.Layer(1).Weights!, 12, 784, FileNamed("weights.png"));
        AssertPng(FileNamed("weights.png"));
    }

    [Fact]
    public void Weights_of_a_non_square_input_are_refused()
    {
        Assert.Throws<ArgumentException>(() => WeightImages.Save(new double[6], 2, 3, FileNamed("w.png")));
    }

    [Fact]
    public void Plot_command_draws_the_regions_of_the_problem_4_network_as_png_and_svg()
    {
        foreach (var file in new[] { "regions.png", "regions.svg" })
        {
            var output = new StringWriter();
            int exit = Backprop.Cli.Cli.Run(["plot", "--model", ExampleFiles.PathOf("mit-6036-hw7-problem4.json"), "--kind", "regions", "--out", FileNamed(file)], output, new StringWriter());
            Assert.Equal(0, exit);
        }
        AssertPng(FileNamed("regions.png"));
        AssertSvg(FileNamed("regions.svg"));
    }

    [Fact]
    public void Plot_to_an_unknown_extension_fails_in_one_line()
    {
        var error = new StringWriter();
        int exit = Backprop.Cli.Cli.Run(["plot", "--model", ExampleFiles.PathOf("mit-6036-hw7-problem4.json"), "--kind", "regions", "--out", FileNamed("r.gif")], new StringWriter(), error);
        Assert.Equal(1, exit);
        Assert.Contains("plots are written as .png or .svg", error.ToString());
    }
}
