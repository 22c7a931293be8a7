using System;
using System.Collections.Generic;
using System.IO.Hashing;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Hosting.Plugins;
using AffectEngine.Persistence;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli;

/// <summary>How the command line builds engines, records and replays, in one place so every command agrees.</summary>
internal static class EngineSetup
{
    /// <summary>The plugins shipped with the command line, registered by the plugin loader like a folder's.</summary>
    private static readonly Lazy<Hosting.Plugins.PluginCatalog> Bundled = new(() => Hosting.Plugins.PluginCatalog.LoadBundled("AffectEngine.Appraisal.Gamygdala"));

    /// <summary>The appraisal models a scenario may select: OCC (built in) and those of the bundled plugins (GAMYGDALA).</summary>
    public static AppraisalModels AppraisalModels() => new AppraisalModels().AddFrom(Bundled.Value);

    /// <summary>
    /// A runner for the scenario. With <paramref name="runFrom"/> (the scenario file's folder) it is a new
    /// run and gets the scenario's event generators (<see cref="ScenarioHost.CreateRun"/>); without, it is
    /// for a replay, whose record holds the inputs the generators made.
    /// </summary>
    public static SimulationRunner CreateRunner(Scenario scenario, RunOverrides overrides, bool stageHashes, Hosting.Plugins.ScenarioPluginSet? plugins = null, bool events = false, string? runFrom = null)
    {
        try
        {
            void Extend(AffectEngineBuilder builder)
            {
                builder.Services.AddAffectEngine(o => o.AppraisalModels = AppraisalModels());
                plugins?.AddTo(builder); // after the models are set: folder plugins' appraisal models join them
                if (events)
                {
                    builder.Services.AddAffectEngine(o => o.Affect.Events.Enabled = true);
                }

                if (stageHashes)
                {
                    // AddAffectEngine is idempotent: a second call configures the same options.
                    builder.Services.AddAffectEngine(o => o.World.HashEachStage = true);
                }
            }

            return runFrom is null ? ScenarioHost.CreateRunner(scenario, overrides, Extend) : ScenarioHost.CreateRun(scenario, runFrom, overrides, Extend);
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
        catch (ScenarioException ex)
        {
            throw new UserException(ex.Errors.Count == 0 ? ex.Message : string.Join(Environment.NewLine + "affect: ", ex.Errors));
        }
    }

    public static RecordHeader Header(SimulationRunner runner, Scenario scenario, byte[] scenarioBytes, string scenarioName, long ticks, int keyframeEvery, bool stageHashes)
    {
        var world = runner.World;
        var names = new List<string>(world.SlotCount);
        for (var slot = 0; slot < world.SlotCount; slot++)
        {
            var id = world.AgentAt(slot);
            names.Add(id.IsNone ? "" : runner.NameOf(id));
        }

        var plugins = new List<string>();
        foreach (var m in runner.Modules)
        {
            plugins.Add(m.Name);
        }

        plugins.AddRange(scenario.Plugins);
        return new RecordHeader
        {
            EngineVersion = EngineVersion,
            Seed = world.Seed,
            Threads = runner.Simulation.Threads,
            StepSeconds = world.Options.StepSeconds,
            PlannedTicks = ticks,
            KeyframeEvery = keyframeEvery,
            StageHashes = stageHashes,
            ScenarioName = scenarioName,
            ScenarioHash = XxHash64.HashToUInt64(scenarioBytes),
            Scenario = scenarioBytes,
            Plugins = plugins,
            AgentNames = names,
            FieldNames = world.Schema.FieldNames,
        };
    }

    public static string EngineVersion { get; } =
        typeof(Core.Simulation).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
