using System;
using System.Threading;
using AffectEngine.Core;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace AffectEngine.Social;

/// <summary>
/// Contagion pass 1 (Social stage): writes each agent's record (ε and ε·q per contagious emotion) into
/// the record buffer, so pass 2 reads last tick's values whatever the update order or thread count.
/// With spatial neighbours it also notes whether any agent moved, arrived or left since the spatial
/// lists were built, and <see cref="EndTick"/> rebuilds them only then.
/// <para>
/// Its work on a block reads only that block's traits, positions and contagious emotions, which the affect
/// dynamics pass has just written: it is an <see cref="IFusablePass"/>, and the dynamics pass runs it over each
/// run of blocks it has finished, across the encounters (transparent to it: they re-take the record of every
/// agent whose emotions a recall changed, <see cref="Retake"/>), so the blocks are not streamed again for it.
/// </para>
/// </summary>
internal sealed class ContagionCaptureSystem : IFusablePass
{
    private readonly World _world;
    private readonly ContagionState _state;
    private readonly FieldId _position;
    private readonly FieldId _traits;
    private readonly int[] _channelOffsets;
    private readonly int[] _lines;
    private readonly FieldId _emotion;
    private readonly Simulation? _simulation;

    // This tick's expression pass when it is split around the contagion pass (ExpressSystem.BeginSplit, action
    // units on read): its early part runs over each run of blocks right after the records are taken. Null otherwise.
    private ISplitFusablePass? _express;

    public ContagionCaptureSystem(World world, ContagionState state, FieldId emotion, FieldId position, FieldId traits, Simulation? simulation = null)
    {
        _world = world;
        _simulation = simulation;
        _emotion = emotion;
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

    /// <summary>Whether this tick's expression pass is split around the contagion pass (its early part runs here).</summary>
    internal bool SplitThisTick => _express is not null;

    /// <summary>The contagion pass: when it hosts a split pass (the expression, action units on read), that pass's early part runs here.</summary>
    internal ISystem? Contagion { get; set; }

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

        // A partition's displacement is the largest of its runs (fused, the host hands them over a run at a time).
        Array.Clear(_state.PartDisplacement, 0, partitionCount);
        _express = null;
    }

    public void BeginFused(in TickContext context, int partitionCount)
    {
        BeginTick(context, partitionCount);

        // Fused, this pass runs in the dynamics pass's stream, where every emotion row is in cache and nothing but
        // a recall (which re-takes, and redoes the early part) changes an emotion before the contagion pass. Systems
        // are attached only between ticks, so the pass the contagion pass will host this tick is known now.
        _express = Contagion is { } contagion && _simulation?.FusableAfter(contagion) is ISplitFusablePass express
            && express.BeginSplit(context, _emotion, _state.Channels) ? express : null;
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition) =>
        Capture(firstBlock, endBlock, partition, prefetch: true);

    // The host has just written these blocks: they are in cache, no hints needed.
    public void ExecuteFused(in TickContext context, int firstBlock, int endBlock, int partition) =>
        Capture(firstBlock, endBlock, partition, prefetch: false);

    /// <summary>
    /// Writes the record of <paramref name="slot"/> (a live agent) again from its current ε and emotions, as
    /// the block loop does: the encounters call it after a recall changed the agent's emotions once this
    /// tick's records were taken (the capture ran fused, before them).
    /// </summary>
    public unsafe void Retake(int slot)
    {
        var st = _state;
        var b = slot / AgentBlocks.LanesPerBlock;
        var lane = slot % AgentBlocks.LanesPerBlock;
        fixed (float* block = _world.Blocks(b, b + 1), net = st.Net)
        fixed (int* channelOffsets = _channelOffsets)
        {
            WriteRecord(net + ((long)slot * st.NetStride), block, lane, isAlive: true, block[_traits.ComponentOffset(0) + lane], channelOffsets, _channelOffsets.Length);
        }

        _express?.RedoEarly(slot);
    }

    /// <summary>
    /// A slot's record: ε, then ε times each contagious emotion. An empty slot's record is all zeros, so an edge
    /// from it adds nothing.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void WriteRecord(float* record, float* block, int lane, bool isAlive, float epsilon, int* channelOffsets, int channelCount)
    {
        record[0] = epsilon;
        for (var c = 0; c < channelCount; c++)
        {
            record[1 + c] = isAlive ? epsilon * block[channelOffsets[c] + lane] : 0f;
        }
    }

#if NET
    // Runs once per tick over every agent: straight to optimized code rather than OSR code for many ticks.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private unsafe void Capture(int firstBlock, int endBlock, int partition, bool prefetch)
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
        var stale = false;
        var displacement = 0f;

        // Pointers, not spans: the JIT keeps a bounds check on every computed field offset, and this pass
        // is a few instructions per agent. Every index below is inside the buffers sized by BeginTick.
#if NET
        // One channel (records of two floats) on AVX2: the vector path below; otherwise lane by lane.
        var vector = netStride == 2 && Avx2.IsSupported && !ContagionSystem.ForceScalar;
        var laneBits = Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);
        var nan = Vector256.Create(float.NaN);
        var bmi2 = Bmi2.IsSupported;
