using Backprop.Data;

namespace Backprop.Tests.Data;

/// <summary>Targets: class labels as target vectors y (one-hot; −1 for "not this class" under the hinge cost; y = label for one output unit).</summary>
public class TargetsTests
{
    [Fact]
    public void Labels_in_order_become_one_hot_rows()
    {
        var y = new double[6];
        Targets.Encode<double>([2, 0], 3, "nll", y);
        Assert.Equal([0, 0, 1, 1, 0, 0], y);
    }

    [Fact]
    public void Labels_through_an_order_take_the_ordered_examples_rows()
    {
        var y = new double[6];
        Targets.Encode<double>([2, 0, 1], [1, 2, 0], 1, 2, 3, "nll", y);   // examples 2 and 0: labels 1 and 2
        Assert.Equal([0, 1, 0, 0, 0, 1], y);
    }

    [Fact]
    public void Hinge_marks_the_other_classes_minus_one_and_one_unit_takes_the_label()
    {
        var hinge = new double[4];
        Targets.Encode<double>([1, 0], 2, "hinge", hinge);
        Assert.Equal([-1, 1, 1, -1], hinge);
        var single = new double[3];
        Targets.Encode<double>([1, 0, 1], 1, "ce", single);
        Assert.Equal([1, 0, 1], single);
    }

    [Fact]
    public void ForClass_is_the_row_of_one_label()
    {
        Assert.Equal([0, 0, 0, 1], Targets.ForClass<double>(3, 4, "quadratic"));
    }
}
