using System;
using AffectEngine.Core;

namespace AffectEngine.Social;

/// <summary>
/// Buffers shared by the two contagion passes: last tick's expressions (the double buffer), the
/// spatial hash grid and the network in CSR form. Sized between ticks; never allocates in steady state.
/// </summary>
internal sealed class ContagionState
{
    public ContagionState(ContagionSettings settings)
    {
        Channels = new int[settings.Channels.Count];
        for (var i = 0; i < Channels.Length; i++)
        {
            Channels[i] = (int)settings.Channels[i];
        }

        Stride = 3 + Channels.Length;
        NetStride = 1 + Channels.Length;
        Spatial = (settings.Neighbours & NeighbourKind.Spatial) != 0;
        Network = (settings.Neighbours & NeighbourKind.Network) != 0;
        Radius = settings.Radius;
        InverseRadius = 1f / settings.Radius;
    }

    /// <summary>Emotion types that spread (indices into the emotion vector field).</summary>
    public int[] Channels { get; }

    /// <summary>Floats per record: x, y, ε, then one q per channel.</summary>
    public int Stride { get; }

    /// <summary>Floats per network record: ε, then ε·q per channel (half the bytes of a record for one channel, so more senders stay in cache).</summary>
    public int NetStride { get; }

    /// <summary>Last tick's network record of every slot (slot × <see cref="NetStride"/>), written by the capture pass when the network is on.</summary>
    public float[] Net = [];

    public bool Spatial { get; }

    public bool Network { get; }

    public float Radius { get; }

    public float InverseRadius { get; }

    /// <summary>Last tick's record of every slot (slot × stride), written by the capture pass.</summary>
    public float[] Records = [];

    /// <summary>The spatial bucket of every slot, −1 for empty slots.</summary>
    public int[] Key = [];

    /// <summary>Bucket b holds sorted entries [Start[b], Start[b + 1]).</summary>
    public int[] Start = [];

    public int[] Cursor = [];

    /// <summary>Records in bucket order (entries × stride), so a neighbour scan streams memory.</summary>
    public float[] Sorted = [];

    public int[] SortedSlot = [];

    public int BucketMask;

    /// <summary>Incoming edges of receiver slot i: [Offsets[i], Offsets[i + 1]).</summary>
    public int[] Offsets = [0];

    public int[] EdgeFrom = [];

    public float[] EdgeWeight = [];

    /// <summary>Sizes the buffers for <paramref name="slots"/> slots (allocates only when the world grew).</summary>
    public void Ensure(int slots)
    {
        if (Network && Net.Length < checked(slots * NetStride))
        {
            Net = new float[slots * NetStride];
        }

        // The full records (positions for the grid) are needed only by spatial neighbours.
        if (!Spatial)
        {
            return;
        }

        var records = checked(slots * Stride);
        if (Records.Length < records)
        {
            Records = new float[records];
            Key = new int[slots];
        }

        var buckets = 16;
        while (buckets < slots)
        {
            buckets <<= 1;
        }

        if (Cursor.Length < buckets)
        {
            Start = new int[buckets + 1];
            Cursor = new int[buckets];
        }

        BucketMask = buckets - 1;
        var bits = 0;
        while ((1 << bits) < buckets)
        {
            bits++;
        }

        WidthShift = (bits + 1) / 2;
        WidthMask = (1 << WidthShift) - 1;
        HeightMask = (1 << (bits - WidthShift)) - 1;
        if (Sorted.Length < records)
        {
            Sorted = new float[records];
            SortedSlot = new int[slots];
        }
    }

    /// <summary>
    /// Grid cell (x, y) → bucket by periodic (toroidal) indexing: (x mod W) + W·(y mod H) with W·H the
    /// table size (powers of two). Neighbouring cells land in neighbouring buckets, so the sorted records
    /// of a 3 × 3 neighbourhood are close in memory; cells W or H apart share a bucket, and the distance
    /// test drops those candidates. The table has at least 16 buckets, so W, H ≥ 4. (A scattering hash, as in Teschner et al. 2003, costs a cache miss per
    /// cell: 23× the bare pass at 10^6 agents against this layout's figure in docs/social.md.)
    /// </summary>
    public int Bucket(int cx, int cy) => (cx & WidthMask) | ((cy & HeightMask) << WidthShift);

    public int WidthMask;

    public int HeightMask;

    public int WidthShift;

    public int Cell(float v) => (int)MathF.Floor(v * InverseRadius);
}

