using System;
using System.Numerics;
using AffectEngine.Core;

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
/// </summary>
internal sealed class ExpressSystem : IFusablePass
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

    // The fields the vector path reads and writes, as one byte range of a block, for its prefetch.
    private readonly int _hotFirst;
    private readonly int _hotEnd;

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
        int e0 = fields.Emotion.Index, m = fields.Mood.Index, au0 = fields.ActionUnitIntensity.Index;
        int dom = fields.Dominant.Index, oct = fields.Octant.Index, cls = fields.MoodClass.Index;
        _hotFirst = Math.Min(Math.Min(e0, m), Math.Min(au0, Math.Min(dom, Math.Min(oct, cls)))) * L * sizeof(float);
        _hotEnd = Math.Max(Math.Max(e0 + Emotions.Count, m + 3), Math.Max(au0 + AffectFields.ActionUnitCount, Math.Max(dom, Math.Max(oct, cls)) + 1)) * L * sizeof(float);
    }

    public string Name => "affect.express";

    public TickStage Stage => TickStage.Express;

    public void BeginTick(in TickContext context, int partitionCount)
    {
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        if (Vector<float>.Count == L)
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
        if (Vector<float>.Count == L)
        {
            // The host streams its own lines (contagion: traits and channels; dynamics: emotions and mood), not the
            // action units it never reads: hint this pass's lines ahead, past the run too, as when it runs alone.
            ExpressVector(firstBlock, endBlock, endBlock + PrefetchDistance <= _world.BlockCount);
        }
        else
        {
            ExecuteScalar(firstBlock, endBlock);
        }

        _next?.ExecuteFused(context, firstBlock, endBlock, partition);
    }

    /// <summary>One 8-lane vector per field of a block; dead lanes keep their (zero) values.</summary>
    internal void ExecuteVector(int firstBlock, int endBlock) => ExpressVector(firstBlock, endBlock, prefetchPastEnd: false);

#if NET
    // Runs once per tick over every agent: straight to optimized code rather than OSR code for many ticks.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private unsafe void ExpressVector(int firstBlock, int endBlock, bool prefetchPastEnd)
    {
        // Pointers into tables prepared once: per block this pass is compute-bound even at 10^6 agents, and
        // spans cost a bounds check and a reload of the table per emotion and per (action unit, expression)
        // pair; a fused call covers one block, so nothing may be prepared per call.
        var basic = stackalloc Vector<float>[ExpressionTable.ExpressionCount];
        var threshold = new Vector<float>(_table.DominantThreshold);
        var e0 = _fields.Emotion.Index;
        var m = _fields.Mood.Index;
        var au0 = _fields.ActionUnitIntensity.Index;
        var dom = _fields.Dominant.Index;
        var oct = _fields.Octant.Index;
        var cls = _fields.MoodClass.Index;
        var zero = Vector<float>.Zero;
        var minusOne = new Vector<float>(-1f);
        var third = new Vector<float>(0.57735027f);
        var twoThirds = new Vector<float>(2f * 0.57735027f);
        var laneBits = _laneBits;
        var hotFirst = _hotFirst;
        var hotEnd = _hotEnd;
        var blockStride = _world.BlockStride;
        var count = endBlock - firstBlock;
        var prefetchCount = prefetchPastEnd ? count + PrefetchDistance : count;
        fixed (float* start = _world.Blocks(firstBlock, prefetchPastEnd ? endBlock + PrefetchDistance : endBlock))
        fixed (int* map = _map, pairExpression = _pairExpression, auEnd = _auEnd)
        fixed (Vector<float>* pairWeight = _pairWeight)
        {
            for (var n = 0; n < count; n++)
            {
                var b = firstBlock + n;
                var v = (Vector<float>*)(start + ((long)n * blockStride));
                if (n + PrefetchDistance < prefetchCount)
                {
                    AgentBlocks.Prefetch(start + ((long)(n + PrefetchDistance) * blockStride), hotFirst, hotEnd);
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
                for (var e = 0; e < Emotions.Count; e++)
                {
                    var i = v[e0 + e];
                    var gt = Vector.GreaterThan(i, max);
                    max = MaxOnto(i, max);
                    best = Vector.ConditionalSelect(gt, new Vector<float>(e), best);
                    var x = map[e];
                    if (x >= 0)
                    {
                        basic[x] = MaxOnto(i, basic[x]);
                    }
                }

                var dominant = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(max, threshold), best, minusOne);
                v[dom] = Vector.ConditionalSelect(live, dominant, v[dom]);
                var pair = 0;
                for (var a = 0; a < AffectFields.ActionUnitCount; a++)
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
        Span<float> basic = stackalloc float[ExpressionTable.ExpressionCount];
        var weights = _table.Weights;
        var map = _table.ExpressionIndexOf;
        var threshold = _table.DominantThreshold;
        var e0 = _fields.Emotion.Offset;
        var m = _fields.Mood.Offset;
        var au0 = _fields.ActionUnitIntensity.Offset;
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

                basic.Clear();
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

                    var x = map[e];
                    if (x >= 0 && i > basic[x])
                    {
                        basic[x] = i;
                    }
                }

                block[dom + lane] = max >= threshold && best >= 0 ? best : -1;
                for (var a = 0; a < AffectFields.ActionUnitCount; a++)
                {
                    var v = 0f;
                    for (var x = 0; x < ExpressionTable.ExpressionCount; x++)
                    {
                        v = MathF.Max(v, basic[x] * weights[(x * AffectFields.ActionUnitCount) + a]);
                    }

                    block[au0 + (a * L) + lane] = v;
                }

                float p = block[m + lane], ar = block[m + L + lane], d = block[m + (2 * L) + lane];
                block[oct + lane] = MoodOctants.Octant(p, ar, d);
                block[cls + lane] = (int)MoodOctants.Classify(MathF.Sqrt((p * p) + (ar * ar) + (d * d)));
            }
        }
    }
}
