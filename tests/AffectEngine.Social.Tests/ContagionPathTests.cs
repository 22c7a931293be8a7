using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

/// <summary>
/// The contagion pass's paired 512-bit path (two blocks per vector), its one-block path (256-bit sums,
/// scalar update) and its scalar path write the same bits, tick after tick (the fused expression pass included).
/// </summary>
[Collection("contagion switches")]
public sealed class ContagionPathTests
{
    [Theory]
    [InlineData(NeighbourKind.Spatial, 1, 1)]
    [InlineData(NeighbourKind.Network, 1, 1)]
    [InlineData(NeighbourKind.Both, 1, 2)]
    [InlineData(NeighbourKind.Spatial, 3, 3)]
    [InlineData(NeighbourKind.Network, 3, 2)]
    [InlineData(NeighbourKind.Both, 2, 3)]
    public void Paired_one_block_and_scalar_paths_write_the_same_bits(NeighbourKind kind, int channels, int threads)
    {
        var paths = new[] { (Pairs: true, Scalar: false), (Pairs: false, Scalar: false), (Pairs: false, Scalar: true) };
        var hashes = new List<ulong>[paths.Length];
        var displacements = new List<int>[paths.Length];
        var keys = new List<int[]>[paths.Length];
        var snapshots = new byte[paths.Length][];
        try
        {
            for (var p = 0; p < paths.Length; p++)
            {
                ContagionSystem.ForceOneBlock = !paths[p].Pairs;
                ContagionSystem.ForceScalar = paths[p].Scalar;
                hashes[p] = [];
                displacements[p] = [];
                keys[p] = [];
                using var run = Crowd(kind, channels, threads);
                for (var t = 0; t < 30; t++)
                {
                    run.Step();
                    hashes[p].Add(run.LastHash);

                    // Not in the hash, but it decides which spatial lists are listed again: the paths must agree on it.
                    displacements[p].Add(System.BitConverter.SingleToInt32Bits(run.Social().Contagion!.Displacement));
                    keys[p].Add((int[])run.Social().Contagion!.Key.Clone());
                }

                snapshots[p] = run.Simulation.SaveSnapshot();
            }
        }
        finally
        {
            ContagionSystem.ForceOneBlock = false;
            ContagionSystem.ForceScalar = false;
        }

        for (var p = 1; p < paths.Length; p++)
        {
            for (var t = 0; t < hashes[0].Count; t++)
            {
                Assert.True(hashes[0][t] == hashes[p][t], $"{paths[p]} differs from the paired path first at tick {t}");
                Assert.True(displacements[0][t] == displacements[p][t], $"{paths[p]}'s displacement bound differs from the paired path first at tick {t}");
                Assert.True(keys[0][t].AsSpan().SequenceEqual(keys[p][t]), $"{paths[p]}'s cell keys differ from the paired path first at tick {t}");
            }

            Assert.Equal(snapshots[0], snapshots[p]);
        }

        // The crowd's fear moved, and (spatial) agents moved within their cells: the comparison is not between runs
        // that did nothing.
        Assert.NotEqual(hashes[0][0], hashes[0][^1]);
        if ((kind & NeighbourKind.Spatial) != 0)
        {
            Assert.Contains(displacements[0], d => d != 0);
        }
    }

    /// <summary>
    /// Agents so far out that x / radius is past int's range (the lane loop's cell conversion saturates there, the
    /// vector conversion does not), in the same blocks as agents near the origin: the capture's vector path must hand
    /// those blocks to the lane loop. The one-channel vector path and the scalar path end every tick with the same
    /// bits, the same displacement bound and the same cell keys (the two conversions give buckets that the grid's
    /// wrap-around makes adjacent, so only the keys show a wrong one); fear passes between two far agents at one
    /// position.
    /// </summary>
    [Fact]
    public void Coordinates_past_int_range_after_scaling_give_the_lane_loops_bits()
    {
        var hashes = new List<ulong>[2];
        var displacements = new List<int>[2];
        var keys = new List<int[]>[2];
        var far = new float[2];
        try
        {
            for (var p = 0; p < 2; p++)
            {
                ContagionSystem.ForceScalar = p == 1;
                hashes[p] = [];
                displacements[p] = [];
                keys[p] = [];
                using var runner = Worlds.Create(
                    s =>
                    {
                        s.Contagion.Neighbours = NeighbourKind.Spatial;
                        s.Contagion.Radius = 1.5f;
                        s.Contagion.Channels.Clear();
                        s.Contagion.Channels.Add(EmotionType.Fear);
                    },
                    1,
                    new DecaySetting(DecayKind.Linear, 30),
                    b => b.AddSystem(w => new Walk(w, 4096f, -4096f)));
                var social = runner.Social();
                var ids = new List<AgentId>();
                for (var i = 0; i < 32; i++)
                {
                    // Slots 0, 1 (block 0) and 9, 10 (block 1) far out, in pairs at one position; the rest near the origin.
                    var (x, y) = i is 0 or 1 ? (3.5e9f, 0f) : i is 9 or 10 ? (5e9f, 10f) : ((i % 6) * 1f, (i / 6) * 1f);
                    var id = Worlds.Add(runner, "a" + i, x, y);
                    social.SetContagionTraits(id, new ContagionTraits(0.8f, 0.9f, 0.5f, 0.5f));
                    ids.Add(id);
                }

                Worlds.SetFear(runner, ids[0], 0.9f);
                Worlds.SetFear(runner, ids[9], 0.8f);
                Worlds.SetFear(runner, ids[20], 0.7f);
                for (var t = 0; t < 12; t++)
                {
                    runner.Step();
                    hashes[p].Add(runner.LastHash);
                    displacements[p].Add(System.BitConverter.SingleToInt32Bits(social.Contagion!.Displacement));

                    // The grid's cell keys order the senders in the lists; they are not in the state hash.
                    keys[p].Add((int[])social.Contagion.Key.Clone());
                }

                far[p] = Worlds.Fear(runner, ids[1]);
            }
        }
        finally
        {
            ContagionSystem.ForceScalar = false;
        }

        for (var t = 0; t < hashes[0].Count; t++)
        {
            Assert.True(hashes[0][t] == hashes[1][t], $"the vector path differs from the scalar path first at tick {t}");
            Assert.True(displacements[0][t] == displacements[1][t], $"the displacement bound differs first at tick {t}");
            Assert.True(keys[0][t].AsSpan().SequenceEqual(keys[1][t]), $"the cell keys differ first at tick {t}");
        }

        // The far pair are neighbours: fear reached the one that had none.
        Assert.True(far[1] > 0f, "fear did not pass between the two far agents");
    }

