using System.IO;
using AffectEngine.Hosting.Plugins;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Commands;

/// <summary>The plugin folders of a scenario, loaded for <c>affect run</c> with the scenario's failure policy.</summary>
internal static class RunPlugins
{
    /// <summary>Plugins this command line has built in, which a scenario's "plugins" may name without a folder.</summary>
    public static readonly string[] BuiltIn =
    [
        "gamygdala", "AffectEngine.Appraisal.Gamygdala",
        "perception", "AffectEngine.Perception",
    ];

    /// <summary>
    /// Loads <c>pluginDirs</c> (relative to the scenario file). Under "stop" a failure is a user error
    /// naming the file, the field, each plugin and its reason; under "skip" each is a warning on stderr.
    /// </summary>
    public static ScenarioPluginSet Load(Scenario scenario, string scenarioPath, TextWriter warnings)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(scenarioPath)) ?? ".";
        try
        {
            var set = ScenarioPlugins.Load(scenario, directory, BuiltIn);
            foreach (var f in set.Failures)
            {
                warnings.WriteLine($"warning: {f}; going on without it (pluginFailure: skip)");
            }

            return set;
        }
        catch (PluginLoadException ex)
        {
            throw new UserException($"{scenarioPath}: $.pluginDirs: {string.Join("; ", ex.Failures)} (set \"pluginFailure\": \"skip\" to run without)");
        }
    }
}
