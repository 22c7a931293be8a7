using System.Text;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Social.Tests;

/// <summary>The scenario "social" section reaches the engine: network, cliques, traits, backstory episodes, memory bias.</summary>
public sealed class ScenarioSocialTests
{
    private static SimulationRunner Run(string json) =>
        ScenarioHost.CreateRunner(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "s.json"));

    private static AgentId Id(SimulationRunner r, string name)
    {
        Assert.True(r.TryGetAgent(name, out var id), name);
        return id;
    }

    [Fact]
    public void Fear_spreads_along_network_edges_and_group_cliques_only()
    {
        using var r = Run("""
            {
              "agents": [ { "id": "a" }, { "id": "b" }, { "id": "c", "group": "g" }, { "id": "d", "group": "g" }, { "id": "e" } ],
              "events": [ { "tick": 0, "elicit": { "agent": "a", "emotion": "fear", "intensity": 1 } },
                          { "tick": 0, "elicit": { "agent": "c", "emotion": "fear", "intensity": 1 } } ],
              "social": {
                "contagion": { "neighbours": "network", "defaults": { "expressiveness": 1, "openness": 1 } },
                "network": [ { "from": "a", "to": "b", "mutual": false }, { "group": "g" } ]
              }
            }
            """);
        r.Run(20);
        Assert.True(r.Affect.Intensity(Id(r, "b"), EmotionType.Fear) > 0.1f, "b hears a");
        Assert.True(r.Affect.Intensity(Id(r, "d"), EmotionType.Fear) > 0.1f, "d is in c's group");
        Assert.Equal(0f, r.Affect.Intensity(Id(r, "e"), EmotionType.Fear));
        Assert.True(r.Affect.Intensity(Id(r, "a"), EmotionType.Fear) > r.Affect.Intensity(Id(r, "b"), EmotionType.Fear), "a hears nobody: the edge is one-way");
    }

    [Fact]
    public void Traits_apply_defaults_then_groups_then_agents()
    {
        using var r = Run("""
            {
              "agents": [ { "id": "a", "group": "g", "position": { "x": 0, "y": 0 } }, { "id": "b", "group": "g", "position": { "x": 1, "y": 0 } }, { "id": "c", "position": { "x": 2, "y": 0 } } ],
              "social": { "contagion": { "defaults": { "amplification": 0.3 },
                                         "traits": [ { "agent": "a", "bias": 0.1 }, { "group": "g", "bias": 0.9, "openness": 0.2 } ] } }
            }
            """);
        var s = r.Social();
        Assert.Equal(new ContagionTraits(0.5f, 0.2f, 0.3f, 0.1f), s.ContagionTraitsOf(Id(r, "a")));
        Assert.Equal(new ContagionTraits(0.5f, 0.2f, 0.3f, 0.9f), s.ContagionTraitsOf(Id(r, "b")));
        Assert.Equal(new ContagionTraits(0.5f, 0.5f, 0.3f, 0.5f), s.ContagionTraitsOf(Id(r, "c")));
    }

    [Fact]
    public void A_backstory_episode_comes_back_when_the_agents_meet()
    {
        using var r = Run("""
            {
              "agents": [ { "id": "mara", "relations": { "bren": { "liking": -0.4 } } }, { "id": "bren" } ],
              "events": [ { "tick": 5, "encounter": { "agent": "mara", "other": "bren", "mutual": false } } ],
              "social": { "episodes": [ { "owner": "mara", "kind": "steal", "actor": "bren", "emotions": { "anger": 0.8, "distress": 0.4 } } ] }
            }
            """);
        var mara = Id(r, "mara");
        Assert.Equal(-0.4f, r.Social().Relations.Liking(mara, Id(r, "bren")));
        r.Run(5);
        Assert.Equal(0f, r.Affect.Intensity(mara, EmotionType.Anger));
        r.Step();
        var anger = r.Affect.Intensity(mara, EmotionType.Anger);
        Assert.True(anger > 0.1f && anger < 0.8f, $"recalled anger {anger}: back, and weaker than remembered");
        Assert.Equal(0f, r.Affect.Intensity(Id(r, "bren"), EmotionType.Anger));
    }

    [Fact]
    public void A_backstory_episode_names_its_object_and_seeing_the_object_recalls_it()
    {
        using var r = Run("""
            {
              "agents": [ { "id": "mara" }, { "id": "bren" } ],
              "social": { "episodes": [
                { "owner": "mara", "kind": "steal", "actor": "bren", "object": "purse", "emotions": { "anger": 0.8 } },
                { "owner": "mara", "kind": "insult", "actor": "bren", "emotions": { "distress": 0.5 } } ] }
            }
            """);
        var mara = Id(r, "mara");
        var purse = r.Module<AffectEngineModule>().Appraisal.Vocabulary.Object("purse");
        var episodes = new Episode[2];
        Assert.Equal(2, r.Social().Memory.CopyEpisodes(mara, r.Tick, episodes));
        Assert.Equal(purse, episodes[0].Object);
        Assert.True(episodes[1].Object.IsNone);
        Assert.Equal(1, r.Social().Recall(mara, MemoryCue.OfObject(purse)));
        Assert.True(r.Affect.Intensity(mara, EmotionType.Anger) > 0f);
        Assert.Equal(0f, r.Affect.Intensity(mara, EmotionType.Distress));
    }

    [Fact]
    public void Noticing_the_object_in_an_encounter_event_recalls_what_happened_with_it()
    {
        using var r = Run("""
            {
              "agents": [ { "id": "mara" }, { "id": "bren" } ],
              "events": [ { "tick": 3, "encounter": { "agent": "mara", "object": "purse" } } ],
              "social": { "episodes": [
                { "owner": "mara", "kind": "steal", "actor": "bren", "object": "purse", "emotions": { "anger": 0.8 } },
                { "owner": "mara", "kind": "insult", "actor": "bren", "emotions": { "distress": 0.5 } } ] }
            }
            """);
        var mara = Id(r, "mara");
        r.Run(3);
        Assert.Equal(0f, r.Affect.Intensity(mara, EmotionType.Anger));
        r.Step();
        Assert.True(r.Affect.Intensity(mara, EmotionType.Anger) > 0.1f, "the purse brings back the theft");
        Assert.Equal(0f, r.Affect.Intensity(mara, EmotionType.Distress));
        Assert.Equal(0f, r.Social().Relations.Familiarity(mara, Id(r, "bren")));
    }

    [Theory]
    [InlineData("\"other\": \"bren\", \"object\": \"purse\"", "$.events[0].encounter")]
    [InlineData("\"object\": \"\"", "$.events[0].encounter.object")]
    [InlineData("\"other\": \"nobody\"", "$.events[0].encounter.other")]
    public void A_bad_encounter_is_refused_with_its_path(string fields, string path)
    {
        var ex = Assert.Throws<ScenarioException>(() => Run("""
            {
              "agents": [ { "id": "mara" }, { "id": "bren" } ],
              "events": [ { "tick": 1, "encounter": { "agent": "mara", FIELDS } } ]
            }
            """.Replace("FIELDS", fields)));
        Assert.Contains(path + ":", ex.Message);
    }

    [Fact]
    public void An_empty_episode_object_is_refused_with_its_path()
    {
        var ex = Assert.Throws<ScenarioException>(() => Run("""
            {
              "agents": [ { "id": "mara" } ],
              "social": { "episodes": [ { "owner": "mara", "kind": "steal", "object": " ", "emotions": { "anger": 0.8 } } ] }
            }
            """));
        Assert.Contains("$.social.episodes[0].object", ex.Message);
    }

    [Fact]
    public void A_remembered_theft_makes_the_next_theft_more_angering()
    {
        // Memory biases appraisal of similar events (docs/social.md): same people, same theft; only Ada remembers being robbed.
        const string Victim = """
            "personality": { "o": 0, "c": 0, "e": 0, "a": 0, "n": 0 },
            "goals": [ { "id": "keep-purse", "utility": 0.8 } ], "standards": [ { "action": "steal", "praiseworthiness": -0.8 } ]
            """;
        using var r = Run("""
            {
              "agents": [ { "id": "ada", VICTIM }, { "id": "bea", VICTIM }, { "id": "thief" }, { "id": "old-thief" } ],
              "events": [
                { "tick": 1, "action": "steal", "actor": "thief", "target": "ada", "beliefs": [ { "goal": "ada/keep-purse", "congruence": -1 } ] },
                { "tick": 1, "action": "steal", "actor": "thief", "target": "bea", "beliefs": [ { "goal": "bea/keep-purse", "congruence": -1 } ] }
              ],
              "social": { "episodes": [ { "owner": "ada", "kind": "steal", "actor": "old-thief", "emotions": { "anger": 0.9 } } ] }
            }
            """.Replace("VICTIM", Victim));
        r.Run(2);
        var ada = r.Affect.Intensity(Id(r, "ada"), EmotionType.Anger);
        var bea = r.Affect.Intensity(Id(r, "bea"), EmotionType.Anger);
        Assert.True(bea > 0f, $"bea {bea}");
        Assert.True(ada > bea * 1.2f, $"ada (robbed before) {ada} vs bea {bea}");
    }
}
