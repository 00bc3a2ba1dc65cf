namespace Backprop.Seeds;

/// <summary>
/// The small functions the course documents (../shared/seeds) ask for, as plain library calls in double precision,
/// so that a learner can check each worked answer. Vectors are arrays; "column vector" results are arrays too.
/// </summary>
public static class SeedFormulas
{
    /// <summary>
    /// The seed's <c>linear_hinge_grad(x, y, a)</c> (000 problem 1.1): ∇_w L_h(y a) for a linear unit a = w·x + b,
    /// which is −y x when y a ≤ 1 and 0 when y a &gt; 1 (the seed's two cases; the kink belongs to the "otherwise" branch).
    /// </summary>
    /// <param name="x">The input column vector.</param>
    /// <param name="y">The label, ±1.</param>
    /// <param name="a">The unit's output.</param>
    /// <returns>A column vector the length of x.</returns>
    public static double[] LinearHingeGradient(double[] x, double y, double a) =>
        y * a > 1 ? new double[x.Length] : x.Select(xk => -y * xk).ToArray();

    /// <summary>σ(z) = 1/(1 + e^(−z)) (000 problem 1.2).</summary>
    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>σ′ as a function of z: e^(−z)/(1 + e^(−z))² (000 problem 1.2, question 1).</summary>
    public static double SigmoidDerivative(double z) => Math.Exp(-z) / Math.Pow(1 + Math.Exp(-z), 2);

    /// <summary>σ′ as a function of the output o = σ(z): o(1 − o) (000 problem 1.2, question 2).</summary>
    public static double SigmoidDerivativeFromOutput(double o) => o * (1 - o);

    /// <summary>
    /// ∇_w NLL(a, y) of a single sigmoid unit a = σ(w·x + b) with label y ∈ {0, 1}: x (a − y) (000 problem 1.2, questions 6–7;
    /// component 1 is ∂NLL/∂w_11 = x_1(a_1 − y)).
    /// </summary>
    public static double[] SigmoidNllGradient(double[] x, double y, double a) => x.Select(xk => xk * (a - y)).ToArray();

    /// <summary>SM(z)_j = e^(z_j) / Σ_k e^(z_k), with the largest z subtracted first (000 problem 2).</summary>
    public static double[] Softmax(double[] z)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>NLL(a, y) = −Σ_j y_j log a_j (000 problem 2, question 2).</summary>
    public static double NegativeLogLikelihood(double[] a, double[] y) =>
        -a.Zip(y).Where(p => p.Second != 0).Sum(p => p.Second * Math.Log(p.First));

    /// <summary>
    /// The softmax-NLL weight gradient in the seed's orientation (000 problem 2, question 3, w_L with one row per input):
    /// ∂NLL/∂w_kj = x_k (a_j − y_j), the matrix x(a − y)ᵀ, inputs × classes. Its transpose is ∂C/∂W^L in our W^l orientation.
    /// </summary>
    public static double[,] SoftmaxNllWeightGradient(double[] x, double[] a, double[] y)
    {
        var g = new double[x.Length, a.Length];
        for (int k = 0; k < x.Length; k++)
            for (int j = 0; j < a.Length; j++)
                g[k, j] = x[k] * (a[j] - y[j]);
        return g;
    }
}
