using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AffectEngine.Affect;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using AffectEngine.Social;
using Xunit.Abstractions;

namespace AffectEngine.Distributed.Tests;

/// <summary>Scenarios whose agents act on each other across shard borders.</summary>
internal static class CrossShardScenarios
{
    /// <summary>
    /// Eight patrons in file order; with 2 shards, 0–3 and 4–7. Bren (4) robs Mara (0) in front of Cai (1)
    /// and Dara (5): actor and targets span both shards; Mara and Dara like Bren, Cai dislikes him, so the
    /// fortunes-of-others emotions read likings toward agents on the other shard.
    /// </summary>
    public const string TavernJson = """
    {
      "name": "cross-shard tavern",
      "run": { "ticks": 120, "step": "100ms", "seed": 7 },
      "ambient": { "rate": 0.05, "maxIntensity": 0.3 },
      "agents": [
        { "id": "mara", "personality": { "o": 0.4, "c": 0.6, "e": 0.7, "a": 0.5, "n": -0.2 },
          "goals": [ { "id": "keep-purse", "utility": 0.8 } ], "standards": [ { "action": "steal", "praiseworthiness": -0.9 } ],
          "relations": { "bren": { "liking": 0.3 } } },
        { "id": "cai", "standards": [ { "action": "steal", "praiseworthiness": -0.6 } ], "relations": { "bren": { "liking": -0.7 }, "mara": { "liking": 0.8 } } },
        { "id": "eve", "count": 2 },
        { "id": "bren", "personality": { "o": 0.1, "c": -0.5, "e": 0.2, "a": -0.6, "n": 0.4 },
          "goals": [ { "id": "get-rich", "utility": 0.9 } ], "standards": [ { "action": "steal", "praiseworthiness": 0.2 } ] },
        { "id": "dara", "standards": [ { "action": "steal", "praiseworthiness": -0.3 } ], "relations": { "bren": { "liking": 0.6 }, "mara": { "liking": -0.4 } } },
        { "id": "finn", "count": 2 }
      ],
      "events": [
        { "tick": 20, "action": "steal", "actor": "bren", "targets": [ "mara", "cai", "dara" ],
          "beliefs": [ { "goal": "mara/keep-purse", "congruence": -1, "likelihood": 1 }, { "goal": "bren/get-rich", "congruence": 1, "likelihood": 0.6 } ] },
        { "tick": 60, "action": "return", "actor": "bren", "target": "mara",
          "beliefs": [ { "goal": "bren/get-rich", "congruence": 1, "likelihood": 0 } ] },
        { "tick": 30, "elicit": { "agent": "finn#1", "emotion": "joy", "intensity": 0.6 } }
      ]
    }
    """;

