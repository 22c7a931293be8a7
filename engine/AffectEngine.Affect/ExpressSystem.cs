using System;
using System.Numerics;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>
/// The Express stage, per agent: the dominant emotion (or -1 under the threshold), ALMA's mood
/// octant and intensity class, and facial action units: each basic expression takes the strongest
/// intensity of the OCC types mapped to it, and each AU the strongest weighted expression
/// (EMFACS prototypes; max keeps every AU in [0, 1]). Touches only its own blocks; no allocation.
/// </summary>
internal sealed class ExpressSystem : IPartitionedSystem
{
    private const int L = AgentBlocks.LanesPerBlock;
    private readonly World _world;
    private readonly AffectFields _fields;
    private readonly ExpressionTable _table;

    private readonly int[] _auStart = new int[AffectFields.ActionUnitCount + 1];
    private readonly int[] _auExpression;
    private readonly float[] _auWeight;

    public ExpressSystem(World world, AffectFields fields, ExpressionTable table)
    {
        _world = world;
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

    /// <summary>One 8-lane vector per field of a block; dead lanes keep their (zero) values.</summary>
#if NET
    // Runs once per tick over every agent: straight to optimized code rather than OSR code for many ticks.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    internal unsafe void ExecuteVector(int firstBlock, int endBlock)
    {
        Span<Vector<float>> basic = stackalloc Vector<float>[ExpressionTable.ExpressionCount];
        var map = _table.ExpressionIndexOf;
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
        Span<int> bits = stackalloc int[L];
        for (var i = 0; i < L; i++)
        {
            bits[i] = 1 << i;
        }

        var laneBits = new Vector<int>(bits);

        // The fields this pass reads and writes, as one byte range of a block for the prefetch below.
        var hotFirst = Math.Min(Math.Min(e0, m), Math.Min(au0, Math.Min(dom, Math.Min(oct, cls)))) * L * sizeof(float);
        var hotEnd = Math.Max(Math.Max(e0 + Emotions.Count, m + 3), Math.Max(au0 + AffectFields.ActionUnitCount, Math.Max(dom, Math.Max(oct, cls)) + 1)) * L * sizeof(float);
        var blockStride = _world.BlockStride;
        var count = endBlock - firstBlock;
        fixed (float* start = _world.Blocks(firstBlock, endBlock))
        {
            for (var n = 0; n < count; n++)
            {
                var b = firstBlock + n;
                var v = (Vector<float>*)(start + ((long)n * blockStride));
                if (n + PrefetchDistance < count)
                {
                    AgentBlocks.Prefetch(start + ((long)(n + PrefetchDistance) * blockStride), hotFirst, hotEnd);
                }

                var alive = _world.AliveMask(b);
                if (alive == 0)
                {
                    continue;
                }

                var live = Vector.AsVectorSingle(Vector.Equals(laneBits & new Vector<int>(alive), laneBits));
                basic.Clear();
                var max = zero;
                var best = minusOne;
                for (var e = 0; e < Emotions.Count; e++)
                {
                    var i = v[e0 + e];
                    var gt = Vector.GreaterThan(i, max);
                    max = Vector.Max(max, i);
                    best = Vector.ConditionalSelect(gt, new Vector<float>(e), best);
                    var x = map[e];
                    if (x >= 0)
                    {
                        basic[x] = Vector.Max(basic[x], i);
                    }
                }

                var dominant = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(max, threshold), best, minusOne);
                v[dom] = Vector.ConditionalSelect(live, dominant, v[dom]);
                for (var a = 0; a < AffectFields.ActionUnitCount; a++)
                {
                    var acc = zero;
                    for (var k = _auStart[a]; k < _auStart[a + 1]; k++)
                    {
                        acc = Vector.Max(acc, basic[_auExpression[k]] * new Vector<float>(_auWeight[k]));
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
