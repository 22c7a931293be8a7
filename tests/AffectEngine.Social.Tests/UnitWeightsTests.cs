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