#endif
        fixed (float* first = blocks, net = st.Net, position = st.Position, reference = st.Reference)
        fixed (int* channelOffsets = _channelOffsets, keys = st.Key)
        fixed (byte* sortedDirty = st.SortedDirty)
        {
            for (var i = 0; i < count; i++)
            {
                var block = first + ((long)i * blockStride);
                if (prefetch)
                {
                    Prefetch(block, i, count, blockStride, lines);
                }

                var b = firstBlock + i;
                var alive = _world.AliveMask(b);
                var firstLane = 0;
                var recordsDone = false;
#if NET
                if (vector)
                {
                    // Eight lanes at once: the records (the same product per lane), then one compare of the eight
                    // positions with the stored ones; only lanes whose position changed go on to the lane loop.
                    var live = Vector256.GreaterThan(Vector256.Create((int)alive) & laneBits, Vector256<int>.Zero).AsSingle();
                    var e = Avx.LoadVector256(block + eps) & live;
                    var n = net + ((long)b * AgentBlocks.LanesPerBlock * 2);
                    var r = (e * Avx.LoadVector256(block + channelOffsets[0])) & live;
                    var lo = Avx.UnpackLow(e, r);
                    var hi = Avx.UnpackHigh(e, r);
                    Avx.Store(n, Avx.Permute2x128(lo, hi, 0x20));
                    Avx.Store(n + AgentBlocks.LanesPerBlock, Avx.Permute2x128(lo, hi, 0x31));
                    if (!spatial)
                    {
                        continue;
                    }

                    var x = Vector256.ConditionalSelect(live, Avx.LoadVector256(block + px), nan);
                    var y = Vector256.ConditionalSelect(live, Avx.LoadVector256(block + py), nan);
                    var xyLo = Avx.UnpackLow(x, y);
                    var xyHi = Avx.UnpackHigh(x, y);
                    var p = position + ((long)b * AgentBlocks.LanesPerBlock * 2);
                    var same0 = Vector256.Equals(Avx.Permute2x128(xyLo, xyHi, 0x20).AsInt32(), Avx.LoadVector256((int*)p));
                    var same1 = Vector256.Equals(Avx.Permute2x128(xyLo, xyHi, 0x31).AsInt32(), Avx.LoadVector256((int*)p + AgentBlocks.LanesPerBlock));
                    if ((same0 & same1) == Vector256<int>.AllBitsSet)
                    {
                        continue;
                    }

                    // Bits 2·lane and 2·lane + 1: that lane's x and y.
                    var changed = ~(same0.ExtractMostSignificantBits() | (same1.ExtractMostSignificantBits() << 8)) & 0xFFFFu;
                    var xy0 = Avx.Permute2x128(xyLo, xyHi, 0x20);
                    var xy1 = Avx.Permute2x128(xyLo, xyHi, 0x31);
                    if (bmi2 && MovedLanes(st, b, x, y, xy0, xy1, Bmi2.ParallelBitExtract(changed | (changed >> 1), 0x5555u), p, keys, reference, laneBits, ref cellChanged, ref displacement, out var sameCell))
                    {
                        moved = true;
                        if (sameCell)
                        {
                            sortedDirty[b] = 1;
                            stale = true;
                        }

                        continue;
                    }

                    firstLane = System.Numerics.BitOperations.TrailingZeroCount(changed) / 2;
                    recordsDone = true;
                }
#endif
                for (var lane = firstLane; lane < AgentBlocks.LanesPerBlock; lane++)
                {
                    var slot = (b * AgentBlocks.LanesPerBlock) + lane;
                    var isAlive = (alive & (1 << lane)) != 0;
                    var epsilon = isAlive ? block[eps + lane] : 0f;

                    if (!recordsDone)
                    {
                        WriteRecord(net + ((long)slot * netStride), block, lane, isAlive, epsilon, channelOffsets, channelCount);
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
                            // After every sort a slot is in the grid exactly when its key is not −1, so an
                            // unchanged valid key means an entry to keep (no SortedIndex read per mover).
                            var key = st.KeyOf(x, y);
                            if (key != keys[slot] || key < 0)
                            {
                                keys[slot] = key;
                                cellChanged = true;
                            }
                            else
                            {
                                // Same cell: the sorted order stands; only this agent's coordinates change.
                                // Its sorted entry is written later, and only if a listing will read it
                                // (ContagionState.FlushSortedIfListed); this block is marked for that.
                                sortedDirty[b] = 1;
                                stale = true;
                                var rx = x - reference[2L * slot];
                                var ry = y - reference[(2L * slot) + 1];
                                displacement = MathF.Max(displacement, (rx * rx) + (ry * ry));
                            }
                        }
                    }
                }
            }
        }

        st.PartDisplacement[partition] = MathF.Max(st.PartDisplacement[partition], displacement);
        if (moved)
        {
            Volatile.Write(ref st.Moved, 1);
        }

        if (cellChanged)
        {
            Volatile.Write(ref st.CellChanged, 1);
        }

        if (stale)
        {
            Volatile.Write(ref st.SortedStale, 1);
        }

        _express?.ExecuteEarly(firstBlock, endBlock);
    }

