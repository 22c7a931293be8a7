using System;

namespace AffectEngine.Visualizer;

/// <summary>Makes the simulation a visualizer run shows.</summary>
public static class SimulationFactory
{
    /// <summary>The demo crowd, or the scenario once the hosting runner is available.</summary>
    public static IVisualizedSimulation Create(VisualizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Scenario is not null)
        {
            throw new ArgumentException("--scenario needs the hosting SimulationRunner, which this build does not include yet; run the demo crowd with --agents N.");
        }

        return DemoCrowd.Create(options.Agents, options.Seed, options.Threads);
    }
}
