using System;

namespace AffectEngine.Perception;

/// <summary>
/// Built-in label tables: how each supported tool names its classes, mapped to the canonical
/// categories and to PAD. The PAD points come from ALMA's OCC → PAD table (Gebhard 2005, "ALMA – A
/// Layered Model of Affect", AAMAS) through the nearest OCC type; see docs/perception.md.
/// </summary>
public static class LabelTables
{
    /// <summary>Number of canonical categories (including <see cref="EmotionCategory.Uncertain"/>).</summary>
    public const int CategoryCount = 9;

    // ALMA (Gebhard 2005) rows: joy .40/.20/.10, distress -.40/-.20/-.50, fear -.64/.60/-.43,
    // anger -.51/.59/.25, disliking -.40/.20/.10, reproach -.30/-.10/.40. ALMA has no surprise: we pin
    // (0, .60, 0) — neutral pleasure, high arousal, as on Russell's (1980) circumplex ("astonished").
    private static readonly Pad[] CategoryPads =
    {
        new(0f, 0f, 0f),          // Uncertain: no evidence, no pull
        new(0f, 0f, 0f),          // Neutral
        new(0.40f, 0.20f, 0.10f), // Happiness ~ joy
        new(-0.40f, -0.20f, -0.50f), // Sadness ~ distress
        new(0f, 0.60f, 0f),       // Surprise (pinned, see above)
        new(-0.64f, 0.60f, -0.43f), // Fear ~ fear
        new(-0.51f, 0.59f, 0.25f), // Anger ~ anger
        new(-0.40f, 0.20f, 0.10f), // Disgust ~ disliking
        new(-0.30f, -0.10f, 0.40f), // Contempt ~ reproach
    };

    /// <summary>The PAD point of a canonical category.</summary>
    public static Pad PadOf(EmotionCategory category) => CategoryPads[(int)category];

    private static LabelMapping M(string name, EmotionCategory c) => new(name, c, PadOf(c));

    // The canonical categories in enum order; the canonical table and the EMFACS matcher's classes are the same set.
    private static LabelMapping[] CanonicalClasses() =>
    [
        M("neutral", EmotionCategory.Neutral),
        M("happiness", EmotionCategory.Happiness),
        M("sadness", EmotionCategory.Sadness),
        M("surprise", EmotionCategory.Surprise),
        M("fear", EmotionCategory.Fear),
        M("anger", EmotionCategory.Anger),
        M("disgust", EmotionCategory.Disgust),
        M("contempt", EmotionCategory.Contempt),
    ];

    /// <summary>The canonical set itself (names are the lower-case enum names); used by the generic CSV and OSC.</summary>
    public static LabelTable Canonical { get; } = new("canonical", CanonicalClasses());

    /// <summary>
    /// FER-7, the FER2013 class order most face CNNs (e.g. mini-Xception) emit: angry, disgust, fear,
    /// happy, sad, surprise, neutral (Goodfellow et al. 2013, "Challenges in representation learning").
    /// </summary>
    public static LabelTable Fer7 { get; } = new(
        "fer7",
        M("angry", EmotionCategory.Anger),
        M("disgust", EmotionCategory.Disgust),
        M("fear", EmotionCategory.Fear),
        M("happy", EmotionCategory.Happiness),
        M("sad", EmotionCategory.Sadness),
        M("surprise", EmotionCategory.Surprise),
        M("neutral", EmotionCategory.Neutral));

    /// <summary>
    /// Affectiva AFFDEX emotion columns as iMotions exports them (McDuff et al. 2016, "AFFDEX SDK",
    /// CHI EA): Joy, Sadness, Disgust, Contempt, Anger, Fear, Surprise; scores 0–100.
    /// </summary>
    public static LabelTable Affdex { get; } = new(
        "affdex",
        M("Joy", EmotionCategory.Happiness),
        M("Sadness", EmotionCategory.Sadness),
        M("Disgust", EmotionCategory.Disgust),
        M("Contempt", EmotionCategory.Contempt),
        M("Anger", EmotionCategory.Anger),
        M("Fear", EmotionCategory.Fear),
        M("Surprise", EmotionCategory.Surprise));

    /// <summary>The classes the EMFACS prototype matcher scores (see <see cref="EmfacsPrototypes"/>), plus neutral.</summary>
    public static LabelTable Emfacs { get; } = new("emfacs", CanonicalClasses());

    /// <summary>
    /// Resolves a category name as people and tools write it: canonical names, FER-7 and AFFDEX names,
    /// and common adjectives (happy, sad, angry, surprised, afraid, scared, disgusted). False when unknown.
    /// </summary>
    public static bool TryParseCategory(string name, out EmotionCategory category)
    {
        var n = (name ?? string.Empty).Trim().ToLowerInvariant();
        category = n switch
        {
            "neutral" => EmotionCategory.Neutral,
            "happiness" or "happy" or "joy" => EmotionCategory.Happiness,
            "sadness" or "sad" => EmotionCategory.Sadness,
            "surprise" or "surprised" => EmotionCategory.Surprise,
            "fear" or "afraid" or "scared" or "fearful" => EmotionCategory.Fear,
            "anger" or "angry" => EmotionCategory.Anger,
            "disgust" or "disgusted" => EmotionCategory.Disgust,
            "contempt" => EmotionCategory.Contempt,
            "uncertain" or "unknown" => EmotionCategory.Uncertain,
            _ => (EmotionCategory)(-1),
        };
        return category >= EmotionCategory.Uncertain;
    }