#if NET
    /// <summary>
    /// The lane loop's work on the moved lanes of a block (<paramref name="movedLanes"/>, bit per lane), eight lanes at
    /// once, for one channel (the records are written): the positions stored, the keys of the lanes whose cell
    /// changed (or that left: key −1), and the largest squared displacement of the lanes that stayed in their cell,
    /// with the lane loop's float operations per lane. The maximum does not depend on the lanes' order, the values
    /// being squares' sums (never −0); a NaN among them takes the lane loop's order (a reference taken while the
    /// agent's y was NaN: the lane loop's key treats a NaN y as cell row 0, so such a lane can stay in its cell).
    /// Returns false, having written nothing, when a scaled coordinate is outside int's range: the lane loop's
    /// saturating conversion decides those (the vector conversion gives int.MinValue instead).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe bool MovedLanes(ContagionState st, int b, Vector256<float> x, Vector256<float> y, Vector256<float> xy0, Vector256<float> xy1, uint movedLanes, float* position, int* keys, float* reference, Vector256<int> laneBits, ref bool cellChanged, ref float displacement, out bool sameCell)
    {
        var inverse = Vector256.Create(st.InverseRadius);
        var cx = Avx.ConvertToVector256Int32WithTruncation(Avx.Floor(Avx.Multiply(x, inverse)));
        var cy = Avx.ConvertToVector256Int32WithTruncation(Avx.Floor(Avx.Multiply(y, inverse)));

        // Empty lanes hold NaN positions (key −1, as KeyOf).
        var empty = Avx.CompareUnordered(x, x).AsInt32();
        var outOfRange = Vector256.Equals(cx, Vector256.Create(int.MinValue)) | Vector256.Equals(cy, Vector256.Create(int.MinValue));
        if ((outOfRange & ~empty) != Vector256<int>.Zero)
        {
            sameCell = false;
            return false;
        }

        var key = (cx & Vector256.Create(st.WidthMask)) | Vector256.ShiftLeft(cy & Vector256.Create(st.HeightMask), st.WidthShift);
        key = Vector256.ConditionalSelect(empty, Vector256.Create(-1), key);
        var k = keys + ((long)b * AgentBlocks.LanesPerBlock);
        var old = Avx.LoadVector256(k);
        var movedMask = Vector256.Equals(Vector256.Create((int)movedLanes) & laneBits, laneBits);
        var newCell = (~Vector256.Equals(key, old) | Vector256.LessThan(key, Vector256<int>.Zero)) & movedMask;
        if (newCell != Vector256<int>.Zero)
        {
            cellChanged = true;
            Avx.Store(k, Vector256.ConditionalSelect(newCell, key, old));
        }

        var same = movedMask & ~newCell;
        sameCell = same != Vector256<int>.Zero;
        if (sameCell)
        {
            var r = reference + ((long)b * AgentBlocks.LanesPerBlock * 2);
            var d0 = xy0 - Avx.LoadVector256(r);
            var d1 = xy1 - Avx.LoadVector256(r + AgentBlocks.LanesPerBlock);

            // (x − rx)² + (y − ry)² per lane: the pairs of the interleaved squares, summed in lane order 0 1 4 5 2 3 6 7,
            // then put back in order.
            var sums = Avx2.PermuteVar8x32(Avx.HorizontalAdd(d0 * d0, d1 * d1), Vector256.Create(0, 1, 4, 5, 2, 3, 6, 7));
            var values = Vector256.ConditionalSelect(same.AsSingle(), sums, Vector256<float>.Zero);
            if (Avx.CompareUnordered(values, values).AsInt32() != Vector256<int>.Zero)
            {
                var lanes = (uint)same.AsSingle().ExtractMostSignificantBits();
                while (lanes != 0)
                {
                    var lane = System.Numerics.BitOperations.TrailingZeroCount(lanes);
                    lanes &= lanes - 1;
                    displacement = MathF.Max(displacement, sums.GetElement(lane));
                }
            }
            else
            {
                var m = Avx.Max(values, Avx.Permute2x128(values, values, 1));
                m = Avx.Max(m, Avx.Permute(m, 0b01_00_11_10));
                m = Avx.Max(m, Avx.Permute(m, 0b10_11_00_01));
                displacement = MathF.Max(displacement, m.ToScalar());
            }
        }

        Avx.Store(position, xy0);
        Avx.Store(position + AgentBlocks.LanesPerBlock, xy1);
        return true;
    }
#endif

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