/// <summary>
/// Contagion pass 1 (Social stage): copies each agent's position, expressiveness and contagious emotion
/// intensities into the record buffer, so pass 2 reads last tick's values whatever the update order or
/// thread count. With spatial neighbours it also hashes agents into grid buckets and, in
/// <see cref="EndTick"/>, counting-sorts the records by bucket (in slot order, so deterministically).
/// </summary>
internal sealed class ContagionCaptureSystem : IPartitionedSystem
{
    private readonly World _world;
    private readonly ContagionState _state;
    private readonly FieldId _position;
    private readonly FieldId _traits;

    public ContagionCaptureSystem(World world, ContagionState state, FieldId emotion, FieldId position, FieldId traits)
    {
        _world = world;
        _state = state;
        _position = position;
        _traits = traits;
        _channelOffsets = new int[state.Channels.Length];
        var fields = new int[3 + state.Channels.Length];
        fields[0] = position.ComponentOffset(0);
        fields[1] = position.ComponentOffset(1);
        fields[2] = traits.ComponentOffset(0);
        for (var c = 0; c < _channelOffsets.Length; c++)
        {
            _channelOffsets[c] = emotion.Offset + (state.Channels[c] * AgentBlocks.LanesPerBlock);
            fields[3 + c] = _channelOffsets[c];
        }

        // Positions are read only for the spatial grid.
        _lines = state.Spatial ? LinesOf(fields) : LinesOf(fields[2..]);
    }

    private readonly int[] _channelOffsets;

    private readonly int[] _lines;

    public string Name => "social.contagion.capture";

    public TickStage Stage => TickStage.Social;

    public void BeginTick(in TickContext context, int partitionCount) => _state.Ensure(_world.BlockCount * AgentBlocks.LanesPerBlock);

#if NET
    // Runs once per tick over every agent: straight to optimized code rather than OSR code for many ticks.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    public unsafe void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        var st = _state;
        var stride = st.Stride;
        var channelCount = st.Channels.Length;
        var netStride = st.NetStride;
        var network = st.Network;
        var spatial = st.Spatial;
        var blockStride = _world.BlockStride;
        var blocks = _world.Blocks(firstBlock, endBlock);
        var px = _position.ComponentOffset(0);
        var py = _position.ComponentOffset(1);
        var eps = _traits.ComponentOffset(0);
        var count = endBlock - firstBlock;
        var lines = _lines;

        // Pointers, not spans: the JIT keeps a bounds check on every computed field offset, and this pass
        // is a few instructions per agent. Every index below is inside the buffers sized by BeginTick.
        fixed (float* first = blocks, records = st.Records, net = st.Net)
        fixed (int* keys = st.Key, channelOffsets = _channelOffsets)
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
                    if (spatial)
                    {
                        var r = records + ((long)slot * stride);
                        if (isAlive)
                        {
                            var x = block[px + lane];
                            var y = block[py + lane];
                            r[0] = x;
                            r[1] = y;
                            r[2] = epsilon;
                            for (var c = 0; c < channelCount; c++)
                            {
                                r[3 + c] = block[channelOffsets[c] + lane];
                            }

                            keys[slot] = st.Bucket(st.Cell(x), st.Cell(y));
                        }
                        else
                        {
                            for (var c = 0; c < stride; c++)
                            {
                                r[c] = 0f;
                            }

                            keys[slot] = -1;
                        }
                    }

                    // Network records: ε, then ε·q per channel (8 bytes per agent for one channel). A dead
                    // slot's record is all zeros, so an edge from it adds nothing.
                    if (network)
                    {
                        var n = net + ((long)slot * netStride);
                        n[0] = epsilon;
                        for (var c = 0; c < channelCount; c++)
                        {
                            n[1 + c] = isAlive ? epsilon * block[channelOffsets[c] + lane] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Asks the cache for the lines this pass reads of the block <see cref="BlockPrefetchDistance"/> ahead.
    /// A block holds every field of eight agents (over 1 KiB) and a pass reads a few lines of it, so the
    /// hardware prefetcher sees a strided pattern it does not follow; without this the pass waits for
    /// memory at every block. Prefetching never changes a value.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Prefetch(float* block, int i, int count, int blockStride, int[] lines)
    {
#if NET
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported && i + BlockPrefetchDistance < count)
        {
            var ahead = block + ((long)BlockPrefetchDistance * blockStride);
            for (var l = 0; l < lines.Length; l++)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(ahead + lines[l]);
            }
        }
#endif
    }

    /// <summary>Blocks ahead that <see cref="Prefetch"/> asks for (as in the affect pass).</summary>
    internal const int BlockPrefetchDistance = 4;

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

