using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AffectEngine.Affect;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace AffectEngine.Distributed.Tests;

/// <summary>One 2-silo in-process Orleans cluster shared by the tests of this class (deploys in a few seconds).</summary>
public sealed class TwoSiloCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<ShardSilos>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

public sealed class ShardSilos : ISiloConfigurator
{
    public void Configure(global::Orleans.Hosting.ISiloBuilder siloBuilder) => siloBuilder.AddAffectEngineShards();
}

public sealed class ClusterTests : IClassFixture<TwoSiloCluster>
{
    private const int Ticks = 50;
    private readonly TwoSiloCluster _fixture;
    private readonly ITestOutputHelper _out;

    public ClusterTests(TwoSiloCluster fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _out = output;
    }

    internal static Scenario Quickstart()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(SocialScenarios.RepoRoot(), "scenarios", "quickstart.json"));

        // Move the scenario's first events into the short run so the test covers scheduled elicits on every shard.
        for (var i = 0; i < scenario.Events.Count; i++)
        {
            scenario.Events[i].At = null;
            scenario.Events[i].Tick = 5 + (i * 7);
        }

        return scenario;
    }

    internal static ulong[] SingleProcessHashes(Scenario scenario, int ticks) => CrossShardScenarios.SingleProcessHashes(scenario, null, ticks);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Per_tick_cluster_hashes_equal_the_single_process_run(int shards)
    {
        var scenario = Quickstart();
        var expected = SingleProcessHashes(scenario, Ticks);
        Assert.Equal(expected.Length, expected.Distinct().Count()); // the state changes every tick, so equal hashes mean something

        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, "hash-" + shards);
        Assert.Equal(expected[0], run.LastHash);
        for (var t = 1; t <= Ticks; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"{shards} shards: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        var silos = await run.SilosAsync();
        Assert.Equal(Math.Min(shards, 2), silos.Distinct().Count()); // pinned placement spreads shards over both silos
        _out.WriteLine($"{shards} shards on silos: {string.Join(", ", silos)}; {run.TotalStepWall.TotalMilliseconds / Ticks:F3} ms per tick");
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(2, 4)]
    [InlineData(1, 4)]
    public async Task Snapshot_taken_on_N_shards_restores_on_M(int from, int to)
    {
        var scenario = Quickstart();
        var expected = SingleProcessHashes(scenario, Ticks);
        var a = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, from, $"snap-{from}-{to}-a");
        for (var t = 0; t < 20; t++)
        {
            await a.StepAsync();
        }

        var snapshot = await a.SnapshotAsync();
        Assert.Equal(expected[20], snapshot.Hash);

        // A fresh run on another shard count, restored and run on: events after tick 20 still fire and hashes match.
        var b = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, to, $"snap-{from}-{to}-b");
        await b.RestoreAsync(snapshot);
        Assert.Equal(expected[20], b.LastHash);
        for (var t = 21; t <= Ticks; t++)
        {
            Assert.Equal(expected[t], await b.StepAsync());
        }
    }

    [Fact]
    public async Task A_different_seed_gives_different_cluster_hashes()
    {
        // Guards against a hash that ignores the state: a changed seed must show up on the cluster too.
        var scenario = Quickstart();
        var expected = SingleProcessHashes(scenario, 10);
        scenario.Run.Seed += 1;
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 2, "seed");
        var differ = 0;
        for (var t = 1; t <= 10; t++)
        {
            differ += await run.StepAsync() != expected[t] ? 1 : 0;
        }

        Assert.True(differ > 0);
    }

    [Fact]
    public async Task Coordination_overhead_per_tick_is_measured()
    {
        // Barrier overhead: a cluster step minus the same shards stepped directly in this process, hashes off.
        var scenario = Quickstart();
        const int n = 300;
        foreach (var shards in new[] { 2, 4 })
        {
            var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, "overhead-" + shards);
            for (var t = 0; t < 20; t++)
            {
                await run.StepAsync(collectState: false);
            }

            var start = Stopwatch.GetTimestamp();
            for (var t = 0; t < n; t++)
            {
                await run.StepAsync(collectState: false);
            }

            var cluster = Stopwatch.GetElapsedTime(start).TotalMilliseconds / n;
            var json = ScenarioLoader.ToJson(scenario);
            var local = Enumerable.Range(0, shards).Select(s => new LocalShard(new ShardSpec(json, shards, s, 1))).ToArray();
            start = Stopwatch.GetTimestamp();
            for (var t = 0; t < n; t++)
            {
                foreach (var shard in local)
                {
                    await shard.StepAsync(t, ShardInbox.Empty, collectState: false);
                }
            }

            var direct = Stopwatch.GetElapsedTime(start).TotalMilliseconds / n;
            foreach (var shard in local)
            {
                shard.Dispose();
            }

            _out.WriteLine($"{shards} shards, 2 silos: cluster step {cluster:F3} ms/tick, direct {direct:F3} ms/tick, overhead {cluster - direct:F3} ms/tick");
            Assert.True(cluster < 50, $"cluster step took {cluster} ms per tick");
        }
    }
}

