using System;
using System.Collections.Generic;
using System.Numerics;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using AffectEngine.Core;
#if NET
using static AffectEngine.BlockPairs;
#endif

namespace AffectEngine.Affect;

/// <summary>
/// The Express stage, per agent: the dominant emotion (or -1 under the threshold), ALMA's mood
/// octant and intensity class, and facial action units: each basic expression takes the strongest
/// intensity of the OCC types mapped to it, and each AU the strongest weighted expression
/// (EMFACS prototypes; max keeps every AU in [0, 1]). Touches only its own blocks; no allocation.
/// <para>
/// It is an <see cref="IFusablePass"/>: when the contagion pass (or, with no Social-stage system, the dynamics
/// pass) runs right before it, that pass runs these blocks right after its own work on each, while the emotion
/// rows are in cache. Exact because a block's expression reads only that block's emotions and mood, which
/// nothing writes after its host has finished that block, and neither host reads an expression field.
/// When fused, it forwards each run of blocks it is handed to the fusable pass after it, if any (the
/// behaviour pass), so a chain of passes streams the blocks once.
/// </para>
/// <para>
/// With action units on read it writes three rows, and two more shortcuts apply: around the contagion pass it
/// splits (<see cref="BeginSplit"/>), and the dynamics pass's 512-bit loop computes the block pairs' share
/// itself (<see cref="DynamicsBeginsTick"/>); docs/architecture.md, "Fused passes".
/// </para>
/// </summary>
internal sealed class ExpressSystem : ISplitFusablePass
{
    private const int L = AgentBlocks.LanesPerBlock;
    private readonly World _world;
    private readonly Simulation? _simulation;
    private readonly AffectFields _fields;
    private readonly ExpressionTable _table;

    // When fused: the pass after this one that this one hosts in turn (behaviour.act), or null.
    private IFusablePass? _next;

    private readonly int[] _auStart = new int[AffectFields.ActionUnitCount + 1];
    private readonly int[] _auExpression;
    private readonly float[] _auWeight;

    // The vector path's tables, prepared once (the table is this system's own copy and never changes).
    private readonly int[] _map = new int[Emotions.Count];
    private readonly Vector<float>[] _pairWeight;
    private readonly int[] _pairExpression;
    private readonly int[] _auEnd = new int[AffectFields.ActionUnitCount];
    private readonly Vector<int> _laneBits;

    // The paired path's tables: per basic expression, the emotions it shows in ascending order (CSR), so
    // each expression's maximum runs in a register instead of through a stack slot per emotion.
    private readonly int[] _exprStart = new int[ExpressionTable.ExpressionCount + 1];
    private readonly int[] _exprEmotion;

    // The lines of a block the vector path reads or writes (float offsets), for its prefetch: not the lines of the
    // fields between them (default mood, decay rates, personality), a sixth of the range's lines that it never uses.
    private readonly int[] _lines;

    // The lines of the rows it writes only (dominant, octant, action units, class): the hints when the host pass has
    // just read or written the emotion and mood rows (the dynamics pass), so those are in cache.
    private readonly int[] _outputLines;

    // The tick in which the host is the dynamics pass (set by it before it hands over any block), or −1.
    private long _inputsCachedTick = -1;

    // This tick's share done inside the dynamics pass's paired loop (Inline), or null; cleared at EndTick.
    private InlineExpression? _inlineNow;

    // False when the action units are computed on read (the world has no such fields): the pass writes the
    // dominant emotion, octant and class only.
    private readonly bool _actionUnits;

    // The emotions the dominant emotion is chosen from, ascending, and their indices as the floats stored.
    private readonly int[] _allEmotion = new int[Emotions.Count];
    private readonly float[] _allEmotionF = new float[Emotions.Count];

    // The split around the contagion pass (BeginSplit): the emotions that are not contagious, and the contagious
    // ones (the channels) with their indices as floats.
    private int[]? _splitChannels;
    private float[] _splitChannelF = [];
    private int[] _partEmotion = [];
    private float[] _partEmotionF = [];
    private readonly int[] _mergeLines;

    // Per block, 16 floats: the running maximum over the emotions that are not contagious (8 lanes), then the
    // index of the first emotion that reached it (8 lanes), from the early part to the merge.
    private float[] _partial = [];
    private long _splitTick = -1;

