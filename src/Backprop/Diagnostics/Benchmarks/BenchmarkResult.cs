using System.Globalization;
using System.Text;

namespace Backprop.Diagnostics.Benchmarks;

/// <summary>What one configuration of <c>backprop bench</c> measured; <see cref="ToJson"/> is the line the command prints.</summary>
/// <param name="Config">The configuration's name.</param>
/// <param name="Threads">Threads the matrix products could use.</param>
/// <param name="Examples">Examples in one timed epoch (or one timed inference pass).</param>
/// <param name="EpochSeconds">Median seconds of the timed epochs (or passes).</param>
/// <param name="TimedRuns">How many epochs (or passes) were timed after the warm-up.</param>
/// <param name="FlopsPerExample">Floating-point operations of the matrix products per example.</param>
/// <param name="PeakGflopsPerThread">The measured single-thread FMA peak (<see cref="FmaPeak"/>).</param>
/// <param name="TestAccuracy">Test accuracy after the last epoch (inference: of the network timed).</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory while this configuration trained and ran.</param>
/// <param name="DataModelBytes">The loaded data sets' inputs as float32 (as a float framework holds them), labels and targets, plus the network's parameters: the base of <c>peak_working_set_ratio</c>.</param>
/// <param name="StoredDataModelBytes">The same with the inputs as the data sets hold them (for images bytes, packed without their zeros when that saves a quarter; see <see cref="Data.DataSet{T}.StoredBytes"/>): the base of <c>stored_peak_working_set_ratio</c>.</param>
/// <param name="ByteDataModelBytes">The same with the inputs at one byte a value, the size of the data set (an image file's pixels): the base of <c>byte_peak_working_set_ratio</c>, issue 4's memory target (under 1.5).</param>
public sealed record BenchmarkResult(string Config, int Threads, int Examples, double EpochSeconds, int TimedRuns, double FlopsPerExample,
    double PeakGflopsPerThread, double TestAccuracy, long PeakWorkingSetBytes, long DataModelBytes, long StoredDataModelBytes, long ByteDataModelBytes)
{
    /// <summary>Examples per second of the median epoch.</summary>
    public double ExamplesPerSecond => Examples / EpochSeconds;

    /// <summary>Microseconds per example of the median epoch or pass (the latency of <c>infer1</c>).</summary>
    public double MicrosecondsPerExample => EpochSeconds / Examples * 1e6;

    /// <summary>GFLOP/s of the matrix products over the whole epoch (element-wise work and overhead count as time, not as work).</summary>
    public double Gflops => FlopsPerExample * ExamplesPerSecond / 1e9;

    /// <summary><see cref="Gflops"/> over the measured FMA peak of <see cref="Threads"/> cores.</summary>
    public double PeakFraction => Gflops / (PeakGflopsPerThread * Threads);

    /// <summary>One JSON object on one line: config, threads, examples, epoch_seconds, examples_per_second, gflops, peak_fraction, test_accuracy, and the rest.</summary>
    public string ToJson()
    {
        var s = new StringBuilder("{");
        void Add(string key, string value) => s.Append(s.Length > 1 ? "," : "").Append('"').Append(key).Append("\":").Append(value);
        static string N(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "null";
        Add("config", $"\"{Config}\"");
        Add("threads", Threads.ToString(CultureInfo.InvariantCulture));
        Add("examples", Examples.ToString(CultureInfo.InvariantCulture));
        Add("epoch_seconds", N(EpochSeconds, "G6"));
        Add("examples_per_second", N(Math.Round(ExamplesPerSecond), "F0"));
        Add("gflops", N(Gflops, "F2"));
        Add("peak_fraction", N(PeakFraction, "F3"));
        Add("test_accuracy", N(TestAccuracy, "F4"));
        Add("us_per_example", N(MicrosecondsPerExample, "F3"));
        Add("timed_runs", TimedRuns.ToString(CultureInfo.InvariantCulture));
        Add("peak_working_set_bytes", PeakWorkingSetBytes.ToString(CultureInfo.InvariantCulture));
        Add("data_model_bytes", DataModelBytes.ToString(CultureInfo.InvariantCulture));
        Add("peak_working_set_ratio", N((double)PeakWorkingSetBytes / DataModelBytes, "F3"));
        Add("stored_data_model_bytes", StoredDataModelBytes.ToString(CultureInfo.InvariantCulture));
        Add("stored_peak_working_set_ratio", N((double)PeakWorkingSetBytes / StoredDataModelBytes, "F3"));
        Add("byte_data_model_bytes", ByteDataModelBytes.ToString(CultureInfo.InvariantCulture));
        Add("byte_peak_working_set_ratio", N((double)PeakWorkingSetBytes / ByteDataModelBytes, "F3"));
        Add("fma_peak_gflops_per_thread", N(PeakGflopsPerThread, "F1"));
        return s.Append('}').ToString();
    }
}
