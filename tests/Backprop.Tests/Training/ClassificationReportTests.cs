using Backprop.Data;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests.Training;

public class ClassificationReportTests
{
    // Rows: true class, columns: predicted class.
    private static readonly ClassificationReport Report = new([[5, 1, 0], [2, 3, 0], [0, 0, 0]]);

    [Fact]
    public void Precision_is_hits_over_the_predicted_column() => Assert.Equal(5.0 / 7, Report.Precision(0), 15);

    [Fact]
    public void Recall_is_hits_over_the_true_row() => Assert.Equal(3.0 / 5, Report.Recall(1), 15);

    [Fact]
    public void F1_is_the_harmonic_mean_of_precision_and_recall()
    {
        double p = 3.0 / 4, r = 3.0 / 5;
        Assert.Equal(2 * p * r / (p + r), Report.F1(1), 15);
    }

    [Fact]
    public void A_class_never_predicted_nor_present_scores_zero() => Assert.Equal(0.0, Report.F1(2));

    [Fact]
    public void Counts_come_from_the_arg_max_of_the_network_output()
    {
        var net = Network<double>.Create([2, 2], "identity", cost: "quadratic");   // a = x: the class is the larger input
        net.Layer(1).Weights![0] = 1; net.Layer(1).Weights![3] = 1;
        var data = new DataSet<double>("d", [1, 0, 0, 1, 1, 0, 0.2, 0.1], 2, labels: [0, 1, 1, 1]);
        var report = ClassificationReport.Of(net, data);
        Assert.Equal([1, 0], report.Confusion[0]);
        Assert.Equal([2, 1], report.Confusion[1]);
    }
}
