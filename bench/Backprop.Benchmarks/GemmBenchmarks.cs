// BenchmarkDotNet micro-benchmarks of Gemm (float) at the training shapes, with GFLOP/s and fraction-of-peak columns.
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Backprop.Numerics;

namespace Backprop.Benchmarks;

/// <summary>Gemm on one and two threads at every shape of <see cref="GemmShape.All"/>.</summary>
[Config(typeof(GflopsConfig))]
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _lda, _ldb, _ldc;

    /// <summary>The product shape.</summary>
    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = GemmShape.All[0];

    /// <summary>Threads given to Gemm.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>All shapes.</summary>
    public static IEnumerable<GemmShape> Shapes => GemmShape.All;

    /// <summary>Fills the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_a, _b, _c) = Shape.Operands();
        (_lda, _ldb, _ldc) = Shape.Leading;
    }

    /// <summary>C = op(A)·op(B).</summary>
    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(Shape.TransA, Shape.TransB, Shape.M, Shape.N, Shape.K, 1f, _a, _lda, _b, _ldb, 0f, _c, _ldc, Threads);

    private sealed class GflopsConfig : ManualConfig
    {
        public GflopsConfig()
        {
            AddColumn(new GflopsColumn(false), new GflopsColumn(true));
        }
    }

    /// <summary>GFLOP/s from the median time, or its fraction of the 270 GFLOP/s nominal single-core peak.</summary>
    private sealed class GflopsColumn(bool fraction) : IColumn
    {
        public string Id => fraction ? "PeakFraction" : "GFLOPs";
        public string ColumnName => fraction ? "% of peak" : "GFLOP/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => fraction ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => fraction ? "GFLOP/s over the measured single-core FMA peak (Peak.MeasuredGflops)" : "2·m·n·k / median time";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats) return "-";
            var shape = (GemmShape)benchmarkCase.Parameters["Shape"];
            double gflops = shape.Flops / stats.Median; // flops per ns = GFLOP/s
            return fraction ? (gflops / Peak.MeasuredGflops).ToString("P0") : gflops.ToString("F1");
        }
    }
}
