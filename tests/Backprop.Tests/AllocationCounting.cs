using System.Runtime;

namespace Backprop.Tests;

/// <summary>
/// The test classes that assert a call allocates 0 bytes (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) run in this
/// collection, alone and after the others, with background garbage collections off.
/// <list type="bullet">
/// <item>Alone: run beside other tests, a threaded product can find the workers' lock held by another test's product, and
/// a thread's first blocking wait on a .NET monitor allocates on that thread (measured on .NET 10: 2,000 B for the
/// process's first, 680 B for each new thread's; CI once saw 8,136 B in a two-thread product). A single trainer never
/// waits on that lock, so the steady-state claim holds; counting bytes needs the process quiet.</item>
/// <item>No background collections: a background gen-2 collection that runs while the thread is counted adds to the
/// thread's count even when it allocates nothing. Measured on .NET 10 (2026-11-25): 3,000 rounds of ten counted calls
/// with other allocations between rounds showed 2,256 B (once 2,920 B) in 38 windows around a bare Thread.SpinWait, and
/// 52 around Predictor.Classify (CI failed once on 4,592 B); with <see cref="GCLatencyMode.Batch"/>, or
/// DOTNET_gcConcurrent=0, none in either.</item>
/// </list>
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCounting : ICollectionFixture<AllocationCounting.BlockingCollections>
{
    /// <summary>The collection's name, for <c>[Collection(AllocationCounting.Name)]</c>.</summary>
    public const string Name = "Counts allocated bytes, alone";

    /// <summary>
    /// Turns background collections off (<see cref="GCLatencyMode.Batch"/>) for the collection's tests, after a blocking
    /// collection that waits out one already running; the mode before is restored at the end.
    /// </summary>
    public sealed class BlockingCollections : IDisposable
    {
        private readonly GCLatencyMode _before = GCSettings.LatencyMode;

        /// <summary>Sets <see cref="GCLatencyMode.Batch"/> and collects once, blocking.</summary>
        public BlockingCollections()
        {
            GCSettings.LatencyMode = GCLatencyMode.Batch;
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        /// <summary>Restores the latency mode the process had.</summary>
        public void Dispose() => GCSettings.LatencyMode = _before;
    }
}
