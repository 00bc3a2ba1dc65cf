// GemmReference: the naive triple loop, C = α·op(A)·op(B) + β·C, row-major.
// Kept deliberately beside the packed SIMD kernel in Gemm.cs (llm.c's matmul_forward_naive):
// it is the oracle the tests compare against and a readable statement of what Gemm computes.
// Non-goal: speed.
using System.Numerics;

namespace Backprop.Numerics;

/// <summary>
/// The reference matrix product C = α·op(A)·op(B) + β·C (BLAS <c>gemm</c> semantics, row-major storage),
/// written as the plain triple loop. Oracle for <see cref="Gemm"/>.
/// </summary>
public static class GemmReference
{
    /// <summary>C = α·op(A)·op(B) + β·C, where op(X) is X or Xᵀ.</summary>
    /// <param name="transA">Whether A is stored transposed: op(A) = Aᵀ and A is k × m in memory.</param>
    /// <param name="transB">Whether B is stored transposed: op(B) = Bᵀ and B is n × k in memory.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale α of the product.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between consecutive rows of A as stored.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between consecutive rows of B as stored.</param>
    /// <param name="beta">Scale β of the old C; when β = 0, C is overwritten and its old contents (even NaN) are ignored.</param>
    /// <param name="c">C, m × n row-major with leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Distance between consecutive rows of C.</param>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        T beta, Span<T> c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmArguments.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T aip = transA ? a[p * lda + i] : a[i * lda + p];
                    T bpj = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += aip * bpj;
                }
                ref T cij = ref c[i * ldc + j];
                cij = beta == T.Zero ? alpha * sum : alpha * sum + beta * cij;
            }
        }
    }
}
