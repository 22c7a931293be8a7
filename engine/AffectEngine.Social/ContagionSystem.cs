using System;
using AffectEngine.Core;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#if NET
using static AffectEngine.BlockPairs;
#endif
#endif

namespace AffectEngine.Social;

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
    private readonly Simulation _simulation;
    private IFusablePass? _fused;

    public ContagionSystem(Simulation simulation, World world, ContagionState state, FieldId emotion, FieldId traits)
    {
        _simulation = simulation;
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
        // The expression pass reads the emotions this pass has just written: run its blocks here, each right
        // after this pass's own work on it, so the blocks are streamed once (FusableAfter returns a pass only
        // when nothing runs between the two).
        _fused = _simulation.Fuse(this);
        _fused?.BeginFused(context, partitionCount);
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

        if (st.Spatial)
        {
            // The capture pass left in-cell moves out of the sorted grid; write them if this pass lists anyone.
            st.FlushSortedIfListed(partitionCount, _world.BlockCount);
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
            else if (spatialLists.PositionVersion != st.PositionVersion && !st.RefreshSpatialLists(spatialLists))
            {
                st.BuildSpatialLists(spatialLists, firstBlock, endBlock);
            }
        }

        var networkLists = st.Network ? st.NetworkLists : null;
        var fused = _fused;
        fixed (float* first = blocks, net = st.Net)
        fixed (int* channelOffsets = _channelOffsets)
        fixed (int* sStart = spatialLists?.SliceStart, sWidth = spatialLists?.SliceWidth, sSender = spatialLists?.Sender)
        fixed (float* sWeight = spatialLists?.Weight)
        fixed (int* nStart = networkLists?.SliceStart, nWidth = networkLists?.SliceWidth, nSender = networkLists?.Sender)
        fixed (float* nWeight = networkLists?.Weight)
        fixed (int* farStart = networkLists?.FarStart, farSender = networkLists?.FarSender)
        {
            var spatial = spatialLists is not null ? new Slices(sStart, sWidth, sSender, sWeight) : default;
            var network = networkLists is not null ? new Slices(nStart, nWidth, nSender, nWeight, networkLists.UnitWeights, networkLists.HintEverySender ? null : farStart, farSender) : default;
            var pass = new Pass(first, blockStride, count, firstBlock, spatial, network, net, st.NetStride, channelCount, channelOffsets, delta, eta, beta, dt, lines);
#if NET
            // Where 512-bit vectors are accelerated, two blocks per vector (as the affect pass's StepPairs512):
            // half the instructions per agent for the same per-lane operations in the same order.
            var pairs = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && Avx2.IsSupported && !ForceScalar && !ForceOneBlock;
            var pairPad = stackalloc int[2 * L];
            var pairAcc = stackalloc Vector512<float>[1 + ContagionSettings.MaxChannels];
            for (var k = 0; k < L; k++)
            {
                pairPad[k] = st.PadSlot;
                ((float*)(pairPad + L))[k] = 0f;
            }
#endif

            // Run by run, the fused passes after each run (still in L2): a call per block paid the fused passes'
            // per-call set-up once per block.
            var runLength = FusedRuns.Blocks(blockStride, _world.Options.FusedRunBlocks);
            for (var run = 0; run < count; run += runLength)
            {
                var runEnd = Math.Min(run + runLength, count);
                var i = run;
#if NET
                if (pairs)
                {
                    for (; i + 1 < runEnd; i += 2)
                    {
                        var alive = _world.AliveMask(firstBlock + i) | (_world.AliveMask(firstBlock + i + 1) << L);
                        StepPair(pass, i, alive, pairAcc, pairPad);
                    }
                }
#endif
                for (; i < runEnd; i++)
                {
                    StepOne(pass, i, _world.AliveMask(firstBlock + i), sums, scratch);
                }

                fused?.ExecuteFused(context, firstBlock + run, firstBlock + runEnd, partition);
            }
        }
    }

    /// <summary>Tests set this to run the one-block paths (256-bit or scalar) where the paired 512-bit path would run.</summary>
    internal static bool ForceOneBlock { get; set; }

    /// <summary>
    /// The benchmark's A/B switch: address one-channel records (8 bytes) by multiplying the sender by the stride, as
    /// every other record size does, instead of indexing them as 8-byte elements. The same loads, so the same bits.
    /// </summary>
    internal static bool GenericHead { get; set; }

    /// <summary>What every block of one <see cref="Execute"/> call shares (pinned pointers and offsets).</summary>
    private readonly unsafe struct Pass
    {
        public readonly float* First;
        public readonly int BlockStride;
        public readonly int Count;
        public readonly int FirstBlock;
        public readonly Slices Spatial;
        public readonly Slices Network;
        public readonly float* Net;
        public readonly int NetStride;
        public readonly int ChannelCount;
        public readonly int* ChannelOffsets;
        public readonly int Delta;
        public readonly int Eta;
        public readonly int Beta;
        public readonly float Dt;
        public readonly int[] Lines;

        public Pass(float* first, int blockStride, int count, int firstBlock, Slices spatial, Slices network, float* net, int netStride, int channelCount, int* channelOffsets, int delta, int eta, int beta, float dt, int[] lines)
        {
            First = first;
            BlockStride = blockStride;
            Count = count;
            FirstBlock = firstBlock;
            Spatial = spatial;
            Network = network;
            Net = net;
            NetStride = netStride;
            ChannelCount = channelCount;
            ChannelOffsets = channelOffsets;
            Delta = delta;
            Eta = eta;
            Beta = beta;
            Dt = dt;
            Lines = lines;
        }
    }

    /// <summary>
    /// Asks the cache for block i's lines <see cref="ContagionCaptureSystem.BlockPrefetchDistance"/> ahead and
    /// for the records of its network senders <see cref="SenderPrefetchDistance"/> blocks ahead.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(in Pass p, int i)
    {
        ContagionCaptureSystem.Prefetch(p.First + ((long)i * p.BlockStride), i, p.Count, p.BlockStride, p.Lines);
#if NET
        // Network senders are anywhere in the world (long-range edges are cache misses): ask for
        // the records of the block SenderPrefetchDistance ahead so the gathers find them in cache.
        if (p.Network.Start != null && Sse.IsSupported && i + SenderPrefetchDistance < p.Count)
        {
            var ahead = p.FirstBlock + i + SenderPrefetchDistance;

            // Mostly far senders (SlicedLists.HintEverySender): every one, from the list the sums read; else only the
            // senders far from the block, as a near sender's record is on a line the walk has in cache.
            var all = p.Network.FarStart == null;
            var senders = all ? p.Network.Sender : p.Network.FarSender;
            var from = all ? p.Network.Start[ahead] : p.Network.FarStart[ahead];
            var to = all ? from + (p.Network.Width[ahead] * AgentBlocks.LanesPerBlock) : p.Network.FarStart[ahead + 1];
            if (p.NetStride == 2 && !GenericHead)
            {
                // One channel: records indexed as 8-byte elements, as in LoadHead.
                var r = (long*)p.Net;
                for (var e = from; e < to; e++)
                {
                    Sse.Prefetch0(r + senders[e]);
                }
            }
            else
            {
                for (var e = from; e < to; e++)
                {
                    Sse.Prefetch0(p.Net + ((long)senders[e] * p.NetStride));
                }
            }
        }
#endif
    }

    /// <summary>One block: its sums (vector or scalar), then each live receiver's update, one lane at a time.</summary>
    private static unsafe void StepOne(in Pass p, int i, int alive, float* sums, float* scratch)
    {
        const int L = AgentBlocks.LanesPerBlock;
        Prefetch(p, i);
        if (alive == 0)
        {
            return;
        }

        var block = p.First + ((long)i * p.BlockStride);
        var b = p.FirstBlock + i;
        Sum(i, b, p.Spatial, p.Network, p.Net, p.NetStride, p.ChannelCount, sums, scratch);
#if NET
        if (Avx2.IsSupported && !ForceScalar)
        {
            UpdateVector(p, block, alive, sums);
            return;
        }
#endif
        for (var lane = 0; lane < L; lane++)
        {
            var d = block[p.Delta + lane];
            var sumW = sums[lane];
            if ((alive & (1 << lane)) == 0 || !(d > 0f) || !(sumW > 0f))
            {
                continue;
            }

            var k = Math.Min(1f, d * sumW * p.Dt);
            var inv = 1f / sumW;
            var h = block[p.Eta + lane];
            var bias = block[p.Beta + lane];
            for (var c = 0; c < p.ChannelCount; c++)
            {
                // The agent's own last value: nothing wrote it since the capture pass (this pass writes only its own agents, after reading).
                var q = block + p.ChannelOffsets[c] + lane;
                var qi = *q;
                var qs = sums[((1 + c) * L) + lane] * inv;
                var up = 1f - ((1f - qs) * (1f - qi));
                var down = qs * qi;
                var f = (h * ((bias * up) + ((1f - bias) * down))) + ((1f - h) * qs);
                *q = Math.Min(1f, Math.Max(0f, qi + (k * (f - qi))));
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

        /// <summary>Every listed weight is 1 (<see cref="SlicedLists.UnitWeights"/>).</summary>
        public readonly bool Unit;

        /// <summary>The network's far senders per block (<see cref="SlicedLists.FarStart"/>), hinted ahead.</summary>
        public readonly int* FarStart;

        public readonly int* FarSender;

        public Slices(int* start, int* width, int* sender, float* weight, bool unit = false, int* farStart = null, int* farSender = null)
        {
            Start = start;
            Width = width;
            Sender = sender;
            Weight = weight;
            Unit = unit;
            FarStart = farStart;
            FarSender = farSender;
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
                // α is 1 for every listed sender and 0 only for padding, whose record is zeros: 1·r = r and
                // 0·0 = 1·0 = +0, so the weights need not be read (a stream of 4 bytes per entry).
                var index = Avx2.MultiplyLow(Avx.LoadVector256(spatial.Sender + at), stride);
                s = Avx.Add(s, Avx2.GatherVector256(net, index, 4));
                for (var c = 0; c < channelCount; c++)
                {
                    q[c] = Avx.Add(q[c], Avx2.GatherVector256(net + 1 + c, index, 4));
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

    /// <summary>The lane-by-lane update of <see cref="StepOne"/> for the block's eight lanes at once (the same operations per lane, as in <see cref="StepPair"/>).</summary>
    private static unsafe void UpdateVector(in Pass p, float* block, int alive, float* sums)
    {
        var one = Vector256.Create(1f);
        var zero = Vector256<float>.Zero;
        var sumW = Vector256.Load(sums);
        var d = Vector256.Load(block + p.Delta);
        var live = Vector256.GreaterThan(Vector256.Create(alive) & Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128), Vector256<int>.Zero);
        var update = live.AsSingle() & Vector256.GreaterThan(d, zero) & Vector256.GreaterThan(sumW, zero);
        if (update.AsInt32() == Vector256<int>.Zero)
        {
            return;
        }

        var k = Vector256.Min(one, d * sumW * Vector256.Create(p.Dt));
        var inv = one / sumW;
        var h = Vector256.Load(block + p.Eta);
        var bias = Vector256.Load(block + p.Beta);
        for (var c = 0; c < p.ChannelCount; c++)
        {
            var q = block + p.ChannelOffsets[c];
            var qi = Vector256.Load(q);
            var qs = Vector256.Load(sums + ((1 + c) * AgentBlocks.LanesPerBlock)) * inv;
            var up = one - ((one - qs) * (one - qi));
            var down = qs * qi;
            var f = (h * ((bias * up) + ((one - bias) * down))) + ((one - h) * qs);
            var next = Vector256.Min(one, Vector256.Max(zero, qi + (k * (f - qi))));
            Vector256.ConditionalSelect(update, next, qi).Store(q);
        }
    }

    /// <summary>
    /// Two blocks (i, i + 1) in one 512-bit vector per field: <see cref="SumVector"/>'s sums for both, then
    /// the update of every live receiver, each lane with the scalar path's operations in its order (no fused
    /// multiply-add; <see cref="Vector512.Min{T}"/>/<see cref="Vector512.Max{T}"/> are <see cref="Math.Min(float, float)"/>/<see cref="Math.Max(float, float)"/>).
    /// </summary>
    private static unsafe void StepPair(in Pass p, int i, int alive, Vector512<float>* acc, int* pad)
    {
        Prefetch(p, i);
        Prefetch(p, i + 1);
        if (alive == 0)
        {
            return;
        }

        var b0 = p.First + ((long)i * p.BlockStride);
        var b1 = b0 + p.BlockStride;
        SumPair(i, p.FirstBlock + i, p.Spatial, p.Network, p.Net, p.NetStride, p.ChannelCount, acc, pad);
        var one = Vector512.Create(1f);
        var zero = Vector512<float>.Zero;
        var sumW = acc[0];
        var d = Load2(b0 + p.Delta, b1 + p.Delta);
        var live = Vector512.GreaterThan(Vector512.Create(alive) & Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768), Vector512<int>.Zero);
        var update = live.AsSingle() & Vector512.GreaterThan(d, zero) & Vector512.GreaterThan(sumW, zero);
        if (update.AsInt32() == Vector512<int>.Zero)
        {
            return;
        }

        var k = Vector512.Min(one, d * sumW * Vector512.Create(p.Dt));
        var inv = one / sumW;
        var h = Load2(b0 + p.Eta, b1 + p.Eta);
        var bias = Load2(b0 + p.Beta, b1 + p.Beta);
        for (var c = 0; c < p.ChannelCount; c++)
        {
            var q0 = b0 + p.ChannelOffsets[c];
            var q1 = b1 + p.ChannelOffsets[c];
            var qi = Load2(q0, q1);
            var qs = acc[1 + c] * inv;
            var up = one - ((one - qs) * (one - qi));
            var down = qs * qi;
            var f = (h * ((bias * up) + ((one - bias) * down))) + ((one - h) * qs);
            var next = Vector512.Min(one, Vector512.Max(zero, qi + (k * (f - qi))));
            Store2(Vector512.ConditionalSelect(update, next, qi), q0, q1);
        }
    }

    /// <summary>
    /// <see cref="SumVector"/> for blocks sb and sb + 1 (b and b + 1 in the network's lists): the k-th senders
    /// of both blocks' receivers are one vector; a block whose slice is narrower reads the zero record
    /// (<paramref name="pad"/>: eight pad slots, then eight zero weights) past its width, which adds +0 and
    /// leaves its sums as they were (a sum is never −0: it starts at +0). acc[0] gets Σ α·ε, acc[1 + c] Σ α·ε·q_c.
    /// </summary>
    private static unsafe void SumPair(int sb, int b, in Slices spatial, in Slices network, float* net, int ns, int channelCount, Vector512<float>* acc, int* pad)
    {
        const int L = AgentBlocks.LanesPerBlock;
        var stride = Vector256.Create(ns);
        var padWeight = (float*)(pad + L);
        var w = Vector512<float>.Zero;
        for (var c = 0; c < channelCount; c++)
        {
            acc[1 + c] = Vector512<float>.Zero;
        }

        if (spatial.Start != null)
        {
            var at0 = spatial.Start[sb];
            var at1 = spatial.Start[sb + 1];
            var w0 = spatial.Width[sb];
            var w1 = spatial.Width[sb + 1];
            var width = Math.Max(w0, w1);
            var s = Vector512<float>.Zero;
            for (var k = 0; k < width; k++)
            {
                // Unit weights, as in SumVector.
                var s0 = k < w0 ? spatial.Sender + at0 + (k * L) : pad;
                var s1 = k < w1 ? spatial.Sender + at1 + (k * L) : pad;
                var (e, q) = LoadHead(net, s0, s1, ns);
                s += e;
                acc[1] += q;
                if (channelCount > 1)
                {
                    var i0 = Avx2.MultiplyLow(Avx.LoadVector256(s0), stride);
                    var i1 = Avx2.MultiplyLow(Avx.LoadVector256(s1), stride);
                    for (var c = 1; c < channelCount; c++)
                    {
                        acc[1 + c] += Join(Avx2.GatherVector256(net + 1 + c, i0, 4), Avx2.GatherVector256(net + 1 + c, i1, 4));
                    }
                }
            }

            w += s;
        }

        if (network.Start != null)
        {
            var at0 = network.Start[b];
            var at1 = network.Start[b + 1];
            var w0 = network.Width[b];
            var w1 = network.Width[b + 1];
            var width = Math.Max(w0, w1);
            var s = Vector512<float>.Zero;
            var q1 = Vector512<float>.Zero;
            for (var k = 0; k < width; k++)
            {
                var e0 = k < w0 ? at0 + (k * L) : -1;
                var e1 = k < w1 ? at1 + (k * L) : -1;
                var s0 = e0 >= 0 ? network.Sender + e0 : pad;
                var s1 = e1 >= 0 ? network.Sender + e1 : pad;
                // An unweighted network: 1·r is r, so the 4-byte weight stream is not read (a pad entry adds the zero record).
                var a = network.Unit ? Vector512.Create(1f) : Load2(e0 >= 0 ? network.Weight + e0 : padWeight, e1 >= 0 ? network.Weight + e1 : padWeight);
                var (e, q) = LoadHead(net, s0, s1, ns);
                s += a * e;
                if (channelCount == 1)
                {
                    q1 += a * q;
                }
                else
                {
                    acc[1] += a * q;
                    var i0 = Avx2.MultiplyLow(Avx.LoadVector256(s0), stride);
                    var i1 = Avx2.MultiplyLow(Avx.LoadVector256(s1), stride);
                    for (var c = 1; c < channelCount; c++)
                    {
                        acc[1 + c] += a * Join(Avx2.GatherVector256(net + 1 + c, i0, 4), Avx2.GatherVector256(net + 1 + c, i1, 4));
                    }
                }
            }

            w += s;
            if (channelCount == 1)
            {
                acc[1] += q1;
            }
        }

        acc[0] = w;
    }

    /// <summary>
    /// The first two floats of the records of the senders at <paramref name="s0"/> (lower block) and <paramref name="s1"/>
    /// (upper block), ε and ε·q_0, for the pair's 16 receivers: one 8-byte load per record, then split into the even
    /// and the odd floats. Loads, not gathers: on this AMD core the four 4-wide 8-byte gathers they replace took longer
    /// (the spatial social tick at 10^6 agents 8 % longer, a random graph 5 %: benchmarks/README.md, "runs"), and
    /// the values and their order are the same.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector512<float> Epsilon, Vector512<float> EpsilonQ) LoadHead(float* net, int* s0, int* s1, int ns)
    {
        Vector512<float> lower, upper;
        if (ns == 2 && !GenericHead)
        {
            // One channel: a record is 8 bytes, so each is the sender's element of a long array, one load with a scaled
            // index where the stride's multiply and add took three instructions more (8 M records per tick at 10^6
            // agents): the random graph's tick 6-14 % shorter, the small world's 5 %, spatial 4 % ("dflt").
            var r = (long*)net;
            lower = Vector512.Create(r[s0[0]], r[s0[1]], r[s0[2]], r[s0[3]], r[s0[4]], r[s0[5]], r[s0[6]], r[s0[7]]).AsSingle();
            upper = Vector512.Create(r[s1[0]], r[s1[1]], r[s1[2]], r[s1[3]], r[s1[4]], r[s1[5]], r[s1[6]], r[s1[7]]).AsSingle();
        }
        else
        {
            lower = Vector512.Create(
                *(long*)(net + ((long)s0[0] * ns)), *(long*)(net + ((long)s0[1] * ns)), *(long*)(net + ((long)s0[2] * ns)), *(long*)(net + ((long)s0[3] * ns)),
                *(long*)(net + ((long)s0[4] * ns)), *(long*)(net + ((long)s0[5] * ns)), *(long*)(net + ((long)s0[6] * ns)), *(long*)(net + ((long)s0[7] * ns))).AsSingle();
            upper = Vector512.Create(
                *(long*)(net + ((long)s1[0] * ns)), *(long*)(net + ((long)s1[1] * ns)), *(long*)(net + ((long)s1[2] * ns)), *(long*)(net + ((long)s1[3] * ns)),
                *(long*)(net + ((long)s1[4] * ns)), *(long*)(net + ((long)s1[5] * ns)), *(long*)(net + ((long)s1[6] * ns)), *(long*)(net + ((long)s1[7] * ns))).AsSingle();
        }

        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
        return (Avx512F.PermuteVar16x32x2(lower, even, upper), Avx512F.PermuteVar16x32x2(lower, odd, upper));
    }

#endif
}
