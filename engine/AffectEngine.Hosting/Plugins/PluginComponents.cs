#if NET
using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Perception;

namespace AffectEngine.Hosting.Plugins;

/// <summary>
/// How a host uses the components plugins register for the engine's extension contracts:
/// appraisal models (selected by a scenario's <c>run.appraisal</c>) and perception source kinds
/// (selected by the prefix of a <c>perception[].source</c> spec).
/// </summary>
public static class PluginComponents
{
    /// <summary>
    /// Registers every <see cref="IAppraisalModel"/> of <paramref name="catalog"/> in <paramref name="models"/>
    /// under its component name (replacing a built-in of that name). A model implementing
    /// <see cref="IAppraisalModelDefaults"/> with <c>AsPublished</c> runs with <see cref="AppraisalSettings.Neutral"/>,
    /// any other with the engine's defaults. <see cref="PluginBuilderExtensions.AddPlugins(AffectEngineBuilder, PluginCatalog)"/> calls this.
    /// </summary>
    public static AppraisalModels AddFrom(this AppraisalModels models, PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var name in catalog.ComponentNames<IAppraisalModel>())
        {
            var asPublished = Create<IAppraisalModel>(catalog, name) is IAppraisalModelDefaults { AsPublished: true };
            models.Register(name, () => Create<IAppraisalModel>(catalog, name), asPublished ? AppraisalSettings.Neutral : static () => new AppraisalSettings());
        }

        return models;
    }

    /// <summary>The perception source kinds plugins add, by kind, in load order.</summary>
    public static IReadOnlyList<IPerceptionSourceKind> PerceptionSourceKinds(this PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var kinds = new List<IPerceptionSourceKind>();
        foreach (var name in catalog.ComponentNames<IPerceptionSourceKind>())
        {
            kinds.Add(Create<IPerceptionSourceKind>(catalog, name));
        }

        return kinds;
    }

    /// <summary>
    /// Creates the source a spec (<c>kind:address</c>) names through the plugin that adds its kind;
    /// false when no plugin adds that kind. Errors in the spec itself are the kind's own typed exceptions
    /// (<see cref="FormatException"/>, <see cref="System.IO.FileNotFoundException"/>).
    /// </summary>
    public static bool TryCreatePerceptionSource(this PluginCatalog catalog, string spec, string? baseDirectory, out IPerceptionSource? source)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        source = null;
        var colon = string.IsNullOrEmpty(spec) ? -1 : spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"Perception source spec '{spec}' has no '<kind>:' prefix.");
        }

        var kindName = spec.Substring(0, colon).Trim().ToLowerInvariant();
        if (!catalog.TryCreateComponent<IPerceptionSourceKind>(kindName, out var kind) || kind is null)
        {
            return false;
        }

        source = kind.Create(spec.Trim(), baseDirectory);
        return true;
    }

    private static T Create<T>(PluginCatalog catalog, string name)
        where T : class =>
        catalog.TryCreateComponent<T>(name, out var c) && c is not null
            ? c
            : throw new InvalidOperationException($"The plugin component {typeof(T).Name} '{name}' returned null.");
}
#endif
