// Benchmarks entry: `-- quick [filter] [noref]` for the fast table, anything else goes to BenchmarkSwitcher.
using BenchmarkDotNet.Running;

namespace Backprop.Benchmarks;

/// <summary>Entry point.</summary>
public static class BenchProgram
{
    /// <summary>Runs the quick table or BenchmarkDotNet.</summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            string? filter = args.Skip(1).FirstOrDefault(x => x != "noref");
            Quick.Run(filter, withReference: !args.Contains("noref"));
            return;
        }
        if (args.Length > 0 && args[0] == "probe") { Probe.Run(); return; }
        if (args.Length > 0 && args[0] == "step") { StepProbe.Run(); return; }
        if (args.Length > 0 && args[0] == "infer") { StepProbe.RunInference(); return; }
        if (args.Length > 1 && args[0] == "infer-loop")
        {
            StepProbe.LoopInference(int.Parse(args[1]), args.Length > 2 ? int.Parse(args[2]) : 1000, args.Contains("same"));
            return;
        }
        if (args.Length > 0 && args[0] == "loop-replica") { LoopReplicaProbe.Run(); return; }
        if (args.Length > 0 && args[0] == "step128") { StepProbe.RunBatch128(); return; }
        if (args.Length > 2 && args[0] == "step128-loop") { StepProbe.LoopBatch128(args[1], int.Parse(args[2])); return; }
        if (args.Length > 0 && args[0] == "calls") { StepProbe.RunCalls(); return; }
        if (args.Length > 0 && args[0] == "sparse") { SparseProbe.Run(); return; }
        if (args.Length > 0 && args[0] == "zeros") { ZerosProbe.Run(); return; }
        if (args.Length > 0 && args[0] == "sparse-bp4") { SparseBp4Probe.Run(args.Contains("loop")); return; }
        if (args.Length > 0 && args[0] == "nielsen3-layout") { Nielsen3LayoutProbe.Run(); return; }
        if (args.Length > 0 && args[0] == "gather") { StepProbe.RunGather(); return; }
        if (args.Length > 0 && args[0] == "probe-direct") { ProbeDirect.Run(); return; }
        if (args.Length > 0 && args[0] == "probe-kc") { ProbeBlocking.Run(); return; }
        if (args.Length > 0 && args[0] == "probe-threads") { ProbeThreads.Run(); return; }
        if (args.Length > 0 && args[0] == "probe-split") { ProbeSplit.Run(); return; }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
    }
}
