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
/// <para>
/// It is an <see cref="IFusablePass"/>: when the behaviour pass runs right before it, that pass runs these
/// block comparisons on each block it has just read (the events are staged then and committed here), so
/// the blocks are streamed once; it reads only emotions, dominant emotion and octant, which nothing after
/// the Express stage's expression writes.
/// </para>
/// </summary>
internal sealed class EventExtractionSystem : IFusablePass, IAgentLifecycle
{
    private const int L = AgentBlocks.LanesPerBlock;
    private const int E = Emotions.Count;
    private const float Unknown = -1f;

    // Eight emotions' lane masks fill one 64-bit word (byte e = emotion e's lanes), so the 24 emotions
    // of a block are three words, laid out as the 24 bytes of risen bits per block.
    private const int EmotionsPerWord = 8;
    private const int Words = E / EmotionsPerWord;
    private const ulong EveryByte = 0x0101010101010101UL;

    // Blocks ahead to prefetch, as in the dynamics pass (its measurements: 4 best at 10^6 agents).
    private const int PrefetchDistance = 4;
    private readonly World _world;
    private readonly AffectFields _fields;
    private readonly float[] _up = new float[E];
    private readonly float[] _down = new float[E];

    // The thresholds repeated per lane (emotion e at [e × 8, e × 8 + 8)), laid out as the emotion rows of a block.
    private readonly float[] _upLanes = new float[E * L];
    private readonly float[] _downLanes = new float[E * L];

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
            for (var lane = 0; lane < L; lane++)
            {
                _upLanes[(e * L) + lane] = _up[e];
                _downLanes[(e * L) + lane] = _down[e];
            }
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
        Begin(context, partitionCount);
    }

    public void BeginFused(in TickContext context, int partitionCount) => Begin(context, partitionCount);

    public void EndTick(in TickContext context, int partitionCount)
    {
        _world.Events.CommitPartitions(partitionCount);
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
#if NET
        if (Vector256.IsHardwareAccelerated && !ScalarOnly)
        {
            ExecuteVector(context.Tick, firstBlock, endBlock, partition, hint: true);
            return;
        }
#endif
        for (var b = firstBlock; b < endBlock; b++)
        {
            ExtractScalar(context.Tick, b, partition);
        }
    }

    public void ExecuteFused(in TickContext context, int firstBlock, int endBlock, int partition)
    {
#if NET
        if (Vector256.IsHardwareAccelerated && !ScalarOnly)
        {
            // The host streams the emotion rows, not the dominant emotion's line: hint this pass's lines ahead as
            // when it runs alone (the host's own hints make most of them free).
            if (endBlock + PrefetchDistance <= _world.BlockCount)
            {
                Prefetch(endBlock + PrefetchDistance - 1);
            }

            // No hints within the run: the host has just written or read every line this pass reads in it (measured
            // 2 % of the fused block work in the light behaviour world, benchmarks/README.md "extract2").
            ExecuteVector(context.Tick, firstBlock, endBlock, partition, hint: false);
            return;
        }
#endif
        for (var b = firstBlock; b < endBlock; b++)
        {
            ExtractScalar(context.Tick, b, partition);
        }
    }

#if NET
    private unsafe void Prefetch(int block)
    {
        fixed (float* p = _world.Block(block))
        {
            AgentBlocks.Prefetch(p, _lines);
        }
    }
#endif

    private void Begin(in TickContext context, int partitionCount)
    {
        EnsureBlocks(_world.BlockCount);

        // The pass runs after the tick counter moved on, so the tick it reports is context.Tick.
        _prime = context.Tick != _lastTick + 1;
        _lastTick = context.Tick;
        _world.Events.BeginPartitions(partitionCount);
    }