    // Action units on read, the 512-bit dynamics loop in use: that loop computes the dominant emotion (or, split, the
    // early part's maximum and index), octant and class of the blocks it pairs, while the values are in registers
    // (DynamicsBeginsTick). This pass then computes only a run's unpaired last block.
    private readonly InlineExpression _inlineFull;
    private InlineExpression? _inlinePart;

    public ExpressSystem(World world, AffectFields fields, ExpressionTable table, Simulation? simulation = null)
    {
        _world = world;
        _simulation = simulation;
        _fields = fields;
        _table = table;

        // The prototypes are sparse (25 of 98 cells): keep, per AU, only its non-zero (expression, weight) pairs.
        var weights = table.Weights;
        var count = 0;
        foreach (var w in weights)
        {
            count += w > 0f ? 1 : 0;
        }

        _auExpression = new int[count];
        _auWeight = new float[count];
        var k = 0;
        for (var a = 0; a < AffectFields.ActionUnitCount; a++)
        {
            _auStart[a] = k;
            for (var x = 0; x < ExpressionTable.ExpressionCount; x++)
            {
                var w = weights[(x * AffectFields.ActionUnitCount) + a];
                if (w > 0f)
                {
                    _auExpression[k] = x;
                    _auWeight[k] = w;
                    k++;
                }
            }
        }

        _auStart[AffectFields.ActionUnitCount] = k;

        var mapOf = table.ExpressionIndexOf;
        for (var e = 0; e < Emotions.Count; e++)
        {
            _map[e] = mapOf[e];
            if (_map[e] >= ExpressionTable.ExpressionCount)
            {
                throw new InvalidOperationException($"Expression table maps emotion {e} to expression {_map[e]}; there are {ExpressionTable.ExpressionCount}.");
            }
        }

        _pairWeight = new Vector<float>[Math.Max(1, count)];
        _pairExpression = new int[Math.Max(1, count)];
        for (var p = 0; p < count; p++)
        {
            _pairWeight[p] = new Vector<float>(_auWeight[p]);
            _pairExpression[p] = _auExpression[p];
        }

        for (var a = 0; a < AffectFields.ActionUnitCount; a++)
        {
            _auEnd[a] = _auStart[a + 1];
        }

        var bits = new int[Vector<int>.Count];
        for (var i = 0; i < bits.Length; i++)
        {
            bits[i] = i < L ? 1 << i : 0;
        }

        _laneBits = new Vector<int>(bits);

        var mapped = 0;
        foreach (var x in _map)
        {
            mapped += x >= 0 ? 1 : 0;
        }

        _exprEmotion = new int[Math.Max(1, mapped)];
        var q = 0;
        for (var x = 0; x < ExpressionTable.ExpressionCount; x++)
        {
            _exprStart[x] = q;
            for (var e = 0; e < Emotions.Count; e++)
            {
                if (_map[e] == x)
                {
                    _exprEmotion[q++] = e;
                }
            }
        }

        _exprStart[ExpressionTable.ExpressionCount] = q;
        for (var e = 0; e < Emotions.Count; e++)
        {
            _allEmotion[e] = e;
            _allEmotionF[e] = e;
        }

        _actionUnits = fields.HasActionUnitFields;
        int e0 = fields.Emotion.Index, m = fields.Mood.Index;
        int dom = fields.Dominant.Index, oct = fields.Octant.Index, cls = fields.MoodClass.Index;
        var outputs = new List<(int Offset, int Floats)> { (dom * L, L), (oct * L, L), (cls * L, L) };
        if (_actionUnits)
        {
            outputs.Add((fields.ActionUnitIntensity.Index * L, AffectFields.ActionUnitCount * L));
        }

        _outputLines = CacheLines.Of(outputs.ToArray());
        outputs.Add((e0 * L, Emotions.Count * L));
        outputs.Add((m * L, 3 * L));
        _lines = CacheLines.Of(outputs.ToArray());

        _mergeLines = CacheLines.Of((dom * L, L));
        _inlineFull = new InlineExpression(InlineTable(null), full: true, this);
    }