    public static Scenario Tavern() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(TavernJson), "tavern-cross.json");

    /// <summary>A 12 × 10 crowd, 1 m apart, row by row (rows 0–4 on shard 0 of 2); a fright in row 1 must cross into the other half.</summary>
    public static Scenario Crowd()
    {
        var s = new Scenario { Name = "cross-shard crowd" };
        s.Run.Ticks = 80;
        s.Run.Seed = 11;
        for (var y = 0; y < 10; y++)
        {
            for (var x = 0; x < 12; x++)
            {
                s.Agents.Add(new AgentSpec
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"p{x}_{y}"),
                    Personality = new PersonalitySpec { E = ((x * 7) + (y * 3)) % 10 / 10f, A = 0.3f, N = (x % 3) / 3f },
                    Position = new PositionSpec { X = x, Y = y },
                });
            }
        }

        s.Events.Add(new EventSpec { Tick = 5, Elicit = new ElicitSpec { Agent = "p5_1", Emotion = "fear", Intensity = 1f } });
        s.Events.Add(new EventSpec { Tick = 9, Elicit = new ElicitSpec { Agent = "p2_8", Emotion = "joy", Intensity = 0.9f } });
        return s;
    }

    /// <summary>Spatial and network contagion of fear and joy, a "mob" (amplifying, upward); two long network edges join far corners.</summary>
    public static ClusterSocial CrowdSocial(NeighbourKind neighbours = NeighbourKind.Both)
    {
        var social = new ClusterSocial { Neighbours = neighbours, Radius = 1.5f, Channels = [EmotionType.Fear, EmotionType.Joy], TraitsFromPersonality = true };
        foreach (var a in Crowd().Agents)
        {
            social.Traits.Add(new ContagionTraitsSpec(a.Id, Amplification: 0.8f, Bias: 1f));
        }

        social.Network.Add(new NetworkEdgeSpec("p0_0", "p11_9", 0.8f));
        social.Network.Add(new NetworkEdgeSpec("p5_1", "p3_7", 1f, Mutual: false));
        return social;
    }

    /// <summary>
    /// The cluster hash of a single-process run after each of <paramref name="ticks"/> ticks (index 0: before the
    /// first), the reference every shard test compares with; <paramref name="eventDirectory"/> resolves the
    /// scenario's event files as `affect run` does, so generated and file events take part.
    /// </summary>
    public static ulong[] SingleProcessHashes(Scenario scenario, ClusterSocial? social, int ticks, string? eventDirectory = null)
    {
        using var runner = ClusterSocial.CreateRunner(scenario, social);
        using var feed = eventDirectory is null ? null : ScenarioEventFeed.Open(runner, scenario, eventDirectory);
        if (feed is not null)
        {
            runner.AddInputFeed(feed);
        }

        var hashes = new ulong[ticks + 1];
        hashes[0] = ClusterHash.Of(runner);
        for (var t = 1; t <= ticks; t++)
        {
            runner.Step();
            hashes[t] = ClusterHash.Of(runner);
        }

        return hashes;
    }
}

public sealed class CrossShardTests : IClassFixture<TwoSiloCluster>
{
    private readonly TwoSiloCluster _fixture;
    private readonly ITestOutputHelper _out;

    public CrossShardTests(TwoSiloCluster fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _out = output;
    }

    [Fact]
    public void The_tavern_event_spans_shards_and_changes_the_result()
    {
        var scenario = CrossShardScenarios.Tavern();
        var plan0 = ShardLayout.Plan(scenario, null, 2, 0);
        var plan1 = ShardLayout.Plan(scenario, null, 2, 1);
        Assert.Equal(4, plan0.Count);
        Assert.Contains(4, plan0.World); // bren, the actor, is a ghost on the victims' shard
        Assert.Contains(0, plan1.World); // and mara a ghost on his
        Assert.Empty(plan0.Imports); // appraisal needs no per-tick exchange

        // Without the theft the run differs: the cross-shard event does something.
        var with = CrossShardScenarios.SingleProcessHashes(scenario, null, 120);
        var without = CrossShardScenarios.Tavern();
        without.Events.RemoveAt(0);
        Assert.NotEqual(with[120], CrossShardScenarios.SingleProcessHashes(without, null, 120)[120]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Actions_appraised_by_agents_on_other_shards_give_the_single_process_hashes(int shards)
    {
        var scenario = CrossShardScenarios.Tavern();
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, null, 120);
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, "tavern-" + shards);
        Assert.False(run.ExchangesBorders);
        Assert.Equal(expected[0], run.LastHash);
        for (var t = 1; t <= 120; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"{shards} shards: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        await run.StopAsync();
    }

    [Fact]
    public void Contagion_crosses_the_border_in_the_single_process_run()
    {
        var scenario = CrossShardScenarios.Crowd();
        using var runner = ClusterSocial.CreateRunner(scenario, CrossShardScenarios.CrowdSocial());
        runner.Run(80);
        runner.TryGetAgent("p5_8", out var far); // row 8: shard 1 of 2, 7 m from the fright
        Assert.True(runner.Affect.Intensity(far, EmotionType.Fear) > 0.05f, "the fright did not reach the other half of the crowd");

        // Contagion on or off changes the result; 2 shards need a border exchange.
        var on = CrossShardScenarios.SingleProcessHashes(scenario, CrossShardScenarios.CrowdSocial(), 80);
        var off = CrossShardScenarios.SingleProcessHashes(scenario, null, 80);
        Assert.NotEqual(on[80], off[80]);
        var plan = ShardLayout.Plan(scenario, CrossShardScenarios.CrowdSocial(), 2, 1);
        Assert.Contains(scenario.Agents.FindIndex(a => a.Id == "p5_4"), plan.Imports); // the row just across the border
        Assert.Contains(scenario.Agents.FindIndex(a => a.Id == "p5_1"), plan.Imports); // the network edge into p3_7
    }

    [Theory]
    [InlineData(1, NeighbourKind.Both)]
    [InlineData(2, NeighbourKind.Both)]
    [InlineData(4, NeighbourKind.Both)]
    [InlineData(4, NeighbourKind.Network)]
    public async Task Contagion_across_shard_borders_gives_the_single_process_hashes(int shards, NeighbourKind neighbours)
    {
        var scenario = CrossShardScenarios.Crowd();
        var social = CrossShardScenarios.CrowdSocial(neighbours);
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, social, 80);
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, $"crowd-{shards}-{neighbours}", social: social);
        Assert.Equal(shards > 1, run.ExchangesBorders);
        Assert.Equal(expected[0], run.LastHash);
        for (var t = 1; t <= 80; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"{shards} shards ({neighbours}): tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        _out.WriteLine($"{shards} shards: {run.BorderAgentsPerTick} border agents per tick, {run.TotalStepWall.TotalMilliseconds / 80:F3} ms per tick");
        await run.StopAsync();
    }

