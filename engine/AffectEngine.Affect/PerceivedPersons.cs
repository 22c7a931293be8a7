using System;
using AffectEngine.Appraisal;
using AffectEngine.Perception;

namespace AffectEngine.Affect;

/// <summary>How attending agents read a perceived person's recognized emotion.</summary>
public enum PerceivedReading
{
    /// <summary>
    /// As a spectator: the display is evidence of the person's own fortune (happiness → happy-for or
    /// resentment; sadness, fear → pity or gloating, by liking) or a hostile act (anger, contempt,
    /// disgust → reproach). OCC fortunes-of-others and attribution.
    /// </summary>
    Fortunes = 0,

    /// <summary>
    /// As the one addressed (a patient facing a trainee): the display is the person's act toward the
    /// agent, judged by its engagement κ: a concerned face is praiseworthy (admiration), a bored or
    /// contemptuous one blameworthy (reproach). OCC attribution.
    /// </summary>
    Addressed = 1,
}

/// <summary>
/// How agents appraise a perceived person's recognized emotion, and how a person's recognized
/// expression colours the appraisal of what they do (docs/perception.md, docs/models.md).
/// </summary>
public static class PerceivedPersonRules
{
    /// <summary>Citation of the reaction rule's structure.</summary>
    public const string ReactionCitation =
        "Ortony, A., Clore, G. L., & Collins, A. (1988). The Cognitive Structure of Emotions, ch. 5 (fortunes-of-others: happy-for/pity for a liked other, resentment/gloating for a disliked one) and ch. 7 (attribution: reproach for another's blameworthy act). A displayed emotion is read as evidence of the other's fortune (joy, sadness, fear) or as a hostile act toward the observer (anger, contempt, disgust).";

    /// <summary>Citation of the expression-congruence rule.</summary>
    public const string CongruenceCitation =
        "Eisenberg, N., Fabes, R. A., Miller, P. A., Fultz, J., Shell, R., Mathy, R. M., & Reno, R. R. (1989). Relation of sympathy and personal distress to prosocial behavior: a multimethod study. JPSP 57(1), 55-66 (sympathy shows as a concerned, sad-browed face); Mast, M. S. (2007). On the importance of nonverbal communication in the physician-patient interaction. Patient Education and Counseling 67(3), 315-318 (patients read clinicians' nonverbal engagement). Magnitudes: project's choice.";

    /// <summary>
    /// Impulse rate of a perceived emotion, per second of simulated time, at full strength s and full
    /// (dis)liking. Project's calibration, not a published value: with ALMA's 20 s linear decay, a
    /// sustained reaction settles at I = 1 − 1 / (20 · rate · s · w) = 1 − 1 / (4 · s · w), so only
    /// confident displays of someone who matters (s · w above 0.25) keep a reaction up.
    /// </summary>
    public const float ReactionRatePerSecond = 0.2f;

    /// <summary>
    /// Weight w of a perceived person the agent holds no liking toward (w = this + (1 − this)·|liking|).
    /// OCC needs a liked other for happy-for and pity; a stranger counts as mildly liked (project's choice).
    /// </summary>
    public const float UnratedGoodwill = 0.5f;

    /// <summary>
    /// α: how strongly the actor's expression engagement κ ∈ [-1, 1] scales the impulses of their move
    /// (positive emotions × (1 + α·κ), negative ones × (1 − α·κ)). Project's choice.
    /// </summary>
    public const float CongruenceGain = 0.5f;

    /// <summary>
    /// Engagement of a recognized expression while someone speaks of their trouble, in [-1, 1]:
    /// a sad/concerned face +1, fear +0.5, surprise +0.25, a flat (neutral) face −0.5, anger −0.75,
    /// contempt and disgust −1; happiness 0 (a smile is neither concern nor dismissal); uncertain 0
    /// (no evidence, no modulation).
    /// </summary>
    public static float Engagement(EmotionCategory category) => category switch
    {
        EmotionCategory.Sadness => 1f,
        EmotionCategory.Fear => 0.5f,
        EmotionCategory.Surprise => 0.25f,
        EmotionCategory.Neutral => -0.5f,
        EmotionCategory.Anger => -0.75f,
        EmotionCategory.Contempt => -1f,
        EmotionCategory.Disgust => -1f,
        _ => 0f,
    };

