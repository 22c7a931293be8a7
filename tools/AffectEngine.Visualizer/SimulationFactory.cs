using System;
using AffectEngine.Hosting;
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
        return new RunnerSimulation(runner, scenario.Name);
    }
}
