using System;
using System.Linq;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Social;

namespace AffectEngine.Distributed.Tests;

public sealed class ShardLayoutTests
{
    [Fact]
    public void Scenarios_with_a_social_section_and_encounters_are_sharded_not_refused()
    {
        Assert.Null(ShardLayout.Unsupported(CrossShardScenarios.Tavern()));
        Assert.Null(ShardLayout.Unsupported(SocialScenarios.Crowd()));
    }

    [Fact]
    public void Perception_sources_and_plugins_are_refused_naming_the_section()
    {
        var perceiving = CrossShardScenarios.Tavern();
        perceiving.Perception.Add(new AffectEngine.Scenarios.PerceptionSpec { Source = "openface:trainee.csv" });
        Assert.StartsWith("$.perception:", ShardLayout.Unsupported(perceiving), StringComparison.Ordinal);
        var plugged = CrossShardScenarios.Tavern();
        plugged.Plugins.Add("weather");
        Assert.StartsWith("$.plugins:", ShardLayout.Unsupported(plugged), StringComparison.Ordinal);
    }

    [Fact]
    public void Contagion_in_both_the_scenario_and_the_api_is_refused_naming_the_section()
    {
        var e = Assert.Throws<ArgumentException>(() => ShardLayout.Plan(SocialScenarios.Crowd(), new ClusterSocial { Neighbours = NeighbourKind.Spatial }, 2, 0));
        Assert.Contains("$.social", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_plans_the_social_section_of_its_own_agents_with_the_ghosts_they_need()
    {
        var scenario = SocialScenarios.Crowd();
        int I(string name) => SocialScenarios.Index(name);
        var plan = ShardLayout.Plan(scenario, null, 4, 3); // row 3: p0_3 .. p5_3
        Assert.Equal(I("p0_3"), plan.First);

        // Ghosts: the thief (event actor and encounter), the backstory actor p1_0, the helped p3_0, the witnesses.
        foreach (var ghost in new[] { "p0_0", "p1_0", "p3_0", "p4_1", "p1_2" })
        {
            Assert.Contains(I(ghost), plan.World);
        }

        // Per-tick imports: the row across the border (spatial), the edge sender p0_0, the blue clique in rows 0 and 1.
        foreach (var sender in new[] { "p0_2", "p5_2", "p0_0", "p3_0", "p5_1" })
        {
            Assert.Contains(I(sender), plan.Imports);
        }

        Assert.DoesNotContain(I("p1_0"), plan.Imports); // red, far away, no edge: memory needs it, contagion does not
        var social = plan.Slice.Social!;
        Assert.Equal(["p1_3"], social.Episodes.Select(e => e.Owner)); // p4_0's backstory lives on shard 0
        Assert.Equal(2, social.Network.Count); // the edge into p5_3 and the blue clique
        Assert.Equal(3, plan.Slice.Events.Count(e => e.Encounter is not null)); // all three encounters involve row 3

        var plan0 = ShardLayout.Plan(scenario, null, 4, 0);
        Assert.Equal(["p4_0"], plan0.Slice.Social!.Episodes.Select(e => e.Owner));
        Assert.DoesNotContain(plan0.Slice.Social.Contagion!.Traits, t => t.Agent == "p2_2"); // an override for an agent not in its world
        Assert.Equal(3, plan0.Slice.Events.Count(e => e.Encounter is not null)); // p0_0, p3_0 and p1_0 meet someone
    }
}
