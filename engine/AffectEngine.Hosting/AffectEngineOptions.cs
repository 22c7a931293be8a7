using AffectEngine.Affect;
using AffectEngine.Core;

namespace AffectEngine.Hosting;

/// <summary>Settings of an engine instance, validated when a runner is created (the message lists every bad field).</summary>
public sealed class AffectEngineOptions
{
    /// <summary>The core's settings: seed, step, threads, capacity, hashing and shard offset.</summary>
    public WorldOptions World { get; set; } = new();

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

    /// <summary>Every problem, each naming its field path (e.g. "AffectEngineOptions.World.Threads") and allowed range; empty when valid.</summary>
    public System.Collections.Generic.IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        if (p.Set(World, "AffectEngineOptions.World"))
        {
            p.Nested("AffectEngineOptions.World.", World.Validate());
        }

        if (p.Set(Affect, "AffectEngineOptions.Affect"))
        {
            p.Nested("AffectEngineOptions.Affect.", Affect.Validate());
        }

        p.Require(AppraisalModels is not null && AppraisalModels.Contains(AppraisalModel), $"AffectEngineOptions.AppraisalModel: no appraisal model named '{AppraisalModel}' is registered.");
        if (p.Set(Ambient, "AffectEngineOptions.Ambient"))
        {
            p.Nested("AffectEngineOptions.", Ambient.Validate());
        }

        return p.List;
    }
}
