using System.Collections.Generic;
using System;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>The hot per-agent fields of the affect model, declared in one schema.</summary>
public sealed class AffectFields
{
    /// <summary>The action units of the expression output, in field order (EMFACS, Friesen &amp; Ekman 1983).</summary>
    public static readonly IReadOnlyList<int> ActionUnits = [1, 2, 4, 5, 6, 7, 9, 12, 14, 15, 16, 20, 23, 26];

    /// <summary>Number of action-unit channels.</summary>
    public const int ActionUnitCount = 14;

    private static readonly string[] Pad = ["p", "a", "d"];
    private static readonly string[] Ocean = ["o", "c", "e", "a", "n"];
    private static readonly string[] Valence = ["pos", "neg"];

    private readonly FieldId _actionUnits;

    /// <summary>Declares the fields in <paramref name="schema"/>, the action units among them.</summary>
    public AffectFields(AgentSchema.Builder schema)
        : this(schema, ActionUnitOutput.PerTick)
    {
    }

    /// <summary>Declares the fields in <paramref name="schema"/>; the action-unit fields only when they are computed per tick.</summary>
    public AffectFields(AgentSchema.Builder schema, ActionUnitOutput actionUnits)
    {
        if (schema is null)
        {
            throw new ArgumentNullException(nameof(schema));
        }

        Emotion = schema.Add("emotion", Emotions.Names);
        Mood = schema.Add("mood", Pad);
        DefaultMood = schema.Add("mood.default", Pad);

        // Right after the mood fields: the per-agent pass reads it, and keeping the pass's fields
        // contiguous keeps its memory stream to one run per block.
        DecayRate = schema.Add("decay.rate", Valence);
        Personality = schema.Add("personality", Ocean);
        Dominant = schema.Add("express.dominant");
        Octant = schema.Add("express.octant");
        if (actionUnits == ActionUnitOutput.PerTick)
        {
            var au = new string[ActionUnits.Count];
            for (var i = 0; i < au.Length; i++)
            {
                au[i] = ActionUnits[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _actionUnits = schema.Add("express.au", au);
            HasActionUnitFields = true;
        }

        MoodClass = schema.Add("express.class");
    }

    /// <summary>Intensities in [0, 1], one per <see cref="EmotionType"/>.</summary>
    public FieldId Emotion { get; }

    /// <summary>Current mood (P, A, D) in [-1, 1]^3.</summary>
    public FieldId Mood { get; }

    /// <summary>Default mood from personality (Mehrabian 1996).</summary>
    public FieldId DefaultMood { get; }

    /// <summary>OCEAN traits in [-1, 1].</summary>
    public FieldId Personality { get; }

    /// <summary>Index of the dominant emotion, or -1.</summary>
    public FieldId Dominant { get; }

    /// <summary>Mood octant: bit 0 = P ≥ 0, bit 1 = A ≥ 0, bit 2 = D ≥ 0.</summary>
    public FieldId Octant { get; }

    /// <summary>ALMA mood intensity class: 0 slightly, 1 moderately, 2 fully (distance thirds of √3).</summary>
    public FieldId MoodClass { get; }

    /// <summary>
    /// Per-agent decay-rate offsets (pos, neg): emotions of that valence decay at rate 1 + offset
    /// (0 = the configured decay). Set from personality by <see cref="AffectModule.SetPersonality"/>.
    /// </summary>
    public FieldId DecayRate { get; }

    /// <summary>True when the action units are hot fields (<see cref="ActionUnitOutput.PerTick"/>).</summary>
    public bool HasActionUnitFields { get; }

    /// <summary>
    /// Facial action unit intensities in [0, 1], in <see cref="ActionUnits"/> order. Only with
    /// <see cref="HasActionUnitFields"/>; read action units through <see cref="Expression"/> to serve both outputs.
    /// </summary>
    /// <exception cref="InvalidOperationException">The action units are computed on read: the world has no such fields.</exception>
    public FieldId ActionUnitIntensity => HasActionUnitFields
        ? _actionUnits
        : throw new InvalidOperationException("The action units are computed on read (AffectSettings.ActionUnits = OnRead, scenario run.actionUnits \"onRead\"): the world has no express.au fields; read them with Expression.ActionUnit or CopyActionUnits.");
}
