using Backprop.Seeds;

namespace Backprop.Tests.Seeds;

/// <summary>
/// seed 000, problem 4.4. By hand: Σf(z) = Σ_i max(|x_i| − 1, 0), so Σf(z) = 0 on the square |x_1|, |x_2| ≤ 1 and Σf(z) = c &gt; 0 on
/// the octagon with corners (±(c + 1), ±1), (±1, ±(c + 1)); u_1 = Σf(z), u_2 = 2 − Σf(z), so class 1 (o_1) wins where Σf(z) &gt; 1.
/// </summary>
public class RegionGeometryTests
{
    [Fact]
    public void Hidden_sum_zero_is_the_square_region_with_corners_plus_minus_1()
    {
        var b = RegionGeometry.LevelSet(ExampleFiles.Problem4(), 0);
        Assert.True(b.IsRegion);
        Assert.Equal(new HashSet<(double, double)> { (1, 1), (-1, 1), (-1, -1), (1, -1) }, b.Corners.ToHashSet());
    }

    [Fact]
    public void Hidden_sum_one_is_an_octagon_not_the_diamond_through_2_0()
    {
        var b = RegionGeometry.LevelSet(ExampleFiles.Problem4(), 1);
        Assert.False(b.IsRegion);
        Assert.Equal(new HashSet<(double, double)> { (2, 1), (1, 2), (-1, 2), (-2, 1), (-2, -1), (-1, -2), (1, -2), (2, -1) }, b.Corners.ToHashSet());
    }

    [Fact]
    public void Hidden_sum_one_separates_class_2_inside_from_class_1_outside()
    {
        var b = RegionGeometry.LevelSet(ExampleFiles.Problem4(), 1);
        Assert.Equal(1, b.InsideClass);   // index 1 = the seed's class 2 (o_2)
        Assert.Equal(0, b.OutsideClass);  // index 0 = the seed's class 1 (o_1)
    }

    [Fact]
    public void Hidden_sum_three_has_corners_at_4_1_and_1_4()
    {
        var b = RegionGeometry.LevelSet(ExampleFiles.Problem4(), 3);
        Assert.Contains((4.0, 1.0), b.Corners);
        Assert.Contains((1.0, 4.0), b.Corners);
        Assert.Equal(8, b.Corners.Count);
        Assert.Equal((0, 0), (b.InsideClass, b.OutsideClass));
    }

    [Fact]
    public void Seed_networks_built_in_code_equal_the_hand_written_files()
    {
        Assert.Equal(ExampleFiles.Problem4().ToString(), SeedNetworks.Problem4().ToString());
        for (int l = 1; l <= 2; l++)
        {
            Assert.Equal(ExampleFiles.Problem4().Layer(l).Weights, SeedNetworks.Problem4().Layer(l).Weights);
            Assert.Equal(ExampleFiles.Problem4().Layer(l).Biases, SeedNetworks.Problem4().Layer(l).Biases);
        }
        Assert.Equal(ExampleFiles.Problem2().Layer(1).Weights, SeedNetworks.Problem2().Layer(1).Weights);
    }
}