    [Fact]
    public async Task Border_exchange_overhead_per_tick_is_measured()
    {
        // Barrier + exchange: the crowd on the cluster minus the same shards driven by hand in this process
        // (the same two-phase protocol and tick threads, no Orleans), state collection off.
        var scenario = CrossShardScenarios.Crowd();
        scenario.Run.Ticks = 1000;
        var social = CrossShardScenarios.CrowdSocial();
        const int n = 100;
        foreach (var shards in new[] { 2, 4 })
        {
            var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, "exchange-overhead-" + shards, social: social);
            for (var t = 0; t < 10; t++)
            {
                await run.StepAsync(collectState: false);
            }

            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var t = 0; t < n; t++)
            {
                await run.StepAsync(collectState: false);
            }

            var cluster = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds / n;
            await run.StopAsync();

            var local = await LocalShards.StartAsync(scenario, social, shards);

            async Task Tick(long t)
            {
                var outs = new System.Collections.Generic.List<HaloBatch>();
                foreach (var shard in local)
                {
                    outs.AddRange(await shard.BeginStepAsync(t, ShardInbox.Empty));
                }

                for (var s = 0; s < shards; s++)
                {
                    await local[s].EndStepAsync(t, outs.Where(b => b.TargetShard == s).ToList(), collectState: false);
                }
            }

            for (var t = 0; t < 10; t++)
            {
                await Tick(t);
            }

