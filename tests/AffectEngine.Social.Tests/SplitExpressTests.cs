using System;
using System.Linq;
using AffectEngine.Affect;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

/// <summary>
/// With action units on read, the expression pass splits around the contagion pass: its early part runs in the
/// dynamics stream right after the fused capture (redone for an agent after each recall), and the merge folds the
/// contagious emotions in after contagion. Every agent's emotions, dominant emotion, octant, class and action units
/// (read) must be those of the per-tick run, tick after tick, with agents moving, encounters recalling episodes
/// (anger and gratitude, which are not contagious) and contagion of fear and joy.
/// </summary>
public sealed class SplitExpressTests
{
    private static ContagionCaptureSystem Capture(SimulationRunner runner) =>
        (ContagionCaptureSystem)runner.Simulation.SystemsOf(TickStage.Social).Single(s => s.Name == "social.contagion.capture");

    // runs: the blocks the dynamics and contagion passes hand over at a time (WorldOptions.FusedRunBlocks; 0 = half the
    // L2, one run per partition in this world of 56 blocks; odd ones end runs inside a block pair).
    [Theory]
    [InlineData(NeighbourKind.Spatial, 1, 32)]
    [InlineData(NeighbourKind.Spatial, 1, 5)]
    [InlineData(NeighbourKind.Spatial, 3, 0)]
    [InlineData(NeighbourKind.Network, 2, 1)]
    [InlineData(NeighbourKind.Both, 3, 32)]
    [InlineData(NeighbourKind.Both, 2, 7)]
    public void Split_expression_gives_what_the_per_tick_run_gives(NeighbourKind kind, int threads, int runs)
    {
        using var perTick = Worlds.Mixed(threads, side: 21, kind: kind);
        using var onRead = Worlds.Mixed(threads, side: 21, kind: kind, actionUnits: ActionUnitOutput.OnRead);
        onRead.World.Options.FusedRunBlocks = runs;
        perTick.World.Options.FusedRunBlocks = runs;
        using var unfused = Worlds.Mixed(threads, side: 21, kind: kind, stageHashes: true, actionUnits: ActionUnitOutput.OnRead);
        Span<float> stored = stackalloc float[AffectFields.ActionUnitCount];
        Span<float> read = stackalloc float[AffectFields.ActionUnitCount];
        var channels = new[] { (int)EmotionType.Fear, (int)EmotionType.Joy };
        long contagiousDominant = 0, otherDominant = 0;
        for (var t = 0; t < 60; t++)
        {
            FusedCaptureTests.Perturb(perTick, t);
            FusedCaptureTests.Perturb(onRead, t);
            FusedCaptureTests.Perturb(unfused, t);
            perTick.Step();
            onRead.Step();
            unfused.Step();
            Assert.True(Capture(onRead).SplitThisTick);
            Assert.False(Capture(perTick).SplitThisTick);
            Assert.False(Capture(unfused).SplitThisTick);
            foreach (var id in perTick.World.Agents)
            {
                for (var e = 0; e < Emotions.Count; e++)
                {
                    var want = BitConverter.SingleToInt32Bits(perTick.World.Value(id, perTick.Affect.Fields.Emotion, e));
                    Assert.Equal(want, BitConverter.SingleToInt32Bits(onRead.World.Value(id, onRead.Affect.Fields.Emotion, e)));
                    Assert.Equal(want, BitConverter.SingleToInt32Bits(unfused.World.Value(id, unfused.Affect.Fields.Emotion, e)));
                }

                var a = perTick.Affect.Expression(id);
                var b = onRead.Affect.Expression(id);
                var c = unfused.Affect.Expression(id);
                if (a.Dominant != b.Dominant || a.Dominant != c.Dominant)
                {
                    Assert.Fail($"tick {t}, {perTick.NameOf(id)}: dominant per tick {a.Dominant}, split {b.Dominant}, unsplit on read {c.Dominant}");
                }

                Assert.Equal(a.Octant, b.Octant);
                Assert.Equal(a.MoodClass, b.MoodClass);
                Assert.Equal(a.Octant, c.Octant);
                a.CopyActionUnits(stored);
                b.CopyActionUnits(read);
                for (var u = 0; u < stored.Length; u++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(stored[u]), BitConverter.SingleToInt32Bits(read[u]));
                }

                if (a.Dominant >= 0)
                {
                    if (Array.IndexOf(channels, a.Dominant) >= 0)
                    {
                        contagiousDominant++;
                    }
                    else
                    {
                        otherDominant++;
                    }
                }
            }

            // The on-read runs agree with each other in everything they hash.
            Assert.Equal(unfused.Simulation.ComputeHash(), onRead.Simulation.ComputeHash());
        }

        // Not vacuous: both the merge's contagious emotions and the early part's others made dominant emotions.
        Assert.True(contagiousDominant > 300 && otherDominant > 1000, $"dominant: {contagiousDominant} contagious, {otherDominant} other");
    }
}
