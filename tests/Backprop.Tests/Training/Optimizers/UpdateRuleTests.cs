using Backprop.Training.Optimizers;
using static Backprop.Tests.Training.Optimizers.TinyCase;

namespace Backprop.Tests.Training.Optimizers;

/// <summary>Each optimiser's first two steps against its published rule, written out per parameter θ_i.</summary>
public class UpdateRuleTests
{
    [Fact]
    public void Sgd_steps_are_theta_minus_eta_g()
    {
        var (after1, after2) = TwoSteps(Network(), new StochasticGradientDescent<double>());
        var e1 = new double[3]; var e2 = new double[3];
        for (int i = 0; i < 3; i++) { e1[i] = Theta0[i] - Eta * Gradient1[i]; e2[i] = e1[i] - Eta * Gradient2[i]; }
        AssertClose(e1, after1);
        AssertClose(e2, after2);
    }

    [Fact]
    public void Momentum_steps_follow_v_gets_mu_v_minus_eta_g_then_theta_gets_theta_plus_v()
    {
        const double mu = 0.7;
        var net = Network();
        var (after1, after2) = TwoSteps(net, new Momentum<double>(net, mu));
        var e1 = new double[3]; var e2 = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double v1 = mu * 0 - Eta * Gradient1[i];          // Nielsen ch. 3, eq. 107
            e1[i] = Theta0[i] + v1;                            // eq. 108
            double v2 = mu * v1 - Eta * Gradient2[i];
            e2[i] = e1[i] + v2;
        }
        AssertClose(e1, after1);
        AssertClose(e2, after2);
    }

    [Fact]
    public void Nesterov_steps_follow_Bengio_2013_eq_7()
    {
        const double mu = 0.7;
        var net = Network();
        var (after1, after2) = TwoSteps(net, new Momentum<double>(net, mu, nesterov: true));
        var e1 = new double[3]; var e2 = new double[3];
        for (int i = 0; i < 3; i++)
        {
            // v_t = μ v_{t−1} − ε ∇f(Θ_{t−1});  Θ_t = Θ_{t−1} − μ v_{t−1} + (1 + μ) v_t
            double v0 = 0, v1 = mu * v0 - Eta * Gradient1[i];
            e1[i] = Theta0[i] - mu * v0 + (1 + mu) * v1;
            double v2 = mu * v1 - Eta * Gradient2[i];
            e2[i] = e1[i] - mu * v1 + (1 + mu) * v2;
        }
        AssertClose(e1, after1);
        AssertClose(e2, after2);
    }

    [Fact]
    public void Adam_steps_follow_Kingma_and_Ba_algorithm_1_with_bias_correction()
    {
        const double b1 = 0.8, b2 = 0.95, eps = 1e-8;
        var net = Network();
        var (after1, after2) = TwoSteps(net, new Adam<double>(net, b1, b2, eps));
        var e1 = new double[3]; var e2 = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double m1 = b1 * 0 + (1 - b1) * Gradient1[i], v1 = b2 * 0 + (1 - b2) * Gradient1[i] * Gradient1[i];
            e1[i] = Theta0[i] - Eta * (m1 / (1 - b1)) / (Math.Sqrt(v1 / (1 - b2)) + eps);
            double m2 = b1 * m1 + (1 - b1) * Gradient2[i], v2 = b2 * v1 + (1 - b2) * Gradient2[i] * Gradient2[i];
            e2[i] = e1[i] - Eta * (m2 / (1 - b1 * b1)) / (Math.Sqrt(v2 / (1 - b2 * b2)) + eps);
        }
        AssertClose(e1, after1);
        AssertClose(e2, after2);
    }

    [Fact]
    public void AdamW_steps_follow_Loshchilov_and_Hutter_algorithm_2()
    {
        const double b1 = 0.8, b2 = 0.95, eps = 1e-8, lambda = 0.5;
        var net = Network();
        var (after1, after2) = TwoSteps(net, new AdamW<double>(net, lambda, b1, b2, eps));
        var e1 = new double[3]; var e2 = new double[3];
        for (int i = 0; i < 3; i++)
        {
            // θ_t = θ_{t−1} − η_t (α m̂_t/(√v̂_t + ε) + λ θ_{t−1}), with α = 1 and η_t = η
            double m1 = (1 - b1) * Gradient1[i], v1 = (1 - b2) * Gradient1[i] * Gradient1[i];
            e1[i] = Theta0[i] - Eta * ((m1 / (1 - b1)) / (Math.Sqrt(v1 / (1 - b2)) + eps) + lambda * Theta0[i]);
            double m2 = b1 * m1 + (1 - b1) * Gradient2[i], v2 = b2 * v1 + (1 - b2) * Gradient2[i] * Gradient2[i];
            e2[i] = e1[i] - Eta * ((m2 / (1 - b1 * b1)) / (Math.Sqrt(v2 / (1 - b2 * b2)) + eps) + lambda * e1[i]);
        }
        AssertClose(e1, after1);
        AssertClose(e2, after2);
    }

    [Fact]
    public void RmsProp_steps_divide_by_the_root_of_the_running_mean_square()
    {
        const double rho = 0.9, eps = 1e-8;
        var net = Network();
        var (after1, after2) = TwoSteps(net, new RmsProp<double>(net, rho, eps));
        var e1 = new double[3]; var e2 = new double[3];
        for (int i = 0; i < 3; i++)
        {
            double s1 = rho * 0 + (1 - rho) * Gradient1[i] * Gradient1[i];
            e1[i] = Theta0[i] - Eta * Gradient1[i] / (Math.Sqrt(s1) + eps);
            double s2 = rho * s1 + (1 - rho) * Gradient2[i] * Gradient2[i];
            e2[i] = e1[i] - Eta * Gradient2[i] / (Math.Sqrt(s2) + eps);
        }
        AssertClose(e1, after1);
        AssertClose(e2, after2);
    }
}