    /// <summary>Per emotion, the include flag (1 or 0: contagious emotions are left to the merge) and the index, as floats.</summary>
    private static float[] InlineTable(bool[]? contagious)
    {
        var t = new float[Emotions.Count * 2];
        for (var e = 0; e < Emotions.Count; e++)
        {
            t[2 * e] = contagious is not null && contagious[e] ? 0f : 1f;
            t[(2 * e) + 1] = e;
        }

        return t;
    }

    /// <summary>
    /// Tick thread, from the dynamics pass's BeginTick once it has handed over its fused pass (so after the capture's
    /// BeginFused, which asks for a split). <paramref name="hosted"/>: the dynamics pass hosts this pass (no
    /// contagion), so the emotion and mood lines will be in cache. <paramref name="pairedLoop"/>: its 512-bit paired
    /// loop will run. Returns the expression work that loop does inline this tick, or null: with action units on read,
    /// the dominant emotion, octant and class when hosted; the split's early part when the tick is split.
    /// </summary>
    internal InlineExpression? DynamicsBeginsTick(long tick, bool hosted, bool pairedLoop)
    {
        if (hosted)
        {
            _inputsCachedTick = tick;
        }

        _inlineNow = _actionUnits || !pairedLoop || Vector<float>.Count != L ? null
            : hosted ? _inlineFull
            : _splitTick == tick ? _inlinePart
            : null;
        return _inlineNow;
    }

    /// <summary>
    /// Where the blocks the dynamics pass's paired loop left unpaired in a run start: its loop pairs from the run's
    /// first block, so an odd run leaves its last block.
    /// </summary>
    internal static int UnpairedFrom(int firstBlock, int endBlock) => firstBlock + ((endBlock - firstBlock) & ~1);

    /// <summary>The dynamics loop's share of the expression work (see <see cref="DynamicsBeginsTick"/>).</summary>
    internal sealed class InlineExpression
    {
        public InlineExpression(float[] table, bool full, ExpressSystem express)
        {
            Table = table;
            Full = full;
            Express = express;
            var f = express._fields;
            Threshold = express._table.DominantThreshold;
            Dominant = f.Dominant.Offset;
            Octant = f.Octant.Offset;
            Class = f.MoodClass.Offset;
            Lines = express._outputLines;
        }

        /// <summary>Per emotion: include (1 or 0) and index, as floats.</summary>
        public float[] Table { get; }

        /// <summary>True: store the dominant emotion; false: keep the maximum and index for the merge (the split).</summary>
        public bool Full { get; }

        public ExpressSystem Express { get; }

        public float Threshold { get; }

        public int Dominant { get; }

        public int Octant { get; }

        public int Class { get; }

        /// <summary>The output rows' cache lines (float offsets), to hint ahead.</summary>
        public int[] Lines { get; }

        /// <summary>The split's side buffer (16 floats per block).</summary>
        public float[] Partial => Express._partial;
    }

    public string Name => "affect.express";

    public TickStage Stage => TickStage.Express;

    public void BeginTick(in TickContext context, int partitionCount)
    {
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
        // A split belongs to one run of one tick: a tick computed again (after a snapshot load) decides afresh.
        _splitTick = -1;
        _inlineNow = null;
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        if (_splitTick == context.Tick)
        {
            Merge(firstBlock, endBlock, endBlock);
        }
        else if (Vector<float>.Count == L)
        {
            ExecuteVector(firstBlock, endBlock);
        }
        else
        {
            ExecuteScalar(firstBlock, endBlock);
        }
    }

    /// <summary>Blocks ahead whose fields <see cref="ExecuteVector"/> asks the cache for (as the affect pass does).</summary>
    private const int PrefetchDistance = 4;

    public void BeginFused(in TickContext context, int partitionCount)
    {
        // The host streams the blocks for this pass too: let it carry the next fusable pass's blocks as well.
        _next = _simulation?.Fuse(this);
        _next?.BeginFused(context, partitionCount);
    }

