using Backprop.Seeds;

namespace Backprop.Tests.Seeds;

public class PrintedTests
{
    [Theory]
    [InlineData(0.8776357, "0.88", true)]
    [InlineData(-2.045015, "-2.05", true)]       // 0.00498 from the printed value: inside half a unit of the second decimal
    [InlineData(0.8158, "0.77245284", false)]
    [InlineData(3.0590222692562e-07, "3.05902227e-07", true)]
    [InlineData(3.0590232e-07, "3.05902227e-07", false)] // e^−15 itself, not e^−15/(1 + e^−15)
    public void A_number_agrees_with_printed_text_to_half_a_unit_of_its_last_digit(double actual, string printed, bool agrees) =>
        Assert.Equal(agrees, Printed.Agrees(actual, printed));
}
