// Gemm: the matrix product on the training hot path, C = α·op(A)·op(B) + β·C, row-major.
// Interim implementation (row-times-panel with TensorPrimitives); the packed, blocked SIMD kernel replaces it.
using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Numerics;

/// <summary>
/// The fast matrix product C = α·op(A)·op(B) + β·C (BLAS <c>gemm</c> semantics, row-major storage).
/// Transposed operands are handled inside (never materialised by the caller).
/// </summary>
public static class Gemm
{
    /// <summary>C = α·op(A)·op(B) + β·C, where op(X) is X or Xᵀ. Same contract as <see cref="GemmReference.Multiply{T}"/>.</summary>
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
        => Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, 1);

    /// <summary>C = α·op(A)·op(B) + β·C on up to <paramref name="threads"/> threads (results identical for any count).</summary>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="transB">Whether B is stored transposed.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale α of the product.</param>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Leading dimension of A.</param>
    /// <param name="b">B, row-major.</param>
    /// <param name="ldb">Leading dimension of B.</param>
    /// <param name="beta">Scale β of the old C.</param>
    /// <param name="c">C, row-major.</param>
    /// <param name="ldc">Leading dimension of C.</param>
    /// <param name="threads">The most threads to use.</param>
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k,
        T alpha, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        T beta, Span<T> c, int ldc, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmArguments.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            Span<T> ci = c.Slice(i * ldc, n);
            if (beta == T.Zero) ci.Clear();
            else if (beta != T.One) TensorPrimitives.Multiply(ci, beta, ci);
            if (transB)
            {
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    var bj = b.Slice(j * ldb, k);
                    if (!transA) sum = TensorPrimitives.Dot(a.Slice(i * lda, k), bj);
                    else for (int p = 0; p < k; p++) sum += a[p * lda + i] * bj[p];
                    ci[j] += alpha * sum;
                }
            }
            else
            {
                for (int p = 0; p < k; p++)
                {
                    T aip = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                    if (aip == T.Zero) continue;
                    TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), aip, ci, ci);
                }
            }
        }
    }
}
