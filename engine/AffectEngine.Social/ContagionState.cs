using System;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace AffectEngine.Social;

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

    /// <summary>Every slot's position (x, y) as the capture pass last saw it; NaN for an empty slot.</summary>
    public float[] Position = [];

    /// <summary>Set (to 1) by the capture pass when a position or an agent's presence differs from <see cref="Position"/>.</summary>
    public int Moved;

    /// <summary>
    /// Set (to 1) by the capture pass when an agent changed grid cell, arrived or left: the grid must be
    /// sorted again. A move within its cell only updates the agent's sorted coordinates in place.
    /// </summary>
    public int CellChanged;

    /// <summary>Every slot's position at the last sort (the reference <see cref="Displacement"/> is measured from).</summary>
    public float[] Reference = [];

    /// <summary>Slot → its entry in <see cref="Sorted"/> (−1: not in the grid).</summary>
    public int[] SortedIndex = [];

    /// <summary>
    /// Set (to 1) by the capture pass when an agent moved within its cell and its entry in <see cref="Sorted"/>
    /// was left behind (see <see cref="SortedDirty"/>); cleared when the entries are written.
    /// </summary>
    public int SortedStale;

    /// <summary>
    /// Per block: 1 when one of its agents moved within its cell since its sorted entries were last written.
    /// The capture pass leaves those entries as they were, because only a listing reads them and the Verlet
    /// margin usually keeps every list: writing them each tick was a scattered store per mover (the
    /// sorted order is the grid's, not the slots'). <see cref="FlushSortedIfListed"/> writes them before any listing.
    /// </summary>
    public byte[] SortedDirty = [];

    /// <summary>Blocks whose left-behind sorted entries were written before a listing (for tests: the deferred path ran).</summary>
    public long FlushedBlocks;

    /// <summary>Per partition of the capture pass: the largest squared displacement from <see cref="Reference"/> it saw this tick.</summary>
    public float[] PartDisplacement = [];

    /// <summary>
    /// An upper bound on any agent's distance from its <see cref="Reference"/> position (0 after a sort).
    /// A list built when it was D₀ holds the same senders while 2·(D + D₀) stays below the list's margin
    /// (no pair can have crossed the radius): the Verlet-list argument (Verlet 1967, Phys. Rev. 159(1)),
    /// with the grid's cells as the candidate set, so no sender from outside can have come in.
    /// </summary>
    public float Displacement;

    /// <summary>Changes whenever positions moved without any agent changing cell (the lists may need a partial rebuild).</summary>
    public int PositionVersion;

    /// <summary>Tests set this to sort the grid and list every neighbour again after any move (the behaviour before incremental updates).</summary>
    internal static bool ForceRebuild { get; set; }

    /// <summary>Blocks whose lists a move within cells left as they were (for tests: the incremental path ran).</summary>
    public long KeptBlocks;

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
            Net = HugePages.Floats((slots + 1) * NetStride);
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
            Array.Resize(ref Reference, slots * 2);
            SortedIndex = new int[slots];
            SortedIndex.AsSpan().Fill(-1);
            Key = new int[slots];
            Key.AsSpan().Fill(-1);
            Rekey = true;
            Sorted = new float[(slots + AgentBlocks.LanesPerBlock) * 2];
            SortedY = slots + AgentBlocks.LanesPerBlock;
            SortedSlot = new int[slots + AgentBlocks.LanesPerBlock];
            SortedDirty = new byte[(slots + AgentBlocks.LanesPerBlock - 1) / AgentBlocks.LanesPerBlock];
            SortedStale = 0;
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
        var unit = true;
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
                    unit &= k >= degree || BitConverter.SingleToInt32Bits(EdgeWeight[first + k]) == BitConverter.SingleToInt32Bits(1f);
                }
            }
        }

        lists.UnitWeights = unit;
        ListFarSenders(lists, blocks, NearBlocks);
    }

    /// <summary>
    /// Senders within this many blocks of their receiver's block are not hinted: the records of 8 agents fill one line
    /// (one channel), and the pass reads the records of the blocks around the one it sums, so those lines are in cache
    /// (a ring or small world's local edges). Measured: benchmarks/README.md, "runs".
    /// </summary>
    public const int NearBlocks = 8;

    /// <summary>
    /// Lists, per block, the senders more than <paramref name="near"/> blocks away (every sender when it is negative),
    /// unless more than half the entries are far: then <see cref="SlicedLists.HintEverySender"/> is set instead.
    /// </summary>
    public void ListFarSenders(SlicedLists lists, int blocks, int near)
    {
        if (lists.FarStart.Length < blocks + 1)
        {
            lists.FarStart = new int[blocks + 1];
        }

        var count = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            count = 0;
            for (var b = 0; b < blocks; b++)
            {
                if (pass == 1)
                {
                    lists.FarStart[b] = count;
                }

                var end = lists.SliceStart[b] + (lists.SliceWidth[b] * AgentBlocks.LanesPerBlock);
                for (var e = lists.SliceStart[b]; e < end; e++)
                {
                    var sender = lists.Sender[e];
                    if (sender == PadSlot || (near >= 0 && Math.Abs((sender / AgentBlocks.LanesPerBlock) - b) <= near))
                    {
                        continue;
                    }

                    if (pass == 1)
                    {
                        lists.FarSender[count] = sender;
                    }

                    count++;
                }
            }

            if (pass == 0)
            {
                // Mostly far (a random graph): the pass hints straight from the sender list, as a copy of most of it
                // would only add a stream (measured: benchmarks/README.md, "runs").
                lists.HintEverySender = near >= 0 && count * 2L > lists.Length;
                if (lists.HintEverySender)
                {
                    return;
                }

                if (lists.FarSender.Length < count)
                {
                    lists.FarSender = new int[count];
                }
            }
        }

        lists.FarStart[blocks] = count;
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
        var sortedIndex = SortedIndex;
        for (var s = 0; s < slots; s++)
        {
            var k = keys[s];
            if (k < 0)
            {
                sortedIndex[s] = -1;
                continue;
            }

            var at = cursor[k]++;
            sortedIndex[s] = at;
            SortedSlot[at] = s;
            Sorted[at] = position[2 * s];
            Sorted[SortedY + at] = position[(2 * s) + 1];
        }

        Array.Copy(position, Reference, slots * 2);
        if (SortedStale != 0)
        {
            // Every entry was just written from the positions.
            Array.Clear(SortedDirty, 0, SortedDirty.Length);
            SortedStale = 0;
        }

        Displacement = 0f;
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
        ThrowIfSortedStale();
        lists.Begin(end - first);
        lists.EnsureMargins(end - first);
        var scratch = lists.Scratch;
        Span<int> count = stackalloc int[AgentBlocks.LanesPerBlock];
        fixed (float* sorted = Sorted, position = Position)
        fixed (int* start = Start, sortedSlot = SortedSlot)
        {
            var grid = new GridView(sorted, sorted + SortedY, sortedSlot, start, WidthMask, HeightMask, WidthShift, InverseRadius, Radius);
            for (var b = first; b < end; b++)
            {
                var (width, margin) = VisitBlock(grid, position, b, scratch, count);
                var at = lists.Append(b - first, width);
                Fill(lists, at, width, scratch, count);
                lists.Margin[b - first] = margin;
                lists.MarginDisplacement[b - first] = Displacement;
            }
        }

        lists.Version = LayoutVersion;
        lists.PositionVersion = PositionVersion;
        lists.FirstBlock = first;
        lists.EndBlock = end;
    }

    /// <summary>
    /// After agents moved within their cells (same sorted order, so the same candidates in the same
    /// visiting order): lists whose margin still exceeds what the agents can have moved are kept as
    /// they are; the others are listed again in place. Returns false when a block now has more senders
    /// than its slice holds (then the caller builds the whole range again). The lists that result are
    /// exactly those <see cref="BuildSpatialLists"/> would build, up to padding (which adds +0).
    /// </summary>
    public unsafe bool RefreshSpatialLists(SlicedLists lists)
    {
        var first = lists.FirstBlock;
        var end = lists.EndBlock;
        var scratch = lists.Scratch;
        var d = Displacement;
        var kept = 0L;
        Span<int> count = stackalloc int[AgentBlocks.LanesPerBlock];
        fixed (float* sorted = Sorted, position = Position)
        fixed (int* start = Start, sortedSlot = SortedSlot)
        {
            var grid = new GridView(sorted, sorted + SortedY, sortedSlot, start, WidthMask, HeightMask, WidthShift, InverseRadius, Radius);
            for (var b = first; b < end; b++)
            {
                var sb = b - first;
                if (Keeps(d, lists.MarginDisplacement[sb], lists.Margin[sb]))
                {
                    kept++;
                    continue;
                }

                ThrowIfSortedStale();
                var (width, margin) = VisitBlock(grid, position, b, scratch, count);
                if (width > lists.SliceWidth[sb])
                {
                    return false;
                }

                Fill(lists, lists.SliceStart[sb], lists.SliceWidth[sb], scratch, count);
                lists.Margin[sb] = margin;
                lists.MarginDisplacement[sb] = d;
            }
        }

        lists.PositionVersion = PositionVersion;
        System.Threading.Interlocked.Add(ref KeptBlocks, kept);
        return true;
    }

    /// <summary>
    /// The Verlet test: a block listed when the displacement bound was <paramref name="listedAt"/>, with
    /// <paramref name="margin"/>, still has the same senders now that it is <paramref name="displacement"/>.
    /// The one expression both the refresh and <see cref="FlushSortedIfListed"/> evaluate, so they agree on every block.
    /// </summary>
    public static bool Keeps(float displacement, float listedAt, float margin) => 2f * (displacement + listedAt) < margin;

    /// <summary>
    /// Before the contagion pass (serial): when some sorted entries were left behind and any partition's
    /// lists will be built or any block listed again this tick, writes them from <see cref="Position"/>,
    /// so every listing reads what it read when the capture pass wrote them each tick. Conservative: any
    /// partition whose lists do not line up with the previous tick's partitions counts as a listing.
    /// </summary>
    public void FlushSortedIfListed(int partitionCount, int blocks)
    {
        if (SortedStale == 0 || !WillList(partitionCount, blocks))
        {
            return;
        }

        var dirty = SortedDirty;
        var sortedIndex = SortedIndex;
        var position = Position;
        var sorted = Sorted;
        var sortedY = SortedY;
        var end = Math.Min(dirty.Length, blocks);
        for (var b = 0; b < end; b++)
        {
            if (dirty[b] == 0)
            {
                continue;
            }

            dirty[b] = 0;
            FlushedBlocks++;
            for (var s = b * AgentBlocks.LanesPerBlock; s < (b + 1) * AgentBlocks.LanesPerBlock; s++)
            {
                var at = sortedIndex[s];
                if (at >= 0)
                {
                    sorted[at] = position[2 * s];
                    sorted[sortedY + at] = position[(2 * s) + 1];
                }
            }
        }

        SortedStale = 0;
    }

    /// <summary>Whether this tick's contagion pass (over <paramref name="partitionCount"/> partitions) may read the sorted coordinates.</summary>
    private bool WillList(int partitionCount, int blocks)
    {
        if (SortedBlocks != blocks || SpatialParts.Length < partitionCount)
        {
            return true;
        }

        var next = 0;
        for (var p = 0; p < partitionCount; p++)
        {
            var lists = SpatialParts[p];
            if (lists.Version != LayoutVersion || lists.FirstBlock != next || lists.EndBlock < next)
            {
                return true;
            }

            next = lists.EndBlock;
            if (lists.PositionVersion == PositionVersion)
            {
                continue;
            }

            var d = Displacement;
            for (var sb = 0; sb < lists.EndBlock - lists.FirstBlock; sb++)
            {
                if (!Keeps(d, lists.MarginDisplacement[sb], lists.Margin[sb]))
                {
                    return true;
                }
            }
        }

        return next != blocks;
    }

    private void ThrowIfSortedStale()
    {
        if (SortedStale != 0)
        {
            throw new InvalidOperationException("Contagion grid: a listing would read sorted coordinates that were not written (FlushSortedIfListed was skipped).");
        }
    }

    /// <summary>Lists block b's eight receivers into <paramref name="scratch"/>; returns the longest list and the block's margin.</summary>
    private unsafe (int Width, float Margin) VisitBlock(in GridView grid, float* position, int b, int[][] scratch, Span<int> count)
    {
        var width = 0;
        var margin = float.PositiveInfinity;
        for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
        {
            var slot = (b * AgentBlocks.LanesPerBlock) + lane;
            var x = position[2 * slot];
            var y = position[(2 * slot) + 1];
            var gap = float.PositiveInfinity;
            count[lane] = grid.Visit(slot, x, y, ref scratch[lane], ref gap);
            if (!float.IsNaN(x))
            {
                // Rounding of the distance test near the coordinates' magnitude, with room to spare
                // (about 8 float ulps of the larger coordinate).
                gap -= (1e-6f * (MathF.Abs(x) + MathF.Abs(y) + (4f * Radius))) + (1e-5f * Radius);
                margin = MathF.Min(margin, gap);
            }

            width = Math.Max(width, count[lane]);
        }

        return (width, margin);
    }

    /// <summary>Writes the scratch lists as a slice of <paramref name="width"/> senders per lane at <paramref name="at"/>.</summary>
    private void Fill(SlicedLists lists, int at, int width, int[][] scratch, Span<int> count)
    {
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
        private readonly float _radius;

        public GridView(float* x, float* y, int* sortedSlot, int* start, int widthMask, int heightMask, int widthShift, float inverseRadius, float radius)
        {
            _radius = radius;
            var r2 = radius * radius;
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
        /// needed); returns how many. Lowers <paramref name="gap"/> to the smallest |d − r| over every
        /// candidate of its nine cells (how far any candidate is from crossing the radius). The table is at least 4 × 4 buckets, so the nine cells of a
        /// neighbourhood are nine distinct buckets, and a row's three cells are three consecutive buckets
        /// unless the row wraps around the table's width.
        /// </summary>
        public int Visit(int slot, float x, float y, ref int[] output, ref float gap)
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
                    n = Scan(_start[row | x0], _start[(row | x2) + 1], slot, x, y, ref output, n, ref gap);
                }
                else
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var key = row | ((cx + dx) & _widthMask);
                        n = Scan(_start[key], _start[key + 1], slot, x, y, ref output, n, ref gap);
                    }
                }
            }

            return n;
        }

        private int Scan(int first, int end, int slot, float x, float y, ref int[] output, int n, ref float gap)
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
                var vr = Vector256.Create(_radius);
                var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
                var far = Vector256.Create(float.PositiveInfinity);
                var minGap = far;
                for (; i < end; i += AgentBlocks.LanesPerBlock)
                {
                    var ddx = Avx.Subtract(Avx.LoadVector256(_x + i), vx);
                    var ddy = Avx.Subtract(Avx.LoadVector256(_y + i), vy);
                    var d2 = Avx.Add(Avx.Multiply(ddx, ddx), Avx.Multiply(ddy, ddy));
                    var inside = Avx.CompareNotGreaterThan(d2, vr2);
                    var other = Avx2.CompareEqual(Avx.LoadVector256(_sortedSlot + i), self);
                    var bits = (uint)Avx.MoveMask(Avx.AndNot(other.AsSingle(), inside));
                    bits &= end - i >= 8 ? 0xFFu : (1u << (end - i)) - 1;

                    // |d − r| = |d² − r²| / (d + r), for the candidates in range other than the receiver.
                    var g = Avx.Divide(Vector256.Abs(Avx.Subtract(d2, vr2)), Avx.Add(Avx.Sqrt(d2), vr));
                    var valid = Avx.AndNot(other.AsSingle(), Avx2.CompareGreaterThan(Vector256.Create(end - i), lanes).AsSingle());
                    minGap = Avx.Min(minGap, Avx.BlendVariable(far, g, valid));
                    while (bits != 0)
                    {
                        o[n++] = _sortedSlot[i + System.Numerics.BitOperations.TrailingZeroCount(bits)];
                        bits &= bits - 1;
                    }
                }

                for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
                {
                    gap = MathF.Min(gap, minGap.GetElement(lane));
                }

                return n;
            }
#endif
            for (; i < end; i++)
            {
                var ddx = _x[i] - x;
                var ddy = _y[i] - y;

                // Branch-free append: whether a candidate is inside is unpredictable.
                var d2 = (ddx * ddx) + (ddy * ddy);
                o[n] = _sortedSlot[i];
                n += !(d2 > _r2) & (_sortedSlot[i] != slot) ? 1 : 0;
                if (_sortedSlot[i] != slot)
                {
                    gap = MathF.Min(gap, MathF.Abs(d2 - _r2) / (MathF.Sqrt(d2) + _radius));
                }
            }

            return n;
        }
    }
}
