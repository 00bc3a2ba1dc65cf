using Backprop.Data;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests.Training;

public class ImageShiftTests
{
    [Fact]
    public void A_lit_pixel_moves_by_at_most_s_in_each_direction_and_every_offset_occurs()
    {
        var shift = new ImageShift(2, 7, 7);
        var image = new double[49];
        image[3 * 7 + 3] = 1;                                   // centre pixel: no offset within ±2 pushes it out
        var shifted = new double[49];
        var seen = new HashSet<(int, int)>();
        var rng = new Rng(5);
        for (int draw = 0; draw < 500; draw++)
        {
            shift.Apply<double>(image, shifted, rng);
            Assert.Equal(1.0, shifted.Sum());
            int at = Array.IndexOf(shifted, 1.0);
            int dx = at % 7 - 3, dy = at / 7 - 3;
            Assert.InRange(dx, -2, 2);
            Assert.InRange(dy, -2, 2);
            seen.Add((dx, dy));
        }
        Assert.Equal(25, seen.Count);                           // P(an offset missing in 500 draws) ≤ 25·(24/25)^500 ≈ 1e-7
    }

    [Fact]
    public void Shift_of_784_inputs_means_28_by_28_images() => Assert.Equal(new ImageShift(2, 28, 28), ImageShift.Parse("shift:2", 784));

    [Fact]
    public void Shift_of_a_non_square_input_asks_for_the_size()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageShift.Parse("shift:2", 10));
        Assert.Contains("WIDTHxHEIGHT", e.Message);
    }
}
