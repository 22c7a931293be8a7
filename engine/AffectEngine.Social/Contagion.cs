using System;
using System.Threading;
using AffectEngine.Core;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace AffectEngine.Social;

/// <summary>
/// Incoming neighbour lists in sliced ELLPACK form with slices of one block (SELL-8, Kreutzer et al.
/// 2014, SIAM J. Sci. Comput. 36(5)): the k-th sender of the block's eight receivers sits at
/// <c>start + 8k + lane</c>, so one vector load gives eight receivers' k-th senders and weights.
/// A block's slice is as wide as its receiver with the most senders; shorter lists are padded with
/// the zero record (weight 0), whose contribution is exactly +0.
/// </summary>
internal sealed class SlicedLists
{
    /// <summary>First entry of block b's slice (a multiple of 8).</summary>
    public int[] SliceStart = [];

    /// <summary>Senders per lane in block b's slice (the longest list of its eight receivers).</summary>
    public int[] SliceWidth = [];

    /// <summary>Sender slots.</summary>
    public int[] Sender = [];

    /// <summary>Channel strengths α (1 for spatial neighbours).</summary>
    public float[] Weight = [];

    /// <summary>Blocks covered; −1 when the lists must be rebuilt.</summary>
    public int Blocks = -1;

    /// <summary>Entries in use.</summary>
    public int Length;

    /// <summary>For a partition's spatial lists: the grid layout they were built from, and their block range.</summary>
    public int Version = -1;

    public int FirstBlock;

    public int EndBlock;

    /// <summary>One growable list of senders per lane, used while a block's slice is built.</summary>
    public int[][] Scratch = [[], [], [], [], [], [], [], []];

    /// <summary>Starts a rebuild over <paramref name="blocks"/> blocks.</summary>
    public void Begin(int blocks)
    {
        if (SliceStart.Length < blocks)
        {
            SliceStart = new int[blocks];
            SliceWidth = new int[blocks];
        }

        Blocks = blocks;
        Length = 0;
    }

    /// <summary>Appends block b's slice of <paramref name="width"/> senders per lane; returns its first entry.</summary>
    public int Append(int block, int width)
    {
        var start = Length;
        var end = checked(start + (width * AgentBlocks.LanesPerBlock));
        if (Sender.Length < end)
        {
            var size = Math.Max(end, Sender.Length * 2);
            Array.Resize(ref Sender, size);
            Array.Resize(ref Weight, size);
        }

        SliceStart[block] = start;
        SliceWidth[block] = width;
        Length = end;
        return start;
    }
}