    public void ExecuteFused(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        if (_inlineNow is { Full: true })
        {
            // The dynamics loop has expressed the run's block pairs.
            ExpressBlocks256(UnpairedFrom(firstBlock, endBlock), endBlock, prefetchPastEnd: false, _outputLines, split: false);
        }
        else if (_splitTick == context.Tick)
        {
            // The early part ran in the dynamics pass's stream; the contagion pass (the host) has just written this
            // run's contagious emotions: fold them in.
            Merge(firstBlock, endBlock, Math.Min(endBlock + PrefetchDistance, _world.BlockCount));
        }
        else if (Vector<float>.Count == L)
        {
            // The host streams its own lines (contagion: traits and channels; dynamics: emotions and mood), not the
            // action units it never reads: hint this pass's lines ahead, past the run too, as when it runs alone. After
            // the dynamics pass only the output rows' lines: hints for lines in cache cost their instructions and
            // nothing else (in-process A/B: the fused tick 0.956–0.965 of hinting every line; no hints at all 1.17).
            ExpressVector(firstBlock, endBlock, endBlock + PrefetchDistance <= _world.BlockCount, _inputsCachedTick == context.Tick ? _outputLines : _lines);
        }
        else
        {
            ExecuteScalar(firstBlock, endBlock);
        }

        _next?.ExecuteFused(context, firstBlock, endBlock, partition);
    }

    /// <summary>The vector path: two blocks per 512-bit vector where accelerated, else one 8-lane vector per field of a block; dead lanes keep their (zero) values.</summary>
    internal void ExecuteVector(int firstBlock, int endBlock) => ExpressVector(firstBlock, endBlock, prefetchPastEnd: false, _lines);

    /// <summary>
    /// Tick thread, from the contagion capture when it runs fused in the dynamics pass's stream and the contagion
    /// pass will host this pass: splits this tick's block work around the contagion pass, which rewrites only the
    /// contagious emotions (<paramref name="components"/> of <paramref name="field"/>). The early part
    /// (<see cref="ExecuteEarly"/>, in the dynamics stream while the rows are in cache) writes the octant and class
    /// and keeps the maximum and first index over the other emotions; the merge, at this pass's place, folds the
    /// contagious emotions in, so the contagion stream does not read the other 20-odd emotion rows again. Exact: the
    /// dominant emotion is the first index reaching the maximum, and a maximum is the same in any grouping. Only
    /// with action units on read (with them per tick the merge would rewrite the units of every expression a
    /// contagious emotion shows, measured slower: benchmarks/README.md, "split"), and only on the 8-lane paths.
    /// </summary>
    public bool BeginSplit(in TickContext context, FieldId field, int[] components)
    {
        if (_actionUnits || Vector<float>.Count != L || field != _fields.Emotion)
        {
            return false;
        }

        if (!ReferenceEquals(components, _splitChannels))
        {
            BuildSplit(components);
        }

        var need = _world.BlockCount * 2 * L;
        if (_partial.Length < need)
        {
            // Only when the world grew: a step, not per tick.
            _partial = new float[need];
        }

        _splitTick = context.Tick;
        return true;
    }

    /// <summary>The early part of a split tick over blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>), from the capture's run (any partition's thread).</summary>
    public void ExecuteEarly(int firstBlock, int endBlock)
    {
        // When the dynamics loop did the run's block pairs (the capture runs over the same runs), only the rest is left.
        var from = _inlineNow is { Full: false } ? UnpairedFrom(firstBlock, endBlock) : firstBlock;
        ExpressVector(from, endBlock, prefetchPastEnd: false, _outputLines, split: true);
    }

    /// <summary>The early part again for the block of <paramref name="slot"/>: a recall changed its emotions after the early part ran.</summary>
    public void RedoEarly(int slot) => ExpressBlocks256(slot / L, (slot / L) + 1, prefetchPastEnd: false, _lines, split: true);

    private void BuildSplit(int[] channels)
    {
        var contagious = new bool[Emotions.Count];
        foreach (var c in channels)
        {
            contagious[c] = true;
        }

        var rest = new List<int>();
        for (var e = 0; e < Emotions.Count; e++)
        {
            if (!contagious[e])
            {
                rest.Add(e);
            }
        }

        _partEmotion = rest.ToArray();
        _partEmotionF = new float[rest.Count];
        for (var k = 0; k < rest.Count; k++)
        {
            _partEmotionF[k] = rest[k];
        }

        _splitChannelF = new float[channels.Length];
        for (var k = 0; k < channels.Length; k++)
        {
            _splitChannelF[k] = channels[k];
        }

        _inlinePart = new InlineExpression(InlineTable(contagious), full: false, this);
        _splitChannels = channels;
    }

