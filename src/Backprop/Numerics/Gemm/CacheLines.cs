// CacheLines: arrays whose data starts on a 64-byte cache line, for matrices that the kernels read in place
// (Predictor's (W^l)ᵀ, whose rows SparseRows and SparseRow load whole only when each starts a line), and the kernels'
// per-thread scratch (Workspace).
using System.Runtime.CompilerServices;

namespace Backprop.Numerics.GemmKernels;

/// <summary>Pinned arrays with a 64-byte-aligned run of elements.</summary>
internal static unsafe class CacheLines
{
    /// <summary>
    /// A pinned array (so the address cannot move) holding <paramref name="length"/> elements from index
    /// <c>Offset</c> on, where <c>Offset</c> is the first element on a 64-byte boundary; zeroed, or left as the
    /// allocator found it for scratch that is written before it is read (<see cref="Workspace{T}"/>).
    /// </summary>
    public static (T[] Array, int Offset) Pinned<T>(int length, bool zeroed = true) where T : unmanaged
    {
        int line = 64 / sizeof(T);
        var array = zeroed ? GC.AllocateArray<T>(length + line, pinned: true) : GC.AllocateUninitializedArray<T>(length + line, pinned: true);
        int misaligned = (int)((nint)Unsafe.AsPointer(ref array[0]) % 64) / sizeof(T);
        return (array, misaligned == 0 ? 0 : line - misaligned);
    }
}
