using System.IO;
using System.Linq;
using System.Text;

namespace AffectEngine.Scenarios.Tests;

public sealed class SocialSectionTests
{
    private static ScenarioException Fails(string json) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "s.json"));

    [Fact]
    public void A_full_social_section_is_read()
    {
        var s = ScenarioLoader.Parse(Encoding.UTF8.GetBytes("""
            {
              "agents": [
                { "id": "a", "group": "g", "relations": { "b": { "liking": -0.5, "familiarity": 0.25 } } },
                { "id": "b", "group": "g" }
              ],
              "events": [ { "at": "3s", "encounter": { "agent": "a", "other": "b", "mutual": false } } ],
              "social": {
                "contagion": { "neighbours": "network", "channels": [ "fear", "joy" ], "traitsFromPersonality": true,
                               "defaults": { "amplification": 0.8 }, "traits": [ { "group": "g", "bias": 1 }, { "agent": "a", "openness": 0.1 } ] },
                "memory": { "capacity": 12, "decay": 0.7, "timeScale": "2m", "recallAttenuation": 0.4 },
                "relations": { "likingRate": 0.5 },
                "network": [ { "from": "a", "to": "b", "weight": 0.5, "mutual": false }, { "group": "g" } ],
                "episodes": [ { "owner": "a", "kind": "steal", "actor": "b", "emotions": { "anger": 0.6 } } ]
              }
            }
            """), "s.json");
        var social = s.Social!;
        Assert.Equal("network", social.Contagion!.Neighbours);
        Assert.Equal(["fear", "joy"], social.Contagion.Channels!);
        Assert.Equal(0.8f, social.Contagion.Defaults!.Amplification);
        Assert.Null(social.Contagion.Defaults.Bias);
        Assert.Equal(0.1f, social.Contagion.Traits[1].Openness);
        Assert.Equal(120, social.Memory!.TimeScale!.Value.Seconds);
        Assert.Equal(12, social.Memory.Capacity);
        Assert.Equal(0.5f, social.Relations!.LikingRate);
        Assert.False(social.Network[0].Mutual);
        Assert.Equal("g", social.Network[1].Group);
        Assert.Equal(0.6f, social.Episodes[0].Emotions["anger"]);
        Assert.Equal(0.25f, s.Agents[0].Relations["b"].Familiarity);
        Assert.False(s.Events[0].Encounter!.Mutual);
    }

    [Fact]
    public void Unknown_agents_in_the_network_are_reported_with_line_column_and_path()
    {
        var ex = Fails("""
            {
              "agents": [ { "id": "a" }, { "id": "b" } ],
              "social": {
                "contagion": { "neighbours": "network" },
                "network": [ { "from": "a", "to": "b" }, { "from": "a", "to": "zed" } ]
              }
            }
            """);
        Assert.Equal("s.json:5:67: $.social.network[1].to: expected the id of an agent of this scenario, found 'zed'", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void Every_social_problem_is_reported_in_one_pass()
    {
        var ex = Fails("""
            {
              "agents": [ { "id": "a", "group": "g" }, { "id": "b" } ],
              "events": [ { "at": "1s", "encounter": { "agent": "a", "other": "nobody" } },
                          { "at": "2s", "action": "push", "actor": "a", "witnesses": [ "ghost" ] } ],
              "social": {
                "contagion": { "neighbours": "spatial", "radius": 0, "channels": [ "fear", "glee", "fear" ],
                               "traits": [ { "group": "h" }, { "agent": "a", "group": "g" }, { "agent": "b", "bias": 2 } ] },
                "memory": { "capacity": -1 },
                "network": [ { "from": "a", "to": "a" }, { "group": "g", "from": "a" } ],
                "episodes": [ { "owner": "c", "kind": "", "emotions": { "wrath": 0.5, "anger": 1.5 } } ]
              }
            }
            """);
        var text = string.Join("\n", ex.Errors.Select(e => e.ToString()));
        Assert.Contains("$.events[0].encounter.other: expected the id of an agent of this scenario, found 'nobody'", text);
        Assert.Contains("$.events[1].witnesses[0]: expected the id of an agent of this scenario, found 'ghost'", text);
        Assert.Contains("$.social.contagion.radius: expected a radius more than 0 for spatial neighbours, found 0", text);
        Assert.Contains("$.social.contagion.channels[1]: expected an emotion name", text);
        Assert.Contains("$.social.contagion.channels[2]: expected each emotion once, found 'fear' again", text);
        Assert.Contains("$.social.contagion.traits[0].group: expected a group some agent belongs to (g), found 'h'", text);
        Assert.Contains("$.social.contagion.traits[1]: expected one of \"agent\" or \"group\", found both", text);
        Assert.Contains("$.social.contagion.traits[2].bias: expected a number in [0, 1], found 2", text);
        Assert.Contains("$.agents[0]: expected a \"position\"", text);
        Assert.Contains("$.social.memory.capacity: expected an integer in [0, 4096], found -1", text);
        Assert.Contains("$.social.network: expected social.contagion.neighbours \"network\" or \"both\" with network edges, found \"spatial\"", text);
        Assert.Contains("$.social.network[0].to: expected another agent than \"from\", found 'a' again", text);
        Assert.Contains("$.social.network[1]: expected \"group\" or \"from\"/\"to\", found both", text);
        Assert.Contains("$.social.episodes[0].owner: expected the id of an agent of this scenario, found 'c'", text);
        Assert.Contains("$.social.episodes[0].kind: expected an action name, found none", text);
        Assert.Contains("$.social.episodes[0].emotions.wrath: expected an emotion name", text);
        Assert.Contains("$.social.episodes[0].emotions.anger: expected an intensity in [0, 1], found 1.5", text);
        Assert.All(ex.Errors, e => Assert.True(e.Line > 0 && e.Column > 0, e.ToString()));
    }

    [Fact]
    public void Bundled_sims_load()
    {
        foreach (var sim in new[] { Path.Combine("sims", "tavern", "tavern.json"), Path.Combine("sims", "crowd-contagion", "crowd.json") })
        {
            var s = ScenarioLoader.Load(Path.Combine(ScenarioLoaderTests.Root, sim));
            Assert.NotNull(s.Social);
        }
    }
}