    public void EndTick(in TickContext context, int partitionCount)
    {
        var st = _state;
        if (!st.Spatial)
        {
            return;
        }

        // Counting sort by bucket, serial and in slot order: the layout is a function of the state alone.
        var slots = _world.BlockCount * AgentBlocks.LanesPerBlock;
        var start = st.Start;
        var buckets = st.BucketMask + 1;
        Array.Clear(start, 0, buckets + 1);
        var keys = st.Key;
        for (var s = 0; s < slots; s++)
        {
            var k = keys[s];
            if (k >= 0)
            {
                start[k + 1]++;
            }
        }

        for (var b = 0; b < buckets; b++)
        {
            start[b + 1] += start[b];
        }

        var cursor = st.Cursor;
        Array.Copy(start, cursor, buckets);
        var stride = st.Stride;
        var records = st.Records;
        var sorted = st.Sorted;
        var sortedSlot = st.SortedSlot;
        for (var s = 0; s < slots; s++)
        {
            var k = keys[s];
            if (k < 0)
            {
                continue;
            }

            var at = cursor[k]++;
            sortedSlot[at] = s;
            var from = s * stride;
            var to = at * stride;
            for (var i = 0; i < stride; i++)
            {
                sorted[to + i] = records[from + i];
            }
        }
    }
}

/// <summary>
/// Contagion pass 2 (Social stage): ASCRIBE (Bosse et al. 2015). For receiver i and senders j (its
/// neighbours), the channel strength is γ_ji = ε_j·α_ji·δ_i and the overall strength γ_i = Σ_j γ_ji; the
/// group's emotion as i perceives it is q*_i = Σ_j γ_ji·q_j / γ_i; and
/// q_i(t+Δt) = q_i + γ_i·(f(q*_i, q_i) − q_i)·Δt with
/// f = η_i·[β_i·(1 − (1 − q*_i)(1 − q_i)) + (1 − β_i)·q*_i·q_i] + (1 − η_i)·q*_i.
/// α = 1 within the spatial radius; α = the edge weight on the network. γ_i·Δt is capped at 1 so a
/// large crowd or step cannot overshoot (the paper's Euler step assumes γ·Δt ≤ 1).
/// Reads only the record buffer of pass 1, writes only its own blocks.
/// </summary>
internal sealed class ContagionSystem : IPartitionedSystem
{
    private readonly World _world;
    private readonly ContagionState _state;
    private readonly FieldId _traits;

    public ContagionSystem(World world, ContagionState state, FieldId emotion, FieldId traits)
    {
        _world = world;
        _state = state;
        _traits = traits;
        _channelOffsets = new int[state.Channels.Length];
        var fields = new int[3 + state.Channels.Length];
        fields[0] = traits.ComponentOffset(1);
        fields[1] = traits.ComponentOffset(2);
        fields[2] = traits.ComponentOffset(3);
        for (var c = 0; c < _channelOffsets.Length; c++)
        {
            _channelOffsets[c] = emotion.Offset + (state.Channels[c] * AgentBlocks.LanesPerBlock);
            fields[3 + c] = _channelOffsets[c];
        }

        _lines = ContagionCaptureSystem.LinesOf(fields);
    }

    private readonly int[] _channelOffsets;

    private readonly int[] _lines;

    public string Name => "social.contagion";

    public TickStage Stage => TickStage.Social;

    public void BeginTick(in TickContext context, int partitionCount)
    {
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
    }

#if NET
    // Runs once per tick over every agent: straight to optimized code rather than OSR code for many ticks.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    public unsafe void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        var st = _state;
        var stride = st.Stride;
        var channelCount = st.Channels.Length;
        var dt = (float)context.StepSeconds;
        var blockStride = _world.BlockStride;
        var blocks = _world.Blocks(firstBlock, endBlock);
        var delta = _traits.ComponentOffset(1);
        var eta = _traits.ComponentOffset(2);
        var beta = _traits.ComponentOffset(3);
        var r2 = st.Radius * st.Radius;
        var spatial = st.Spatial;
        var network = st.Network;
        var receivers = st.Offsets.Length - 1;
        var count = endBlock - firstBlock;
        var lines = _lines;
        var acc = stackalloc float[ContagionSettings.MaxChannels];

