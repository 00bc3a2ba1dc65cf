using System.Text.Json;
using Backprop.Diagnostics.Benchmarks;
using static Backprop.Tests.Cli.Tool;

namespace Backprop.Tests.Cli;

/// <summary>
/// <c>backprop bench</c> (issue 4): one JSON line per configuration with config, threads, examples, epoch_seconds,
/// examples_per_second, gflops, peak_fraction and test_accuracy, and the peak working set against the data and model.
/// </summary>
public class BenchCommandTests
{
    [Fact]
    public void A_result_prints_as_one_json_line_with_the_rates_derived_from_its_measurements()
    {
        // 60,000 examples in 0.4 s are 150,000 a second; at 1 MFLOP an example that is 150 GFLOP/s, 1.282 of a 117 GFLOP/s
        // core; 112 MB against 220 MB of float32 data and model is 0.509, against 56 MB as held 2.000, against 80 MB at a
        // byte a value 1.400.
        var result = new BenchmarkResult("wide128", 1, 60_000, 0.4, 3, 1e6, 117, 0.8494, 112_000_000, 220_000_000, 56_000_000, 80_000_000);
        string line = result.ToJson();
        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("wide128", root.GetProperty("config").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.Equal(60_000, root.GetProperty("examples").GetInt32());
        Assert.Equal(0.4, root.GetProperty("epoch_seconds").GetDouble());
        Assert.Equal(150_000, root.GetProperty("examples_per_second").GetDouble());
        Assert.Equal(150.0, root.GetProperty("gflops").GetDouble());
        Assert.Equal(1.282, root.GetProperty("peak_fraction").GetDouble());
        Assert.Equal(0.8494, root.GetProperty("test_accuracy").GetDouble());
        Assert.Equal(6.667, root.GetProperty("us_per_example").GetDouble());
        Assert.Equal(0.509, root.GetProperty("peak_working_set_ratio").GetDouble());
        Assert.Equal(2.0, root.GetProperty("stored_peak_working_set_ratio").GetDouble());
        Assert.Equal(1.4, root.GetProperty("byte_peak_working_set_ratio").GetDouble());
    }

    [Fact]
    public void Bench_trains_a_configuration_and_prints_its_json_line()
    {
        // infer1000 on the bundled digits (8,000 to train, 2,000 to test): one training epoch, then one timed inference pass.
        var (code, output, error) = Run("bench", "--config", "infer1000", "--threads", "1", "--epochs", "1", "--data", TestData.Digits);
        Assert.Equal(0, code);
        Assert.Contains("2000 test examples", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        Assert.Equal("infer1000", root.GetProperty("config").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.Equal(2000, root.GetProperty("examples").GetInt32());
        double seconds = root.GetProperty("epoch_seconds").GetDouble(), rate = root.GetProperty("examples_per_second").GetDouble();
        Assert.InRange(rate, 2000 / seconds - 1, 2000 / seconds + 1);
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0.8, 1.0);   // 784-100-10 ReLU after one epoch of digits
        Assert.True(root.GetProperty("peak_working_set_bytes").GetInt64() > 0);
        long stored = root.GetProperty("stored_data_model_bytes").GetInt64(), bytes = root.GetProperty("byte_data_model_bytes").GetInt64();
        Assert.True(bytes < root.GetProperty("data_model_bytes").GetInt64(), "bytes take less than float32");
        Assert.True(stored < bytes, "the digits are held packed, in less than a byte a pixel");
        Assert.Equal(10_000 * 784 + 10_000 * 4 + (784 * 100 + 100 + 100 * 10 + 10) * 4, bytes);
    }

    [Fact]
    public void Bench_with_an_unknown_configuration_prints_one_line_and_fails()
    {
        var (code, _, error) = Run("bench", "--config", "wide512", "--data", TestData.Digits);
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("unknown benchmark configuration 'wide512'", lines[0]);
        Assert.DoesNotContain("   at ", error);
    }
}