    /// <summary>
    /// Percepts agents do not react to: stale, faceless, low-confidence, or ones the fusion abstained
    /// on (too unsure or the modalities disagree: the agent "isn't sure" and does not act as if it were).
    /// </summary>
    private const PerceptQuality Unsure = PerceptQuality.Stale | PerceptQuality.NoFace | PerceptQuality.LowConfidence | PerceptQuality.Abstained;

    /// <summary>
    /// κ = confidence × engagement; 0 for stale, faceless, low-confidence or abstained percepts, and for
    /// a neutral reading only one modality supports.
    /// </summary>
    public static float Congruence(PerceptInput percept)
    {
        if (percept is null)
        {
            throw new ArgumentNullException(nameof(percept));
        }

        if ((percept.Quality & Unsure) != 0)
        {
            return 0f;
        }

        if (percept.Category == EmotionCategory.Neutral && (percept.Quality & PerceptQuality.Uncorroborated) != 0)
        {
            // A still face is what most listeners show (Mast 2007): alone it is no evidence of
            // disengagement; only a neutral reading corroborated by another modality counts.
            return 0f;
        }

        return percept.Confidence * Engagement(percept.Category);
    }

    /// <summary>
    /// The OCC type an attending agent feels toward a person showing <paramref name="category"/>, read
    /// as <paramref name="reading"/>, given its liking of them; false when the display means nothing to it.
    /// </summary>
    public static bool TryReaction(PerceivedReading reading, EmotionCategory category, float liking, out EmotionType type)
    {
        if (reading == PerceivedReading.Addressed)
        {
            var engagement = Engagement(category);
            type = engagement > 0f ? EmotionType.Admiration : EmotionType.Reproach;
            return engagement != 0f;
        }

        switch (category)
        {
            case EmotionCategory.Happiness:
                type = liking >= 0f ? EmotionType.HappyFor : EmotionType.Resentment;
                return true;
            case EmotionCategory.Sadness:
            case EmotionCategory.Fear:
                type = liking >= 0f ? EmotionType.Pity : EmotionType.Gloating;
                return true;
            case EmotionCategory.Anger:
            case EmotionCategory.Contempt:
            case EmotionCategory.Disgust:
                type = EmotionType.Reproach;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>
    /// The per-tick impulse of a reaction: rate · step · s · w(liking), in [0, 1], where s is the fused
    /// confidence (spectator reading) or |κ| (addressed reading).
    /// </summary>
    public static float ReactionImpulse(PerceivedReading reading, PerceptInput percept, float liking, double stepSeconds)
    {
        if (percept is null)
        {
            throw new ArgumentNullException(nameof(percept));
        }

        if ((percept.Quality & Unsure) != 0)
        {
            return 0f;
        }

        var w = UnratedGoodwill + ((1f - UnratedGoodwill) * Math.Abs(liking));
        var strength = reading == PerceivedReading.Addressed ? Math.Abs(Congruence(percept)) : percept.Confidence;
        var x = ReactionRatePerSecond * (float)stepSeconds * strength * w;
        return Math.Max(0f, Math.Min(1f, x));
    }

    /// <summary>The factor on a move's impulse of <paramref name="type"/> for expression congruence κ.</summary>
    public static float CongruenceFactor(EmotionType type, float kappa) =>
        AppraisalSettings.IsPositive(type) ? 1f + (CongruenceGain * kappa) : 1f - (CongruenceGain * kappa);

    /// <summary>Reports the constants (for <c>affect models</c>).</summary>
    public static void Describe(IModelDescriber describer)
    {
        if (describer is null)
        {
            throw new ArgumentNullException(nameof(describer));
        }

        describer.Constant("perceived.reactionRatePerSecond", Shortest(ReactionRatePerSecond), ReactionCitation + " Rate: project's calibration.");
        describer.Constant("perceived.unratedGoodwill", Shortest(UnratedGoodwill), ReactionCitation + " Weight: project's choice.");
        describer.Constant("perceived.congruenceGain", Shortest(CongruenceGain), CongruenceCitation);
    }

    /// <summary>The float's shortest decimal as a double (0.1, not 0.100000001490116).</summary>
    private static double Shortest(float v) =>
        double.Parse(v.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
