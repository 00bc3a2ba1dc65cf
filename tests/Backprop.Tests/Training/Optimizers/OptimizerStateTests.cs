using Backprop.Training;
using Backprop.Training.Optimizers;
using static Backprop.Tests.Training.Optimizers.TinyCase;

namespace Backprop.Tests.Training.Optimizers;

public class OptimizerStateTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    public void A_restored_optimizer_takes_the_same_second_step_as_the_original(string name)
    {
        var straight = Network();
        var original = Optimizer.Create(name, straight, weightDecay: 0.5);
        original.Step(straight, Gradients(straight, Gradient1), Eta);
        var saved = original.SaveState();
        var thetaAfter1 = Theta(straight);
        original.Step(straight, Gradients(straight, Gradient2), Eta);

        var resumed = Network();
        resumed.Layer(1).Weights![0] = thetaAfter1[0]; resumed.Layer(1).Weights![1] = thetaAfter1[1]; resumed.Layer(1).Biases![0] = thetaAfter1[2];
        var restored = Optimizer.Create(name, resumed, weightDecay: 0.5);
        restored.RestoreState(saved);
        restored.Step(resumed, Gradients(resumed, Gradient2), Eta);

        Assert.Equal(Theta(straight), Theta(resumed));
    }

    [Fact]
    public void Restoring_another_optimizers_state_names_both()
    {
        var net = Network();
        var state = new Adam<double>(net).SaveState();
        var e = Assert.Throws<ArgumentException>(() => new Momentum<double>(net).RestoreState(state));
        Assert.Contains("adam", e.Message);
        Assert.Contains("momentum", e.Message);
    }

    [Fact]
    public void Unknown_optimizer_name_lists_the_known_ones()
    {
        var e = Assert.Throws<UnknownNameException>(() => Optimizer.Create("adagrad", Network()));
        Assert.Contains("'adagrad'", e.Message);
        Assert.Contains("sgd, momentum, nesterov, adam, adamw, rmsprop", e.Message);
    }
}
