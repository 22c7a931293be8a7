using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AffectEngine.Affect;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using AffectEngine.Social;
using Xunit.Abstractions;

namespace AffectEngine.Distributed.Tests;

/// <summary>Scenarios with a social section whose effects cross shard borders.</summary>
internal static class SocialScenarios
{
    public const int Ticks = 60;

    /// <summary>
    /// 24 people on a 6 × 4 grid, row y is shard y of 4 (rows 0–1 and 2–3 with 2 shards); global index = 6y + x.
    /// A theft by p0_0 (row 0) of p2_3 (row 3) seen by p4_1 and p1_2; help by p5_3 for p3_0 seen by p0_1; the
    /// victim meets the thief (mutual encounter across shards); p1_3 remembers (backstory) being robbed by
    /// p1_0 and meets him; a fright in row 1. Contagion of fear, anger and joy over space, one edge and the
    /// "blue" clique (x ≥ 3, every row); memory and relation rules changed from the engine's defaults.
    /// </summary>
    public static Scenario Crowd()
    {
        var s = new Scenario { Name = "social crowd across shards" };
        s.Run.Ticks = Ticks;
        s.Run.Seed = 23;
        s.Ambient = new AmbientSpec { Rate = 0.05f, MaxIntensity = 0.2f };
        for (var y = 0; y < 4; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                s.Agents.Add(new AgentSpec
                {
                    Id = Name(x, y),
                    Personality = new PersonalitySpec { E = (((x * 5) + (y * 3)) % 9 / 9f) - 0.4f, A = 0.2f, N = (x % 3) / 3f },
                    Position = new PositionSpec { X = x, Y = y },
                    Group = x < 3 ? "red" : "blue",
                    Standards = [new StandardSpec { Action = "steal", Praiseworthiness = -0.8f }, new StandardSpec { Action = "help", Praiseworthiness = 0.6f }],
                });
            }
        }

        Agent(s, "p2_3").Goals = [new GoalSpec { Id = "keep-purse", Utility = 0.9f }];
        Agent(s, "p3_0").Goals = [new GoalSpec { Id = "be-safe", Utility = 0.7f }];
        Agent(s, "p0_0").Standards = [new StandardSpec { Action = "steal", Praiseworthiness = 0.3f }];
        Agent(s, "p2_3").Relations = new() { ["p0_0"] = new AffectEngine.Scenarios.RelationSpec { Liking = 0.4f, Familiarity = 0.5f }, ["p5_3"] = new AffectEngine.Scenarios.RelationSpec { Liking = 0.2f } };
        Agent(s, "p4_1").Relations = new() { ["p0_0"] = new AffectEngine.Scenarios.RelationSpec { Liking = -0.3f } };
        Agent(s, "p1_2").Relations = new() { ["p2_3"] = new AffectEngine.Scenarios.RelationSpec { Liking = 0.7f, Familiarity = 0.8f } };
        Agent(s, "p0_1").Relations = new() { ["p3_0"] = new AffectEngine.Scenarios.RelationSpec { Liking = 0.5f } };

        s.Events.Add(new EventSpec { Tick = 3, Elicit = new ElicitSpec { Agent = "p2_1", Emotion = "fear", Intensity = 1f } });
        s.Events.Add(new EventSpec
        {
            Tick = 5, Action = "steal", Actor = "p0_0", Target = "p2_3", Witnesses = ["p4_1", "p1_2"],
            Beliefs = [new BeliefSpec { Goal = "p2_3/keep-purse", Congruence = -1f, Likelihood = 1f }],
        });
        s.Events.Add(new EventSpec
        {
            Tick = 12, Action = "help", Actor = "p5_3", Target = "p3_0", Witnesses = ["p0_1"],
            Beliefs = [new BeliefSpec { Goal = "p3_0/be-safe", Congruence = 0.8f, Likelihood = 1f }],
        });
        s.Events.Add(new EventSpec { Tick = 20, Encounter = new EncounterSpec { Agent = "p2_3", Other = "p0_0" } });
        s.Events.Add(new EventSpec { Tick = 25, Encounter = new EncounterSpec { Agent = "p3_0", Other = "p5_3", Mutual = false } });
        s.Events.Add(new EventSpec { Tick = 30, Encounter = new EncounterSpec { Agent = "p1_3", Other = "p1_0" } });

