using Backprop.Activations;

namespace Backprop.Tests.Activations;

public class ParallelPassesTests
{
    [Theory]
    [InlineData("relu", 256)]
    [InlineData("sigmoid", 100)]
    [InlineData("softmax", 10)]
    public void The_bias_and_activation_pass_cut_among_threads_equals_the_pass_on_one_thread_bit_for_bit(string name, int units)
    {
        const int m = 2000;   // m × units at or above ParallelPasses.MinElements for every case, so the pass is shared
        Assert.True(m * units >= ParallelPasses<float>.MinElements);
        var activation = Activation.Create<float>(name);
        var rng = new Random(7);
        var product = new float[m * units];
        for (int i = 0; i < product.Length; i++) product[i] = (float)(rng.NextDouble() * 8 - 4);
        var bias = new float[units];
        for (int j = 0; j < units; j++) bias[j] = (float)(rng.NextDouble() - 0.5);

        var (zExpected, aExpected) = ((float[])product.Clone(), new float[m * units]);
        activation.AddBiasAndActivate(zExpected, bias, aExpected, units);
        foreach (int threads in new[] { 2, 3 })
        {
            var (z, a) = ((float[])product.Clone(), new float[m * units]);
            new ParallelPasses<float>().AddBiasAndActivate(activation, z, bias, a, m, units, threads);
            Assert.True(zExpected.AsSpan().SequenceEqual(z), $"z on {threads} threads");
            Assert.True(aExpected.AsSpan().SequenceEqual(a), $"a on {threads} threads");
        }
    }

    [Fact]
    public void A_user_defined_activation_is_called_on_the_calling_thread_only()
    {
        // A user's f may keep state that is not safe to share between threads.
        var threadsSeen = new HashSet<int>();
        var custom = new CustomActivation<float>("logged", z => { lock (threadsSeen) threadsSeen.Add(Environment.CurrentManagedThreadId); return z; }, _ => 1);
        const int m = 400, units = 64;
        var z = new float[m * units];
        var a = new float[m * units];
        new ParallelPasses<float>().AddBiasAndActivate(custom, z, new float[units], a, m, units, threads: 2);
        Assert.Equal([Environment.CurrentManagedThreadId], threadsSeen);
    }
}
