using System;
using System.Collections.Generic;
using AffectEngine.Core;

namespace AffectEngine.Visualizer;

/// <summary>
/// The agent field names the visualizer reads (the engine's contract). Every field is optional:
/// the visualizer shows what the world has and falls back where it has less.
/// </summary>
public static class AgentFields
{
    /// <summary>The 24 emotion types in <c>express.dominant</c> index order (22 OCC types plus ALMA's liking/disliking).</summary>
    public static IReadOnlyList<string> EmotionNames => AffectEngine.Affect.Emotions.Names;

    /// <summary>The facial action units of <c>express.au.N</c> (EMFACS subset).</summary>
    public static IReadOnlyList<int> ActionUnits { get; } = [1, 2, 4, 5, 6, 7, 9, 12, 14, 15, 16, 20, 23, 26];

    /// <summary>Mood octant names by <c>express.octant</c> (bit 0 = P ≥ 0, bit 1 = A ≥ 0, bit 2 = D ≥ 0), after ALMA (Gebhard 2005).</summary>
    public static IReadOnlyList<string> OctantNames { get; } =
        ["bored", "docile", "anxious", "dependent", "disdainful", "relaxed", "hostile", "exuberant"];

    /// <summary>The field name of an emotion intensity.</summary>
    public static string Emotion(string name) => "emotion." + name;

    /// <summary>The field name of an action-unit intensity.</summary>
    public static string ActionUnit(int au) => "express.au." + au.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Pleasure of the mood, in [-1, 1].</summary>
    public const string MoodP = "mood.p";

    /// <summary>Arousal of the mood, in [-1, 1].</summary>
    public const string MoodA = "mood.a";

    /// <summary>Dominance of the mood, in [-1, 1].</summary>
    public const string MoodD = "mood.d";

    /// <summary>Index of the dominant emotion (-1 = none).</summary>
    public const string Dominant = "express.dominant";

    /// <summary>Mood octant 0..7.</summary>
    public const string Octant = "express.octant";

    /// <summary>Position x in scenario units.</summary>
    public const string PositionX = "position.x";

    /// <summary>Position y in scenario units.</summary>
    public const string PositionY = "position.y";

    /// <summary>Personality trait fields (OCEAN), shown when present.</summary>
    public static IReadOnlyList<string> PersonalityTraits { get; } = ["o", "c", "e", "a", "n"];

    /// <summary>Declares every field of the contract in a schema (for tests, demos and tools that build worlds).</summary>
    public static AgentSchema.Builder AddAll(AgentSchema.Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var e in EmotionNames)
        {
            builder.Add(Emotion(e));
        }

        builder.Add(MoodP);
        builder.Add(MoodA);
        builder.Add(MoodD);
        builder.Add(Dominant);
        builder.Add(Octant);
        foreach (var au in ActionUnits)
        {
            builder.Add(ActionUnit(au));
        }

        builder.Add(PositionX);
        builder.Add(PositionY);
        return builder;
    }

    /// <summary>The octant of a PAD point, by the contract's bit layout.</summary>
    public static int OctantOf(float p, float a, float d) => (p >= 0 ? 1 : 0) | (a >= 0 ? 2 : 0) | (d >= 0 ? 4 : 0);
}

/// <summary>Field handles resolved once per world; absent fields stay null.</summary>
internal sealed class FieldMap
{
    public FieldMap(IAgentStore store)
    {
        Emotions = new FieldId?[AgentFields.EmotionNames.Count];
        for (var i = 0; i < Emotions.Length; i++)
        {
            Emotions[i] = Find(store, AgentFields.Emotion(AgentFields.EmotionNames[i]));
        }

        P = Find(store, AgentFields.MoodP);
        A = Find(store, AgentFields.MoodA);
        D = Find(store, AgentFields.MoodD);
        Dominant = Find(store, AgentFields.Dominant);
        Octant = Find(store, AgentFields.Octant);
        X = Find(store, AgentFields.PositionX);
        Y = Find(store, AgentFields.PositionY);
        Au1 = Find(store, AgentFields.ActionUnit(1));
        Au2 = Find(store, AgentFields.ActionUnit(2));
        Au4 = Find(store, AgentFields.ActionUnit(4));
        Au5 = Find(store, AgentFields.ActionUnit(5));
        Au6 = Find(store, AgentFields.ActionUnit(6));
        Au7 = Find(store, AgentFields.ActionUnit(7));
        Au12 = Find(store, AgentFields.ActionUnit(12));
        Au15 = Find(store, AgentFields.ActionUnit(15));
        Au20 = Find(store, AgentFields.ActionUnit(20));
        Au26 = Find(store, AgentFields.ActionUnit(26));
        Personality = new FieldId?[AgentFields.PersonalityTraits.Count];
        for (var i = 0; i < Personality.Length; i++)
        {
            Personality[i] = Find(store, "personality." + AgentFields.PersonalityTraits[i]);
        }
    }

    public FieldId?[] Emotions { get; }

    public FieldId?[] Personality { get; }

    public FieldId? P { get; }

    public FieldId? A { get; }

    public FieldId? D { get; }

    public FieldId? Dominant { get; }

    public FieldId? Octant { get; }

    public FieldId? X { get; }

    public FieldId? Y { get; }

    public FieldId? Au1 { get; }

    public FieldId? Au2 { get; }

    public FieldId? Au4 { get; }

    public FieldId? Au5 { get; }

    public FieldId? Au6 { get; }

    public FieldId? Au7 { get; }

    public FieldId? Au12 { get; }

    public FieldId? Au15 { get; }

    public FieldId? Au20 { get; }

    public FieldId? Au26 { get; }

    /// <summary>True when the world has positions (both coordinates).</summary>
    public bool HasPositions => X.HasValue && Y.HasValue;

    /// <summary>True when the expression output carries action units (the mouth's AU12/AU15 decide it).</summary>
    public bool HasActionUnits => Au12.HasValue || Au15.HasValue;

    /// <summary>True when the world has a mood.</summary>
    public bool HasMood => P.HasValue && A.HasValue && D.HasValue;

    private static FieldId? Find(IAgentStore store, string name) => store.TryGetField(name, out var f) ? f : null;
}
