using System;

namespace AffectEngine.Affect;

/// <summary>
/// Names of engine events for files and logs: the kind in kebab case and what the code means where
/// the affect model knows it (an emotion type, a mood octant). Action and strategy codes belong to
/// the module that reports them; hosts name those with the module's vocabulary.
/// </summary>
public static class EngineEventNames
{
    private static readonly string[] Kinds =
    [
        "", "emotion-rose", "emotion-fell", "dominant-changed", "mood-octant-changed",
        "action-chosen", "coping-applied", "break-started", "break-ended",
    ];

    /// <summary>The kind's name ("emotion-rose", ...); the number for kinds this build does not know.</summary>
    public static string Kind(EngineEventKind kind) =>
        (int)kind > 0 && (int)kind < Kinds.Length ? Kinds[(int)kind] : ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses a kind name; false when unknown.</summary>
    public static bool TryParseKind(string name, out EngineEventKind kind)
    {
        for (var i = 1; i < Kinds.Length; i++)
        {
            if (string.Equals(Kinds[i], name, StringComparison.Ordinal))
            {
                kind = (EngineEventKind)i;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The name of <paramref name="value"/> read as the event's code type (emotion, "none", octant), or null when the affect model does not name it.</summary>
    public static string? Value(EngineEventKind kind, float value) => kind switch
    {
        EngineEventKind.EmotionRose or EngineEventKind.EmotionFell or EngineEventKind.DominantChanged =>
            value < 0 ? "none" : value < Emotions.Count ? ((EmotionType)(int)value).Name() : null,
        EngineEventKind.MoodOctantChanged => value is >= 0 and < 8 ? MoodOctants.Name((int)value) : null,
        _ => null,
    };

    /// <summary>The name of the event's code (the emotion that rose, the new dominant emotion or octant), or null.</summary>
    public static string? Code(in EngineEvent e) => Value(e.Kind, e.Code);
}