        s.Social = new SocialSection
        {
            Contagion = new ContagionSection
            {
                Neighbours = "both",
                Radius = 1.5f,
                Channels = ["fear", "anger", "joy"],
                TraitsFromPersonality = true,
                Defaults = new TraitsSection { Amplification = 0.8f, Bias = 1f },
                Traits = [new TraitOverrideSection { Group = "red", Openness = 0.9f }, new TraitOverrideSection { Agent = "p2_2", Expressiveness = 1f }],
            },
            Memory = new MemorySection { Capacity = 8, TimeScale = Duration.FromSeconds(10) },
            Relations = new RelationRulesSection { LikingRate = 0.4f },
            Network = [new NetworkEdgeSection { From = "p0_0", To = "p5_3", Weight = 0.6f }, new NetworkEdgeSection { Group = "blue", Weight = 0.2f }],
            Episodes =
            [
                new EpisodeSection { Owner = "p1_3", Kind = "steal", Actor = "p1_0", Target = "p1_3", Emotions = new() { ["anger"] = 0.8f, ["distress"] = 0.5f } },
                new EpisodeSection { Owner = "p4_0", Kind = "help", Actor = "p4_3", Emotions = new() { ["gratitude"] = 0.7f } },
            ],
        };

        // Through the loader, so the scenario is one a file could hold (references and bounds checked).
        return ScenarioLoader.Parse(ScenarioLoader.ToJson(s), "social-crowd.json");
    }

    /// <summary>sims/tavern/tavern.json with its events moved into the first 60 ticks (witnesses, relations, memory, an encounter).</summary>
    public static Scenario Tavern()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RepoRoot(), "sims", "tavern", "tavern.json"));
        for (var i = 0; i < scenario.Events.Count; i++)
        {
            scenario.Events[i].At = null;
            scenario.Events[i].Tick = 4 + (i * 9);
        }

        return scenario;
    }

    public static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "AffectEngine.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new FileNotFoundException("AffectEngine.sln not found above the test directory.");
        }

        return dir;
    }

    public static int Index(string name) => (name[3] - '0') * 6 + (name[1] - '0');

    private static string Name(int x, int y) => string.Create(CultureInfo.InvariantCulture, $"p{x}_{y}");

    private static AgentSpec Agent(Scenario s, string id) => s.Agents.Single(a => a.Id == id);
}

public sealed class SocialShardTests : IClassFixture<TwoSiloCluster>
{
    private readonly TwoSiloCluster _fixture;
    private readonly ITestOutputHelper _out;

    public SocialShardTests(TwoSiloCluster fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _out = output;
    }

    [Fact]
    public void The_social_crowd_fills_memory_and_changes_relations_across_the_shard_borders()
    {
        // The single process: what the sharded runs must reproduce does happen (otherwise equal hashes prove little).
        using var runner = ScenarioHost.CreateRunner(SocialScenarios.Crowd());
        var social = runner.Social();
        AgentId A(string name) => runner.TryGetAgent(name, out var id) ? id : throw new ArgumentException(name);
        runner.Run(19);
        var liking = social.Relations.Liking(A("p2_3"), A("p0_0"));
        Assert.True(liking < 0.4f, $"the theft did not lower the victim's liking of the thief ({liking})");
        Assert.True(social.Memory.Count(A("p4_1")) >= 1, "the witness (row 1) does not remember the theft (row 0 acting on row 3)");
        Assert.True(social.Relations.Liking(A("p3_0"), A("p5_3")) > 0f, "help from row 3 did not raise liking in row 0");
        var anger = runner.Affect.Intensity(A("p1_3"), EmotionType.Anger);
        runner.Run(12); // past the tick-30 encounter: p1_3 recalls the backstory theft by p1_0
        Assert.True(runner.Affect.Intensity(A("p1_3"), EmotionType.Anger) > anger + 0.05f, "meeting p1_0 did not bring back the remembered anger");
        Assert.True(social.Relations.Familiarity(A("p1_3"), A("p1_0")) > 0f);
    }

