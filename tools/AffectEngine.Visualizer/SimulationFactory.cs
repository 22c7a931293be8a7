using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Hosting.Plugins;
using AffectEngine.Perception;
using AffectEngine.Scenarios;

namespace AffectEngine.Visualizer;

/// <summary>Makes the simulation a visualizer run shows.</summary>
public static class SimulationFactory
{
    /// <summary>The plugins shipped with the visualizer (as with `affect run`), registered by the plugin loader.</summary>
    private static readonly Lazy<PluginCatalog> Bundled = new(() => PluginCatalog.LoadBundled("AffectEngine.Appraisal.Gamygdala"));

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
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

        // The same appraisal models as `affect run`: OCC built in, GAMYGDALA from the bundled plugin, through
        // the plugin loader; the same run path too, so event generators fire as they do headless. Engine events
        // feed the event log: output only, never hashed.
        var runner = ScenarioHost.CreateRun(scenario, folder, overrides, b => b.Services.AddAffectEngine(o =>
            o.AppraisalModels = new AppraisalModels().AddFrom(Bundled.Value)).Services.AddAffectEngine(o => o.Affect.Events.Enabled = true));
        ScenarioPerceptionFeed? perception;
        try
        {
            perception = OpenPerception(scenario, folder);
        }
        catch
        {
            runner.Dispose();
            throw;
        }

        PerceptionInputFeed? feed = null;
        if (perception is not null)
        {
            feed = new PerceptionInputFeed(perception, runner.Module<AffectEngineModule>().Appraisal.Attention);
            runner.AddInputFeed(feed);
        }

        return new RunnerSimulation(runner, scenario.Name, perceived: feed, companion: perception);
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

    /// <summary>
    /// Hands the fused percepts to the run and keeps each person's latest for the screen: what the
    /// agents reacted to in the tick just shown, read on the thread that steps the run.
    /// </summary>
    private sealed class PerceptionInputFeed : ITickInputFeed, IPerceivedEmotionProvider
    {
        // Beside at most this many agents per person: a crowd watching one trainee needs no 10,000 labels.
        private const int MaxLabelsPerPerson = 64;
        private readonly ScenarioPerceptionFeed _feed;
        private readonly PerceptionAttention _attention;
        private readonly Dictionary<string, PerceptInput> _latest = new(StringComparer.Ordinal);
        private readonly List<TickInput> _produced = [];

        // The run's own record of who attends to whom (set up from the scenario's perception list).
        public PerceptionInputFeed(ScenarioPerceptionFeed feed, PerceptionAttention attention)
        {
            _feed = feed;
            _attention = attention;
        }

        public void Produce(long tick, double timeSeconds, List<TickInput> output)
        {
            _produced.Clear();
            _feed.Produce(tick, timeSeconds, _produced);
            foreach (var input in _produced)
            {
                output.Add(input);
                if (input is PerceptInput p)
                {
                    _latest[p.Person] = p;
                }
            }
        }

        public void GetPerceived(World world, List<PerceivedEmotion> into)
        {
            foreach (var (person, p) in _latest)
            {
                var agents = _attention.AttendersOf(person);
                var label = p.Category.ToString().ToLowerInvariant();
                for (var i = 0; i < agents.Length && i < MaxLabelsPerPerson; i++)
                {
                    if (world.IsAlive(agents[i]))
                    {
                        into.Add(new PerceivedEmotion(agents[i], person, label, p.Valence, p.Arousal, p.Confidence));
                    }
                }
            }
        }
    }
}
