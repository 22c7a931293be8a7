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
    public AppraisalModels Register(string name, Func<IAppraisalModel> factory, Func<AppraisalSettings> defaultSettings) =>
        Register(name, factory, defaultSettings, null);

    /// <summary>
    /// Registers (or replaces) a model with its published emotion dynamics: <paramref name="affectDefaults"/>
    /// is applied to the engine's affect settings before the host's and scenario's explicit choices
    /// (see <see cref="AffectSettings.ForModel"/>). A model implementing <see cref="IAppraisalModelDefaults"/>
    /// with a <see cref="IAppraisalModelDefaults.DecayFactorPerSecond"/> gets that decay without it.
    /// </summary>
    public AppraisalModels Register(string name, Func<IAppraisalModel> factory, Func<AppraisalSettings> defaultSettings, Action<AffectSettings, IAppraisalModel>? affectDefaults)
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

        _entries[name] = new Entry(factory, defaultSettings, affectDefaults ?? PublishedDecay);
        return this;
    }

    /// <summary>True when a model of that name is registered.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name ?? string.Empty);

    /// <summary>Creates the model named <paramref name="name"/>; throws naming the unknown name and the known ones.</summary>
    public IAppraisalModel Create(string name) => Get(name).Factory();

    /// <summary>The settings to use with the named model.</summary>
    public AppraisalSettings DefaultSettings(string name) => Get(name).Settings();

    /// <summary>
    /// The affect settings to run the named model with: <paramref name="host"/>'s explicit choices over
    /// the model's published dynamics (for a configured <paramref name="model"/> instance).
    /// </summary>
    public AffectSettings AffectSettingsFor(string name, IAppraisalModel model, AffectSettings host)
    {
        if (model is null || host is null)
        {
            throw new ArgumentNullException(model is null ? nameof(model) : nameof(host));
        }

        var defaults = Get(name).Affect;
        return host.ForModel(s => defaults(s, model));
    }

    // A model that states its published decay factor per second gets exponential decay with the
    // equivalent half-life ln 0.5 / ln f for every type; its impulses are not slowed by neuroticism
    // (a published model has no such rule).
    private static void PublishedDecay(AffectSettings settings, IAppraisalModel model)
    {
        if (model is IAppraisalModelDefaults { DecayFactorPerSecond: double f } && f > 0 && f < 1)
        {
            settings.SetDecayAll(new DecaySetting(DecayKind.Exponential, Math.Log(0.5) / Math.Log(f)));
            settings.NeuroticismDecaySlowing = 0f;
        }
    }

    private Entry Get(string name)
    {
        if (name is null || !_entries.TryGetValue(name, out var entry))
        {
            throw new ArgumentException($"appraisal model '{name}' is not registered; known: {string.Join(", ", _entries.Keys)}.", nameof(name));
        }

        return entry;
    }

    private sealed record Entry(Func<IAppraisalModel> Factory, Func<AppraisalSettings> Settings, Action<AffectSettings, IAppraisalModel> Affect);
}
