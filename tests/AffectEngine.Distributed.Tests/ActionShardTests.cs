using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AffectEngine.Behaviour;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using Xunit.Abstractions;

namespace AffectEngine.Distributed.Tests;

/// <summary>
/// Actions crossing shards: the tavern brawl (sims/tavern-brawl) with its agents reordered so that the insulter
/// and the insulted, the shover and the shoved, the scold and the scolded live on different shards (2 shards:
/// garth, hilda | wynn, tom; 4 shards: one agent each). Only own agents choose; every tick's choices are
/// gathered at a barrier and applied on every shard in run-wide order; the next tick's appraisal of an action
/// finds its target and witnesses wherever they live. Every tick's cluster hash must equal the single process.
/// </summary>
public sealed class ActionShardTests : IClassFixture<TwoSiloCluster>
{
    private const int Ticks = 140;
    private readonly TwoSiloCluster _fixture;
    private readonly ITestOutputHelper _out;

    public ActionShardTests(TwoSiloCluster fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _out = output;
    }

    internal static Scenario Brawl()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(SocialScenarios.RepoRoot(), "sims", "tavern-brawl", "brawl.json"));
        string[] order = ["garth", "hilda", "wynn", "tom"];
        scenario.Agents = order.Select(id => scenario.Agents.Single(a => a.Id == id)).ToList();
        return scenario;
    }

    [Fact]
    public void The_single_process_brawl_crosses_the_shard_borders()
    {
        // Guards the cluster tests: the chain happens, and its steps join agents that sharding puts apart.
        using var runner = ScenarioHost.CreateRunner(Brawl());
        var seen = new HashSet<(string Agent, string Action, string Target)>();
        for (var t = 0; t < Ticks; t++)
        {
            runner.Step();
            foreach (var h in runner.Behaviour().Happenings)
            {
                if (h.Kind == HappeningKind.ActionChosen)
                {
                    seen.Add((runner.NameOf(h.Agent), runner.Behaviour().Settings.Actions[h.Action].Name, h.Other.IsNone ? "" : runner.NameOf(h.Other)));
                }
            }
        }

        _out.WriteLine(string.Join(", ", seen));
        Assert.Contains(("wynn", "shove", "garth"), seen); // shard 1 → shard 0 (2 shards)
        Assert.Contains(("garth", "flee", "wynn"), seen); // shard 0 → shard 1
        Assert.Contains(("hilda", "scold", "garth"), seen); // witnessed by wynn and tom on shard 1
        Assert.Contains(seen, s => s.Agent == "tom" && s.Action == "leave");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Per_tick_cluster_hashes_equal_the_single_process_when_actions_cross_shards(int shards)
    {
        var scenario = Brawl();
        var expected = ClusterTests.SingleProcessHashes(scenario, Ticks);
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, $"actions-{shards}");
        Assert.True(run.ExchangesActions);
        Assert.Equal(expected[0], run.LastHash);
        for (var t = 1; t <= Ticks; t++)
        {
            var hash = await run.StepAsync();
            Assert.True(expected[t] == hash, $"{shards} shards: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
        }

        _out.WriteLine(
            $"{shards} shards, {Ticks} ticks: {run.ActionChoices} choices exchanged, {run.ActionBytes} payload bytes " +
            $"({(double)run.ActionBytes / run.ActionTicks:F1} B/tick, {(run.ActionChoices == 0 ? 0 : (double)run.ActionBytes / run.ActionChoices):F1} B per choice)");
        await run.StopAsync();
    }

    [Fact]
    public async Task A_snapshot_taken_mid_brawl_restores_on_another_shard_count()
    {
        var scenario = Brawl();
        var expected = ClusterTests.SingleProcessHashes(scenario, Ticks);

        // Find a tick with an action chosen and waiting to be appraised, so the restore must carry it across shards.
        var at = -1;
        using (var single = ScenarioHost.CreateRunner(scenario))
        {
            for (var t = 1; t <= Ticks && at < 0; t++)
            {
                single.Step();
                if (single.Behaviour().PendingActions > 0)
                {
                    at = t;
                }
            }
        }

        Assert.True(at > 0, "no action waits to be appraised in the brawl");
        var two = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, 2, "actions-snap-2");
        for (var t = 1; t <= at; t++)
        {
            await two.StepAsync(collectState: false);
        }

        var snapshot = await two.SnapshotAsync();
        Assert.Equal(expected[at], snapshot.Hash);
        await two.StopAsync();
        foreach (var shards in new[] { 4, 1 })
        {
            var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, scenario, shards, $"actions-snap-{shards}");
            await run.RestoreAsync(snapshot);
            Assert.Equal(expected[at], run.LastHash);
            for (var t = at + 1; t <= Math.Min(Ticks, at + 60); t++)
            {
                var hash = await run.StepAsync();
                Assert.True(expected[t] == hash, $"2 → {shards} shards at tick {at}: tick {t} hash {hash:x16} differs from single-process {expected[t]:x16}.");
            }

            await run.StopAsync();
        }
    }
}
