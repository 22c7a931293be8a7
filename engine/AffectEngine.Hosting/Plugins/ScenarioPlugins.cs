#if NET
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting.Plugins;

/// <summary>The plugins a scenario asks for: its <c>pluginDirs</c>, <c>plugins</c> and <c>pluginFailure</c>.</summary>
public sealed class ScenarioPluginSet : IDisposable
{
    internal ScenarioPluginSet(PluginCatalog? catalog, IReadOnlyList<PluginLoadFailure> failures, IReadOnlyList<string> folders)
    {
        Catalog = catalog;
        Failures = failures;
        Folders = folders;
    }

    /// <summary>The loaded plugins; null when the scenario names no plugin folder.</summary>
    public PluginCatalog? Catalog { get; }

    /// <summary>Plugins that failed and names in <c>plugins</c> that no folder provided (only under "skip"; "stop" throws).</summary>
    public IReadOnlyList<PluginLoadFailure> Failures { get; }

    /// <summary>The absolute folders searched.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Adds the plugins to an engine registration (nothing when there are none).</summary>
    public void AddTo(AffectEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Catalog is not null)
        {
            builder.AddPlugins(Catalog);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Catalog?.Dispose();
}

/// <summary>Loads the plugin folders a scenario names, relative to the scenario file, with its failure policy.</summary>
public static class ScenarioPlugins
{
    /// <summary>
    /// Loads the plugins of <paramref name="scenario"/>'s <c>pluginDirs</c>, each resolved against
    /// <paramref name="scenarioDirectory"/> (the folder of the scenario file; never the working
    /// directory). Every name in <c>plugins</c> must then be a loaded plugin (by plugin name or
    /// assembly file name) or one of <paramref name="builtIn"/>. Under <c>pluginFailure: "stop"</c>
    /// any failure throws <see cref="PluginLoadException"/> naming each plugin and reason; under
    /// "skip" the failures are returned and the run goes on without those plugins.
    /// </summary>
    [RequiresUnreferencedCode(PluginCatalog.TrimMessage)]
    public static ScenarioPluginSet Load(Scenario scenario, string scenarioDirectory, IEnumerable<string>? builtIn = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(scenarioDirectory);
        var stop = !string.Equals(scenario.PluginFailure, "skip", StringComparison.Ordinal);
        var folders = scenario.PluginDirs.Select(d => Path.GetFullPath(Path.Combine(scenarioDirectory, d))).ToArray();
        if (folders.Length == 0)
        {
            // Without folders, "plugins" names what the host has built in; nothing is loaded.
            return new ScenarioPluginSet(null, [], folders);
        }

        var options = new PluginOptions { OnFailure = PluginFailurePolicy.Skip };
        foreach (var f in folders)
        {
            options.Folders.Add(f);
        }

        var catalog = PluginCatalog.Load(options);
        var failures = catalog.Failures.ToList();
        var known = new HashSet<string>(builtIn ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var p in catalog.Plugins)
        {
            known.Add(p.Name);
            known.Add(Path.GetFileNameWithoutExtension(p.AssemblyPath));
        }

        foreach (var name in scenario.Plugins)
        {
            if (!known.Contains(name) && !failures.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add(new PluginLoadFailure(name, string.Join(", ", folders), "named in the scenario's \"plugins\" but not found in its \"pluginDirs\""));
            }
        }

        if (stop && failures.Count > 0)
        {
            catalog.Dispose();
            throw new PluginLoadException(failures);
        }

        return new ScenarioPluginSet(catalog, failures, folders);
    }
}
#endif
