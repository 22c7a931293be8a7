using AffectEngine.Affect;
using AffectEngine.Core;

namespace AffectEngine.Hosting;

/// <summary>Settings of an engine instance, validated when a runner is created (the message names the bad field).</summary>
public sealed class AffectEngineOptions
{
    /// <summary>The run's seed.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Fixed step in simulated seconds.</summary>
    public double StepSeconds { get; set; } = 0.1;

    /// <summary>Threads for per-agent stages.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Agent slots allocated up front.</summary>
    public int InitialCapacity { get; set; } = 64;

    /// <summary>Hash the state after every tick.</summary>
    public bool HashEveryTick { get; set; } = true;

    /// <summary>Hash after every stage too (diagnostics: names the first differing stage).</summary>
    public bool HashEachStage { get; set; }

    /// <summary>Global index of slot 0 when this runner is one shard of a larger run (see <see cref="WorldOptions.AgentIndexOffset"/>).</summary>
    public int AgentIndexOffset { get; set; }

    /// <summary>Emotion dynamics and mood parameters.</summary>
    public AffectSettings Affect { get; set; } = new();

    /// <summary>Appraisal models a scenario can select by name ("occ" built in; hosts register others, e.g. GAMYGDALA).</summary>
    public AppraisalModels AppraisalModels { get; set; } = new();

    /// <summary>The appraisal model to run.</summary>
    public string AppraisalModel { get; set; } = OccAppraisalModel.ModelName;

    /// <summary>
    /// Options of the selected appraisal model by name (e.g. occ "compounds" = "replace", gamygdala
    /// "gain" = "5"); the model must implement <see cref="AffectEngine.Appraisal.IAppraisalModelOptions"/>.
    /// Applied in ordinal order of the names when a runner is created.
    /// </summary>
    public System.Collections.Generic.SortedDictionary<string, string> AppraisalOptions { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Changes to the selected model's default thresholds and modulation (scenario "models" section); null keeps them.</summary>
    public System.Action<AppraisalSettings>? ConfigureAppraisal { get; set; }

    /// <summary>Background stimuli (off by default).</summary>
    public AmbientSettings Ambient { get; set; } = new();

    /// <summary>Null when valid, otherwise a message naming the bad field.</summary>
    public string? Validate()
    {
        var world = ToWorldOptions().Validate();
        if (world is not null)
        {
            return "AffectEngineOptions." + world;
        }

        if (Affect is null)
        {
            return "AffectEngineOptions.Affect must be set.";
        }

        var affect = Affect.Validate();
        if (affect is not null)
        {
            return "AffectEngineOptions.Affect." + affect;
        }

        if (AppraisalModels is null || !AppraisalModels.Contains(AppraisalModel))
        {
            return $"AffectEngineOptions.AppraisalModel: no appraisal model named '{AppraisalModel}' is registered.";
        }

        if (Ambient is null)
        {
            return "AffectEngineOptions.Ambient must be set.";
        }

        var ambient = Ambient.Validate();
        return ambient is null ? null : "AffectEngineOptions." + ambient;
    }

    /// <summary>The core's part of the settings.</summary>
    public WorldOptions ToWorldOptions() => new()
    {
        Seed = Seed,
        StepSeconds = StepSeconds,
        Threads = Threads,
        InitialCapacity = InitialCapacity,
        HashEveryTick = HashEveryTick,
        HashEachStage = HashEachStage,
        AgentIndexOffset = AgentIndexOffset,
    };
}
