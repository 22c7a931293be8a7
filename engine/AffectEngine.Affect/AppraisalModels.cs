using System;
using System.Collections.Generic;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect;

/// <summary>
/// The appraisal models a host can select by name (scenario <c>run.appraisal</c>): "occ" is built
/// in; plugins are registered by the host, e.g.
/// <c>models.Register("gamygdala", () =&gt; new GamygdalaModel(), AppraisalSettings.Neutral)</c>.
/// </summary>
public sealed class AppraisalModels
{
    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A registry holding the built-in OCC model.</summary>
    public AppraisalModels() => Register(OccAppraisalModel.ModelName, static () => new OccAppraisalModel(), static () => new AppraisalSettings());

    /// <summary>Registered names in ordinal order.</summary>
    public IReadOnlyCollection<string> Names => _entries.Keys;

    /// <summary>
    /// Registers (or replaces) a model. <paramref name="defaultSettings"/> gives the threshold and
    /// modulation rules to use with it (a model reproduced as published wants <see cref="AppraisalSettings.Neutral"/>).
    /// </summary>
    public AppraisalModels Register(string name, Func<IAppraisalModel> factory, Func<AppraisalSettings> defaultSettings)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("A model needs a name.", nameof(name));
        }

        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        if (defaultSettings is null)
        {
            throw new ArgumentNullException(nameof(defaultSettings));
        }

        _entries[name] = new Entry(factory, defaultSettings);
        return this;
    }

    /// <summary>True when a model of that name is registered.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name ?? string.Empty);

    /// <summary>Creates the model named <paramref name="name"/>; throws naming the unknown name and the known ones.</summary>
    public IAppraisalModel Create(string name) => Get(name).Factory();

    /// <summary>The settings to use with the named model.</summary>
    public AppraisalSettings DefaultSettings(string name) => Get(name).Settings();

    private Entry Get(string name)
    {
        if (name is null || !_entries.TryGetValue(name, out var entry))
        {
            throw new ArgumentException($"appraisal model '{name}' is not registered; known: {string.Join(", ", _entries.Keys)}.", nameof(name));
        }

        return entry;
    }

    private sealed record Entry(Func<IAppraisalModel> Factory, Func<AppraisalSettings> Settings);
}
