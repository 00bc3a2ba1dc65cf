// TileSize: register-tile dimensions as types, so one kernel body serves several tile shapes.
//
// A kernel generic over a struct implementing ITileSize gets its own compiled copy per struct, in which
// TRows.Count is a constant: guards such as `if (TRows.Count > 4)` vanish with the code of the rows the tile
// lacks, and the copy is the same machine code as a kernel written out for that shape (checked with
// DOTNET_JitDisasm: the 4-, 6- and 8-row Microkernel copies are 603, 888 and 1,183 bytes, as the hand-written
// kernels were).
namespace Backprop.Numerics.GemmKernels;

/// <summary>A register-tile dimension known to the JIT.</summary>
internal interface ITileSize
{
    /// <summary>The dimension.</summary>
    static abstract int Count { get; }
}

/// <summary>1.</summary>
internal struct One : ITileSize { public static int Count => 1; }

/// <summary>2.</summary>
internal struct Two : ITileSize { public static int Count => 2; }

/// <summary>3.</summary>
internal struct Three : ITileSize { public static int Count => 3; }

/// <summary>4.</summary>
internal struct Four : ITileSize { public static int Count => 4; }

/// <summary>5.</summary>
internal struct Five : ITileSize { public static int Count => 5; }

/// <summary>6.</summary>
internal struct Six : ITileSize { public static int Count => 6; }

/// <summary>7.</summary>
internal struct Seven : ITileSize { public static int Count => 7; }

/// <summary>8.</summary>
internal struct Eight : ITileSize { public static int Count => 8; }