    /// <summary>
    /// The merge of a split tick: per block, the contagious emotions (just written by the contagion pass) folded
    /// into the early part's maximum and index in the dominant emotion's tie order (the first index reaching the
    /// maximum; an emotion at 0 never becomes dominant, as in the unsplit loop whose maximum starts at 0).
    /// </summary>
    private unsafe void Merge(int firstBlock, int endBlock, int hintEnd)
    {
        var channelCount = _splitChannels!.Length;
        var e0 = _fields.Emotion.Index;
        var dom = _fields.Dominant.Index;
        var threshold = new Vector<float>(_table.DominantThreshold);
        var zero = Vector<float>.Zero;
        var minusOne = new Vector<float>(-1f);
        var laneBits = _laneBits;
        var stride = _world.BlockStride;
        fixed (float* start = _world.Blocks(firstBlock, hintEnd), partial = _partial, channelF = _splitChannelF)
        fixed (int* channels = _splitChannels)
        {
            for (var b = firstBlock; b < endBlock; b++)
            {
                var n = b - firstBlock;
                if (b + PrefetchDistance < hintEnd)
                {
                    // The host streams its own rows, not the dominant row nor this buffer.
                    AgentBlocks.Prefetch(start + ((long)(n + PrefetchDistance) * stride), _mergeLines);
                    AgentBlocks.Prefetch(partial + ((long)(b + PrefetchDistance) * 2 * L), 0, 1);
                }

                var alive = _world.AliveMask(b);
                if (alive == 0)
                {
                    continue;
                }

                var v = (Vector<float>*)(start + ((long)n * stride));
                var part = (Vector<float>*)(partial + ((long)b * 2 * L));
                var max = part[0];
                var best = part[1];
                for (var k = 0; k < channelCount; k++)
                {
                    var i = v[e0 + channels[k]];
                    var c = new Vector<float>(channelF[k]);
                    var earlierTie = Vector.Equals(i, max) & Vector.GreaterThan(max, zero) & Vector.LessThan(c, best);
                    best = Vector.ConditionalSelect(Vector.GreaterThan(i, max) | earlierTie, c, best);
                    max = MaxOnto(i, max);
                }

                var live = Vector.AsVectorSingle(Vector.Equals(laneBits & new Vector<int>(alive), laneBits));
                var dominant = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(max, threshold), best, minusOne);
                v[dom] = Vector.ConditionalSelect(live, dominant, v[dom]);
            }
        }
    }

    /// <summary>
    /// Whether the vector path may take two blocks per 512-bit vector where that is accelerated; tests turn it
    /// off to compare the paired loop's bits with the one-block loop's.
    /// </summary>
    internal bool WidePairs { get; set; } = true;

    private unsafe void ExpressVector(int firstBlock, int endBlock, bool prefetchPastEnd, int[] lines, bool split = false)
    {
#if NET
        if (WidePairs && endBlock - firstBlock >= 2 && Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            var pairedEnd = firstBlock + ((endBlock - firstBlock) & ~1);
            ExpressPairs512(firstBlock, pairedEnd, prefetchPastEnd ? endBlock + PrefetchDistance : endBlock, lines, split);
            if (pairedEnd == endBlock)
            {
                return;
            }

            firstBlock = pairedEnd;
        }
#endif
        ExpressBlocks256(firstBlock, endBlock, prefetchPastEnd, lines, split);
    }