public sealed class ShardTests
{
    [Fact]
    public async Task Inbox_slots_apply_in_canonical_order_whatever_the_delivery_order_and_retries()
    {
        var json = ScenarioLoader.ToJson(ClusterTests.Quickstart());
        var b1 = new ShardBatch(3, 1, [new CrossShardImpulse(0, EmotionType.Joy, 0.5f), new CrossShardImpulse(1, EmotionType.Fear, 0.25f)]);
        var b2 = new ShardBatch(3, 2, [new CrossShardImpulse(0, EmotionType.Distress, 0.7f)]);
        async Task<byte[]> Run(params ShardBatch[] delivery)
        {
            using var shard = new LocalShard(new ShardSpec(json, 2, 0, 1));
            for (var t = 0; t < 6; t++)
            {
                await shard.StepAsync(t, t == 3 ? new ShardInbox(delivery) : ShardInbox.Empty, collectState: false);
            }

            return await shard.AgentStateAsync();
        }

        var inOrder = await Run(b1, b2);
        Assert.Equal(inOrder, await Run(b2, b1));
        Assert.Equal(inOrder, await Run(b2, b1, b2)); // a retried slot is applied once
        Assert.NotEqual(inOrder, await Run(b1)); // and the impulses do reach the agents
    }

    private const string FourStrangersJson = """
        {
          "name": "Quickstart: a morning at the office",
          "run": { "ticks": 3000, "step": "1s", "seed": 42 },
          "ambient": { "rate": 0.05, "maxIntensity": 0.4 },
          "agents": [
            { "id": "ada",   "personality": { "o": 0.6, "c": 0.5, "e": 0.4, "a": 0.3, "n": -0.2 }, "position": { "x": 0, "y": 0 } },
            { "id": "bo",    "personality": { "o": -0.2, "c": 0.1, "e": -0.5, "a": -0.3, "n": 0.6 }, "position": { "x": 2, "y": 0 } },
            { "id": "chen",  "personality": { "o": 0.2, "c": 0.8, "e": 0.1, "a": 0.7, "n": 0.0 }, "position": { "x": 0, "y": 2 } },
            { "id": "dara",  "personality": { "o": 0.9, "c": -0.4, "e": 0.9, "a": 0.1, "n": 0.3 }, "position": { "x": 2, "y": 2 } },
          ],
          "events": [
            { "at": "10s", "elicit": { "agent": "ada", "emotion": "joy", "intensity": 0.9 } },
            { "at": "10s", "elicit": { "agent": "bo", "emotion": "resentment", "intensity": 0.6 } },
            { "at": "60s", "elicit": { "agent": "chen", "emotion": "fear", "intensity": 0.7 } },
            { "at": "90s", "elicit": { "agent": "chen", "emotion": "relief", "intensity": 0.8 } },
            { "at": "120s", "elicit": { "agent": "dara", "emotion": "pride", "intensity": 0.7 } },
            { "tick": 2990, "elicit": { "agent": "bo", "emotion": "anger", "intensity": 0.8 } },
          ],
        }
        """;

