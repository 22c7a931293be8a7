using System.Text;
using System.Threading.Tasks;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Distributed.Tests;

/// <summary>
/// The behaviour layer on Orleans shards: its per-agent state (rule masks, cooldowns, provokers, threatened
/// goals, coping, the action waiting to be appraised) travels through its <see cref="IAgentStateCodec"/>,
/// so the cluster hash covers it and a cluster snapshot restores it onto another shard count (2 → 1). Two brawls,
/// one per shard (agents 0–3 and 4–7 with two shards), each an insult that escalates into shoves, flight
/// and coping; actions stay within their shard (see docs/behaviour.md for what does not cross shards yet).
/// </summary>
public sealed class BehaviourShardTests : IClassFixture<TwoSiloCluster>
{
    private const int Ticks = 60;

    private const string Json = """
    {
      "name": "two brawls",
      "run": { "ticks": 60, "step": "100ms", "seed": 13 },
      "agents": [
        { "id": "garth", "personality": { "o": -0.2, "c": -0.4, "e": 0.6, "a": -0.7, "n": 0.5 }, "goals": [ { "id": "stay-unhurt", "utility": 0.8 } ], "position": { "x": 0, "y": 0 } },
        { "id": "wynn", "personality": { "o": 0.0, "c": -0.2, "e": 0.4, "a": -0.4, "n": 0.4 }, "goals": [ { "id": "respect", "utility": 0.8 }, { "id": "stay-unhurt", "utility": 0.6 } ],
          "standards": [ { "action": "insult", "praiseworthiness": -0.9 } ], "position": { "x": 1.2, "y": 0 } },
        { "id": "hilda", "standards": [ { "action": "insult", "praiseworthiness": -0.8 }, { "action": "shove", "praiseworthiness": -0.3 } ], "position": { "x": 2, "y": 1.5 } },
        { "id": "tom", "personality": { "o": 0.1, "c": 0.4, "e": -0.5, "a": 0.5, "n": 0.6 }, "standards": [ { "action": "shove", "praiseworthiness": -0.9 } ], "position": { "x": -1.5, "y": 1.5 } },
        { "id": "ada", "personality": { "o": -0.1, "c": -0.3, "e": 0.5, "a": -0.6, "n": 0.6 }, "goals": [ { "id": "stay-unhurt", "utility": 0.7 } ], "position": { "x": 100, "y": 0 } },
        { "id": "bo", "personality": { "o": 0.2, "c": -0.1, "e": 0.3, "a": -0.5, "n": 0.3 }, "goals": [ { "id": "respect", "utility": 0.9 }, { "id": "stay-unhurt", "utility": 0.5 } ],
          "standards": [ { "action": "insult", "praiseworthiness": -0.7 } ], "position": { "x": 101, "y": 0 } },
        { "id": "cy", "standards": [ { "action": "insult", "praiseworthiness": -0.6 } ], "position": { "x": 102, "y": 1 } },
        { "id": "dee", "personality": { "o": 0.0, "c": 0.3, "e": -0.4, "a": 0.6, "n": 0.7 }, "standards": [ { "action": "shove", "praiseworthiness": -0.8 } ], "position": { "x": 99, "y": 1 } }
      ],
      "events": [
        { "tick": 5, "action": "insult", "actor": "garth", "target": "wynn", "witnesses": [ "hilda", "tom" ], "beliefs": [ { "goal": "wynn/respect", "congruence": -0.8, "likelihood": 1 } ] },
        { "tick": 9, "action": "insult", "actor": "ada", "target": "bo", "witnesses": [ "cy", "dee" ], "beliefs": [ { "goal": "bo/respect", "congruence": -0.9, "likelihood": 1 } ] }
      ],
      "behaviours": {
        "actions": [
          { "name": "shove", "when": { "emotions": { "anger": { "min": 0.3 } } }, "target": "provoker", "radius": 3, "utility": 0.8, "cooldown": "2s",
            "move": "toward", "speed": 1, "maxSpeed": 2, "reach": 0.6, "witnessRadius": 5,
            "effects": [ { "owner": "target", "goal": "stay-unhurt", "congruence": -0.7, "likelihood": 0.6 } ] },
          { "name": "flee", "when": { "emotions": { "fear": { "min": 0.2 } } }, "target": "provoker", "utility": 0.9, "move": "away", "speed": 1.5, "maxSpeed": 3, "appraised": false }
        ],
        "coping": { "stressThreshold": 0.2, "every": "1s" }
      }
    }
    """;

    private readonly TwoSiloCluster _fixture;

    public BehaviourShardTests(TwoSiloCluster fixture) => _fixture = fixture;

    private static Scenario Scenario => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Json), "two-brawls.json");

    [Fact]
    public async Task Cluster_hashes_equal_the_single_process_run_and_a_snapshot_restores_on_another_shard_count()
    {
        var expected = ClusterTests.SingleProcessHashes(Scenario, Ticks);

        // The brawls happen (shoves, flights, coping on both sides), so equal hashes cover the behaviour state.
        using (var single = ScenarioHost.CreateRunner(Scenario))
        {
            var kinds = new System.Collections.Generic.HashSet<(string Agent, Behaviour.HappeningKind Kind)>();
            for (var t = 0; t < Ticks; t++)
            {
                single.Step();
                foreach (var h in single.Behaviour().Happenings)
                {
                    kinds.Add((single.NameOf(h.Agent), h.Kind));
                }
            }

            Assert.Contains(("wynn", Behaviour.HappeningKind.ActionChosen), kinds);
            Assert.Contains(("bo", Behaviour.HappeningKind.ActionChosen), kinds);
            Assert.Contains(kinds, k => k.Kind == Behaviour.HappeningKind.CopingApplied);
        }

        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, Scenario, 2, "behaviour-2");
        Assert.Equal(expected[0], run.LastHash);
        for (var t = 1; t <= 30; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"2 shards: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        // Mid-brawl (cooldowns running, provokers known, actions waiting to be appraised) onto one shard and on:
        // the two shards' per-agent records, merged, must give back every bit. (Three shards would split the
        // first brawl across shards, and actions do not cross shards yet.)
        var snapshot = await run.SnapshotAsync();
        var one = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, Scenario, 1, "behaviour-1");
        await one.RestoreAsync(snapshot);
        Assert.Equal(expected[30], one.LastHash);
        for (var t = 31; t <= Ticks; t++)
        {
            var hash = await one.StepAsync();
            Assert.True(expected[t] == hash, $"1 shard after the restore: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }
    }

    [Fact]
    public void The_behaviour_state_is_in_the_cluster_hash()
    {
        // Guards the test above: two runs that differ only in behaviour state (a cooldown) must hash apart.
        using var a = ScenarioHost.CreateRunner(Scenario);
        using var b = ScenarioHost.CreateRunner(Scenario);
        a.Run(20);
        b.Run(20);
        Assert.Equal(ClusterHash.Of(a), ClusterHash.Of(b));
        b.TryGetAgent("wynn", out var wynn);
        var side = ClusterHash.SideState(b, 0, b.World.SlotCount, s => s);
        Assert.Contains(side, x => x != 0);
        b.Behaviour().SetRules(wynn, 0b01);
        Assert.NotEqual(ClusterHash.Of(a), ClusterHash.Of(b));
    }
}
