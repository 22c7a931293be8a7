using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Hosting;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect run &lt;scenario&gt; [--ticks N] [--seed S] [--threads T]</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file (JSON)." };
        var ticks = new Option<long?>("--ticks") { Description = "Ticks to run (default: the scenario's)." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed (default: the scenario's)." };
        var threads = new Option<int?>("--threads") { Description = "Threads for per-agent stages (default: the scenario's)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the state hash." };
        var command = new Command("run", "Run a scenario headless and print a summary and the final state hash.")
        {
            scenario, ticks, seed, threads, quiet,
        };
        command.SetAction(parse =>
        {
            var overrides = new RunOverrides
            {
                Ticks = parse.GetValue(ticks),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            if (overrides.Ticks is < 0)
            {
                throw new UserException($"--ticks must be 0 or more; got {overrides.Ticks}");
            }

            if (overrides.Threads is < 1 or > 256)
            {
                throw new UserException($"--threads must be between 1 and 256; got {overrides.Threads}");
            }

            return Run(parse.GetValue(scenario)!, overrides, parse.GetValue(quiet));
        });
        return command;
    }

    private static int Run(string path, RunOverrides overrides, bool quiet)
    {
        var scenario = ScenarioFiles.Load(path);
        var total = ScenarioHost.TicksOf(scenario, overrides);
        var clock = Stopwatch.StartNew();
        using var runner = CreateRunner(scenario, overrides);
        runner.Run(total);
        if (total == 0)
        {
            runner.Simulation.ComputeHash();
        }

        clock.Stop();
        if (!quiet)
        {
            PrintSummary(scenario.Name, runner, total, clock.Elapsed);
        }

        Console.Out.WriteLine($"state-hash: {runner.LastHash:x16}");
        return 0;
    }

    private static SimulationRunner CreateRunner(Scenarios.Scenario scenario, RunOverrides overrides)
    {
        try
        {
            return ScenarioHost.CreateRunner(scenario, overrides);
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    private static void PrintSummary(string name, SimulationRunner runner, long ticks, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var o = Console.Out;
        var w = runner.World;
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        o.WriteLine(string.Format(inv, "scenario  {0}", name));
        o.WriteLine(string.Format(inv, "agents    {0}", w.AgentCount));
        o.WriteLine(string.Format(inv, "ticks     {0} (step {1} s, simulated {2:0.###} s)", ticks, w.Options.StepSeconds, ticks * w.Options.StepSeconds));
        o.WriteLine(string.Format(inv, "seed      {0}", w.Seed));
        o.WriteLine(string.Format(inv, "threads   {0}", runner.Simulation.Threads));
        o.WriteLine(string.Format(inv, "wall      {0:0.000} s ({1:0} ticks/s)", elapsed.TotalSeconds, ticks / seconds));
        o.WriteLine();
        o.WriteLine(string.Format(inv, "{0,-16} {1,7} {2,7} {3,7}  {4}", "agent", "mood.p", "mood.a", "mood.d", "strongest emotion"));
        var affect = runner.Affect;
        var shown = 0;
        foreach (var id in w.Agents)
        {
            if (shown++ == 20)
            {
                o.WriteLine(string.Format(inv, "... {0} more agents", w.AgentCount - 20));
                break;
            }

            var mood = affect.Mood(id);
            var best = -1;
            var bestValue = 0f;
            for (var e = 0; e < Emotions.Count; e++)
            {
                var v = affect.Intensity(id, (EmotionType)e);
                if (v > bestValue)
                {
                    bestValue = v;
                    best = e;
                }
            }

            var strongest = best < 0 ? "-" : string.Format(inv, "{0} {1:0.000}", ((EmotionType)best).Name(), bestValue);
            o.WriteLine(string.Format(inv, "{0,-16} {1,7:0.000} {2,7:0.000} {3,7:0.000}  {4}", runner.NameOf(id), mood.P, mood.A, mood.D, strongest));
        }

        o.WriteLine();
    }
}
