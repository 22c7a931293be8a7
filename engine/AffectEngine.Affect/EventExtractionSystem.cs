using System;
using AffectEngine.Core;
#if NET
using System.Runtime.Intrinsics;
#endif

namespace AffectEngine.Affect;

/// <summary>
/// The Publish-stage pass that turns affect changes into <see cref="EngineEvent"/>s: an emotion
/// rising to its up threshold or falling below its down threshold (hysteresis), a new dominant
/// emotion, a new mood octant. Per block it compares the 24 intensities with the thresholds as
/// vectors and keeps one byte of "risen" lanes per emotion (3 bytes per agent), so a tick without
/// changes costs a streaming read of the fields and no per-agent branch.
/// <para>
/// Its memory (risen bits, last dominant emotion and octant) is output bookkeeping, not state: it
/// is not hashed or saved, so attaching the pass never changes a hash. Agents added start from their
/// true (zero) state; the octant is learnt silently at an agent's first tick, since hosts set the
/// mood from personality before it. When the world's tick jumps (a snapshot was loaded), the pass
/// learns the current state silently for that tick and reports changes from the next one.
/// </para>
/// </summary>
internal sealed class EventExtractionSystem : IPartitionedSystem, IAgentLifecycle
{
    private const int L = AgentBlocks.LanesPerBlock;
    private const int E = Emotions.Count;
    private const float Unknown = -1f;

    // Blocks ahead to prefetch, as in the dynamics pass (its measurements: 4 best at 10^6 agents).
    private const int PrefetchDistance = 4;
    private readonly World _world;
    private readonly AffectFields _fields;
    private readonly float[] _up = new float[E];
    private readonly float[] _down = new float[E];

    // Float offsets of the cache lines the pass reads in a block (emotions, dominant, octant).
    private readonly int[] _lines;
    private byte[] _risen = [];
    private float[] _dominant = [];
    private float[] _octant = [];
    private int _blocks;
    private long _lastTick = -1;
    private bool _prime;

    public EventExtractionSystem(World world, AffectFields fields, EventSettings settings)
    {
        _world = world;
        _fields = fields;
        for (var e = 0; e < E; e++)
        {
            _up[e] = settings.Up((EmotionType)e);
            _down[e] = settings.Down((EmotionType)e);
        }

        _lines = CacheLines.Of((fields.Emotion.Offset, E * L), (fields.Dominant.Offset, L), (fields.Octant.Offset, L));
        world.AddLifecycleListener(this);
    }

    public string Name => "affect.events";

    /// <summary>Tests set it to run the scalar comparisons where vectors are available.</summary>
    internal bool ScalarOnly { get; set; }

    public TickStage Stage => TickStage.Publish;

    public void OnAgentAdded(AgentId agent) => ResetLane(agent.Slot);

    public void OnAgentRemoved(AgentId agent) => ResetLane(agent.Slot);

    public void BeginTick(in TickContext context, int partitionCount)
    {
        EnsureBlocks(_world.BlockCount);

        // The pass runs after the tick counter moved on, so the tick it reports is context.Tick.
        _prime = context.Tick != _lastTick + 1;
        _lastTick = context.Tick;
        _world.Events.BeginPartitions(partitionCount);
    }

    public void EndTick(in TickContext context, int partitionCount) => _world.Events.CommitPartitions(partitionCount);

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        Span<byte> changed = stackalloc byte[E];
#if NET
        if (Vector256.IsHardwareAccelerated && !ScalarOnly)
        {
            ExecuteVector(context.Tick, firstBlock, endBlock, partition, changed);
            return;
        }
#endif
        ExecuteScalar(context.Tick, firstBlock, endBlock, partition, changed);
    }

