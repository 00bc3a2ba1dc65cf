using Backprop.Data;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests.Training;

public class ValidationSplitTests
{
    [Fact]
    public void A_tenth_held_out_is_the_last_tenth_of_the_training_data()
    {
        var data = new DataSet<double>("d", Enumerable.Range(0, 20).Select(i => (double)i).ToArray(), 1, labels: new int[20]);
        var (first, last) = data.SplitLast(0.1);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (double)i), first.Inputs);
        Assert.Equal([18.0, 19.0], last.Inputs);
    }
}