#if NET
    // Runs once per tick over every agent: straight to optimized code rather than OSR code for many ticks.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private unsafe void ExpressBlocks256(int firstBlock, int endBlock, bool prefetchPastEnd, int[] lines, bool split)
    {
        // Pointers into tables prepared once: per block this pass is compute-bound even at 10^6 agents, and
        // spans cost a bounds check and a reload of the table per emotion and per (action unit, expression)
        // pair; a fused call covers one block, so nothing may be prepared per call.
        var basic = stackalloc Vector<float>[ExpressionTable.ExpressionCount];
        var threshold = new Vector<float>(_table.DominantThreshold);
        var e0 = _fields.Emotion.Index;
        var m = _fields.Mood.Index;
        var actionUnits = _actionUnits;
        var au0 = actionUnits ? _fields.ActionUnitIntensity.Index : 0;
        var dom = _fields.Dominant.Index;
        var oct = _fields.Octant.Index;
        var cls = _fields.MoodClass.Index;
        var zero = Vector<float>.Zero;
        var minusOne = new Vector<float>(-1f);
        var third = new Vector<float>(0.57735027f);
        var twoThirds = new Vector<float>(2f * 0.57735027f);
        var laneBits = _laneBits;
        var blockStride = _world.BlockStride;
        var count = endBlock - firstBlock;
        var prefetchCount = prefetchPastEnd ? count + PrefetchDistance : count;
        var emotions = split ? _partEmotion : _allEmotion;
        var emotionCount = emotions.Length;
        fixed (float* start = _world.Blocks(firstBlock, prefetchPastEnd ? endBlock + PrefetchDistance : endBlock))
        fixed (int* map = _map, pairExpression = _pairExpression, auEnd = _auEnd, emotion = emotions)
        fixed (float* emotionF = split ? _partEmotionF : _allEmotionF, partial = _partial)
        fixed (Vector<float>* pairWeight = _pairWeight)
        {
            for (var n = 0; n < count; n++)
            {
                var b = firstBlock + n;
                var v = (Vector<float>*)(start + ((long)n * blockStride));
                if (n + PrefetchDistance < prefetchCount)
                {
                    AgentBlocks.Prefetch(start + ((long)(n + PrefetchDistance) * blockStride), lines);
                }

                var alive = _world.AliveMask(b);
                if (alive == 0)
                {
                    continue;
                }

                var live = Vector.AsVectorSingle(Vector.Equals(laneBits & new Vector<int>(alive), laneBits));
                for (var x = 0; x < ExpressionTable.ExpressionCount; x++)
                {
                    basic[x] = zero;
                }

                var max = zero;
                var best = minusOne;
                for (var k = 0; k < emotionCount; k++)
                {
                    var e = emotion[k];
                    var i = v[e0 + e];
                    var gt = Vector.GreaterThan(i, max);
                    max = MaxOnto(i, max);
                    best = Vector.ConditionalSelect(gt, new Vector<float>(emotionF[k]), best);
                    var x = map[e];
                    if (x >= 0 && actionUnits)
                    {
                        basic[x] = MaxOnto(i, basic[x]);
                    }
                }

                if (split)
                {
                    var part = (Vector<float>*)(partial + ((long)b * 2 * L));
                    part[0] = max;
                    part[1] = best;
                }
                else
                {
                    var dominant = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(max, threshold), best, minusOne);
                    v[dom] = Vector.ConditionalSelect(live, dominant, v[dom]);
                }

                var pair = 0;
                for (var a = 0; actionUnits && a < AffectFields.ActionUnitCount; a++)
                {
                    var acc = zero;
                    for (var end = auEnd[a]; pair < end; pair++)
                    {
                        acc = MaxOnto(basic[pairExpression[pair]] * pairWeight[pair], acc);
                    }

                    v[au0 + a] = acc;
                }
                var p = v[m];
                var ar = v[m + 1];
                var d = v[m + 2];
                var one = Vector<float>.One;
                var octant = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(p, zero), one, zero)
                    + Vector.ConditionalSelect(Vector.GreaterThanOrEqual(ar, zero), new Vector<float>(2f), zero)
                    + Vector.ConditionalSelect(Vector.GreaterThanOrEqual(d, zero), new Vector<float>(4f), zero);
                v[oct] = Vector.ConditionalSelect(live, octant, v[oct]);
                var len = Vector.SquareRoot((p * p) + (ar * ar) + (d * d));
                v[cls] = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(len, third), one, zero)
                    + Vector.ConditionalSelect(Vector.GreaterThanOrEqual(len, twoThirds), one, zero);
            }
        }
    }

