using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

/// <summary>
/// An unweighted network (every α exactly 1): the paired sums add the senders' records without reading the weights,
/// which must give the bits of the weighted sums (1·r is r; a pad entry adds the zero record either way).
/// </summary>
public sealed class UnitWeightsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void An_unweighted_network_gives_the_bits_of_its_weighted_sums(int threads)
    {
        using var skip = Worlds.Mixed(threads, side: 21, kind: NeighbourKind.Network);
        using var read = Worlds.Mixed(threads, side: 21, kind: NeighbourKind.Network);

        // Worlds.Mixed's network has weights drawn in [0, 1): its lists read them.
        skip.Step();
        Assert.False(skip.Social().Contagion!.NetworkLists.UnitWeights);

        // A ring of four each side plus a long edge per agent, every α 1, and receivers of unequal degree (the pad).
        var ids = new List<AgentId>(skip.World.Agents);
        var edges = new List<ContagionEdge>();
        for (var i = 0; i < ids.Count; i++)
        {
            for (var k = 1; k <= 4 - (i % 3); k++)
            {
                edges.Add(new ContagionEdge(ids[(i + k) % ids.Count], ids[i], 1f));
                edges.Add(new ContagionEdge(ids[(i + ids.Count - k) % ids.Count], ids[i], 1f));
            }

            edges.Add(new ContagionEdge(ids[(i * 7919) % ids.Count], ids[i], 1f));
        }

        read.Step();
        skip.Social().SetNetwork(edges);
        read.Social().SetNetwork(edges);
        skip.Step();
        read.Step();
        Assert.True(skip.Social().Contagion!.NetworkLists.UnitWeights);
        read.Social().Contagion!.NetworkLists.UnitWeights = false;
        var afraid = 0;
        for (var t = 0; t < 60; t++)
        {
            FusedCaptureTests.Perturb(skip, t);
            FusedCaptureTests.Perturb(read, t);
            skip.Step();
            read.Step();
            Assert.True(skip.Simulation.ComputeHash() == read.Simulation.ComputeHash(), $"the sums differ first at tick {t}");
        }

        foreach (var id in skip.World.Agents)
        {
            afraid += skip.World.Value(id, skip.Affect.Fields.Emotion, (int)EmotionType.Fear) > 0.05f ? 1 : 0;
        }

        // Not vacuous: fear spread over the network.
        Assert.True(afraid > 100, $"{afraid} agents afraid");
    }
}

/// <summary>
/// The network's far senders, the only ones whose records the pass hints ahead: per block, every sender more than
/// <see cref="ContagionState.NearBlocks"/> blocks away, in list order, and no pad entry; when most senders are far, none
/// listed and every one hinted.
/// </summary>
public sealed class FarSendersTests
{
    [Fact]
    public void Far_senders_are_the_listed_senders_beyond_the_near_blocks_in_list_order()
    {
        using var runner = Worlds.Mixed(1, side: 21, kind: NeighbourKind.Network);

        // Worlds.Mixed's network draws senders anywhere (about 70 % more than 8 blocks away): every one is hinted.
        runner.Step();
        Assert.True(runner.Social().Contagion!.NetworkLists.HintEverySender);
        var ids = new List<AgentId>(runner.World.Agents);
        var edges = new List<ContagionEdge>();
        for (var i = 0; i < ids.Count; i++)
        {
            // One near sender (the next slot), one far (a third of the world away), and for some receivers none more.
            edges.Add(new ContagionEdge(ids[(i + 1) % ids.Count], ids[i], 1f));
            if (i % 3 != 0)
            {
                edges.Add(new ContagionEdge(ids[(i + (ids.Count / 3)) % ids.Count], ids[i], 1f));
            }
        }

        runner.Social().SetNetwork(edges);
        runner.Step();
        var st = runner.Social().Contagion!;
        var lists = st.NetworkLists;
        Assert.False(lists.HintEverySender);
        var far = 0;
        for (var b = 0; b < lists.Blocks; b++)
        {
            var expected = new List<int>();
            for (var e = lists.SliceStart[b]; e < lists.SliceStart[b] + (lists.SliceWidth[b] * AgentBlocks.LanesPerBlock); e++)
            {
                var s = lists.Sender[e];
                if (s != st.PadSlot && System.Math.Abs((s / AgentBlocks.LanesPerBlock) - b) > ContagionState.NearBlocks)
                {
                    expected.Add(s);
                }
            }

            var got = System.MemoryExtensions.AsSpan(lists.FarSender, lists.FarStart[b], lists.FarStart[b + 1] - lists.FarStart[b]).ToArray();
            Assert.Equal(expected, got);
            far += got.Length;
        }

        // Not vacuous: two thirds of the agents have a far sender, and no near sender is listed.
        Assert.InRange(far, (ids.Count * 2 / 3) - 60, (ids.Count * 2 / 3) + 60);

        // Every sender when asked for all (near < 0): the pass's former hints.
        st.ListFarSenders(lists, lists.Blocks, -1);
        Assert.Equal(edges.Count, lists.FarStart[lists.Blocks]);
    }
}
