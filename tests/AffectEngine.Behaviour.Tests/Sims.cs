using System;
using System.Collections.Generic;
using System.IO;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Behaviour.Tests;

/// <summary>Loads sims and scenario text, and names what the behaviour layer did.</summary>
internal static class Sims
{
    public static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "AffectEngine.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("AffectEngine.sln not found above the test directory.");
    }

    public static Scenario Load(params string[] path)
    {
        var parts = new List<string> { Root() };
        parts.AddRange(path);
        return ScenarioLoader.Load(Path.Combine(parts.ToArray()));
    }

    public static SimulationRunner Create(Scenario scenario, int threads = 1) => ScenarioHost.CreateRunner(scenario, new RunOverrides { Threads = threads });

    public static string Describe(SimulationRunner runner, in Happening h)
    {
        var module = runner.Behaviour();
        var vocabulary = runner.Module<AffectEngineModule>().Appraisal.Vocabulary;
        return h.Describe(
            runner.NameOf,
            a => a >= 0 ? module.Settings.Actions[a].Name : "-",
            (c, id) => c == CopingChange.GoalUtility ? vocabulary.Goals.NameOf(id) : vocabulary.Beliefs.NameOf(id));
    }

    /// <summary>How much <paramref name="agent"/>'s distress rises over tick <paramref name="tick"/> (the runner first runs up to it): how hard that tick's event hit.</summary>
    public static float DistressJumpAt(SimulationRunner runner, long tick, string agent = "mara")
    {
        runner.TryGetAgent(agent, out var id);
        runner.Run(tick - runner.Tick);
        var before = runner.Affect.Intensity(id, EmotionType.Distress);
        runner.Step();
        return runner.Affect.Intensity(id, EmotionType.Distress) - before;
    }

    /// <summary>Runs the scenario's ticks, returning "tick name: description" per happening.</summary>
    public static List<string> Trace(SimulationRunner runner, long ticks)
    {
        var lines = new List<string>();
        for (long t = 0; t < ticks; t++)
        {
            runner.Step();
            foreach (var h in runner.Behaviour().Happenings)
            {
                lines.Add($"{h.Tick}: {Describe(runner, h)}");
            }
        }

        return lines;
    }
}
