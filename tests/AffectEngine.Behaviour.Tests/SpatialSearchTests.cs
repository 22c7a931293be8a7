using System;
using System.Globalization;
using System.Linq;
using System.Text;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Behaviour.Tests;

/// <summary>
/// Radius-limited target searches and witness collection go through a grid; the grid must choose exactly
/// what the scan over every slot chooses (same candidates in slot order, same ties), so hashes agree.
/// </summary>
public sealed class SpatialSearchTests
{
    // 600 agents on a 30 × 30 square, some sharing a spot (ties in distance), with a few likings: everyone
    // approaches the nearest other within 2 while calm, shuns the least liked within 3, scolds the most liked within 1.5
    // with witnesses within 2.5 whose goal it hurts (so stress, coping and seeking support within 2 follow).
    internal static string Crowd(int agents, string? actions = null)
    {
        var json = new StringBuilder();
        json.Append("""{ "run": { "ticks": 60, "step": "100ms", "seed": 11 }, "agents": [""");
        ulong state = 12345;
        float Next()
        {
            state = (state * 6364136223846793005UL) + 1442695040888963407UL;
            return (state >> 40) / (float)(1 << 24);
        }

        for (var i = 0; i < agents; i++)
        {
            var x = i % 7 == 3 ? MathF.Floor(Next() * 30f) : Next() * 30f;
            var y = i % 7 == 3 ? MathF.Floor(Next() * 30f) : Next() * 30f;
            json.Append(CultureInfo.InvariantCulture, $$"""{ "id": "a{{i}}", "position": { "x": {{x:R}}, "y": {{y:R}} }, "goals": [ { "id": "calm", "utility": 0.7 } ]""");
            json.Append(CultureInfo.InvariantCulture, $$""", "personality": { "o": 0, "c": 0, "e": 0, "a": {{(i % 3) - 1}}, "n": 0.4 }""");
            if (i % 5 == 0 && i > 0)
            {
                json.Append(CultureInfo.InvariantCulture, $$""", "relations": { "a{{i - 1}}": { "liking": 0.8 }, "a{{(i + 7) % agents}}": { "liking": -0.6 } }""");
            }

            json.Append(i == agents - 1 ? "}" : "},");
        }

        if (actions is not null)
        {
            json.Append("], \"behaviours\": { \"actions\": [").Append(actions).Append("] } }");
            return json.ToString();
        }

        json.Append("""
            ],
            "behaviours": {
              "actions": [
                { "name": "scold", "target": "most-liked", "radius": 1.5, "utility": 0.9, "cooldown": "1s", "witnessRadius": 2.5,
                  "effects": [ { "owner": "target", "goal": "calm", "congruence": -0.8, "likelihood": 0.7 } ] },
                { "name": "shun", "target": "least-liked", "radius": 3, "utility": 0.6, "move": "away", "cooldown": "500ms", "appraised": false },
                { "name": "approach", "target": "nearest", "radius": 2, "when": { "emotions": { "distress": { "max": 0.1 } } }, "utility": 0.3, "move": "toward", "reach": 0.3, "witnessRadius": 2,
                  "effects": [ { "owner": "target", "goal": "calm", "congruence": -0.3, "likelihood": 1 } ] }
              ],
              "coping": { "stressThreshold": 0.1, "every": "1s", "supportRadius": 2 }
            }
          }
          """);
        return json.ToString();
    }

