using System;

namespace AffectEngine;

/// <summary>
/// Where a field's lanes are stored. Each region is its own array of blocks of 8 agents, so a pass that
/// reads only one region's fields streams them contiguously instead of skipping the other fields of
/// every block. The region is a storage choice only: the canonical order of the fields (state hash,
/// snapshots) is the schema's declaration order whatever the region.
/// </summary>
public enum AgentRegion
{
    /// <summary>The fields the per-agent affect pass reads every tick (emotions, mood, default mood, decay rates).</summary>
    Hot = 0,

    /// <summary>Every other field.</summary>
    Cold = 1,
}

/// <summary>
/// A per-agent field (one float per agent, or several consecutive floats for a vector field),
/// addressed by its region and its offset inside that region's block of 8 agents.
/// </summary>
public readonly struct FieldId : IEquatable<FieldId>
{
    /// <summary>Creates a field handle.</summary>
    public FieldId(int index, int width, AgentRegion region, int offset)
    {
        Index = index;
        Width = width;
        Region = region;
        Offset = offset;
    }

    /// <summary>The field's position among all fields in declaration (canonical) order.</summary>
    public int Index { get; }

    /// <summary>How many consecutive fields it spans (1 for a scalar).</summary>
    public int Width { get; }

    /// <summary>The storage region holding the field's lanes.</summary>
    public AgentRegion Region { get; }

    /// <summary>The float offset of the field's first lane inside a block of its <see cref="Region"/>.</summary>
    public int Offset { get; }

    /// <summary>The offset of the i-th component of a vector field inside a block of its region.</summary>
    public int ComponentOffset(int component) => Offset + (component * AgentBlocks.LanesPerBlock);

    /// <inheritdoc />
    public bool Equals(FieldId other) => Index == other.Index && Width == other.Width && Region == other.Region && Offset == other.Offset;

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
    /// The address of <paramref name="field"/>'s first lane in one block, given that block's start in the
    /// hot region and in the cold region (passes that pin both regions' blocks pick per field with this).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static unsafe float* At(FieldId field, float* hot, float* cold) => (field.Region == AgentRegion.Hot ? hot : cold) + field.Offset;

    /// <summary>As <see cref="At(FieldId, float*, float*)"/> for spans: the block (of the field's region) out of the two.</summary>
    public static Span<float> Of(FieldId field, Span<float> hot, Span<float> cold) => field.Region == AgentRegion.Hot ? hot : cold;

    /// <summary>
    /// Asks the cache for the 64-byte lines covering bytes [<paramref name="firstByte"/>, <paramref name="endByte"/>)
    /// of <paramref name="block"/>. A block holds many fields of eight agents (often over 1 KiB) and a pass
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
/// Per-agent state stored, per <see cref="AgentRegion"/>, as blocks of 8 agents × the region's fields:
/// block b of a region holds, for each of its fields, the 8 lanes at [<see cref="FieldId.Offset"/>,
/// Offset + 8). A per-agent pass walks the blocks of the regions it needs in order and streams memory.
/// </summary>
public interface IAgentStore
{
    /// <summary>Number of blocks in use (covers every slot ever allocated).</summary>
    int BlockCount { get; }

    /// <summary>Floats per block of a region (its fields × 8, padded to whole 64-byte lines).</summary>
    int BlockStride(AgentRegion region);

    /// <summary>Looks up a registered field by name; throws <see cref="ArgumentException"/> naming the field if absent.</summary>
    FieldId Field(string name);

    /// <summary>True when a field of that name is registered.</summary>
    bool TryGetField(string name, out FieldId field);

    /// <summary>One region's part of a block (that region's fields of its 8 agents); address fields of that region by <see cref="FieldId.Offset"/>.</summary>
    Span<float> Block(int block, AgentRegion region);

    /// <summary>The 8 lanes of one field of one block.</summary>
    Span<float> Lanes(int block, FieldId field);

    /// <summary>One agent's value of a field (component 0 of a vector field).</summary>
    ref float Value(AgentId agent, FieldId field, int component = 0);

    /// <summary>True when the slot holds a live agent (per-lane mask of a block: bit i = lane i).</summary>
    byte AliveMask(int block);
}