            start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var t = 10; t < 10 + n; t++)
            {
                await Tick(t);
            }

            var direct = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds / n;
            foreach (var shard in local)
            {
                shard.Dispose();
            }

            _out.WriteLine($"crowd, {shards} shards, 2 silos, border exchange: cluster step {cluster:F3} ms/tick, direct {direct:F3} ms/tick, overhead {cluster - direct:F3} ms/tick");
            Assert.True(cluster < 500, $"cluster step took {cluster} ms per tick");
        }
    }

    [Fact]
    public async Task A_contagion_snapshot_on_4_shards_restores_on_2()
    {
        var scenario = CrossShardScenarios.Crowd();
        var social = CrossShardScenarios.CrowdSocial();
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, social, 40);
        var a = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 4, "crowd-snap-a", social: social);
        for (var t = 0; t < 20; t++)
        {
            await a.StepAsync(collectState: false);
        }

        var snapshot = await a.SnapshotAsync();
        await a.StopAsync();
        var b = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 2, "crowd-snap-b", social: social);
        await b.RestoreAsync(snapshot);
        Assert.Equal(expected[20], b.LastHash);
        for (var t = 21; t <= 40; t++)
        {
            Assert.Equal(expected[t], await b.StepAsync());
        }

        await b.StopAsync();
    }

    [Fact]
    public async Task Border_batches_after_the_key_frame_carry_only_changed_values_and_keep_the_hashes()
    {
        var scenario = CrossShardScenarios.Crowd();
        var social = CrossShardScenarios.CrowdSocial();
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, social, 30);
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 2, "crowd-halo-bytes", social: social);
        for (var t = 1; t <= 30; t++)
        {
            Assert.Equal(expected[t], await run.StepAsync());
        }

        // Positions and expressiveness never change in this crowd, so at least half of every record stays home after tick 0.
        _out.WriteLine($"halo: {run.HaloBytes / run.HaloTicks} bytes per tick, {run.HaloKeyFrameBytes / run.HaloTicks} as full records");
        Assert.Equal(30, run.HaloTicks);
        Assert.True(run.HaloBytes < 0.6 * run.HaloKeyFrameBytes, $"{run.HaloBytes} of {run.HaloKeyFrameBytes} bytes sent");
        await run.StopAsync();
    }

    /// <summary>The test crowd on two local shards driven by hand, each sending its border agents to the other.</summary>
    private static async Task<(LocalShard, LocalShard)> ConnectedCrowdPairAsync()
    {
        var json = ScenarioLoader.ToJson(CrossShardScenarios.Crowd());
        var social = CrossShardScenarios.CrowdSocial().ToJson();
        var s0 = new LocalShard(new ShardSpec(json, 2, 0, 1, social));
        var s1 = new LocalShard(new ShardSpec(json, 2, 1, 1, social));
        await s0.ConnectAsync([new HaloRoute(1, s1.Info.Imports)]);
        await s1.ConnectAsync([new HaloRoute(0, s0.Info.Imports)]);
        return (s0, s1);
    }

    [Fact]
    public async Task A_changed_values_batch_without_its_key_frame_fails_the_tick()
    {
        var (s0, s1) = await ConnectedCrowdPairAsync();
        using var own0 = s0;
        using var own1 = s1;
        var key = await s0.BeginStepAsync(0, ShardInbox.Empty);
        Assert.Null(Assert.Single(key).Changed);
        await s0.EndStepAsync(0, await s1.BeginStepAsync(0, ShardInbox.Empty), collectState: false);
        var delta = await s0.BeginStepAsync(1, ShardInbox.Empty);
        Assert.NotNull(Assert.Single(delta).Changed);
        Assert.Empty(delta[0].Agents);

        // Shard 1 never saw tick 0's key frame: it must refuse rather than apply values to unknown ghosts.
        await s1.ConnectAsync([new HaloRoute(0, s0.Info.Imports)]);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => s1.EndStepAsync(0, [delta[0] with { Tick = 0 }], collectState: false));
        Assert.Contains("before its key frame", error.ToString());
    }

    [Fact]
    public async Task Border_records_apply_whatever_the_delivery_order_and_retries()
    {
        // Two local shards driven by hand: shard 1's ghosts come from shard 0 only, so a reversed or repeated
        // delivery must give the same state; a missing delivery must fail the tick rather than run on stale ghosts.
        var (s0, s1) = await ConnectedCrowdPairAsync();
        using var own0 = s0;
        using var own1 = s1;
        for (var t = 0; t < 12; t++)
        {
            var out0 = await s0.BeginStepAsync(t, ShardInbox.Empty);
            var out1 = await s1.BeginStepAsync(t, ShardInbox.Empty);
            await s0.EndStepAsync(t, out1, collectState: false);
            await s1.EndStepAsync(t, t % 2 == 0 ? [.. out0, .. out0] : out0.Reverse().ToArray(), collectState: false);
        }

        var scenario = CrossShardScenarios.Crowd();
        using var single = ClusterSocial.CreateRunner(scenario, CrossShardScenarios.CrowdSocial());
        single.Run(12);
        var all = ClusterHash.AgentState(single.World);
        Assert.Equal(all, (await s0.AgentStateAsync()).Concat(await s1.AgentStateAsync()).ToArray());

        _ = await s1.BeginStepAsync(12, ShardInbox.Empty);
        await Assert.ThrowsAsync<InvalidOperationException>(() => s1.EndStepAsync(12, [], collectState: false));
    }
}