/// <summary>
/// Buffers shared by the two contagion passes: last tick's expressions (the double buffer), the
/// spatial grid with the neighbour lists derived from it, and the network. Sized between ticks; never
/// allocates in steady state (the spatial lists grow only when agents move into denser neighbourhoods).
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

        NetStride = 1 + Channels.Length;
        Spatial = (settings.Neighbours & NeighbourKind.Spatial) != 0;
        Network = (settings.Neighbours & NeighbourKind.Network) != 0;
        Radius = settings.Radius;
        InverseRadius = 1f / settings.Radius;
    }

    /// <summary>Emotion types that spread (indices into the emotion vector field).</summary>
    public int[] Channels { get; }

    /// <summary>Floats per record: ε, then ε·q per channel.</summary>
    public int NetStride { get; }

    public bool Spatial { get; }

    public bool Network { get; }

    public float Radius { get; }

    public float InverseRadius { get; }

    /// <summary>
    /// Last tick's record of every slot (slot × <see cref="NetStride"/>): ε, then ε·q per channel; all
    /// zeros for an empty slot. One record more than there are slots: <see cref="PadSlot"/>, always zeros.
    /// </summary>
    public float[] Net = [];

    /// <summary>The always-zero record that pads the neighbour lists.</summary>
    public int PadSlot;

    /// <summary>Every slot's position (x, y) when the spatial lists were built; NaN for an empty slot.</summary>
    public float[] Position = [];

    /// <summary>Set (to 1) by the capture pass when a position or an agent's presence differs from <see cref="Position"/>.</summary>
    public int Moved;

    /// <summary>
    /// The spatial neighbour lists, one set per partition of the contagion pass (each builds its own, in
    /// parallel), valid while <see cref="LayoutVersion"/> stays the same.
    /// </summary>
    public SlicedLists[] SpatialParts = [];

    /// <summary>Changes whenever the grid is sorted again (an agent moved, arrived or left, or the world grew).</summary>
    public int LayoutVersion;

    /// <summary>Every key must be computed again from <see cref="Position"/> (the table was resized).</summary>
    public bool Rekey;

    /// <summary>The number of blocks the grid was last sorted for (−1: never).</summary>
    public int SortedBlocks = -1;

    /// <summary>The network's lists, rebuilt when the network or the number of blocks changes.</summary>
    public SlicedLists NetworkLists { get; } = new();

    /// <summary>Bucket b holds sorted entries [Start[b], Start[b + 1]).</summary>
    public int[] Start = [];

    public int[] Cursor = [];

    public int[] Key = [];

    /// <summary>
    /// Positions in bucket order (x in [0, slots + 8), y from <see cref="SortedY"/> on), and their slots.
    /// Eight entries of slack after each, so the vector scan may read a whole vector past a range's end.
    /// </summary>
    public float[] Sorted = [];

    /// <summary>Where the y coordinates start in <see cref="Sorted"/>.</summary>
    public int SortedY;

    public int[] SortedSlot = [];

    public int BucketMask;

    public int WidthMask;

    public int HeightMask;

    public int WidthShift;

    /// <summary>Incoming edges of receiver slot i: [Offsets[i], Offsets[i + 1]) (CSR, as set by the module).</summary>
    public int[] Offsets = [0];

    public int[] EdgeFrom = [];

    public float[] EdgeWeight = [];

    /// <summary>Sizes the buffers for <paramref name="slots"/> slots (allocates only when the world grew).</summary>
    public void Ensure(int slots)
    {
        if (Net.Length < checked((slots + 1) * NetStride))
        {
            // The pad record moves to the new end: every list that points at it is rebuilt.
            Net = new float[(slots + 1) * NetStride];
            PadSlot = slots;
            SortedBlocks = -1;
            NetworkLists.Blocks = -1;
        }

        if (!Spatial)
        {
            return;
        }

        if (Position.Length < slots * 2)
        {
            var old = Position.Length;
            Array.Resize(ref Position, slots * 2);
            Position.AsSpan(old).Fill(float.NaN);
            Key = new int[slots];
            Key.AsSpan().Fill(-1);
            Rekey = true;
            Sorted = new float[(slots + AgentBlocks.LanesPerBlock) * 2];
            SortedY = slots + AgentBlocks.LanesPerBlock;
            SortedSlot = new int[slots + AgentBlocks.LanesPerBlock];
            SortedBlocks = -1;
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

        if (BucketMask != buckets - 1)
        {
            // Another table size files every agent under another bucket.
            Rekey = true;
            SortedBlocks = -1;
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
    }

    /// <summary>The network changed: its lists are rebuilt before the next contagion pass.</summary>
    public void NetworkChanged() => NetworkLists.Blocks = -1;

    /// <summary>
    /// Grid cell (x, y) → bucket by periodic (toroidal) indexing: (x mod W) + W·(y mod H) with W·H the
    /// table size (powers of two). Neighbouring cells land in neighbouring buckets, so the sorted records
    /// of a 3 × 3 neighbourhood are close in memory; cells W or H apart share a bucket, and the distance
    /// test drops those candidates. The table has at least 16 buckets, so W, H ≥ 4. (A scattering hash, as in Teschner et al. 2003, costs a cache miss per
    /// cell: 23× the bare pass at 10^6 agents against this layout's figure in docs/social.md.)
    /// </summary>
    public int Bucket(int cx, int cy) => (cx & WidthMask) | ((cy & HeightMask) << WidthShift);

    public int Cell(float v) => (int)MathF.Floor(v * InverseRadius);

    /// <summary>The bucket of a position; −1 for an empty slot (NaN).</summary>
    public int KeyOf(float x, float y) => float.IsNaN(x) ? -1 : Bucket(Cell(x), Cell(y));

    /// <summary>Rebuilds the network's lists from the CSR arrays (serial; only after the network or the world's size changed).</summary>
    public void BuildNetworkLists(int blocks)
    {
        var lists = NetworkLists;
        lists.Begin(blocks);
        var receivers = Offsets.Length - 1;
        for (var b = 0; b < blocks; b++)
        {
            var width = 0;
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                var s = (b * AgentBlocks.LanesPerBlock) + lane;
                if (s < receivers)
                {
                    width = Math.Max(width, Offsets[s + 1] - Offsets[s]);
                }
            }

            var start = lists.Append(b, width);
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                var s = (b * AgentBlocks.LanesPerBlock) + lane;
                var first = s < receivers ? Offsets[s] : 0;
                var degree = s < receivers ? Offsets[s + 1] - first : 0;
                for (var k = 0; k < width; k++)
                {
                    var at = start + (k * AgentBlocks.LanesPerBlock) + lane;
                    lists.Sender[at] = k < degree ? EdgeFrom[first + k] : PadSlot;
                    lists.Weight[at] = k < degree ? EdgeWeight[first + k] : 0f;
                }
            }
        }
    }

    /// <summary>
    /// Sorts the agents by grid bucket (counting sort, in slot order, so the layout is a function of
    /// the state alone) from the keys the capture pass wrote. Serial; only on ticks after agents moved,
    /// arrived or left. Each partition of the contagion pass then rebuilds its lists.
    /// </summary>
    public void SortGrid(int blocks)
    {
        var slots = blocks * AgentBlocks.LanesPerBlock;
        var start = Start;
        var buckets = BucketMask + 1;
        Array.Clear(start, 0, buckets + 1);
        var keys = Key;
        if (Rekey)
        {
            for (var s = 0; s < keys.Length; s++)
            {
                keys[s] = KeyOf(Position[2 * s], Position[(2 * s) + 1]);
            }

            Rekey = false;
        }

        for (var s = 0; s < slots; s++)
        {
            start[keys[s] + 1]++;
        }

        // Empty slots carry key −1 and were counted in start[0]; bucket 0 starts at 0 all the same.
        start[0] = 0;
        for (var b = 0; b < buckets; b++)
        {
            start[b + 1] += start[b];
        }

        var cursor = Cursor;
        Array.Copy(start, cursor, buckets);
        var position = Position;
        for (var s = 0; s < slots; s++)
        {
            var k = keys[s];
            if (k < 0)
            {
                continue;
            }

            var at = cursor[k]++;
            SortedSlot[at] = s;
            Sorted[at] = position[2 * s];
            Sorted[SortedY + at] = position[(2 * s) + 1];
        }

        SortedBlocks = blocks;
        LayoutVersion++;
    }

    /// <summary>
    /// Builds the spatial lists of blocks [first, end) into <paramref name="lists"/>: each receiver's
    /// senders within the radius (excluding itself) in visiting order (row, cell, slot), the order its
    /// sums have always used and the same whatever the number of agents in the world (a sharded run must
    /// add the same floats in the same order). Runs on the contagion pass's worker for that range.
    /// </summary>
    public unsafe void BuildSpatialLists(SlicedLists lists, int first, int end)
    {
        lists.Begin(end - first);
        var scratch = lists.Scratch;
        Span<int> count = stackalloc int[AgentBlocks.LanesPerBlock];
        fixed (float* sorted = Sorted, position = Position)
        fixed (int* start = Start, sortedSlot = SortedSlot)
        {
            var grid = new GridView(sorted, sorted + SortedY, sortedSlot, start, WidthMask, HeightMask, WidthShift, InverseRadius, Radius * Radius);
            for (var b = first; b < end; b++)
            {
                var width = 0;
                for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
                {
                    var slot = (b * AgentBlocks.LanesPerBlock) + lane;
                    count[lane] = grid.Visit(slot, position[2 * slot], position[(2 * slot) + 1], ref scratch[lane]);
                    width = Math.Max(width, count[lane]);
                }

                var at = lists.Append(b - first, width);
                var sender = lists.Sender;
                var weight = lists.Weight;
                for (var k = 0; k < width; k++)
                {
                    for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++, at++)
                    {
                        // α = 1 within the radius; padding adds the zero record with weight 0.
                        var real = k < count[lane];
                        sender[at] = real ? scratch[lane][k] : PadSlot;
                        weight[at] = real ? 1f : 0f;
                    }
                }
            }
        }

        lists.Version = LayoutVersion;
        lists.FirstBlock = first;
        lists.EndBlock = end;
    }

    /// <summary>The sorted grid, pinned for one build.</summary>
    private readonly unsafe struct GridView
    {
        private readonly float* _x;
        private readonly float* _y;
        private readonly int* _sortedSlot;
        private readonly int* _start;
        private readonly int _widthMask;
        private readonly int _heightMask;
        private readonly int _widthShift;
        private readonly float _inverseRadius;
        private readonly float _r2;

        public GridView(float* x, float* y, int* sortedSlot, int* start, int widthMask, int heightMask, int widthShift, float inverseRadius, float r2)
        {
            _x = x;
            _y = y;
            _sortedSlot = sortedSlot;
            _start = start;
            _widthMask = widthMask;
            _heightMask = heightMask;
            _widthShift = widthShift;
            _inverseRadius = inverseRadius;
            _r2 = r2;
        }

        /// <summary>
        /// Lists receiver <paramref name="slot"/>'s neighbours into <paramref name="output"/> (grown when
        /// needed); returns how many. The table is at least 4 × 4 buckets, so the nine cells of a
        /// neighbourhood are nine distinct buckets, and a row's three cells are three consecutive buckets
        /// unless the row wraps around the table's width.
        /// </summary>
        public int Visit(int slot, float x, float y, ref int[] output)
        {
            if (float.IsNaN(x))
            {
                return 0;
            }

            var cx = (int)MathF.Floor(x * _inverseRadius);
            var cy = (int)MathF.Floor(y * _inverseRadius);
            var n = 0;
            for (var dy = -1; dy <= 1; dy++)
            {
                var row = ((cy + dy) & _heightMask) << _widthShift;
                var x0 = (cx - 1) & _widthMask;
                var x2 = (cx + 1) & _widthMask;
                if (x0 < x2)
                {
                    n = Scan(_start[row | x0], _start[(row | x2) + 1], slot, x, y, ref output, n);
                }
                else
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var key = row | ((cx + dx) & _widthMask);
                        n = Scan(_start[key], _start[key + 1], slot, x, y, ref output, n);
                    }
                }
            }

            return n;
        }

        private int Scan(int first, int end, int slot, float x, float y, ref int[] output, int n)
        {
            if (output.Length < n + (end - first))
            {
                Array.Resize(ref output, Math.Max(64, Math.Max(n + (end - first), output.Length * 2)));
            }

            var o = output;
            var i = first;
#if NET
            if (Avx2.IsSupported && !ContagionSystem.ForceScalar)
            {
                // Eight candidates per test, the same arithmetic per lane as below; the set bits of the
                // mask are appended in ascending order, so the list keeps the visiting order. Lanes past
                // the range's end read the slack after the arrays and are masked off.
                var vx = Vector256.Create(x);
                var vy = Vector256.Create(y);
                var vr2 = Vector256.Create(_r2);
                var self = Vector256.Create(slot);
                for (; i < end; i += AgentBlocks.LanesPerBlock)
                {
                    var ddx = Avx.Subtract(Avx.LoadVector256(_x + i), vx);
                    var ddy = Avx.Subtract(Avx.LoadVector256(_y + i), vy);
                    var d2 = Avx.Add(Avx.Multiply(ddx, ddx), Avx.Multiply(ddy, ddy));
                    var inside = Avx.CompareNotGreaterThan(d2, vr2);
                    var other = Avx2.CompareEqual(Avx.LoadVector256(_sortedSlot + i), self);
                    var bits = (uint)Avx.MoveMask(Avx.AndNot(other.AsSingle(), inside));
                    bits &= end - i >= 8 ? 0xFFu : (1u << (end - i)) - 1;
                    while (bits != 0)
                    {
                        o[n++] = _sortedSlot[i + System.Numerics.BitOperations.TrailingZeroCount(bits)];
                        bits &= bits - 1;
                    }
                }

                return n;
            }
#endif
            for (; i < end; i++)
            {
                var ddx = _x[i] - x;
                var ddy = _y[i] - y;

                // Branch-free append: whether a candidate is inside is unpredictable.
                o[n] = _sortedSlot[i];
                n += !((ddx * ddx) + (ddy * ddy) > _r2) & (_sortedSlot[i] != slot) ? 1 : 0;
            }

            return n;
        }
    }
}

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

    public void BeginTick(in TickContext context, int partitionCount) => _state.Ensure(_world.BlockCount * AgentBlocks.LanesPerBlock);

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

        // Pointers, not spans: the JIT keeps a bounds check on every computed field offset, and this pass
        // is a few instructions per agent. Every index below is inside the buffers sized by BeginTick.
        fixed (float* first = blocks, net = st.Net, position = st.Position)
        fixed (int* channelOffsets = _channelOffsets, keys = st.Key)
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
                            keys[slot] = st.KeyOf(x, y);
                            moved = true;
                        }
                    }
                }
            }
        }

        if (moved)
        {
            Volatile.Write(ref st.Moved, 1);
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

        if (st.Spatial && (st.Moved != 0 || st.SortedBlocks != blocks))
        {
            st.SortGrid(blocks);
            st.Moved = 0;
        }
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
/// <remarks>
/// Per receiver, Σ_j α·ε_j and Σ_j α·ε_j·q_j are running sums over the spatial list (from 0), then over
/// the network list, each in list order; with one channel the network's q-sum is formed apart and then
/// added, with several it continues the spatial one. The sums of a block's eight receivers are
/// computed together, one vector lane each, which adds the same floats in the same order as one lane at
/// a time (the scalar path, used without AVX2 and checked against the vector path by the tests).
/// </remarks>
internal sealed class ContagionSystem : IPartitionedSystem
{
    private readonly World _world;
    private readonly ContagionState _state;
    private readonly FieldId _traits;
    private readonly int[] _channelOffsets;
    private readonly int[] _lines;

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

    /// <summary>Blocks ahead whose network senders' records are prefetched.</summary>
    private const int SenderPrefetchDistance = 2;

    /// <summary>Tests set this to run the scalar sums even where AVX2 is available.</summary>
    internal static bool ForceScalar { get; set; }

    public string Name => "social.contagion";

    public TickStage Stage => TickStage.Social;

    public void BeginTick(in TickContext context, int partitionCount)
    {
        var st = _state;
        if (st.Spatial && st.SpatialParts.Length < partitionCount)
        {
            var parts = new SlicedLists[partitionCount];
            for (var p = 0; p < parts.Length; p++)
            {
                parts[p] = p < st.SpatialParts.Length ? st.SpatialParts[p] : new SlicedLists();
            }

            st.SpatialParts = parts;
        }
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
        var channelCount = st.Channels.Length;
        var dt = (float)context.StepSeconds;
        var blockStride = _world.BlockStride;
        var blocks = _world.Blocks(firstBlock, endBlock);
        var delta = _traits.ComponentOffset(1);
        var eta = _traits.ComponentOffset(2);
        var beta = _traits.ComponentOffset(3);
        var count = endBlock - firstBlock;
        var lines = _lines;
        const int L = AgentBlocks.LanesPerBlock;

        // Per lane: Σ α·ε, then the q-sums channel by channel (L floats each); and the vector path's
        // per-channel accumulators, allocated once per partition rather than per block.
        var sums = stackalloc float[L * (1 + ContagionSettings.MaxChannels)];
        var scratch = stackalloc float[L * ContagionSettings.MaxChannels];
        SlicedLists? spatialLists = null;
        if (st.Spatial)
        {
            // This partition's lists, rebuilt here (in parallel with the other partitions) after the grid changed.
            spatialLists = st.SpatialParts[partition];
            if (spatialLists.Version != st.LayoutVersion || spatialLists.FirstBlock != firstBlock || spatialLists.EndBlock != endBlock)
            {
                st.BuildSpatialLists(spatialLists, firstBlock, endBlock);
            }
        }

        var networkLists = st.Network ? st.NetworkLists : null;
        fixed (float* first = blocks, net = st.Net)
        fixed (int* channelOffsets = _channelOffsets)
        fixed (int* sStart = spatialLists?.SliceStart, sWidth = spatialLists?.SliceWidth, sSender = spatialLists?.Sender)
        fixed (float* sWeight = spatialLists?.Weight)
        fixed (int* nStart = networkLists?.SliceStart, nWidth = networkLists?.SliceWidth, nSender = networkLists?.Sender)
        fixed (float* nWeight = networkLists?.Weight)
        {
            var spatial = new Slices(sStart, sWidth, sSender, sWeight);
            var network = new Slices(nStart, nWidth, nSender, nWeight);
            for (var i = 0; i < count; i++)
            {
                var block = first + ((long)i * blockStride);
                ContagionCaptureSystem.Prefetch(block, i, count, blockStride, lines);
                var b = firstBlock + i;
#if NET
                // Network senders are anywhere in the world (long-range edges are cache misses): ask for
                // the records of the block SenderPrefetchDistance ahead so the gathers find them in cache.
                if (networkLists is not null && Sse.IsSupported && i + SenderPrefetchDistance < count)
                {
                    var ahead = b + SenderPrefetchDistance;
                    var end = nStart[ahead] + (nWidth[ahead] * L);
                    for (var e = nStart[ahead]; e < end; e++)
                    {
                        Sse.Prefetch0(net + ((long)nSender[e] * st.NetStride));
                    }
                }
#endif
                var alive = _world.AliveMask(b);
                if (alive == 0)
                {
                    continue;
                }

                Sum(b - firstBlock, b, spatialLists is not null ? spatial : default, networkLists is not null ? network : default, net, st.NetStride, channelCount, sums, scratch);
                for (var lane = 0; lane < L; lane++)
                {
                    var d = block[delta + lane];
                    var sumW = sums[lane];
                    if ((alive & (1 << lane)) == 0 || !(d > 0f) || !(sumW > 0f))
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
                        var qs = sums[((1 + c) * L) + lane] * inv;
                        var up = 1f - ((1f - qs) * (1f - qi));
                        var down = qs * qi;
                        var f = (h * ((bias * up) + ((1f - bias) * down))) + ((1f - h) * qs);
                        *q = Math.Min(1f, Math.Max(0f, qi + (k * (f - qi))));
                    }
                }
            }
        }
    }

    /// <summary>A pinned <see cref="SlicedLists"/> (all null when that neighbour kind is off).</summary>
    private readonly unsafe struct Slices
    {
        public readonly int* Start;
        public readonly int* Width;
        public readonly int* Sender;
        public readonly float* Weight;

        public Slices(int* start, int* width, int* sender, float* weight)
        {
            Start = start;
            Width = width;
            Sender = sender;
            Weight = weight;
        }
    }

    /// <summary>
    /// A block's sums for its eight receivers: Σ α·ε into sums[lane], Σ α·ε·q_c into sums[(1 + c)·8 + lane].
    /// <paramref name="sb"/> is the block's slice in the partition's spatial lists, <paramref name="b"/> in the network's.
    /// </summary>
    private static unsafe void Sum(int sb, int b, in Slices spatial, in Slices network, float* net, int ns, int channelCount, float* sums, float* scratch)
    {
#if NET
        if (Avx2.IsSupported && !ForceScalar)
        {
            SumVector(sb, b, spatial, network, net, ns, channelCount, sums, (Vector256<float>*)scratch);
            return;
        }
#endif
        const int L = AgentBlocks.LanesPerBlock;
        for (var lane = 0; lane < L; lane++)
        {
            var w = 0f;
            for (var c = 0; c < channelCount; c++)
            {
                sums[((1 + c) * L) + lane] = 0f;
            }

            if (spatial.Start != null)
            {
                var start = spatial.Start[sb] + lane;
                var width = spatial.Width[sb];
                var s = 0f;
                for (var k = 0; k < width; k++)
                {
                    var at = start + (k * L);
                    var r = net + ((long)spatial.Sender[at] * ns);
                    var a = spatial.Weight[at];
                    s += a * r[0];
                    for (var c = 0; c < channelCount; c++)
                    {
                        sums[((1 + c) * L) + lane] += a * r[1 + c];
                    }
                }

                w += s;
            }

            if (network.Start != null)
            {
                var start = network.Start[b] + lane;
                var width = network.Width[b];
                var s = 0f;
                var q = 0f;
                for (var k = 0; k < width; k++)
                {
                    var at = start + (k * L);
                    var r = net + ((long)network.Sender[at] * ns);
                    var a = network.Weight[at];
                    s += a * r[0];
                    if (channelCount == 1)
                    {
                        q += a * r[1];
                    }
                    else
                    {
                        for (var c = 0; c < channelCount; c++)
                        {
                            sums[((1 + c) * L) + lane] += a * r[1 + c];
                        }
                    }
                }

                w += s;
                if (channelCount == 1)
                {
                    sums[L + lane] += q;
                }
            }

            sums[lane] = w;
        }
    }

#if NET
    /// <summary>
    /// <see cref="Sum"/> for the eight lanes at once: the k-th senders of the block's receivers are one
    /// vector load, their records two gathers per channel. Multiply and add stay separate instructions
    /// (no fused multiply-add) so every lane rounds as the scalar path does.
    /// </summary>
    private static unsafe void SumVector(int sb, int b, in Slices spatial, in Slices network, float* net, int ns, int channelCount, float* sums, Vector256<float>* q)
    {
        const int L = AgentBlocks.LanesPerBlock;
        var stride = Vector256.Create(ns);
        var w = Vector256<float>.Zero;
        for (var c = 0; c < channelCount; c++)
        {
            q[c] = Vector256<float>.Zero;
        }

        if (spatial.Start != null)
        {
            var at = spatial.Start[sb];
            var width = spatial.Width[sb];
            var s = Vector256<float>.Zero;
            for (var k = 0; k < width; k++, at += L)
            {
                var index = Avx2.MultiplyLow(Avx.LoadVector256(spatial.Sender + at), stride);
                var a = Avx.LoadVector256(spatial.Weight + at);
                s = Avx.Add(s, Avx.Multiply(a, Avx2.GatherVector256(net, index, 4)));
                for (var c = 0; c < channelCount; c++)
                {
                    q[c] = Avx.Add(q[c], Avx.Multiply(a, Avx2.GatherVector256(net + 1 + c, index, 4)));
                }
            }

            w = Avx.Add(w, s);
        }

        if (network.Start != null)
        {
            var at = network.Start[b];
            var width = network.Width[b];
            var s = Vector256<float>.Zero;
            var q1 = Vector256<float>.Zero;
            for (var k = 0; k < width; k++, at += L)
            {
                var index = Avx2.MultiplyLow(Avx.LoadVector256(network.Sender + at), stride);
                var a = Avx.LoadVector256(network.Weight + at);
                s = Avx.Add(s, Avx.Multiply(a, Avx2.GatherVector256(net, index, 4)));
                if (channelCount == 1)
                {
                    q1 = Avx.Add(q1, Avx.Multiply(a, Avx2.GatherVector256(net + 1, index, 4)));
                }
                else
                {
                    for (var c = 0; c < channelCount; c++)
                    {
                        q[c] = Avx.Add(q[c], Avx.Multiply(a, Avx2.GatherVector256(net + 1 + c, index, 4)));
                    }
                }
            }

            w = Avx.Add(w, s);
            if (channelCount == 1)
            {
                q[0] = Avx.Add(q[0], q1);
            }
        }

        Avx.Store(sums, w);
        for (var c = 0; c < channelCount; c++)
        {
            Avx.Store(sums + ((1 + c) * L), q[c]);
        }
    }
#endif
}