    /// <summary>The lower-case name of a category, as written in CSV and OSC.</summary>
    public static string NameOf(EmotionCategory category) => category switch
    {
        EmotionCategory.Uncertain => "uncertain",
        EmotionCategory.Neutral => "neutral",
        EmotionCategory.Happiness => "happiness",
        EmotionCategory.Sadness => "sadness",
        EmotionCategory.Surprise => "surprise",
        EmotionCategory.Fear => "fear",
        EmotionCategory.Anger => "anger",
        EmotionCategory.Disgust => "disgust",
        EmotionCategory.Contempt => "contempt",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown category."),
    };
}

/// <summary>
/// EMFACS prototypes (Friesen &amp; Ekman 1983, "EMFACS-7: Emotional Facial Action Coding System"):
/// the AU combinations that signal each basic emotion, restricted to the AUs OpenFace 2.x estimates.
/// happiness AU6+AU12; sadness AU1+AU4+AU15; surprise AU1+AU2+AU5+AU26; fear AU1+AU2+AU4+AU5+AU7+AU20+AU26;
/// anger AU4+AU5+AU7+AU23; disgust AU9+AU15 (AU16 is not estimated by OpenFace); contempt AU12+AU14
/// (unilateral in EMFACS; OpenFace only gives bilateral AUs).
/// Because OpenFace cannot tell a one-sided AU14 from the bilateral dimpler that accompanies genuine
/// smiles and laughs, AU14 is read as contempt only without the Duchenne marker AU6 (cheek raiser;
/// Ekman, Davidson &amp; Friesen 1990): with AU6 present the AU12+AU14 face is a smile
/// (<see cref="DuchenneSuppression"/>).
/// </summary>
public static class EmfacsPrototypes
{
    /// <summary>
    /// Mean intensity (0–5) at which an AU counts as present: 1 is FACS's "A" (trace) level, the usual
    /// presence cut-off for OpenFace intensities.
    /// </summary>
    public const float PresenceIntensity = 1f;

    /// <summary>
    /// Prototype score at which a face stops counting as neutral: 0.4 is a mean intensity of 2 ("B",
    /// slight evidence) over all prototype AUs.
    /// </summary>
    public const float NeutralCutoff = 0.4f;

    /// <summary>
    /// AU6 intensity at which the contempt prototype is fully suppressed: 1 is FACS "A" (trace), the
    /// presence cut-off. A Duchenne smile (AU6+AU12; Ekman, Davidson &amp; Friesen 1990, "The Duchenne
    /// smile", JPSP 58(2)) is felt enjoyment; contempt is a unilateral AU12/AU14 without AU6 (Ekman &amp;
    /// Friesen 1986, "A new pan-cultural facial expression of emotion", Motivation and Emotion 10(2)).
    /// Below the cut-off the suppression is proportional to AU6.
    /// </summary>
    public const float DuchenneSuppression = 1f;

    private const int ContemptPrototype = 6;

    private static readonly int[][] Prototypes =
    {
        new[] { 6, 12 },                 // happiness
        new[] { 1, 4, 15 },              // sadness
        new[] { 1, 2, 5, 26 },           // surprise
        new[] { 1, 2, 4, 5, 7, 20, 26 }, // fear
        new[] { 4, 5, 7, 23 },           // anger
        new[] { 9, 15 },                 // disgust
        new[] { 12, 14 },                // contempt
    };

    /// <summary>
    /// Scores an AU intensity vector against the prototypes and writes a distribution over
    /// <see cref="LabelTables.Emfacs"/> (neutral first). A prototype's score is the mean normalized
    /// intensity of its AUs times the (soft) fraction of them present, so a partial match (AU12 alone for
    /// contempt) scores low; neutral takes the remaining mass when no prototype reaches
    /// <see cref="NeutralCutoff"/>.
    /// </summary>
    public static void Score(ReadOnlySpan<float> intensities, Span<float> probabilities)
    {
        if (intensities.Length != ActionUnits.Count || probabilities.Length != LabelTables.Emfacs.Count)
        {
            throw new ArgumentException($"Expected {ActionUnits.Count} AUs and {LabelTables.Emfacs.Count} outputs.");
        }

        var best = 0f;
        for (var p = 0; p < Prototypes.Length; p++)
        {
            var aus = Prototypes[p];
            float sum = 0f;
            var present = 0f;
            for (var k = 0; k < aus.Length; k++)
            {
                var v = intensities[ActionUnits.IndexOf(aus[k])];
                sum += Math.Min(v, ActionUnits.MaxIntensity) / ActionUnits.MaxIntensity;
                // Soft presence: an AU at 0.9 is nearly as present as one at 1.0, so tracker noise around
                // the cut-off does not halve a prototype's score from one frame to the next.
                present += Math.Min(1f, Math.Max(0f, v) / PresenceIntensity);
            }

            var score = sum / aus.Length * present / aus.Length;
            if (p == ContemptPrototype)
            {
                // OpenFace's AU14 is bilateral: with the Duchenne marker the dimpler belongs to a smile.
                var au6 = intensities[ActionUnits.IndexOf(6)];
                score *= 1f - Math.Min(1f, Math.Max(0f, au6) / DuchenneSuppression);
            }

            probabilities[p + 1] = score;
            best = Math.Max(best, score);
        }

        probabilities[0] = Math.Max(0f, 1f - (best / NeutralCutoff));
        float total = 0f;
        for (var i = 0; i < probabilities.Length; i++)
        {
            total += probabilities[i];
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] /= total; // total >= 1 - best/cutoff + best > 0
        }
    }
}