#if NET
    /// <summary>
    /// Per block: the 24 emotions' "at or above up" and "below down" lane masks, eight emotions to a 64-bit
    /// word, then the hysteresis update on three words (risen' = above | (risen and not below)); a block
    /// reports only when a word, the dominant emotion or the octant changed, which is rare.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void ExecuteVector(long tick, int firstBlock, int endBlock, int partition, bool hint)
    {
        var e0 = _fields.Emotion.Offset;
        var dom = _fields.Dominant.Offset;
        var oct = _fields.Octant.Offset;
        var stride = _world.BlockStride;
        var count = endBlock - firstBlock;
        var unknown = Vector256.Create(Unknown);
        var prime = _prime;
        var changed = stackalloc ulong[Words];
        var wide = Vector512.IsHardwareAccelerated;
        fixed (float* start = _world.Blocks(firstBlock, endBlock))
        fixed (byte* risenAll = _risen)
        fixed (float* lastDom = _dominant, lastOct = _octant)
        fixed (float* up = _upLanes, down = _downLanes)
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
                if (hint && n + PrefetchDistance < count)
                {
                    AgentBlocks.Prefetch(block + ((long)PrefetchDistance * stride), _lines);
                }

                var aliveWord = alive * EveryByte;
                var risen = (ulong*)(risenAll + ((long)b * E));
                ulong any = 0;
                if (wide)
                {
                    // Written out: as a loop the JIT kept the pair index and the shifts in the loop and spilled the
                    // word's pointers, about twice the instructions of the compares themselves.
                    any = Word512(block + e0, up, down, risen, changed, aliveWord, prime)
                        | Word512(block + e0 + (EmotionsPerWord * L), up + (EmotionsPerWord * L), down + (EmotionsPerWord * L), risen + 1, changed + 1, aliveWord, prime)
                        | Word512(block + e0 + (2 * EmotionsPerWord * L), up + (2 * EmotionsPerWord * L), down + (2 * EmotionsPerWord * L), risen + 2, changed + 2, aliveWord, prime);
                }
                else
                {
                    for (var w = 0; w < Words; w++)
                    {
                        var at = w * EmotionsPerWord * L;
                        var (above, below) = Masks(block + e0 + at, up + at, down + at);
                        any |= Update(above, below, risen + w, changed + w, aliveWord, prime);
                    }
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
                if (prime || (any | (uint)domChanged | (uint)octChanged) == 0)
                {
                    continue;
                }

                Emit(tick, b, partition, block, changed, risen, domChanged, octChanged, pd, po);
            }
        }
    }

    /// <summary>
    /// One word (eight emotion rows) of a block with 512-bit compares: the hysteresis update of its risen bits, its
    /// changed bits stored, and returned.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong Word512(float* rows, float* up, float* down, ulong* risen, ulong* changed, ulong aliveWord, bool prime)
    {
        // Two rows per vector: its 16 mask bits are the two rows' bytes, in order.
        var i0 = Vector512.Load(rows);
        var i1 = Vector512.Load(rows + (2 * L));
        var i2 = Vector512.Load(rows + (4 * L));
        var i3 = Vector512.Load(rows + (6 * L));
        var above = Vector512.ExtractMostSignificantBits(Vector512.GreaterThanOrEqual(i0, Vector512.Load(up)))
            | (Vector512.ExtractMostSignificantBits(Vector512.GreaterThanOrEqual(i1, Vector512.Load(up + (2 * L)))) << 16)
            | (Vector512.ExtractMostSignificantBits(Vector512.GreaterThanOrEqual(i2, Vector512.Load(up + (4 * L)))) << 32)
            | (Vector512.ExtractMostSignificantBits(Vector512.GreaterThanOrEqual(i3, Vector512.Load(up + (6 * L)))) << 48);
        var below = Vector512.ExtractMostSignificantBits(Vector512.LessThan(i0, Vector512.Load(down)))
            | (Vector512.ExtractMostSignificantBits(Vector512.LessThan(i1, Vector512.Load(down + (2 * L)))) << 16)
            | (Vector512.ExtractMostSignificantBits(Vector512.LessThan(i2, Vector512.Load(down + (4 * L)))) << 32)
            | (Vector512.ExtractMostSignificantBits(Vector512.LessThan(i3, Vector512.Load(down + (6 * L)))) << 48);
        return Update(above, below, risen, changed, aliveWord, prime);
    }

    /// <summary>
    /// The hysteresis of one word: risen' = above | (risen and not below) (when priming, above alone), over live
    /// lanes; stores risen' and the changed bits, and returns the latter.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong Update(ulong above, ulong below, ulong* risen, ulong* changed, ulong aliveWord, bool prime)
    {
        var before = *risen;
        var now = (prime ? above : above | (before & ~below)) & aliveWord;
        *risen = now;
        var c = (now ^ before) & aliveWord;
        *changed = c;
        return c;
    }

    /// <summary>Eight emotion rows from <paramref name="rows"/> with 256-bit compares (<see cref="Word512"/> where 512-bit vectors run): bit 8j + lane of the first word is set when row j's lane is ≥ its up threshold, of the second when it is below its down threshold.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe (ulong Above, ulong Below) Masks(float* rows, float* up, float* down)
    {
        ulong above = 0, below = 0;
        for (var j = 0; j < EmotionsPerWord; j++)
        {
            var i = Vector256.Load(rows + (j * L));
            above |= (ulong)Vector256.ExtractMostSignificantBits(Vector256.GreaterThanOrEqual(i, Vector256.Load(up + (j * L)))) << (8 * j);
            below |= (ulong)Vector256.ExtractMostSignificantBits(Vector256.LessThan(i, Vector256.Load(down + (j * L)))) << (8 * j);
        }

        return (above, below);
    }

    /// <summary>
    /// A block's events, lane by lane and per lane in emotion order, then the dominant emotion, then the octant.
    /// Visits only the lanes and emotions that changed: in a crowd in motion thousands of blocks report per tick, and
    /// the walk over all 8 × 24 bits took more samples than the pass's compares (perf; benchmarks/README.md, expr).
    /// </summary>
    private unsafe void Emit(long tick, int b, int partition, float* block, ulong* changed, ulong* risen, int domChanged, int octChanged, Vector256<float> pd, Vector256<float> po)
    {
        var e0 = _fields.Emotion.Offset;
        var events = _world.Events;

        // Bit 8j + lane of word w is emotion 8w + j's lane: fold the bytes to get the lanes with a change.
        var folded = changed[0] | changed[1] | changed[2];
        folded |= folded >> 32;
        folded |= folded >> 16;
        folded |= folded >> 8;
        var lanes = (uint)(folded & 0xFF) | (uint)domChanged | (uint)octChanged;
        while (lanes != 0)
        {
            var lane = System.Numerics.BitOperations.TrailingZeroCount(lanes);
            lanes &= lanes - 1;
            var bit = 1UL << lane;
            var agent = _world.AgentAt((b * L) + lane);
            for (var w = 0; w < Words; w++)
            {
                // One bit per emotion of the word, at 8j.
                var bits = (changed[w] >> lane) & EveryByte;
                while (bits != 0)
                {
                    var e = (w * EmotionsPerWord) + (System.Numerics.BitOperations.TrailingZeroCount(bits) >> 3);
                    bits &= bits - 1;
                    var up = (risen[w] & (bit << ((e - (w * EmotionsPerWord)) * 8))) != 0;
                    events.AppendFromPartition(partition, new EngineEvent(tick, agent, up ? EngineEventKind.EmotionRose : EngineEventKind.EmotionFell, e, up ? _up[e] : _down[e], block[e0 + (e * L) + lane]));
                }
            }

            if ((domChanged & (1 << lane)) != 0)
            {
                var to = block[_fields.Dominant.Offset + lane];
                events.AppendFromPartition(partition, new EngineEvent(tick, agent, EngineEventKind.DominantChanged, (int)to, pd.GetElement(lane), to));
            }

            if ((octChanged & (1 << lane)) != 0)
            {
                var to = block[_fields.Octant.Offset + lane];
                events.AppendFromPartition(partition, new EngineEvent(tick, agent, EngineEventKind.MoodOctantChanged, (int)to, po.GetElement(lane), to));
            }
        }
    }
#endif

    /// <summary>The same comparisons lane by lane, one block (netstandard2.1, or hardware without 256-bit vectors).</summary>
    internal void ExtractScalar(long tick, int b, int partition)
    {
        var e0 = _fields.Emotion.Offset;
        var dom = _fields.Dominant.Offset;
        var oct = _fields.Octant.Offset;
        var events = _world.Events;
        var alive = _world.AliveMask(b);
        if (alive == 0)
        {
            return;
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
