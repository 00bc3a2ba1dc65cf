// The persistent workers that run the parts of a product (Gemm.cs, Workers): each part of each job runs exactly once,
// whether a worker finds the job while polling or is woken from its sleep, and even when the caller is held up between
// publishing a job and waking the workers (a worker may then have taken the job by polling and gone back to sleep).
using Backprop.Numerics.GemmKernels;

namespace Backprop.Tests.Numerics;

public class WorkersTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_part_of_every_job_runs_exactly_once(bool callerHeldUp)
    {
        const int jobs = 5_000, parts = 2;
        var runs = new long[parts];
        var job = new Action<int>(part => Interlocked.Increment(ref runs[part]));
        int published = 0;
        // Held up for 1 ms after publishing every 50th job: longer than a worker polls (50 µs) before it sleeps.
        if (callerHeldUp) Workers.HeldUpAfterPublishing = () => { if (++published % 50 == 0) Thread.Sleep(1); };
        try
        {
            for (int i = 0; i < jobs; i++)
            {
                Workers.For(job, parts);
                Assert.Equal(i + 1, Interlocked.Read(ref runs[1]));   // no part left out, none run twice
                if (i % 100 == 99) Thread.Sleep(1);                    // let the worker go to sleep now and then
            }
        }
        finally
        {
            Workers.HeldUpAfterPublishing = null;
        }
        Assert.Equal(jobs, runs[0]);
    }

    [Fact]
    public void A_part_that_throws_on_a_worker_surfaces_as_its_own_exception_and_the_next_job_runs()
    {
        // The same exception, not a wrapper, whichever thread ran the failing part (part 1 runs on a worker).
        var job = new Action<int>(part => { if (part == 1) throw new ShapeMismatchException("part 1: bad shape"); });
        var thrown = Assert.Throws<ShapeMismatchException>(() => Workers.For(job, 2));
        Assert.Equal("part 1: bad shape", thrown.Message);
        var runs = new int[2];
        Workers.For(part => runs[part]++, 2);
        Assert.Equal([1, 1], runs);
    }
}
