using Backprop.Diagnostics;

namespace Backprop.Tests.Diagnostics;

public class ValueSummaryTests
{
    [Fact]
    public void Norm_of_3_minus_4_is_5_and_the_largest_entry_is_minus_4()
    {
        var s = ValueSummary.Of([3.0, -4.0]);
        Assert.Equal(5.0, s.Norm);
        Assert.Equal(4.0, s.MaxAbs);
        Assert.Equal((1, 0, -4.0), s.Largest[0]);
    }

    [Fact]
    public void Matrix_entries_are_named_by_row_j_and_column_k()
    {
        // A 2 × 3 matrix row-major: entry 5 is (j, k) = (1, 2).
        var s = ValueSummary.Of([0.0, 1, 0, 0, 0, -9], columns: 3, largest: 2);
        Assert.Equal([(1, 2, -9.0), (0, 1, 1.0)], s.Largest);
    }
}
