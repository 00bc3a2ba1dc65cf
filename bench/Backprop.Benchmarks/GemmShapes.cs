// The products a training step performs for the networks Backprop trains (row-major, m = mini-batch).
namespace Backprop.Benchmarks;

/// <summary>One product shape: C(m×n) = op(A)(m×k)·op(B)(k×n).</summary>
public sealed record GemmShape(string Role, bool TransA, bool TransB, int M, int N, int K)
{
    /// <summary>Floating-point operations of one product (a multiply-add counts two).</summary>
    public double Flops => 2.0 * M * N * K;

    /// <summary>Stored operands: A is k×m when transposed, B is n×k when transposed; C is m×n. Filled with a fixed seed.</summary>
    public (float[] A, float[] B, float[] C) Operands(int seed = 20240611)
    {
        var rng = new Random(seed);
        float[] Fill(int len) { var x = new float[len]; for (int i = 0; i < len; i++) x[i] = (float)(rng.NextDouble() * 2 - 1); return x; }
        return (Fill(M * K), Fill(K * N), Fill(M * N));
    }

    /// <summary>Leading dimensions of the stored A, B and C.</summary>
    public (int Lda, int Ldb, int Ldc) Leading => (TransA ? M : K, TransB ? K : N, N);

    /// <inheritdoc/>
    public override string ToString() => $"{Role} {M}x{N}x{K}{(TransA ? " tA" : "")}{(TransB ? " tB" : "")}";

    /// <summary>Forward Z = A·Wᵀ (transB), weight gradient dW = Δᵀ·A (transA), backward Δ_prev = Δ·W.</summary>
    public static readonly GemmShape[] All =
    [
        new("fwd", false, true, 10, 30, 784),
        new("fwd", false, true, 10, 100, 784),
        new("fwd", false, true, 128, 100, 784),
        new("fwd", false, true, 128, 256, 784),
        new("fwd", false, true, 128, 128, 256),
        new("fwd", false, true, 128, 10, 100),
        new("fwd", false, true, 1000, 100, 784),
        new("fwd", false, true, 1, 100, 784),
        new("dW", true, false, 30, 784, 10),
        new("dW", true, false, 100, 784, 128),
        new("dW", true, false, 256, 784, 128),
        new("dW", true, false, 10, 100, 128),
        new("dA", false, false, 10, 784, 100),
        new("dA", false, false, 128, 784, 100),
        new("dA", false, false, 128, 784, 256),
        new("dA", false, false, 128, 100, 10),
    ];
}