#if NET
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void ExecuteVector(long tick, int firstBlock, int endBlock, int partition, Span<byte> changed)
    {
        var e0 = _fields.Emotion.Offset;
        var dom = _fields.Dominant.Offset;
        var oct = _fields.Octant.Offset;
        var stride = _world.BlockStride;
        var count = endBlock - firstBlock;
        var unknown = Vector256.Create(Unknown);
        Span<Vector256<float>> up = stackalloc Vector256<float>[E];
        Span<Vector256<float>> down = stackalloc Vector256<float>[E];
        for (var e = 0; e < E; e++)
        {
            up[e] = Vector256.Create(_up[e]);
            down[e] = Vector256.Create(_down[e]);
        }

        fixed (float* start = _world.Blocks(firstBlock, endBlock))
        fixed (byte* risenAll = _risen)
        fixed (float* lastDom = _dominant, lastOct = _octant)
        {
            for (var n = 0; n < count; n++)
            {
                var b = firstBlock + n;
                var alive = _world.AliveMask(b);
                if (alive == 0)
                {
                    continue;
                }

                var block = start + ((long)n * stride);

                // The pass reads under half of each block, so the hardware prefetcher loses the stream at every gap.
                if (n + PrefetchDistance < count)
                {
                    AgentBlocks.Prefetch(block + ((long)PrefetchDistance * stride), _lines);
                }

                var risen = risenAll + ((long)b * E);
                var any = 0;
                for (var e = 0; e < E; e++)
                {
                    var i = Vector256.Load(block + e0 + (e * L));
                    var above = (int)Vector256.ExtractMostSignificantBits(Vector256.GreaterThanOrEqual(i, up[e]));
                    var below = (int)Vector256.ExtractMostSignificantBits(Vector256.LessThan(i, down[e]));
                    int before = risen[e];
                    var now = (_prime ? above : above | (before & ~below)) & alive;
                    risen[e] = (byte)now;
                    var c = (now ^ before) & alive;
                    changed[e] = (byte)c;
                    any |= c;
                }

                var d = Vector256.Load(block + dom);
                var o = Vector256.Load(block + oct);
                var pd = Vector256.Load(lastDom + ((long)b * L));
                var po = Vector256.Load(lastOct + ((long)b * L));
                var domChanged = (int)Vector256.ExtractMostSignificantBits(~Vector256.Equals(d, pd)) & alive;

                // An unknown octant is learnt, not reported (see the class remarks).
                var octChanged = (int)Vector256.ExtractMostSignificantBits(~Vector256.Equals(o, po) & ~Vector256.Equals(po, unknown)) & alive;
                d.Store(lastDom + ((long)b * L));
                o.Store(lastOct + ((long)b * L));
                if (_prime || (any | domChanged | octChanged) == 0)
                {
                    continue;
                }

                Emit(tick, b, partition, block, changed, risen, domChanged, octChanged, pd, po);
            }
        }
    }

    private unsafe void Emit(long tick, int b, int partition, float* block, Span<byte> changed, byte* risen, int domChanged, int octChanged, Vector256<float> pd, Vector256<float> po)
    {
        var e0 = _fields.Emotion.Offset;
        var events = _world.Events;
        for (var lane = 0; lane < L; lane++)
        {
            var bit = 1 << lane;
            var slot = (b * L) + lane;
            var agent = _world.AgentAt(slot);
            for (var e = 0; e < E; e++)
            {
                if ((changed[e] & bit) != 0)
                {
                    var up = (risen[e] & bit) != 0;
                    events.AppendFromPartition(partition, new EngineEvent(tick, agent, up ? EngineEventKind.EmotionRose : EngineEventKind.EmotionFell, e, up ? _up[e] : _down[e], block[e0 + (e * L) + lane]));
                }
            }

            if ((domChanged & bit) != 0)
            {
                var to = block[_fields.Dominant.Offset + lane];
                events.AppendFromPartition(partition, new EngineEvent(tick, agent, EngineEventKind.DominantChanged, (int)to, pd.GetElement(lane), to));
            }

            if ((octChanged & bit) != 0)
            {
                var to = block[_fields.Octant.Offset + lane];
                events.AppendFromPartition(partition, new EngineEvent(tick, agent, EngineEventKind.MoodOctantChanged, (int)to, po.GetElement(lane), to));
            }
        }
    }
#endif

    /// <summary>The same comparisons lane by lane (netstandard2.1, or hardware without 256-bit vectors).</summary>
    internal void ExecuteScalar(long tick, int firstBlock, int endBlock, int partition, Span<byte> changed)
    {
        var e0 = _fields.Emotion.Offset;
        var dom = _fields.Dominant.Offset;
        var oct = _fields.Octant.Offset;
        var events = _world.Events;
        for (var b = firstBlock; b < endBlock; b++)
        {
            var alive = _world.AliveMask(b);
            if (alive == 0)
            {
                continue;
            }

            var block = _world.Block(b);
            for (var lane = 0; lane < L; lane++)
            {
                var bit = 1 << lane;
                if ((alive & bit) == 0)
                {
                    continue;
                }

                var agent = _world.AgentAt((b * L) + lane);
                for (var e = 0; e < E; e++)
                {
                    var i = block[e0 + (e * L) + lane];
                    ref var risen = ref _risen[(b * E) + e];
                    var before = (risen & bit) != 0;
                    var now = i >= _up[e] || (!_prime && before && !(i < _down[e]));
                    risen = (byte)(now ? risen | bit : risen & ~bit);
                    if (now != before && !_prime)
                    {
                        events.AppendFromPartition(partition, new EngineEvent(tick, agent, now ? EngineEventKind.EmotionRose : EngineEventKind.EmotionFell, e, now ? _up[e] : _down[e], i));
                    }
                }

                ref var lastDom = ref _dominant[(b * L) + lane];
                var d = block[dom + lane];
                if (d != lastDom && !_prime)
                {
                    events.AppendFromPartition(partition, new EngineEvent(tick, agent, EngineEventKind.DominantChanged, (int)d, lastDom, d));
                }

                lastDom = d;
                ref var lastOct = ref _octant[(b * L) + lane];
                var o = block[oct + lane];
                if (o != lastOct && lastOct != Unknown && !_prime)
                {
                    events.AppendFromPartition(partition, new EngineEvent(tick, agent, EngineEventKind.MoodOctantChanged, (int)o, lastOct, o));
                }

                lastOct = o;
            }
        }

        changed.Clear();
    }

    private void EnsureBlocks(int blocks)
    {
        if (blocks <= _blocks)
        {
            return;
        }

        var size = Math.Max(blocks, _blocks * 2);
        Array.Resize(ref _risen, size * E);
        Array.Resize(ref _dominant, size * L);
        Array.Resize(ref _octant, size * L);

        // Fresh slots hold no agent yet: no emotion risen, no dominant emotion, octant not known.
        for (var i = _blocks * L; i < size * L; i++)
        {
            _dominant[i] = -1f;
            _octant[i] = Unknown;
        }

        _blocks = size;
    }

    private void ResetLane(int slot)
    {
        EnsureBlocks((slot / L) + 1);
        var b = slot / L;
        var keep = (byte)~(1 << (slot % L));
        for (var e = 0; e < E; e++)
        {
            _risen[(b * E) + e] &= keep;
        }

        _dominant[slot] = -1f;
        _octant[slot] = Unknown;
    }
}
