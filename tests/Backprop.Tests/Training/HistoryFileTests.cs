using Backprop.Data;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests.Training;

public sealed class HistoryFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"backprop-history-{Guid.NewGuid():N}");
    private static readonly EpochReport[] Reports = [new(1, 0.5, 0.25, 0.9, 90, 100, ValidationAccuracy: 0.8, ValidationCost: 0.3, LearningRate: 0.1)];

    public void Dispose() { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }

    [Fact]
    public void Csv_history_has_a_header_and_leaves_unmeasured_cells_empty()
    {
        string path = Path.Combine(_folder, "h.csv");
        HistoryFile.Write(path, Reports);
        var lines = File.ReadAllLines(path);
        Assert.Equal("epoch,learning_rate,train_cost,train_accuracy,validation_cost,validation_accuracy,test_cost,test_accuracy,seconds", lines[0]);
        Assert.Equal("1,0.1,,,0.3,0.8,0.25,0.9,0.5", lines[1]);
    }

    [Fact]
    public void Json_history_writes_unmeasured_values_as_null()
    {
        string path = Path.Combine(_folder, "h.json");
        HistoryFile.Write(path, Reports);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var row = doc.RootElement[0];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("train_cost").ValueKind);
        Assert.Equal(0.8, row.GetProperty("validation_accuracy").GetDouble());
    }

    [Theory]
    [InlineData("h.csv")]
    [InlineData("h.json")]
    public void A_written_history_reads_back(string name)
    {
        string path = Path.Combine(_folder, name);
        HistoryFile.Write(path, Reports);
        var read = Assert.Single(HistoryFile.Read(path));
        Assert.Equal(Reports[0] with { TestCorrect = 0, TestCount = 0 }, read);   // the file keeps no counts
    }

    [Fact]
    public void A_bad_history_cell_names_its_line_and_column()
    {
        string path = Path.Combine(_folder, "bad.csv");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(path, "epoch,test_cost\n1,0.5\n2,lots\n");
        var e = Assert.Throws<DataFormatException>(() => HistoryFile.Read(path));
        Assert.Contains("line 3, column 'test_cost': 'lots'", e.Message);
    }
}