#if NET
    /// <summary>
    /// Two blocks per 512-bit vector, block 2p in the lower half and 2p + 1 in the upper (as the affect pass's
    /// paired loop). Every lane sees the operations of <see cref="ExpressBlocks256"/> in the same order (no FMA;
    /// max, compare and square root are exact per lane), so the outputs are bit-identical to it. Two changes of
    /// order that leave every lane's sequence unchanged: the dominant emotion's running maximum runs in its own
    /// loop, and each basic expression's maximum over the emotions it shows (ascending, as the one-block loop
    /// meets them) runs in a register before one store, rather than read-modify-write through a stack slot per
    /// emotion, whose store-forwarding latency chained the 11 emotions shown as happiness.
    /// A pair with one block holding no agent goes to the one-block loop: that block must stay untouched.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void ExpressPairs512(int firstBlock, int endBlock, int hintEnd, int[] lines, bool split)
    {
        const int Ex = ExpressionTable.ExpressionCount;
        var basic = stackalloc Vector512<float>[Ex];
        var emotions = split ? _partEmotion : _allEmotion;
        var emotionCount = emotions.Length;

        var threshold = Vector512.Create(_table.DominantThreshold);
        var e0 = _fields.Emotion.Offset;
        var m = _fields.Mood.Offset;
        var actionUnits = _actionUnits;
        var au0 = actionUnits ? _fields.ActionUnitIntensity.Offset : 0;
        var dom = _fields.Dominant.Offset;
        var oct = _fields.Octant.Offset;
        var cls = _fields.MoodClass.Offset;
        var zero = Vector512<float>.Zero;
        var one = Vector512<float>.One;
        var minusOne = Vector512.Create(-1f);
        var laneBits = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15);
        var stride = _world.BlockStride;
        fixed (float* start = _world.Blocks(firstBlock, hintEnd))
        fixed (int* exprStart = _exprStart, exprEmotion = _exprEmotion, pairExpression = _pairExpression, auEnd = _auEnd, emotion = emotions)
        fixed (float* pairWeight = _auWeight, index = split ? _partEmotionF : _allEmotionF, partial = _partial)
        {
            for (var b = firstBlock; b < endBlock; b += 2)
            {
                var n = b - firstBlock;
                var a = start + ((long)n * stride);
                var a2 = a + stride;
                if (b + PrefetchDistance + 1 < hintEnd)
                {
                    var h = a + ((long)PrefetchDistance * stride);
                    AgentBlocks.Prefetch(h, lines);
                    AgentBlocks.Prefetch(h + stride, lines);
                }

                var aliveLo = _world.AliveMask(b);
                var aliveHi = _world.AliveMask(b + 1);
                if ((aliveLo | aliveHi) == 0)
                {
                    continue;
                }

                if (aliveLo == 0 || aliveHi == 0)
                {
                    ExpressBlocks256(b, b + 2, prefetchPastEnd: false, lines, split);
                    continue;
                }

                var live = Vector512.Equals(laneBits & Vector512.Create(aliveLo | (aliveHi << L)), laneBits).AsSingle();
                var em = a + e0;
                var em2 = a2 + e0;
                var max = zero;
                var best = minusOne;
                for (var k = 0; k < emotionCount; k++)
                {
                    var row = emotion[k] * L;
                    var i = Load2(em + row, em2 + row);
                    var gt = Vector512.GreaterThan(i, max);
                    max = Vector512.MaxNative(i, max);
                    best = Vector512.ConditionalSelect(gt, Vector512.Create(index[k]), best);
                }

                if (split)
                {
                    KeepPartialPair(partial, b, max, best);
                }
                else
                {
                    var dominant = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(max, threshold), best, minusOne);
                    Store2(Vector512.ConditionalSelect(live, dominant, Load2(a + dom, a2 + dom)), a + dom, a2 + dom);
                }
                var q = 0;
                for (var x = 0; actionUnits && x < Ex; x++)
                {
                    var acc = zero;
                    for (var end = exprStart[x + 1]; q < end; q++)
                    {
                        var row = exprEmotion[q] * L;
                        acc = Vector512.MaxNative(Load2(em + row, em2 + row), acc);
                    }

                    basic[x] = acc;
                }

                var pair = 0;
                for (var u = 0; actionUnits && u < AffectFields.ActionUnitCount; u++)
                {
                    var acc = zero;
                    for (var end = auEnd[u]; pair < end; pair++)
                    {
                        acc = Vector512.MaxNative(basic[pairExpression[pair]] * Vector512.Create(pairWeight[pair]), acc);
                    }

                    Store2(acc, a + au0 + (u * L), a2 + au0 + (u * L));
                }

                var p = Load2(a + m, a2 + m);
                var ar = Load2(a + m + L, a2 + m + L);
                var d = Load2(a + m + (2 * L), a2 + m + (2 * L));
                Store2(Vector512.ConditionalSelect(live, Octant512(p, ar, d), Load2(a + oct, a2 + oct)), a + oct, a2 + oct);
                Store2(MoodClass512(p, ar, d), a + cls, a2 + cls);
            }
        }
    }

    /// <summary>
    /// The split's early part for blocks <paramref name="block"/> and <paramref name="block"/> + 1 (lower and upper halves
    /// of the vectors): each block's running maximum, then the index that reached it, in the side buffer the merge reads.
    /// The dynamics pass's inline early part stores through it too.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static unsafe void KeepPartialPair(float* partial, int block, Vector512<float> max, Vector512<float> best)
    {
        var part = partial + ((long)block * 2 * L);
        Store2(max, part, part + (2 * L));
        Store2(best, part + L, part + (3 * L));
    }

    /// <summary>ALMA's mood octant of 16 lanes (bit 0 = P ≥ 0, bit 1 = A ≥ 0, bit 2 = D ≥ 0), as floats; the dynamics pass's inline expression uses it too.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Octant512(Vector512<float> p, Vector512<float> a, Vector512<float> d)
    {
        var zero = Vector512<float>.Zero;
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(p, zero), Vector512<float>.One, zero)
            + Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(a, zero), Vector512.Create(2f), zero)
            + Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(d, zero), Vector512.Create(4f), zero);
    }

    /// <summary>ALMA's intensity class of 16 lanes' moods (thirds of √3: 0, 1, 2), as floats.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> MoodClass512(Vector512<float> p, Vector512<float> a, Vector512<float> d)
    {
        var zero = Vector512<float>.Zero;
        var one = Vector512<float>.One;
        var len = Vector512.Sqrt((p * p) + (a * a) + (d * d));
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(len, Vector512.Create(0.57735027f)), one, zero)
            + Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(len, Vector512.Create(2f * 0.57735027f)), one, zero);
    }

