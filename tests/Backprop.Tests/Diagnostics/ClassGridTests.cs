using Backprop.Diagnostics;
using Backprop.Tests.Seeds;

namespace Backprop.Tests.Diagnostics;

public class ClassGridTests
{
    [Fact]
    public void Problem_4_grid_predicts_class_index_1_at_the_origin_and_0_in_the_corners()
    {
        // seed 000, problem 4.4: Σf(z) = 0 at the origin, so o_2 > o_1; at (±5, ±5) Σf(z) = 8 > 1, so o_1 wins.
        var grid = ClassGrid.Of(ExampleFiles.Problem4(), -5, 5, -5, 5, 11, 11);
        Assert.Equal((0.0, 0.0), (grid.X(5), grid.Y(5)));
        Assert.Equal(1, grid.Class(5, 5));
        Assert.Equal(0, grid.Class(0, 0));
        Assert.Equal(0, grid.Class(10, 10));
    }

    [Fact]
    public void Grid_boundary_between_classes_is_at_x1_equal_2_on_the_axis()
    {
        // On x_2 = 0, Σf(z) = |x_1| − 1 for |x_1| > 1: class 1 (index 0) beyond |x_1| = 2. Grid step 0.5 from −4.
        var grid = ClassGrid.Of(ExampleFiles.Problem4(), -4, 4, -4, 4, 17, 17);
        Assert.Equal(2.5, grid.X(13));
        Assert.Equal(0, grid.Class(13, 8));
        Assert.Equal(1, grid.Class(11, 8)); // x_1 = 1.5
    }
}
