namespace Backprop.Numerics;

/// <summary>Shape checks shared by <see cref="Gemm"/> and <see cref="GemmReference"/>.</summary>
internal static class GemmArguments
{
    /// <summary>Throws <see cref="ArgumentException"/> when a buffer is too short for the shapes it is said to hold.</summary>
    public static void Check(bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"gemm: negative size m={m}, n={n}, k={k}");
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        Require("A", aRows, aCols, aLength, lda);
        Require("B", bRows, bCols, bLength, ldb);
        Require("C", m, n, cLength, ldc);
    }

    private static void Require(string name, int rows, int cols, int length, int ld)
    {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new ArgumentException($"gemm: leading dimension of {name} is {ld}, less than its {cols} columns");
        long needed = (long)(rows - 1) * ld + cols;
        if (length < needed) throw new ArgumentException($"gemm: {name} holds {length} elements, {rows} × {cols} with leading dimension {ld} needs {needed}");
    }
}
