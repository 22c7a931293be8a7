using System;
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

    public ExpressSystem(World world, AffectFields fields, ExpressionTable table)
    {
        _world = world;
        _fields = fields;
        _table = table;
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
