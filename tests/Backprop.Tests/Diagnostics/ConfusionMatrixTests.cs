using Backprop.Data;
using Backprop.Diagnostics;
using Backprop.Tests.Seeds;

namespace Backprop.Tests.Diagnostics;

/// <summary>On the problem-4 network of seed 000: class index 1 (o_2) inside the octagon Σf(z) &lt; 1, index 0 outside (problem 4.4).</summary>
public class ConfusionMatrixTests
{
    [Fact]
    public void Counts_actual_class_down_and_predicted_class_across()
    {
        // (0, 0) and (0.5, 0.5): Σf(z) = 0, predicted 1. (3, 0): Σf(z) = 2, predicted 0. (−4, 2): Σf(z) = 4, predicted 0.
        var data = new DataSet<double>("hand-picked", [0, 0, 0.5, 0.5, 3, 0, -4, 2], 2, labels: [1, 0, 0, 1]);
        var cm = ConfusionMatrix.Of(ExampleFiles.Problem4(), data);
        Assert.Equal(1, cm.Count(1, 1));   // (0, 0)
        Assert.Equal(1, cm.Count(0, 1));   // (0.5, 0.5), labelled 0, predicted 1
        Assert.Equal(1, cm.Count(0, 0));   // (3, 0)
        Assert.Equal(1, cm.Count(1, 0));   // (−4, 2), labelled 1, predicted 0
        Assert.Equal((2, 4, 0.5), (cm.Correct, cm.Total, cm.Accuracy));
    }
}