    [Fact]
    public void Without_the_global_index_offset_shards_would_draw_other_random_numbers()
    {
        // The reason for AgentIndexOffset: shard 1's first agent must draw as global agent 2, not as slot 0.
        // Four agents with no relations or shared events, so shard 1's world holds only its own two.
        var scenario = ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(FourStrangersJson), "four-strangers.json");
        var json = ScenarioLoader.ToJson(scenario);
        using var shard = new LocalShard(new ShardSpec(json, 2, 1, 1));
        using var unshifted = ScenarioHost.CreateRunner(ShardLayout.Slice(scenario, 2, 2));
        for (var t = 0; t < 400; t++)
        {
            shard.Runner.Step();
            unshifted.Step();
        }

        Assert.NotEqual(ClusterHash.AgentState(shard.Runner.World), ClusterHash.AgentState(unshifted.World));
    }
}

public sealed class SiloLossTests
{
    private readonly ITestOutputHelper _out;

    public SiloLossTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public async Task A_killed_silo_stops_the_tick_and_the_last_checkpoint_resumes_the_run_on_the_silos_left()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<ShardSilos>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var scenario = ClusterTests.Quickstart();
            var expected = ClusterTests.SingleProcessHashes(scenario, 30);
            var run = await ClusterCoordinator.StartAsync(cluster.Client, scenario, 2, "loss");
            var before = await ClusterHosting.ActiveSilosAsync(cluster.Client, TimeSpan.FromSeconds(30));
            Assert.Equal(2, before.Count);
            for (var t = 0; t < 10; t++)
            {
                await run.StepAsync();
            }

            var checkpoint = await run.CheckpointAsync();
            Assert.Equal(10, checkpoint.Tick);
            Assert.Equal(expected[10], checkpoint.Snapshot.Hash);

            // Shard 1 lives on the second silo (pinned placement); kill that silo without a graceful shutdown.
            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
            var killed = Stopwatch.GetTimestamp();
            var error = await Assert.ThrowsAsync<ShardLostException>(async () =>
            {
                for (var t = 0; t < 50; t++)
                {
                    await run.StepAsync();
                }
            });
            Assert.Contains("restore the last cluster snapshot", error.Message);
            _out.WriteLine($"silo loss detected after {Stopwatch.GetElapsedTime(killed).TotalSeconds:F1} s at tick {error.Tick}: {error.Message}");

            // Once the dead silo is declared dead, both shards are placed on the silo left and the checkpoint resumes the run.
            var after = await ClusterHosting.WaitForMembershipChangeAsync(cluster.Client, before, TimeSpan.FromMinutes(3));
            Assert.NotNull(after);
            Assert.Single(after!);
            _out.WriteLine($"membership changed {Stopwatch.GetElapsedTime(killed).TotalSeconds:F1} s after the kill");
            var resumed = await ClusterCoordinator.ResumeAsync(cluster.Client, scenario, checkpoint, "loss-resumed");
            Assert.Equal(10, resumed.Tick);
            Assert.Single((await resumed.SilosAsync()).Distinct());
            for (var t = 11; t <= 30; t++)
            {
                Assert.Equal(expected[t], await resumed.StepAsync());
            }

            // A checkpoint names its shard count: restoring it on another count must go through its snapshot.
            var other = await ClusterCoordinator.StartAsync(cluster.Client, scenario, 3, "loss-other");
            await Assert.ThrowsAsync<ArgumentException>(() => other.RestoreAsync(checkpoint));
            await other.RestoreAsync(checkpoint.Snapshot);
            Assert.Equal(expected[11], await other.StepAsync());
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }
}
