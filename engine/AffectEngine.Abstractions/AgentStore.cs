using System;

namespace AffectEngine;

/// <summary>
/// A hot per-agent field (one float per agent, or several consecutive floats for a vector field),
/// addressed by its offset inside a block of 8 agents.
/// </summary>
public readonly struct FieldId : IEquatable<FieldId>
{
    /// <summary>Creates a field handle.</summary>
    public FieldId(int index, int width)
    {
        Index = index;
        Width = width;
    }

    /// <summary>The field's position among the block's fields.</summary>
    public int Index { get; }

    /// <summary>How many consecutive fields it spans (1 for a scalar).</summary>
    public int Width { get; }

    /// <summary>The float offset of the field's first lane inside a block.</summary>
    public int Offset => Index * AgentBlocks.LanesPerBlock;

    /// <summary>The offset of the i-th component of a vector field.</summary>
    public int ComponentOffset(int component) => (Index + component) * AgentBlocks.LanesPerBlock;

    /// <inheritdoc />
    public bool Equals(FieldId other) => Index == other.Index && Width == other.Width;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FieldId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (Index * 31) + Width;

    /// <summary>Equality.</summary>
    public static bool operator ==(FieldId left, FieldId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(FieldId left, FieldId right) => !left.Equals(right);
}

/// <summary>Layout constants of the block storage, and the cache hint per-agent passes share.</summary>
public static class AgentBlocks
{
    /// <summary>Agents per block: one 256-bit vector of floats per field.</summary>
    public const int LanesPerBlock = 8;

    /// <summary>
    /// Asks the cache for the 64-byte lines covering bytes [<paramref name="firstByte"/>, <paramref name="endByte"/>)
    /// of <paramref name="block"/>. A block holds every field of eight agents (often over 1 KiB) and a pass
    /// reads a part of it, a stride the hardware prefetcher does not follow; asking for the block a few
    /// ahead overlaps its memory latency with the current block's work. A hint only: it never changes a
    /// value, and does nothing where the instruction is missing (netstandard2.1, non-x86).
    /// </summary>
    public static unsafe void Prefetch(float* block, int firstByte, int endByte)
    {
#if NET
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            var bytes = (byte*)block;
            for (var line = firstByte; line < endByte; line += 64)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(bytes + line);
            }
        }
#endif
    }

    /// <summary>As <see cref="Prefetch(float*, int, int)"/> for scattered fields: one hint per float offset in <paramref name="lineOffsets"/>.</summary>
    public static unsafe void Prefetch(float* block, int[] lineOffsets)
    {
#if NET
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            for (var l = 0; l < lineOffsets.Length; l++)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(block + lineOffsets[l]);
            }
        }
#endif
    }
}

/// <summary>
/// Hot per-agent state stored as blocks of 8 agents × fields: block b holds, for each field f, the
/// 8 lanes at [f × 8, f × 8 + 8). A per-agent pass walks the blocks in order and streams memory.
/// </summary>
public interface IAgentStore
{
    /// <summary>Number of blocks in use (covers every slot ever allocated).</summary>
    int BlockCount { get; }

    /// <summary>Floats per block (fields × 8).</summary>
    int BlockStride { get; }

    /// <summary>Looks up a registered field by name; throws <see cref="ArgumentException"/> naming the field if absent.</summary>
    FieldId Field(string name);

    /// <summary>True when a field of that name is registered.</summary>
    bool TryGetField(string name, out FieldId field);

    /// <summary>The whole block (all fields of its 8 agents).</summary>
    Span<float> Block(int block);

    /// <summary>The 8 lanes of one field of one block.</summary>
    Span<float> Lanes(int block, FieldId field);

    /// <summary>One agent's value of a field (component 0 of a vector field).</summary>
    ref float Value(AgentId agent, FieldId field, int component = 0);

    /// <summary>True when the slot holds a live agent (per-lane mask of a block: bit i = lane i).</summary>
    byte AliveMask(int block);
}