    /// <summary>
    /// 101 agents walking on a 10-wide grid (13 blocks: six pairs and an odd last block; at 2 or 3 threads odd
    /// partitions too), agents removed for dead lanes and a whole dead block, network degrees 0 to 6 with
    /// random weights (slices of different widths side by side in a pair), fear and joy elicited.
    /// </summary>
    private static SimulationRunner Crowd(NeighbourKind kind, int channels, int threads)
    {
        var runner = Worlds.Create(
            s =>
            {
                s.Contagion.Neighbours = kind;
                s.Contagion.Radius = 1.5f;
                s.Contagion.Channels.Clear();
                foreach (var c in new[] { EmotionType.Fear, EmotionType.Joy, EmotionType.Distress }[..channels])
                {
                    s.Contagion.Channels.Add(c);
                }
            },
            threads,
            new DecaySetting(DecayKind.Linear, 30),
            b => b.AddSystem(w => new Walk(w)));
        var social = runner.Social();
        var ids = new List<AgentId>();
        for (var i = 0; i < 101; i++)
        {
            var r = new RandomStream(31, 0, 0, i);
            var id = Worlds.Add(runner, "a" + i, (i % 10) + (r.NextSingle() * 0.3f), (i / 10) + (r.NextSingle() * 0.3f));
            social.SetContagionTraits(id, new ContagionTraits(r.NextSingle(), r.NextSingle(), r.NextSingle(), r.NextSingle()));
            runner.World.Value(id, runner.Affect.Fields.Emotion, (int)EmotionType.Fear) = r.NextInt(3) == 0 ? r.NextSingle() : 0f;
            runner.World.Value(id, runner.Affect.Fields.Emotion, (int)EmotionType.Joy) = r.NextInt(3) == 0 ? r.NextSingle() : 0f;
            runner.World.Value(id, runner.Affect.Fields.Emotion, (int)EmotionType.Distress) = r.NextInt(4) == 0 ? r.NextSingle() : 0f;
            ids.Add(id);
        }

        var edges = new List<ContagionEdge>();
        for (var i = 0; i < ids.Count; i++)
        {
            var r = new RandomStream(32, 0, 0, i);
            var degree = r.NextInt(7);
            for (var k = 0; k < degree; k++)
            {
                var j = r.NextInt(ids.Count);
                if (j != i)
                {
                    edges.Add(new ContagionEdge(ids[j], ids[i], r.NextSingle()));
                }
            }
        }

        if ((kind & NeighbourKind.Network) != 0)
        {
            social.SetNetwork(edges);
        }

        // Dead lanes in several blocks, and block 5 (slots 40-47) empty.
        foreach (var slot in new[] { 3, 9, 17, 18, 40, 41, 42, 43, 44, 45, 46, 47, 66, 100 })
        {
            Assert.True(runner.World.RemoveAgent(ids[slot]));
        }

        runner.Elicit(ids[12], EmotionType.Fear, 0.9f);
        runner.Elicit(ids[77], EmotionType.Joy, 0.8f, atTick: 3);
        return runner;
    }

    /// <summary>Every third agent (rotating) steps along x each tick: moves within a cell and across cells, so the capture pass's changed-lane path runs.</summary>
    private sealed class Walk : IWorldSystem
    {
        private readonly World _world;
        private readonly float _forth;
        private readonly float _back;

        public Walk(World world, float forth = 0.3f, float back = -0.2f)
        {
            _world = world;
            _forth = forth;
            _back = back;
        }

        public string Name => "test.walk";

        public TickStage Stage => TickStage.Inputs;

        public void Execute(in TickContext context)
        {
            if (!_world.TryGetField("position", out var position))
            {
                return;
            }

            for (var s = (int)(context.Tick % 3); s < _world.SlotCount; s += 3)
            {
                var agent = _world.AgentAt(s);
                if (_world.IsAlive(agent))
                {
                    _world.Value(agent, position, 0) += context.Tick % 2 == 0 ? _forth : _back;
                }
            }
        }
    }
}
