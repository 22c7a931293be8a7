using System.Collections.Generic;

namespace AffectEngine.Affect;

/// <summary>
/// The 22 emotion types of OCC (Ortony, Clore &amp; Collins 1988, The Cognitive Structure of Emotions)
/// plus ALMA's momentary liking/disliking (Gebhard 2005). The order is the order of the hot fields.
/// </summary>
public enum EmotionType
{
    /// <summary>Pleased about a desirable event (well-being).</summary>
    Joy = 0,

    /// <summary>Displeased about an undesirable event (well-being).</summary>
    Distress,

    /// <summary>Pleased about the prospect of a desirable event.</summary>
    Hope,

    /// <summary>Displeased about the prospect of an undesirable event.</summary>
    Fear,

    /// <summary>A hoped-for event was confirmed.</summary>
    Satisfaction,

    /// <summary>A feared event was confirmed.</summary>
    FearsConfirmed,

    /// <summary>A feared event was disconfirmed.</summary>
    Relief,

    /// <summary>A hoped-for event was disconfirmed.</summary>
    Disappointment,

    /// <summary>Pleased about an event desirable for a liked other.</summary>
    HappyFor,

    /// <summary>Displeased about an event desirable for a disliked other.</summary>
    Resentment,

    /// <summary>Pleased about an event undesirable for a disliked other.</summary>
    Gloating,

    /// <summary>Displeased about an event undesirable for a liked other.</summary>
    Pity,

    /// <summary>Approving of one's own praiseworthy action.</summary>
    Pride,

    /// <summary>Disapproving of one's own blameworthy action.</summary>
    Shame,

    /// <summary>Approving of another's praiseworthy action.</summary>
    Admiration,

    /// <summary>Disapproving of another's blameworthy action.</summary>
    Reproach,

    /// <summary>Joy + pride.</summary>
    Gratification,

    /// <summary>Distress + shame.</summary>
    Remorse,

    /// <summary>Joy + admiration.</summary>
    Gratitude,

    /// <summary>Distress + reproach.</summary>
    Anger,

    /// <summary>Liking an appealing object or agent (OCC).</summary>
    Love,

    /// <summary>Disliking an unappealing object or agent (OCC).</summary>
    Hate,

    /// <summary>ALMA's momentary liking reaction.</summary>
    Liking,

    /// <summary>ALMA's momentary disliking reaction.</summary>
    Disliking,
}

/// <summary>Names and counts of <see cref="EmotionType"/>.</summary>
public static class Emotions
{
    /// <summary>Number of emotion types (22 OCC + liking/disliking).</summary>
    public const int Count = 24;

    private static readonly string[] Kebab =
    [
        "joy", "distress", "hope", "fear", "satisfaction", "fears-confirmed", "relief", "disappointment",
        "happy-for", "resentment", "gloating", "pity", "pride", "shame", "admiration", "reproach",
        "gratification", "remorse", "gratitude", "anger", "love", "hate", "liking", "disliking",
    ];

    /// <summary>The kebab-case names in field order (REFERENCES: "fears-confirmed", "happy-for", ...).</summary>
    public static IReadOnlyList<string> Names => Kebab;

    /// <summary>The kebab-case name of a type.</summary>
    public static string Name(this EmotionType type) => Kebab[(int)type];

    /// <summary>Parses a kebab-case name.</summary>
    public static bool TryParse(string name, out EmotionType type)
    {
        for (var i = 0; i < Kebab.Length; i++)
        {
            if (string.Equals(Kebab[i], name, System.StringComparison.Ordinal))
            {
                type = (EmotionType)i;
                return true;
            }
        }

        type = default;
        return false;
    }
}
