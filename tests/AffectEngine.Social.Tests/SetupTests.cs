using System;
using System.Collections.Generic;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

public sealed class SetupTests
{
    [Fact]
    public void SocialSetup_applies_relations_network_traits_and_seed_episodes_by_agent_id()
    {
        using var runner = Worlds.Create(s => s.Contagion.Neighbours = NeighbourKind.Network);
        var mara = Worlds.Add(runner, "mara");
        var bren = Worlds.Add(runner, "bren");
        var spec = new SocialSpec();
        spec.Relations.Add(new RelationSpec("mara", "bren", 0.3f, 0.4f));
        spec.Network.Add(new NetworkEdgeSpec("mara", "bren"));
        spec.Traits.Add(new ContagionTraitsSpec("bren", Openness: 0.9f));
        spec.Episodes.Add(new EpisodeSpec("bren", 3, "mara", "bren", new Dictionary<string, float> { ["anger"] = 0.7f }));
        SocialSetup.Apply(runner, spec);

        var social = runner.Social();
        // mara → bren was set; bren → mara comes from the anger episode: −k·I from 0 = −0.07.
        Assert.Equal(0.3f, social.RelationView.Liking(mara, bren));
        Assert.Equal(-0.07f, social.RelationView.Liking(bren, mara), 5);
        Assert.Equal(0.9f, social.ContagionTraitsOf(bren).Openness);
        Assert.Equal(1, social.Memory.Count(bren));

        // The mutual edge carries mara's fear to bren.
        Worlds.SetFear(runner, mara, 1f);
        runner.Step();
        Assert.True(Worlds.Fear(runner, bren) > 0f);
    }

    [Fact]
    public void SocialSetup_names_the_entry_with_an_unknown_agent()
    {
        using var runner = Worlds.Create();
        Worlds.Add(runner, "mara");
        var spec = new SocialSpec();
        spec.Relations.Add(new RelationSpec("mara", "nobody", 0.3f));
        var ex = Assert.Throws<ArgumentException>(() => SocialSetup.Apply(runner, spec));
        Assert.Contains("social.relations[0].to", ex.Message);
        Assert.Contains("nobody", ex.Message);
    }

    [Fact]
    public void An_encounter_input_payload_round_trips()
    {
        foreach (var input in new[]
        {
            new EncounterInput(5, 1, 2, new AgentId(3, 1), new AgentId(9, 2)),
            new EncounterInput(5, 1, 2, new AgentId(3, 1), AgentId.None, new AffectEngine.Appraisal.ObjectId(7)),
        })
        {
            var writer = new AffectEngine.Core.BufferStateWriter();
            input.WritePayload(writer);
            var back = EncounterInput.ReadPayload(5, 1, 2, new AffectEngine.Core.BufferStateReader(writer.ToArray()));
            Assert.Equal(input.Agent, back.Agent);
            Assert.Equal(input.Other, back.Other);
            Assert.Equal(input.Object, back.Object);
            Assert.Equal("encounter", back.Kind);
        }
    }
}
