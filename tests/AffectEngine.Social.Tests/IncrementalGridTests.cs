using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

/// <summary>
/// Moves within grid cells keep the sorted grid and the neighbour lists whose margin allows it; these
/// tests check that the result is bit-identical to sorting and listing everything again after every move.
/// </summary>
[Collection("contagion switches")]
public sealed class IncrementalGridTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Incremental_grid_updates_give_the_same_hash_every_tick_as_full_rebuilds(int threads)
    {
        var hashes = new List<ulong>();
        long kept = 0;
        long flushed = 0;
        try
        {
            foreach (var full in new[] { true, false })
            {
                ContagionState.ForceRebuild = full;
                using var run = Crowd(threads);
                for (var t = 0; t < Walker.Ticks; t++)
                {
                    run.Step();
                    if (full)
                    {
                        hashes.Add(run.LastHash);
                    }
                    else
                    {
                        Assert.True(hashes[t] == run.LastHash, $"incremental and full grid updates differ first at tick {t}");
                    }
                }

                if (!full)
                {
                    kept = run.Social().Contagion!.KeptBlocks;
                    flushed = run.Social().Contagion!.FlushedBlocks;
                }
            }
        }
        finally
        {
            ContagionState.ForceRebuild = false;
        }

        // The incremental path must actually have run (tiny moves keep most lists), or the test proves nothing.
        Assert.True(kept > 0, "no block kept its lists");

        // In-cell moves leave the sorted coordinates behind until a block is listed again; that write must
        // have happened too (the 0.05 steps list some blocks again), so the hashes above cover it.
        Assert.True(flushed > 0, "no left-behind sorted entry was written before a listing");
    }

    /// <summary>A jittered grid crowd with spatial contagion of fear and joy, walking with the step sizes of <see cref="Walker"/>.</summary>
    private static SimulationRunner Crowd(int threads)
    {
        var runner = Worlds.Create(
            s =>
            {
                s.Contagion.Neighbours = NeighbourKind.Spatial;
                s.Contagion.Radius = 1.5f;
                s.Contagion.Channels.Add(EmotionType.Joy);
            },
            threads,
            new DecaySetting(DecayKind.Linear, 20),
            b => b.AddSystem(w => new Walker(w)));
        var social = runner.Social();
        const int side = 16;
        for (var i = 0; i < side * side; i++)
        {
            var r = new RandomStream(11, 0, 0, i);
            var id = Worlds.Add(runner, "a" + i, (i % side) + (r.NextSingle() * 0.9f), (i / side) + (r.NextSingle() * 0.9f));
            social.SetContagionTraits(id, new ContagionTraits(r.NextSingle(), r.NextSingle(), r.NextSingle() * 0.5f, r.NextSingle()));
            if (i % 13 == 0)
            {
                runner.Elicit(id, EmotionType.Fear, 0.9f, atTick: i % 7);
            }

            if (i % 17 == 0)
            {
                runner.Elicit(id, EmotionType.Joy, 0.8f, atTick: i % 5);
            }
        }

        return runner;
    }

    /// <summary>
    /// Every agent takes a seeded random step each tick: tiny steps (lists kept), steps large enough to
    /// cross the radius (some blocks listed again in place), steps that change cells (a new sort), then
    /// tiny steps again; some ticks nobody moves.
    /// </summary>
    private sealed class Walker : IWorldSystem
    {
        public const int Ticks = 100;
        private readonly World _world;

        public Walker(World world) => _world = world;

        public string Name => "test.walker";

        public TickStage Stage => TickStage.Inputs;

        public void Execute(in TickContext context)
        {
            var t = context.Tick;
            var size = t < 25 ? 0.002f : t < 50 ? 0.05f : t < 65 ? 0.6f : 0.003f;
            if (t % 10 == 9 || !_world.TryGetField("position", out var position))
            {
                return;
            }

            for (var s = 0; s < _world.SlotCount; s++)
            {
                var r = context.Random(3, s);
                var id = _world.AgentAt(s);
                _world.Value(id, position, 0) += ((r.NextSingle() * 2f) - 1f) * size;
                _world.Value(id, position, 1) += ((r.NextSingle() * 2f) - 1f) * size;
            }
        }
    }
}