#endif

    /// <summary>
    /// max(<paramref name="acc"/>, <paramref name="value"/>) for a running maximum that starts at +0, as one
    /// vmaxps: Vector.Max follows IEEE 754-2019 (NaN and signed zeros) at about eight instructions on AVX2,
    /// and this pass takes 73 maxima per block (the same change made the affect pass faster). vmaxps returns
    /// its second operand unless the first is greater, so the accumulator stays on ties: starting from +0,
    /// it never becomes −0 and equals the IEEE maximum for any inputs that are not NaN (emotions never are).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector<float> MaxOnto(Vector<float> value, Vector<float> acc)
    {
#if NET
        return Vector.MaxNative(value, acc);
#else
        return Vector.Max(acc, value);
#endif
    }

    internal void ExecuteScalar(int firstBlock, int endBlock)
    {
        Span<float> units = stackalloc float[AffectFields.ActionUnitCount];
        var threshold = _table.DominantThreshold;
        var e0 = _fields.Emotion.Offset;
        var m = _fields.Mood.Offset;
        var au0 = _actionUnits ? _fields.ActionUnitIntensity.Offset : 0;
        var dom = _fields.Dominant.Offset;
        var oct = _fields.Octant.Offset;
        var cls = _fields.MoodClass.Offset;
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
                if ((alive & (1 << lane)) == 0)
                {
                    continue;
                }

                var best = -1;
                var max = 0f;
                for (var e = 0; e < Emotions.Count; e++)
                {
                    var i = block[e0 + (e * L) + lane];
                    if (i > max)
                    {
                        max = i;
                        best = e;
                    }
                }

                block[dom + lane] = max >= threshold && best >= 0 ? best : -1;
                if (_actionUnits)
                {
                    _table.ActionUnitsOf(block, e0, lane, units);
                    for (var a = 0; a < AffectFields.ActionUnitCount; a++)
                    {
                        block[au0 + (a * L) + lane] = units[a];
                    }
                }

                float p = block[m + lane], ar = block[m + L + lane], d = block[m + (2 * L) + lane];
                block[oct + lane] = MoodOctants.Octant(p, ar, d);
                block[cls + lane] = (int)MoodOctants.Classify(MathF.Sqrt((p * p) + (ar * ar) + (d * d)));
            }
        }
    }
}
