using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Scenarios;

namespace AffectEngine.Distributed.Tests;

/// <summary>
/// Event generators (issue 20) on shards: every shard runs the scenario's generators over the whole scenario
/// (same draws from the run seed, same sequence numbers) and keeps the events its own agents take part in, as
/// slices keep scripted events. A Poisson elicit template over a crowd, a Poisson insult from any crowd member
/// at the boss (who lives on the last shard) in front of a fixed witness, and a JSON Lines file of actions
/// between agents on different shards.
/// </summary>
public sealed class GeneratorShardTests : IClassFixture<TwoSiloCluster>, IDisposable
{
    private const int Ticks = 40;
    private readonly TwoSiloCluster _fixture;
    private readonly string _dir = Directory.CreateTempSubdirectory("affect-shard-events-").FullName;

    public GeneratorShardTests(TwoSiloCluster fixture) => _fixture = fixture;

    public void Dispose() => Directory.Delete(_dir, true);

    private Scenario Scenario(bool generators = true)
    {
        File.WriteAllText(Path.Combine(_dir, "e.jsonl"), """
            { "tick": 3, "action": "insult", "actor": "p#1", "target": "p#8", "witnesses": [ "p#9" ], "beliefs": [ { "goal": "p#8/respect", "congruence": -0.7 } ] }
            { "tick": 11, "elicit": { "agent": "p#7", "emotion": "joy", "intensity": 0.6 } }
            { "tick": 25, "action": "help", "actor": "boss", "target": "p#0", "beliefs": [ { "goal": "p#0/respect", "congruence": 0.6 } ] }
            """);
        var json = """
            {
              "run": { "ticks": 40, "step": "1s", "seed": 21 },
              "agents": [
                { "id": "p", "count": 10, "group": "crowd", "goals": [ { "id": "respect", "utility": 0.7 } ],
                  "standards": [ { "action": "insult", "praiseworthiness": -0.8 }, { "action": "help", "praiseworthiness": 0.6 } ],
                  "traits": { "n": { "dist": "normal", "mean": 0.2, "sd": 0.3, "min": -1, "max": 1 } } },
                { "id": "boss", "goals": [ { "id": "respect", "utility": 0.9 } ], "standards": [ { "action": "insult", "praiseworthiness": -0.9 } ] }
              ],
              "eventGenerators": [
                { "kind": "poisson", "rate": 0.08, "group": "crowd",
                  "event": { "elicit": { "agent": "$agent", "emotion": "fear", "intensity": 0.5 } } },
                { "kind": "poisson", "rate": 0.03, "group": "crowd", "from": "5s",
                  "event": { "action": "insult", "actor": "$agent", "target": "boss", "witnesses": [ "p#4" ], "beliefs": [ { "goal": "boss/respect", "congruence": -0.6 } ] } },
                { "kind": "file", "file": "FILE" }
              ]
            }
            """.Replace("FILE", Path.Combine(_dir, "e.jsonl").Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        var path = Path.Combine(_dir, "s.json");
        File.WriteAllText(path, json);
        var scenario = ScenarioLoader.Load(path);
        if (!generators)
        {
            scenario.EventGenerators.Clear();
        }

        return scenario;
    }

    private ulong[] SingleProcessHashes(Scenario scenario) => CrossShardScenarios.SingleProcessHashes(scenario, null, Ticks, _dir);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Generated_events_give_the_single_process_hashes_on_shards(int shards)
    {
        var expected = SingleProcessHashes(Scenario());
        Assert.NotEqual(SingleProcessHashes(Scenario(generators: false))[Ticks], expected[Ticks]); // the generators change the run

        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, Scenario(), shards, $"generators-{shards}");
        Assert.Equal(expected[0], run.LastHash);
        for (var t = 1; t <= Ticks; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"{shards} shards: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        await run.StopAsync();
    }

    [Fact]
    public async Task A_snapshot_restores_with_generators_on_another_shard_count()
    {
        var expected = SingleProcessHashes(Scenario());
        var two = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, Scenario(), 2, "generators-snap-2");
        for (var t = 1; t <= 15; t++)
        {
            await two.StepAsync(collectState: false);
        }

        var snapshot = await two.SnapshotAsync();
        await two.StopAsync();
        var four = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, Scenario(), 4, "generators-snap-4");
        await four.RestoreAsync(snapshot);
        for (var t = 16; t <= Ticks; t++)
        {
            var hash = await four.StepAsync();
            Assert.True(expected[t] == hash, $"2 → 4 shards at tick 15: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        await four.StopAsync();
    }

    [Fact]
    public void A_shard_slice_carries_every_field_of_an_event()
    {
        // Every public property of EventSpec, set to a non-default value; a field added later is filled here too,
        // so a slice that copies field by field and forgets it fails this test.
        var ev = new EventSpec();
        foreach (var p in typeof(EventSpec).GetProperties())
        {
            if (p.CanWrite)
            {
                p.SetValue(ev, Sample(p.PropertyType));
            }
        }

        var scenario = new Scenario { Agents = [new AgentSpec { Id = "a" }, new AgentSpec { Id = "b" }], Events = [ev] };
        var sliced = ShardLayout.Plan(scenario, null, 2, 0).Slice.Events;
        Assert.Single(sliced);
        foreach (var p in typeof(EventSpec).GetProperties())
        {
            Assert.True(Equals(p.GetValue(ev), p.GetValue(sliced[0])), $"EventSpec.{p.Name} is not carried into the shard's slice.");
        }
    }

    private static object Sample(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return "a";
        }

        if (t == typeof(List<string>))
        {
            return new List<string> { "b" };
        }

        if (t == typeof(Duration))
        {
            return Duration.FromSeconds(0.5);
        }

        if (t == typeof(float))
        {
            return 0.25f;
        }

        if (t == typeof(long))
        {
            return 5L;
        }

        var value = Activator.CreateInstance(t)!;
        foreach (var p in t.GetProperties())
        {
            if (p.CanWrite && p.PropertyType == typeof(string))
            {
                p.SetValue(value, "a");
            }
        }

        return value;
    }
}
