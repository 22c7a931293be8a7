using System;
using System.Threading;
using AffectEngine.Core;
#if NET
#endif

namespace AffectEngine.Social;

/// <summary>
/// Contagion pass 1 (Social stage): writes each agent's record (ε and ε·q per contagious emotion) into
/// the record buffer, so pass 2 reads last tick's values whatever the update order or thread count.
/// With spatial neighbours it also notes whether any agent moved, arrived or left since the spatial
/// lists were built, and <see cref="EndTick"/> rebuilds them only then.
/// </summary>
internal sealed class ContagionCaptureSystem : IPartitionedSystem
{
    private readonly World _world;
    private readonly ContagionState _state;
    private readonly FieldId _position;
    private readonly FieldId _traits;
    private readonly int[] _channelOffsets;
    private readonly int[] _lines;

    public ContagionCaptureSystem(World world, ContagionState state, FieldId emotion, FieldId position, FieldId traits)
    {
        _world = world;
        _state = state;
        _position = position;
        _traits = traits;
        _channelOffsets = new int[state.Channels.Length];
        var fields = new int[3 + state.Channels.Length];
        fields[0] = traits.ComponentOffset(0);
        fields[1] = state.Spatial ? position.ComponentOffset(0) : fields[0];
        fields[2] = state.Spatial ? position.ComponentOffset(1) : fields[0];
        for (var c = 0; c < _channelOffsets.Length; c++)
        {
            _channelOffsets[c] = emotion.Offset + (state.Channels[c] * AgentBlocks.LanesPerBlock);
            fields[3 + c] = _channelOffsets[c];
        }

        _lines = LinesOf(fields);
    }

    public string Name => "social.contagion.capture";

    public TickStage Stage => TickStage.Social;

    /// <summary>Blocks ahead that <see cref="Prefetch"/> asks for (as in the affect pass).</summary>
    internal const int BlockPrefetchDistance = 4;

    public void BeginTick(in TickContext context, int partitionCount)
    {
        _state.Ensure(_world.BlockCount * AgentBlocks.LanesPerBlock);
        if (_state.PartDisplacement.Length < partitionCount)
        {
            _state.PartDisplacement = new float[partitionCount];
        }
    }

#if NET
    // Runs once per tick over every agent: straight to optimized code rather than OSR code for many ticks.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    public unsafe void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        var st = _state;
        var channelCount = st.Channels.Length;
        var netStride = st.NetStride;
        var spatial = st.Spatial;
        var blockStride = _world.BlockStride;
        var blocks = _world.Blocks(firstBlock, endBlock);
        var px = _position.ComponentOffset(0);
        var py = _position.ComponentOffset(1);
        var eps = _traits.ComponentOffset(0);
        var count = endBlock - firstBlock;
        var lines = _lines;
        var moved = false;
        var cellChanged = false;
        var displacement = 0f;

        // Pointers, not spans: the JIT keeps a bounds check on every computed field offset, and this pass
        // is a few instructions per agent. Every index below is inside the buffers sized by BeginTick.
        var sortedY = st.SortedY;
        fixed (float* first = blocks, net = st.Net, position = st.Position, reference = st.Reference, sorted = st.Sorted)
        fixed (int* channelOffsets = _channelOffsets, keys = st.Key, sortedIndex = st.SortedIndex)
        {
            for (var i = 0; i < count; i++)
            {
                var block = first + ((long)i * blockStride);
                Prefetch(block, i, count, blockStride, lines);
                var b = firstBlock + i;
                var alive = _world.AliveMask(b);
                for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
                {
                    var slot = (b * AgentBlocks.LanesPerBlock) + lane;
                    var isAlive = (alive & (1 << lane)) != 0;
                    var epsilon = isAlive ? block[eps + lane] : 0f;

                    // An empty slot's record is all zeros, so an edge from it adds nothing.
                    var n = net + ((long)slot * netStride);
                    n[0] = epsilon;
                    for (var c = 0; c < channelCount; c++)
                    {
                        n[1 + c] = isAlive ? epsilon * block[channelOffsets[c] + lane] : 0f;
                    }

                    if (spatial)
                    {
                        var x = isAlive ? block[px + lane] : float.NaN;
                        var y = isAlive ? block[py + lane] : float.NaN;
                        var p = position + (2L * slot);

                        // Bitwise, so NaN (an empty slot) compares equal to itself.
                        if (BitConverter.SingleToInt32Bits(p[0]) != BitConverter.SingleToInt32Bits(x)
                            || BitConverter.SingleToInt32Bits(p[1]) != BitConverter.SingleToInt32Bits(y))
                        {
                            p[0] = x;
                            p[1] = y;
                            moved = true;
                            var key = st.KeyOf(x, y);
                            var at = sortedIndex[slot];
                            if (key != keys[slot] || at < 0)
                            {
                                keys[slot] = key;
                                cellChanged = true;
                            }
                            else
                            {
                                // Same cell: the sorted order stands; only this agent's coordinates change
                                // (no other partition writes this entry, and the grid is read after this pass).
                                sorted[at] = x;
                                sorted[sortedY + at] = y;
                                var rx = x - reference[2L * slot];
                                var ry = y - reference[(2L * slot) + 1];
                                displacement = MathF.Max(displacement, (rx * rx) + (ry * ry));
                            }
                        }
                    }
                }
            }
        }

        st.PartDisplacement[partition] = displacement;
        if (moved)
        {
            Volatile.Write(ref st.Moved, 1);
        }

        if (cellChanged)
        {
            Volatile.Write(ref st.CellChanged, 1);
        }
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
        var st = _state;
        var blocks = _world.BlockCount;
        if (st.Network && st.NetworkLists.Blocks != blocks)
        {
            st.BuildNetworkLists(blocks);
        }

        if (st.Spatial && (st.CellChanged != 0 || st.SortedBlocks != blocks || (ContagionState.ForceRebuild && st.Moved != 0)))
        {
            st.SortGrid(blocks);
        }
        else if (st.Spatial && st.Moved != 0)
        {
            // Moves within cells: the lists are checked against how far anyone can have moved.
            var d2 = 0f;
            for (var p = 0; p < partitionCount; p++)
            {
                d2 = MathF.Max(d2, st.PartDisplacement[p]);
            }

            st.Displacement = MathF.Max(st.Displacement, MathF.Sqrt(d2));
            st.PositionVersion++;
        }

        st.Moved = 0;
        st.CellChanged = 0;
    }

    /// <summary>Asks the cache for this pass's lines of the block <see cref="BlockPrefetchDistance"/> ahead (see <see cref="AgentBlocks.Prefetch(float*, int[])"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Prefetch(float* block, int i, int count, int blockStride, int[] lines)
    {
        if (i + BlockPrefetchDistance < count)
        {
            AgentBlocks.Prefetch(block + ((long)BlockPrefetchDistance * blockStride), lines);
        }
    }

    /// <summary>The distinct cache lines (float offsets rounded down to 16 floats) covering the given field offsets, 8 lanes each.</summary>
    internal static int[] LinesOf(params int[] offsets)
    {
        var lines = new System.Collections.Generic.SortedSet<int>();
        foreach (var o in offsets)
        {
            lines.Add(o / 16 * 16);
            lines.Add((o + AgentBlocks.LanesPerBlock - 1) / 16 * 16);
        }

        var result = new int[lines.Count];
        lines.CopyTo(result);
        return result;
    }
}
