using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Activations;

/// <summary>
/// The layer-level object for an element-wise activation f: a = f(z), and δ = g ⊙ f′(z) (the Hadamard factor of BP1/BP2).
/// The loop is written once here; <typeparamref name="TFunction"/> supplies f and f′.
/// </summary>
public sealed class ElementwiseActivation<T, TFunction> : IActivation<T>, ISharedActivation
    where T : unmanaged, IFloatingPointIeee754<T>
    where TFunction : struct, IElementwiseFunction<T>
{
    /// <inheritdoc/>
    public string Name => TFunction.Name;

    /// <inheritdoc/>
    public bool IsElementwise => true;

    /// <inheritdoc/>
    public void Activate(ReadOnlySpan<T> z, Span<T> a, int units) => TFunction.Apply(z, a[..z.Length]);

    /// <summary>z ← z + b and a = f(z) in one pass over each row (vectors of 512 bits, the last one overlapping the one before); rows shorter than a vector take the reference passes.</summary>
    /// <inheritdoc/>
    public void AddBiasAndActivate(Span<T> z, ReadOnlySpan<T> bias, Span<T> a, int units)
    {
        int width = Vector512<T>.Count, total = z.Length;
        if (!(TFunction.HasVectorValue && Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported) || units < width)
        {
            ReferencePasses.AddBiasThenActivate(this, z, bias, a, units);
            return;
        }
        if (bias.Length < units || a.Length < total || total % units != 0)
            throw new ShapeMismatchException($"{Name}: z has {total} values, not rows of {units} matching b ({bias.Length}) and a ({a.Length})");
        ref T zr = ref MemoryMarshal.GetReference(z);
        ref T br = ref MemoryMarshal.GetReference(bias);
        ref T ar = ref MemoryMarshal.GetReference(a);
        nuint last = (nuint)(units - width);
        var lastBias = Vector512.LoadUnsafe(ref br, last);
        for (nuint row = 0; row < (nuint)total; row += (nuint)units)
        {
            ref T zRow = ref Unsafe.Add(ref zr, row);
            ref T aRow = ref Unsafe.Add(ref ar, row);
            // The row's last vector, read before the loop below adds b to the part it shares with it.
            var tail = Vector512.LoadUnsafe(ref zRow, last) + lastBias;
            nuint j = 0;
            for (; j <= last; j += (nuint)width)
            {
                var v = Vector512.LoadUnsafe(ref zRow, j) + Vector512.LoadUnsafe(ref br, j);
                v.StoreUnsafe(ref zRow, j);
                TFunction.Value(v).StoreUnsafe(ref aRow, j);
            }
            if (j < (nuint)units)
            {
                tail.StoreUnsafe(ref zRow, last);
                TFunction.Value(tail).StoreUnsafe(ref aRow, last);
            }
        }
    }

    /// <summary>δ = g ⊙ f′(z) (BP1 with g = ∇_a C; BP2 with g = (W^(l+1))ᵀ δ^(l+1)).</summary>
    /// <inheritdoc/>
    public void BackpropagateDelta(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> outputGradient, Span<T> delta, int units)
    {
        int n = z.Length;
        if (a.Length < n || outputGradient.Length < n || delta.Length < n)
            throw new ShapeMismatchException($"{Name}: z has {n} values but a, ∂C/∂a or δ is shorter");
        ref T zr = ref MemoryMarshal.GetReference(z);
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T gr = ref MemoryMarshal.GetReference(outputGradient);
        ref T dr = ref MemoryMarshal.GetReference(delta);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            int width = Vector512<T>.Count;
            for (; i <= n - width; i += width)
            {
                var zv = Vector512.LoadUnsafe(ref zr, (nuint)i);
                var av = Vector512.LoadUnsafe(ref ar, (nuint)i);
                var gv = Vector512.LoadUnsafe(ref gr, (nuint)i);
                (gv * TFunction.Derivative(zv, av)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < n; i++)
            Unsafe.Add(ref dr, i) = Unsafe.Add(ref gr, i) * TFunction.Derivative(Unsafe.Add(ref zr, i), Unsafe.Add(ref ar, i));
    }

    /// <summary>δ = g ⊙ f′(z) and ∂C/∂b = Σ over δ's rows in one pass over each row (same operations, in the same order, as the two passes).</summary>
    /// <inheritdoc/>
    public void BackpropagateDeltaAndSum(ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> outputGradient, Span<T> delta, int units, Span<T> rowSum)
    {
        int width = Vector512<T>.Count, total = z.Length;
        if (!(Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported) || units < width)
        {
            ReferencePasses.BackpropagateDeltaThenSum(this, z, a, outputGradient, delta, units, rowSum);
            return;
        }
        if (a.Length < total || outputGradient.Length < total || delta.Length < total || rowSum.Length < units || total % units != 0 || total == 0)
            throw new ShapeMismatchException($"{Name}: z has {total} values, not rows of {units} matching a, ∂C/∂a, δ and ∂C/∂b");
        ref T zr = ref MemoryMarshal.GetReference(z);
        ref T ar = ref MemoryMarshal.GetReference(a);
        ref T gr = ref MemoryMarshal.GetReference(outputGradient);
        ref T dr = ref MemoryMarshal.GetReference(delta);
        ref T sr = ref MemoryMarshal.GetReference(rowSum);
        nuint n = (nuint)units, w = (nuint)width;
        for (nuint row = 0; row < (nuint)total; row += n)
        {
            bool first = row == 0;
            nuint j = 0;
            for (; j + w <= n; j += w)
            {
                nuint at = row + j;
                var d = Vector512.LoadUnsafe(ref gr, at) * TFunction.Derivative(Vector512.LoadUnsafe(ref zr, at), Vector512.LoadUnsafe(ref ar, at));
                d.StoreUnsafe(ref dr, at);
                (first ? d : Vector512.LoadUnsafe(ref sr, j) + d).StoreUnsafe(ref sr, j);
            }
            for (; j < n; j++)
            {
                nuint at = row + j;
                T d = Unsafe.Add(ref gr, at) * TFunction.Derivative(Unsafe.Add(ref zr, at), Unsafe.Add(ref ar, at));
                Unsafe.Add(ref dr, at) = d;
                Unsafe.Add(ref sr, j) = first ? d : Unsafe.Add(ref sr, j) + d;
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
