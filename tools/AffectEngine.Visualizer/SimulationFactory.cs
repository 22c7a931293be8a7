using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AffectEngine.Hosting;
using AffectEngine.Perception;
using AffectEngine.Scenarios;

namespace AffectEngine.Visualizer;

/// <summary>Makes the simulation a visualizer run shows.</summary>
public static class SimulationFactory
{
    /// <summary>
    /// The scenario through the hosting <see cref="ScenarioHost"/> (exactly as <c>affect run</c> builds
    /// it, with the same overrides), or the built-in demo crowd when no scenario is given. For a
    /// scenario without <c>--ticks</c>, sets <see cref="VisualizerOptions.Ticks"/> to the scenario's own.
    /// </summary>
    public static IVisualizedSimulation Create(VisualizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scenario is not { } path)
        {
            return DemoCrowd.Create(options.Agents, options.Seed, options.Threads);
        }

        var scenario = ScenarioLoader.Load(path);
        var overrides = new RunOverrides { Ticks = options.Ticks, Seed = options.SeedSet ? options.Seed : null, Threads = options.ThreadsSet ? options.Threads : null };
        options.Ticks ??= ScenarioHost.TicksOf(scenario, overrides);
        var runner = ScenarioHost.CreateRunner(scenario, overrides);
        ScenarioPerceptionFeed? perception;
        try
        {
            perception = OpenPerception(scenario, Path.GetDirectoryName(Path.GetFullPath(path)));
        }
        catch
        {
            runner.Dispose();
            throw;
        }

        if (perception is not null)
        {
            runner.AddInputFeed(new PerceptionInputFeed(perception));
        }

        return new RunnerSimulation(runner, scenario.Name, companion: perception);
    }

    /// <summary>The scenario's perception sources, as <c>affect run</c> opens them (a bad one is an <see cref="ArgumentException"/> naming the field).</summary>
    private static ScenarioPerceptionFeed? OpenPerception(Scenario scenario, string? directory)
    {
        var entries = new List<PerceptionEntry>();
        for (var i = 0; i < scenario.Perception.Count; i++)
        {
            var p = scenario.Perception[i];
            entries.Add(new PerceptionEntry(p.Person, p.Source, directory, string.Format(CultureInfo.InvariantCulture, "$.perception[{0}].source", i)));
        }

        try
        {
            return ScenarioPerceptionFeed.Open(entries);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    private sealed class PerceptionInputFeed : ITickInputFeed
    {
        private readonly ScenarioPerceptionFeed _feed;

        public PerceptionInputFeed(ScenarioPerceptionFeed feed) => _feed = feed;

        public void Produce(long tick, double timeSeconds, List<TickInput> output) => _feed.Produce(tick, timeSeconds, output);
    }
}
