namespace Backprop.Tests;

/// <summary>
/// The test classes that assert a call allocates 0 bytes (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) run in this
/// collection, alone and after the others. Run beside other tests, a threaded product can find the workers' lock held by
/// another test's product, and a thread's first blocking wait on a .NET monitor allocates on that thread (measured on
/// .NET 10: 2,000 B for the process's first, 680 B for each new thread's; CI once saw 8,136 B in a two-thread product).
/// A single trainer never waits on that lock, so the steady-state claim holds; counting bytes needs the process quiet.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCounting
{
    /// <summary>The collection's name, for <c>[Collection(AllocationCounting.Name)]</c>.</summary>
    public const string Name = "Counts allocated bytes, alone";
}
