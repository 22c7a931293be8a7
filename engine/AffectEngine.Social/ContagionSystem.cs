using System;
using AffectEngine.Core;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
                    _fused?.ExecuteFused(context, b, b + 1, partition);
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

                _fused?.ExecuteFused(context, b, b + 1, partition);
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
