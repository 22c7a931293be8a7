using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace AffectEngine.Affect.Tests;

/// <summary>
/// The expression pass's paired 512-bit loop (two blocks per vector) and its one-block loop give the same bits, and
/// event extraction (which reads the dominant emotion and octant) the same events, fused into the dynamics pass
/// (runs of 32 blocks) and unfused.
/// </summary>
public sealed class ExpressEventsPathTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Paired_loop_writes_the_bits_and_gives_the_events_of_the_one_block_loop(int threads, bool hashEachStage)
    {
        if (System.Numerics.Vector<float>.Count != AgentBlocks.LanesPerBlock || !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            // Only the one-block loop runs on this machine (or with DOTNET_EnableAVX512=0): nothing to compare.
            return;
        }

        using var paired = World(threads, hashEachStage);
        using var single = World(threads, hashEachStage);
        Express(single).WidePairs = false;
        Assert.True(Express(paired).WidePairs);
        var fused = paired.Simulation.FusableAfter(paired.Simulation.SystemsOf(TickStage.Affect).Single(s => s.Name == "affect.dynamics"));
        Assert.Equal(hashEachStage ? null : "affect.express", fused?.Name);

        var rng = new Random(5);
        var rngSingle = new Random(5);
        long events = 0, dominant = 0, octant = 0;
        for (var t = 0; t < 60; t++)
        {
            Impulses(paired, rng);
            Impulses(single, rngSingle);
            paired.Simulation.Step();
            single.Simulation.Step();
            Assert.True(Bits(paired).SequenceEqual(Bits(single)), $"the blocks differ first at tick {t}");
            var e = paired.World.Events.Events.ToArray();
            Assert.Equal(single.World.Events.Events.ToArray(), e);
            events += e.Length;
            dominant += e.Count(x => x.Kind == EngineEventKind.DominantChanged);
            octant += e.Count(x => x.Kind == EngineEventKind.MoodOctantChanged);
        }

        // Not vacuous: every kind of event was compared, in many blocks.
        Assert.True(events > 500 && dominant > 50 && octant > 10, $"{events} events, {dominant} dominant, {octant} octant");
    }

    /// <summary>
    /// The fused chain (dynamics → expression, with the expression inside the dynamics loop, → extraction) writes the
    /// unfused passes' bits and events for any run length the host hands over: one block, pairs, odd runs, runs that
    /// end inside a pair, and the length measured from the cache (WorldOptions.FusedRunBlocks = 0).
    /// </summary>
    [Theory]
    [InlineData(1, ActionUnitOutput.PerTick)]
    [InlineData(1, ActionUnitOutput.OnRead)]
    [InlineData(2, ActionUnitOutput.OnRead)]
    [InlineData(3, ActionUnitOutput.PerTick)]
    public void Every_fused_run_length_gives_the_unfused_bits_and_events(int threads, ActionUnitOutput actionUnits)
    {
        // HashEachStage declines every fusion across a stage boundary: the passes run one after the other.
        using var unfused = World(threads, hashEachStage: true, actionUnits);
        var lengths = new[] { 1, 2, 7, 32, 0 };
        var fused = new Fixture[lengths.Length];
        var rngs = new Random[lengths.Length];
        try
        {
            for (var k = 0; k < lengths.Length; k++)
            {
                fused[k] = World(threads, hashEachStage: false, actionUnits);
                fused[k].World.Options.FusedRunBlocks = lengths[k];
                rngs[k] = new Random(5);
                Assert.Equal("affect.express", fused[k].Simulation.FusableAfter(fused[k].Simulation.SystemsOf(TickStage.Affect).Single(s => s.Name == "affect.dynamics"))?.Name);
            }

            var rng = new Random(5);
            long events = 0;
            for (var t = 0; t < 30; t++)
            {
                Impulses(unfused, rng);
                for (var k = 0; k < lengths.Length; k++)
                {
                    Impulses(fused[k], rngs[k]);
                }

                unfused.Simulation.Step();
                var bits = Bits(unfused);
                var e = unfused.World.Events.Events.ToArray();
                events += e.Length;
                for (var k = 0; k < lengths.Length; k++)
                {
                    fused[k].Simulation.Step();
                    Assert.True(bits.SequenceEqual(Bits(fused[k])), $"runs of {lengths[k]}: the blocks differ first at tick {t}");
                    Assert.Equal(e, fused[k].World.Events.Events.ToArray());
                }
            }

            Assert.True(events > 250, $"{events} events compared");
        }
        finally
        {
            foreach (var f in fused)
            {
                f?.Dispose();
            }
        }
    }

    /// <summary>
    /// 603 agents in 76 blocks: runs of 32, 32 and 12 blocks when fused (set here: the measured length would take them all), partitions of odd length at 2 and 3
    /// threads, a last block of 3 agents, a block with no agent next to a live one, and a dead lane.
    /// </summary>
    internal static Fixture World(int threads, bool hashEachStage, ActionUnitOutput actionUnits = ActionUnitOutput.PerTick)
    {
        var affect = new AffectSettings { ActionUnits = actionUnits };
        affect.Events.Enabled = true;
        affect.Events.SetThresholds(0.3f, 0.2f);
        var f = Fixture.Create(threads: threads, seed: 9, affect: affect, capacity: 608);
        f.World.Options.HashEachStage = hashEachStage;
        f.World.Options.FusedRunBlocks = 32;
        var r = new RandomStream(3, 1, 0, 0);
        var agents = new List<AgentId>();
        for (var n = 0; n < 603; n++)
        {
            var a = f.Agent(new Ocean(
                (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1,
                (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1));
            agents.Add(a);
            for (var e = 0; e < Emotions.Count; e++)
            {
                if (r.NextInt(3) == 0)
                {
                    f.World.Value(a, f.Affect.Fields.Emotion, e) = r.NextSingle();
                }
            }

            f.Affect.SetMood(a, new Pad((r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1));
        }

        // Block 9 (slots 72-79) empty, its pair (block 8) full; one dead lane in block 20.
        for (var slot = 72; slot < 80; slot++)
        {
            f.World.RemoveAgent(agents[slot]);
        }

        f.World.RemoveAgent(agents[163]);
        return f;
    }

    internal static void Impulses(Fixture f, Random rng)
    {
        for (var j = 0; j < 40; j++)
        {
            var a = f.World.AgentAt(rng.Next(603));
            var e = (EmotionType)rng.Next(Emotions.Count);
            var i = (float)rng.NextDouble();
            var m = new Pad((float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f);
            if (f.World.IsAlive(a))
            {
                f.Affect.Elicit(a, e, i);
                if (j % 8 == 0)
                {
                    f.Affect.SetMood(a, m);
                }
            }
        }
    }

    private static ExpressSystem Express(Fixture f) =>
        (ExpressSystem)f.Simulation.SystemsOf(TickStage.Express).Single(s => s.Name == "affect.express");

    /// <summary>Every field of every block, as bits (the expression outputs included; a hash would only sample them).</summary>
    private static byte[] Bits(Fixture f) => MemoryMarshal.AsBytes(f.World.Blocks(0, f.World.BlockCount)).ToArray();
}
