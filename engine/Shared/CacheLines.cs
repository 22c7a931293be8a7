using System.Collections.Generic;

namespace AffectEngine;

/// <summary>
/// The cache lines a per-agent pass reads in a block, for <c>AgentBlocks.Prefetch</c>:
/// passes that read only some fields of each block lose the hardware prefetcher at every gap, so they
/// hint the lines of the block a few blocks ahead. Compiled into each engine assembly as an internal type.
/// </summary>
internal static class CacheLines
{
    /// <summary>The distinct 16-float (64-byte) lines, as float offsets, covering the (offset, floats) ranges of a block.</summary>
    public static int[] Of(params (int Offset, int Floats)[] ranges)
    {
        var lines = new SortedSet<int>();
        foreach (var (offset, floats) in ranges)
        {
            for (var f = offset & ~15; f < offset + floats; f += 16)
            {
                lines.Add(f);
            }
        }

        var result = new int[lines.Count];
        lines.CopyTo(result);
        return result;
    }
}