    private static SimulationRunner Create(string json, int threads, bool scan)
    {
        var runner = Sims.Create(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "crowd.json"), threads);
        runner.Behaviour().Pass!.ScanOnly = scan;
        runner.Behaviour().Appraiser!.ScanOnly = scan;
        return runner;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_grid_chooses_the_same_targets_and_witnesses_as_the_scan_every_tick(int threads)
    {
        var json = Crowd(600);
        using var grid = Create(json, threads, scan: false);
        using var scan = Create(json, 1, scan: true);
        long actions = 0, copings = 0, witnessed = 0, searched = 0;
        for (var t = 0; t < 40; t++)
        {
            grid.Step();
            scan.Step();
            Assert.Equal(scan.Simulation.ComputeHash(), grid.Simulation.ComputeHash());
            var a = grid.Behaviour().Happenings.ToArray();
            var b = scan.Behaviour().Happenings.ToArray();
            Assert.Equal(b, a);
            actions += a.Count(h => h.Kind == HappeningKind.ActionChosen);
            copings += a.Count(h => h.Kind == HappeningKind.CopingApplied);
            witnessed += grid.Behaviour().Appraiser!.Indexed ? 1 : 0;
            searched += grid.Behaviour().Pass!.Indexed ? 1 : 0;
        }

        // Not vacuous: many searches, coping and witnessed actions went through the grid.
        Assert.True(actions > 1000, $"actions {actions}");
        Assert.True(copings > 10, $"coping {copings}");
        Assert.Equal(40, searched);
        Assert.True(witnessed > 20, $"ticks with indexed witnesses {witnessed}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Nearest_anywhere_through_growing_rings_chooses_what_the_scan_chooses(int threads)
    {
        // No radius: the nearest other in the whole world. Everyone approaches the nearest while calm (found in
        // the first ring mostly); the few who dislike someone step away from the nearest disliked agent, rare
        // enough that rings grow and then decline (the scan takes over). Two stragglers far away search alone.
        var json = Crowd(600, """
            { "name": "approach", "target": "nearest", "when": { "emotions": { "distress": { "max": 0.1 } } }, "utility": 0.3, "move": "toward", "reach": 0.3, "appraised": false },
            { "name": "avoid", "target": "nearest", "when": { "liking": { "max": -0.5 } }, "utility": 0.6, "move": "away", "cooldown": "300ms", "appraised": false }
            """);
        using var grid = Create(json, threads, scan: false);
        using var scan = Create(json, 1, scan: true);
        foreach (var runner in new[] { grid, scan })
        {
            var position = runner.World.Field("position");
            runner.World.Value(runner.World.AgentAt(17), position, 0) = 5000f;
            runner.World.Value(runner.World.AgentAt(18), position, 1) = -4000f;
        }

        var targets = new System.Collections.Generic.HashSet<(int, int)>();
        long actions = 0;
        for (var t = 0; t < 30; t++)
        {
            grid.Step();
            scan.Step();
            Assert.True(grid.Behaviour().Pass!.Indexed);
            Assert.Equal(scan.Simulation.ComputeHash(), grid.Simulation.ComputeHash());
            var a = grid.Behaviour().Happenings.ToArray();
            Assert.Equal(scan.Behaviour().Happenings.ToArray(), a);
            foreach (var h in a.Where(h => h.Kind == HappeningKind.ActionChosen))
            {
                actions++;
                targets.Add((h.Agent.Slot, h.Other.Slot));
            }
        }

        // Not vacuous: many searches, both rules, and the stragglers found someone across the world.
        Assert.True(actions > 500, $"actions {actions}");
        Assert.Contains(targets, p => p.Item1 == 17);
        Assert.Contains(targets, p => p.Item1 == 18);
        Assert.True(grid.Behaviour().Grid!.Cell == 0f, "no radius in the settings: cells come from the agents' extent");
    }

    [Fact]
    public void A_ring_answers_only_when_nothing_outside_it_can_be_nearer()
    {
        // Cells of 2 (the never-firing rule's radius). Xan at (1, 1) dislikes Pia at (3.6, 3.6), distance 3.68,
        // inside the first ring's cells, and Quin at (4.4, 1), distance 3.4, outside them: the first ring finds
        // only Pia, farther than its radius, so the search must grow and answer Quin, as the scan does.
        // 300 others stand far away so the world is large enough for the grid.
        var json = new StringBuilder("""{ "run": { "ticks": 5, "step": "100ms", "seed": 2 }, "agents": [""");
        json.Append("""{ "id": "xan", "position": { "x": 1, "y": 1 }, "relations": { "pia": { "liking": -0.8 }, "quin": { "liking": -0.8 } } },""");
        json.Append("""{ "id": "pia", "position": { "x": 3.6, "y": 3.6 } }, { "id": "quin", "position": { "x": 4.4, "y": 1 } }""");
        for (var i = 0; i < 300; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $$""", { "id": "f{{i}}", "position": { "x": {{100 + (i % 20)}}, "y": {{i / 20}} } }""");
        }

        json.Append("""
            ], "behaviours": { "actions": [
              { "name": "never", "target": "nearest", "radius": 2, "when": { "emotions": { "joy": { "min": 0.99 } } }, "utility": 0.1, "appraised": false },
              { "name": "avoid", "target": "nearest", "when": { "liking": { "max": -0.5 } }, "utility": 0.6, "move": "away", "appraised": false } ] } }
            """);
        string? First(bool scanOnly)
        {
            using var runner = Create(json.ToString(), 1, scanOnly);
            runner.Step();
            Assert.Equal(2f, runner.Behaviour().Grid!.Cell);
            Assert.Equal(!scanOnly, runner.Behaviour().Pass!.Indexed);
            var h = runner.Behaviour().Happenings.ToArray().First(h => h.Kind == HappeningKind.ActionChosen);
            return runner.NameOf(h.Other);
        }

        Assert.Equal("quin", First(scanOnly: true));
        Assert.Equal("quin", First(scanOnly: false));
    }

    [Fact]
    public void The_witness_search_and_the_target_searches_share_one_grid_per_tick()
    {
        using var runner = Create(Crowd(600), 1, scan: false);
        var module = runner.Behaviour();
        var grid = module.Grid!;

        // Cells of the largest finite radius used: least-liked within 3 (witnesses 2.5, nearest 2, support 2).
        Assert.Equal(3f, grid.Cell);
        var both = 0;
        for (var t = 0; t < 40; t++)
        {
            var before = grid.Builds;
            runner.Step();
            Assert.True(module.Pass!.Indexed);
            Assert.Equal(1, grid.Builds - before);
            both += module.Appraiser!.Indexed ? 1 : 0;
        }

        // Not vacuous: in most ticks the witness search took the grid and the pass reused it.
        Assert.True(both > 20, $"ticks with indexed witnesses {both}");
    }

    [Fact]
    public void A_system_moving_agents_between_the_stages_makes_the_pass_build_the_grid_again()
    {
        var json = Crowd(600);
        using var grid = Create(json, 1, scan: false);
        using var scan = Create(json, 1, scan: true);
        grid.Simulation.Attach(new Shove(grid.World, grid.Position));
        scan.Simulation.Attach(new Shove(scan.World, scan.Position));
        var rebuilt = 0;
        for (var t = 0; t < 30; t++)
        {
            var before = grid.Behaviour().Grid!.Builds;
            grid.Step();
            scan.Step();
            Assert.Equal(scan.Simulation.ComputeHash(), grid.Simulation.ComputeHash());
            Assert.Equal(scan.Behaviour().Happenings.ToArray(), grid.Behaviour().Happenings.ToArray());
            rebuilt += grid.Behaviour().Grid!.Builds - before == 2 ? 1 : 0;
        }

        // Every tick whose witness search built the grid saw it built again for the pass (the shove moved agents).
        Assert.True(rebuilt > 15, $"ticks with a second build {rebuilt}");
    }

    /// <summary>A host system in the Social stage (between the witness search and the pass) that moves every tenth agent 4 units along x.</summary>
    private sealed class Shove(World world, FieldId position) : IWorldSystem
    {
        public string Name => "test.shove";

        public TickStage Stage => TickStage.Social;

        public void Execute(in TickContext context)
        {
            for (var s = (int)(context.Tick % 10); s < world.SlotCount; s += 10)
            {
                var agent = world.AgentAt(s);
                if (!agent.IsNone)
                {
                    world.Value(agent, position, 0) += 4f;
                }
            }
        }
    }

    [Fact]
    public void A_query_returns_every_agent_the_exact_test_accepts_in_ascending_slot_order()
    {
        using var runner = Create(Crowd(300), 1, scan: false);
        var world = runner.World;
        var position = world.Field("position");

        // Edge cases the scan lets through or keeps apart: a spot not finite, agents very far away, agents on cell edges.
        world.Value(world.AgentAt(10), position, 0) = float.NaN;
        world.Value(world.AgentAt(11), position, 1) = float.PositiveInfinity;
        world.Value(world.AgentAt(12), position, 0) = 3e9f;
        world.Value(world.AgentAt(13), position, 0) = -3e9f;
        world.Value(world.AgentAt(14), position, 0) = 4f;
        world.Value(world.AgentAt(14), position, 1) = 4f;
        var index = new SpatialIndex(position.Offset);
        index.Build(world, 2f);
        var buffer = new int[4];
        foreach (var radius in new[] { 0.5f, 1f, 2f })
        {
            for (var s = 0; s < world.SlotCount; s += 7)
            {
                var x = world.Value(world.AgentAt(s), position, 0);
                var y = world.Value(world.AgentAt(s), position, 1);
                var n = index.Query(x, y, radius, ref buffer);
                if (!float.IsFinite(x) || !float.IsFinite(y))
                {
                    Assert.Equal(-1, n);
                    continue;
                }

                var got = buffer.Take(n).ToArray();
                Assert.Equal(got.OrderBy(v => v).Distinct().ToArray(), got);
                for (var o = 0; o < world.SlotCount; o++)
                {
                    var dx = world.Value(world.AgentAt(o), position, 0) - x;
                    var dy = world.Value(world.AgentAt(o), position, 1) - y;
                    var d2 = (dx * dx) + (dy * dy);
                    if (!(d2 > radius * radius))
                    {
                        Assert.Contains(o, got);
                    }
                }

                Assert.Contains(10, got);
                Assert.Contains(11, got);
            }
        }

        Assert.Equal(-1, index.Query(0f, 0f, 1000f, ref buffer));
    }
}