        // Pointers, not spans: bounds checks on computed offsets cost more than the arithmetic here.
        // Every index is inside buffers sized by the capture pass and the network's CSR arrays.
        fixed (float* first = blocks, records = st.Records, sorted = st.Sorted, net = st.Net, weight = st.EdgeWeight)
        fixed (int* channelOffsets = _channelOffsets, start = st.Start, sortedSlot = st.SortedSlot, from = st.EdgeFrom, offsets = st.Offsets)
        {
            var keep = stackalloc int[Grid.KeepCapacity];
            var grid = new Grid(sorted, sortedSlot, start, st.WidthMask, st.HeightMask, st.WidthShift, st.InverseRadius, stride, r2, keep);
            var edges = new Edges(net, weight, from, offsets, st.NetStride, st.EdgeFrom.Length);
            for (var i = 0; i < count; i++)
            {
                var block = first + ((long)i * blockStride);
                ContagionCaptureSystem.Prefetch(block, i, count, blockStride, lines);
                var b = firstBlock + i;
                var alive = _world.AliveMask(b);
                if (alive == 0)
                {
                    continue;
                }

                for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
                {
                    var d = block[delta + lane];
                    if ((alive & (1 << lane)) == 0 || !(d > 0f))
                    {
                        continue;
                    }

                    var slot = (b * AgentBlocks.LanesPerBlock) + lane;
                    for (var c = 0; c < channelCount; c++)
                    {
                        acc[c] = 0f;
                    }

                    // Spatial sums first, then the network's, each a running sum in visiting order.
                    var sumW = 0f;
                    if (spatial)
                    {
                        var r = records + ((long)slot * stride);
                        sumW += GatherSpatial(grid, slot, r[0], r[1], channelCount, acc);
                    }

                    if (network && slot < receivers)
                    {
                        sumW += GatherNetwork(edges, slot, channelCount, acc);
                    }

                    if (!(sumW > 0f))
                    {
                        continue;
                    }

                    var k = Math.Min(1f, d * sumW * dt);
                    var inv = 1f / sumW;
                    var h = block[eta + lane];
                    var bias = block[beta + lane];
                    for (var c = 0; c < channelCount; c++)
                    {
                        // The agent's own last value: nothing wrote it since the capture pass (this pass writes only its own agents, after reading).
                        var q = block + channelOffsets[c] + lane;
                        var qi = *q;
                        var qs = acc[c] * inv;
                        var up = 1f - ((1f - qs) * (1f - qi));
                        var down = qs * qi;
                        var f = (h * ((bias * up) + ((1f - bias) * down))) + ((1f - h) * qs);
                        *q = Math.Min(1f, Math.Max(0f, qi + (k * (f - qi))));
                    }
                }
            }
        }
    }

    /// <summary>How many edges ahead the network gather asks the cache for a sender's record.</summary>
    private const int PrefetchDistance = 64;

    /// <summary>The network's CSR arrays and records, pinned for one pass.</summary>
    private readonly unsafe struct Edges
    {
        public readonly float* Net;
        public readonly float* Weight;
        public readonly int* From;
        public readonly int* Offsets;
        public readonly int NetStride;
        public readonly int Total;

        public Edges(float* net, float* weight, int* from, int* offsets, int netStride, int total)
        {
            Net = net;
            Weight = weight;
            From = from;
            Offsets = offsets;
            NetStride = netStride;
            Total = total;
        }
    }

    /// <summary>The spatial grid's sorted records and bucket table, pinned for one pass.</summary>
    private readonly unsafe struct Grid
    {
        public readonly float* Sorted;
        public readonly int* SortedSlot;
        public readonly int* Start;
        public readonly int WidthMask;
        public readonly int HeightMask;
        public readonly int WidthShift;
        public readonly float InverseRadius;
        public readonly int Stride;
        public readonly float R2;

        /// <summary>Scratch for <see cref="Scan"/>: indices of the candidates inside the radius, <see cref="KeepCapacity"/> long.</summary>
        public readonly int* Keep;

        public const int KeepCapacity = 64;

        public Grid(float* sorted, int* sortedSlot, int* start, int widthMask, int heightMask, int widthShift, float inverseRadius, int stride, float r2, int* keep)
        {
            Keep = keep;
            Sorted = sorted;
            SortedSlot = sortedSlot;
            Start = start;
            WidthMask = widthMask;
            HeightMask = heightMask;
            WidthShift = widthShift;
            InverseRadius = inverseRadius;
            Stride = stride;
            R2 = r2;
        }

        public int Cell(float v) => (int)MathF.Floor(v * InverseRadius);
    }

    /// <summary>
    /// Sums α_ji·(ε_j·q_j) per channel into <paramref name="acc"/> over the receiver's incoming edges and returns
    /// Σ α_ji·ε_j, from the compact network records. Senders reached by long-range edges are cache misses;
    /// the record of the edge <see cref="PrefetchDistance"/> ahead is requested early so the misses overlap.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe float GatherNetwork(in Edges g, int slot, int channelCount, float* acc)
    {
        var ns = g.NetStride;
        var total = g.Total;
        var net = g.Net;
        var weight = g.Weight;
        var from = g.From;
        var sumW = 0f;
        var firstEdge = g.Offsets[slot];
        var end = g.Offsets[slot + 1];
        if (channelCount == 1)
        {
            var q = 0f;
            for (var e = firstEdge; e < end; e++)
            {
                Prefetch(net, from, e, ns, total);
                var j = net + (from[e] * 2);
                var a = weight[e];
                sumW += a * j[0];
                q += a * j[1];
            }

            acc[0] += q;
            return sumW;
        }

        for (var e = firstEdge; e < end; e++)
        {
            Prefetch(net, from, e, ns, total);
            var j = net + (from[e] * ns);
            var a = weight[e];
            sumW += a * j[0];
            for (var c = 0; c < channelCount; c++)
            {
                acc[c] += a * j[1 + c];
            }
        }

        return sumW;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(float* net, int* from, int e, int ns, int total)
    {
#if NET
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported && e + PrefetchDistance < total)
        {
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(net + (from[e + PrefetchDistance] * ns));
        }
#endif
    }

    /// <summary>
    /// Sums ε_j·q_j over agents within the radius (excluding the receiver); returns Σ ε_j. The table is at
    /// least 4 × 4 buckets, so the nine cells of a neighbourhood map to nine distinct buckets, and the three
    /// cells of a row are three consecutive buckets unless the row wraps around the table's width.
    /// Σ ε_j is one running sum in visiting order (row, cell, slot), never per-range partial sums: the
    /// grouping of bucket ranges depends on the table's width, i.e. on how many agents the world holds,
    /// and a sharded run (fewer agents per world) must add the same floats in the same order.
    /// </summary>
    private static unsafe float GatherSpatial(in Grid g, int slot, float x, float y, int channelCount, float* acc)
    {
        var cx = g.Cell(x);
        var cy = g.Cell(y);
        var start = g.Start;
        var sumW = 0f;
        for (var dy = -1; dy <= 1; dy++)
        {
            var row = ((cy + dy) & g.HeightMask) << g.WidthShift;
            var x0 = (cx - 1) & g.WidthMask;
            var x2 = (cx + 1) & g.WidthMask;
            if (x0 < x2)
            {
                Scan(g, start[row | x0], start[(row | x2) + 1], slot, x, y, channelCount, acc, ref sumW);
            }
            else
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    var key = row | ((cx + dx) & g.WidthMask);
                    Scan(g, start[key], start[key + 1], slot, x, y, channelCount, acc, ref sumW);
                }
            }
        }

        return sumW;
    }

    /// <summary>
    /// Adds the candidates [first, end) within the radius, in order. Two steps per chunk of candidates:
    /// a branch-free test appends the ones inside to <see cref="Grid.Keep"/> (whether a candidate is inside
    /// is unpredictable for the branch predictor), then the sums run over those alone, so the chain of
    /// dependent additions is as long as the neighbours, not the candidates. The order of the additions
    /// is the visiting order either way.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void Scan(in Grid g, int first, int end, int slot, float x, float y, int channelCount, float* acc, ref float sumW)
    {
        var sorted = g.Sorted;
        var sortedSlot = g.SortedSlot;
        var stride = g.Stride;
        var r2 = g.R2;
        var keep = g.Keep;
        var sum = sumW;
        var n = first;
        while (n < end)
        {
            var chunkEnd = Math.Min(end, n + Grid.KeepCapacity);
            var kept = 0;
            for (; n < chunkEnd; n++)
            {
                var r = sorted + ((long)n * stride);
                var ddx = r[0] - x;
                var ddy = r[1] - y;
                keep[kept] = n;
                kept += ((ddx * ddx) + (ddy * ddy) <= r2) & (sortedSlot[n] != slot) ? 1 : 0;
            }

            if (channelCount == 1)
            {
                var q = acc[0];
                for (var i = 0; i < kept; i++)
                {
                    var r = sorted + ((long)keep[i] * stride);
                    var w = r[2];
                    sum += w;
                    q += w * r[3];
                }

                acc[0] = q;
                continue;
            }

            for (var i = 0; i < kept; i++)
            {
                var r = sorted + ((long)keep[i] * stride);
                var w = r[2];
                sum += w;
                for (var c = 0; c < channelCount; c++)
                {
                    acc[c] += w * r[3 + c];
                }
            }
        }

        sumW = sum;
    }
}
