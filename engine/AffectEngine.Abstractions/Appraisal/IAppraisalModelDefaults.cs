namespace AffectEngine.Appraisal;

/// <summary>
/// Optional for an <see cref="IAppraisalModel"/>: tells a host how to combine the model with the
/// engine's appraisal settings when the model arrives from a plugin, where the host cannot know it.
/// A model that does not implement it runs with the engine's defaults (thresholds and modulation on).
/// </summary>
public interface IAppraisalModelDefaults
{
    /// <summary>
    /// True when the model is reproduced as published and its impulses must enter unchanged: the
    /// engine's emotion thresholds and mood/personality modulation are turned off for it.
    /// </summary>
    bool AsPublished { get; }

    /// <summary>
    /// The model's published emotion decay as a factor per second (exponential, I·f^Δt), or null for
    /// the engine's (ALMA's) decay. Applied to every emotion type whose decay the host or scenario
    /// did not set.
    /// </summary>
    double? DecayFactorPerSecond => null;
}
