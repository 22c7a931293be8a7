using System;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Behaviour;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Benchmarks;

/// <summary>
/// Many agents searching at once: <c>quick-behaviour search [agents] [ticks]</c>. Agents stand one per unit²
/// on a square; every agent whose fear is at least 0.5 (about one in eight) approaches the nearest other
/// within 2 and is witnessed within 2. Two identical worlds are stepped in turn, one searching by a scan of
/// every slot (the code before the grid) and one through the grid; their hashes are compared every tick and
/// the medians and their ratio printed. A fifth argument <c>anywhere</c> drops the radius and the witnesses:
/// the nearest other in the whole world, found through the grid's growing rings. A fifth argument <c>liked</c>
/// gives every agent eight declared likings (random others, a few values, so ties) and makes the search the
/// most liked other anywhere, no witnesses: the scan of every slot against the search over the chooser's likings.
/// </summary>
internal static class QuickSearch
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var agents = args.Length > 2 ? int.Parse(args[2], inv) : 20_000;
        var ticks = args.Length > 3 ? int.Parse(args[3], inv) : 9;
        var liked = args.Length > 4 && args[4] == "liked";
        var anywhere = liked || (args.Length > 4 && args[4] == "anywhere");
        using var scan = Create(agents, scanOnly: true, anywhere, liked);
        using var grid = Create(agents, scanOnly: false, anywhere, liked);
        scan.Simulation.Step();
        grid.Simulation.Step();
        var s = new double[ticks];
        var g = new double[ticks];
        long actions = 0;
        for (var i = 0; i < ticks; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            scan.Simulation.Step();
            var t1 = Stopwatch.GetTimestamp();
            grid.Simulation.Step();
            var t2 = Stopwatch.GetTimestamp();
            if (scan.Simulation.ComputeHash() != grid.Simulation.ComputeHash())
            {
                throw new InvalidOperationException($"tick {scan.Tick}: the grid and the scan disagree");
            }

            actions += grid.Behaviour().Happenings.Length;
            s[i] = (t1 - t0) * 1000.0 / Stopwatch.Frequency;
            g[i] = (t2 - t1) * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(s);
        Array.Sort(g);
        var ms = s[ticks / 2];
        var mg = g[ticks / 2];
        Console.WriteLine(string.Format(inv, "{0} agents, {1} actions per tick ({2}), same hashes every tick", agents, actions / ticks, liked ? "most liked anywhere, no witnesses" : anywhere ? "nearest anywhere, no witnesses" : "nearest within 2, witnesses within 2"));
        Console.WriteLine(string.Format(inv, "  tick medians: scan {0:0.0} ms, {3} {1:0.0} ms; scan / {3} {2:0.0}x", ms, mg, ms / mg, liked ? "likings" : "grid"));
        Console.WriteLine(string.Format(inv, "  state-hash: {0:x16}", grid.Simulation.ComputeHash()));
    }

    private static SimulationRunner Create(int agents, bool scanOnly, bool anywhere, bool liked)
    {
        var services = new ServiceCollection();
        var builder = services.AddAffectEngine(o =>
        {
            o.World.Seed = 5;
            o.World.Threads = 1;
            o.World.InitialCapacity = agents;
            o.World.HashEveryTick = false;
            o.Affect.SetDecayAll(new DecaySetting(DecayKind.Exponential, 3600));
        });
        builder.AddBehaviour(b =>
        {
            var approach = new ActionRule { Name = "approach", Utility = 1f, Target = liked ? TargetKind.MostLiked : TargetKind.Nearest, Radius = anywhere ? 0f : 2f, Move = MoveKind.Toward, Reach = 0.5f, WitnessRadius = anywhere ? 0f : 2f };
            approach.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Fear, 0.5f, 1f));
            b.Actions.Add(approach);
        });
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var world = runner.World;
        var e0 = runner.Affect.Fields.Emotion;
        var side = (int)Math.Ceiling(Math.Sqrt(agents));
        var module = runner.Behaviour();
        for (var i = 0; i < agents; i++)
        {
            var id = world.AddAgent();
            var rng = new RandomStream(5, 98, 0, i);
            world.Value(id, e0, (int)EmotionType.Fear) = rng.NextSingle() < 0.25f ? rng.NextSingle() : 0f;
            world.Value(id, runner.Position, 0) = (i % side) + (0.5f * rng.NextSingle());
            world.Value(id, runner.Position, 1) = (i / side) + (0.5f * rng.NextSingle());
            module.SetRules(id, 1);
        }

        if (liked)
        {
            var appraisal = runner.Module<AffectEngineModule>().Appraisal;
            for (var i = 0; i < agents; i++)
            {
                var rng = new RandomStream(5, 99, 0, i);
                for (var k = 0; k < 8; k++)
                {
                    var other = world.AgentAt((int)(rng.NextSingle() * agents) % agents);
                    if (other.Slot != i)
                    {
                        appraisal.SetLiking(world.AgentAt(i), other, (int)(rng.NextSingle() * 4f) * 0.25f);
                    }
                }
            }
        }

        module.Pass!.ScanOnly = scanOnly;
        module.Appraiser!.ScanOnly = scanOnly;
        return runner;
    }
}