    [Theory]
    [InlineData(1, "perTick")]
    [InlineData(2, "perTick")]
    [InlineData(4, "perTick")]
    [InlineData(2, "onRead")]
    public async Task A_social_section_and_encounters_give_the_single_process_hashes(int shards, string actionUnits)
    {
        // "onRead": no action-unit fields on any shard, and the expression split/inline shortcuts of a single
        // process (off on shards, whose border exchange sits before the contagion capture) must not show in a hash.
        var scenario = SocialScenarios.Crowd();
        scenario.Run.ActionUnits = actionUnits;
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, null, SocialScenarios.Ticks);
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, "social-crowd-" + actionUnits + "-" + shards);
        Assert.Equal(shards > 1, run.ExchangesBorders);
        Assert.Equal(expected[0], run.LastHash);
        for (var t = 1; t <= SocialScenarios.Ticks; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"{shards} shards: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        _out.WriteLine($"social crowd, {shards} shards: {run.BorderAgentsPerTick} border agents per tick, {run.TotalStepWall.TotalMilliseconds / SocialScenarios.Ticks:F3} ms per tick");
        await run.StopAsync();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task The_tavern_sim_gives_the_single_process_hashes(int shards)
    {
        var scenario = SocialScenarios.Tavern();
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, null, SocialScenarios.Ticks);
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, "sims-tavern-" + shards);
        for (var t = 1; t <= SocialScenarios.Ticks; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"{shards} shards: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        await run.StopAsync();
    }

    [Fact]
    public void The_cluster_hash_covers_memory_and_relations()
    {
        using var runner = ScenarioHost.CreateRunner(SocialScenarios.Crowd());
        runner.Run(10);
        var social = runner.Social();
        runner.TryGetAgent("p2_3", out var victim);
        runner.TryGetAgent("p0_0", out var thief);
        var before = ClusterHash.Of(runner);
        var fields = ClusterHash.AgentState(runner.World);

        // A relation changed by a hair: the hot fields are the same, the cluster hash is not.
        var r = social.Relations.Get(victim, thief);
        social.Relations.Set(victim, thief, r.Liking - 0.001f, r.Familiarity);
        Assert.Equal(fields, ClusterHash.AgentState(runner.World));
        Assert.NotEqual(before, ClusterHash.Of(runner));
        social.Relations.Set(victim, thief, r.Liking, r.Familiarity);
        Assert.Equal(before, ClusterHash.Of(runner));

        // One more remembered episode.
        social.Memory.Store(victim, runner.Tick, 1, thief, AgentId.None, [new FeltEmotion(EmotionType.Fear, 0.3f)]);
        Assert.Equal(fields, ClusterHash.AgentState(runner.World));
        Assert.NotEqual(before, ClusterHash.Of(runner));
    }

    [Fact]
    public void Side_state_round_trips_into_another_world_by_global_index()
    {
        // The shard's view (ghosts in other slots) reads back the same bytes the single process writes.
        var scenario = SocialScenarios.Crowd();
        using var single = ScenarioHost.CreateRunner(scenario);
        single.Run(35);
        var all = ClusterHash.SideState(single, 0, single.World.SlotCount, slot => slot);
        var plan = ShardLayout.Plan(scenario, null, 4, 3);
        using var shard = new LocalShard(new ShardSpec(ScenarioLoader.ToJson(scenario), 4, 3, 1));
        var own = ClusterHash.SliceSideState(all, plan.First, plan.Count);
        Assert.NotEqual(own, ClusterHash.SideState(shard.Runner, plan.LowGhosts, plan.Count, slot => plan.World[slot]));
        ClusterHash.WriteSideState(shard.Runner, plan.LowGhosts, plan.Count, own, g => Array.BinarySearch(plan.World, g));
        Assert.Equal(own, ClusterHash.SideState(shard.Runner, plan.LowGhosts, plan.Count, slot => plan.World[slot]));
    }

    [Fact]
    public async Task A_snapshot_with_memory_and_relations_on_4_shards_restores_on_2()
    {
        var scenario = SocialScenarios.Crowd();
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, null, SocialScenarios.Ticks);
        var a = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 4, "social-snap-a");
        for (var t = 0; t < 22; t++)
        {
            await a.StepAsync(collectState: false);
        }

        var snapshot = await a.SnapshotAsync();
        await a.StopAsync();
        Assert.Equal(expected[22], snapshot.Hash);
        Assert.NotEmpty(snapshot.SideState);

        var b = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 2, "social-snap-b");
        await b.RestoreAsync(snapshot);

        // Read back from the shards (not the snapshot): memory and relations were restored, not rebuilt from the scenario.
        Assert.Equal(expected[22], (await b.SnapshotAsync()).Hash);
        for (var t = 23; t <= SocialScenarios.Ticks; t++)
        {
            Assert.Equal(expected[t], await b.StepAsync());
        }

        await b.StopAsync();
    }

    [Fact]
    public void The_cluster_hash_covers_appraisal_beliefs()
    {
        // Bren's hope from the theft (get-rich at likelihood 0.6) is a belief the return at tick 60 disconfirms.
        using var runner = ScenarioHost.CreateRunner(CrossShardScenarios.Tavern());
        runner.Run(30);
        runner.TryGetAgent("bren", out var bren);
        var appraisal = runner.Module<AffectEngineModule>().Appraisal;
        var beliefs = appraisal.View(bren).Beliefs.ToArray();
        Assert.NotEmpty(beliefs);
        var before = ClusterHash.Of(runner);
        var changed = (AffectEngine.Appraisal.BeliefState[])beliefs.Clone();
        changed[0].Likelihood = 0.5f;
        appraisal.ReplaceBeliefs(bren, changed);
        Assert.NotEqual(before, ClusterHash.Of(runner));
        appraisal.ReplaceBeliefs(bren, beliefs);
        Assert.Equal(before, ClusterHash.Of(runner));
    }

    [Fact]
    public async Task A_snapshot_keeps_the_beliefs_a_later_event_resolves()
    {
        // Snapshot between the prospect (tick 20) and its disconfirmation (tick 60): rebuilt from the scenario,
        // Bren would have no hope to be disappointed in; restored, every later tick matches the single process.
        var scenario = CrossShardScenarios.Tavern();
        var expected = CrossShardScenarios.SingleProcessHashes(scenario, null, 120);
        var a = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 4, "belief-snap-a");
        for (var t = 0; t < 40; t++)
        {
            await a.StepAsync(collectState: false);
        }

        var snapshot = await a.SnapshotAsync();
        await a.StopAsync();
        var b = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 2, "belief-snap-b");
        await b.RestoreAsync(snapshot);
        Assert.Equal(expected[40], (await b.SnapshotAsync()).Hash);
        for (var t = 41; t <= 120; t++)
        {
            Assert.Equal(expected[t], await b.StepAsync());
        }

        await b.StopAsync();
    }

    [Fact]
    public async Task Encounters_without_a_social_section_shard_too()
    {
        // An encounter alone makes the scenario use the social layer with the engine's defaults; two shards
        // driven directly (no contagion, so one call per tick) must give the single process's hash.
        var scenario = CrossShardScenarios.Tavern();
        scenario.Events.Add(new EventSpec { Tick = 70, Encounter = new EncounterSpec { Agent = "mara", Other = "bren" } });
        using var single = await TwoShardsMatchOneProcess(scenario, 90);

        // The encounter did something: without it the same run ends elsewhere.
        using var without = ScenarioHost.CreateRunner(CrossShardScenarios.Tavern(), extend: b => b.AddSocial());
        without.Run(90);
        Assert.NotEqual(ClusterHash.Of(single), ClusterHash.Of(without));
    }

    [Fact]
    public async Task An_object_sighting_recalls_on_the_owners_shard_with_the_single_process_hash()
    {
        // Mara's backstory theft involved the purse; at tick 70 she sees it again. The object's id is interned
        // per world (shards intern names in their own order), so the side state carries the object by name.
        var scenario = CrossShardScenarios.Tavern();
        scenario.Social = new SocialSection
        {
            Episodes = { new EpisodeSection { Owner = "mara", Kind = "steal", Actor = "bren", Object = "purse", Emotions = { ["anger"] = 0.8f } } },
        };
        scenario.Events.Add(new EventSpec { Tick = 70, Encounter = new EncounterSpec { Agent = "mara", Object = "purse" } });
        using var single = await TwoShardsMatchOneProcess(scenario, 90);

        // The sighting did something: without it the same run ends elsewhere.
        scenario.Events.RemoveAt(scenario.Events.Count - 1);
        using var without = ScenarioHost.CreateRunner(scenario);
        without.Run(90);
        Assert.NotEqual(ClusterHash.Of(single), ClusterHash.Of(without));
    }

    /// <summary>
    /// Steps <paramref name="scenario"/> on two shards driven directly (no contagion, so one call per tick)
    /// and in one process, asserting equal cluster hashes every tick; returns the single-process runner.
    /// </summary>
    private static async Task<SimulationRunner> TwoShardsMatchOneProcess(Scenario scenario, int ticks)
    {
        var json = ScenarioLoader.ToJson(scenario);
        using var s0 = new LocalShard(new ShardSpec(json, 2, 0, 1));
        using var s1 = new LocalShard(new ShardSpec(json, 2, 1, 1));
        var single = ScenarioHost.CreateRunner(scenario);
        try
        {
            for (var t = 0; t < ticks; t++)
            {
                var r0 = await s0.StepAsync(t, ShardInbox.Empty, collectState: true);
                var r1 = await s1.StepAsync(t, ShardInbox.Empty, collectState: true);
                single.Step();
                var hash = ClusterHash.Of(t + 1, single.World.AgentCount, [.. r0.AgentState, .. r1.AgentState], [.. r0.SideState!, .. r1.SideState!]);
                Assert.True(ClusterHash.Of(single) == hash, $"tick {t + 1}");
            }
        }
        catch
        {
            single.Dispose();
            throw;
        }

        return single;
    }
}
