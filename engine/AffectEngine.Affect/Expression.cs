using System;
using System.Collections.Generic;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>The basic facial expressions of EMFACS (Friesen &amp; Ekman 1983), in table order.</summary>
public enum BasicExpression
{
    /// <summary>AU6 + AU12.</summary>
    Happiness = 0,

    /// <summary>AU1 + AU4 + AU15.</summary>
    Sadness,

    /// <summary>AU1 + AU2 + AU5 + AU26.</summary>
    Surprise,

    /// <summary>AU1 + AU2 + AU4 + AU5 + AU7 + AU20 + AU26.</summary>
    Fear,

    /// <summary>AU4 + AU5 + AU7 + AU23.</summary>
    Anger,

    /// <summary>AU9 + AU15 + AU16.</summary>
    Disgust,

    /// <summary>Unilateral AU12 + AU14.</summary>
    Contempt,
}

/// <summary>ALMA's mood intensity classes (Gebhard 2005): distance from the origin in thirds of √3.</summary>
public enum MoodIntensity
{
    /// <summary>Distance below √3/3.</summary>
    Slightly = 0,

    /// <summary>Distance below 2√3/3.</summary>
    Moderately = 1,

    /// <summary>Distance of 2√3/3 or more.</summary>
    Fully = 2,
}

/// <summary>ALMA's mood octants and intensity classes (Gebhard 2005).</summary>
public static class MoodOctants
{
    private static readonly string[] OctantNames =
    [
        "bored", "docile", "anxious", "dependent", "disdainful", "relaxed", "hostile", "exuberant",
    ];

    private static readonly string[] ClassNames = ["slightly", "moderately", "fully"];

    /// <summary>Octant index: bit 0 = P ≥ 0, bit 1 = A ≥ 0, bit 2 = D ≥ 0.</summary>
    public static int Octant(float p, float a, float d) => (p >= 0f ? 1 : 0) | (a >= 0f ? 2 : 0) | (d >= 0f ? 4 : 0);

    /// <summary>The octant's name (exuberant +++, bored −−−, dependent ++−, disdainful −−+, relaxed +−+, anxious −+−, docile +−−, hostile −++).</summary>
    public static string Name(int octant) => OctantNames[octant & 7];

    /// <summary>All 8 names by octant index.</summary>
    public static IReadOnlyList<string> Names => OctantNames;

    /// <summary>The intensity class of a mood at distance <paramref name="length"/> from the origin (pinned: thirds of √3).</summary>
    public static MoodIntensity Classify(float length)
    {
        const float Third = 0.57735027f; // √3 / 3
        return length < Third ? MoodIntensity.Slightly : length < 2f * Third ? MoodIntensity.Moderately : MoodIntensity.Fully;
    }

    /// <summary>The class's name.</summary>
    public static string Name(MoodIntensity intensity) => ClassNames[(int)intensity];
}

/// <summary>
/// The expression data: EMFACS prototypes (basic expression → action units; Friesen &amp; Ekman 1983)
/// and which basic expression shows each OCC type (the project's mapping, docs/models.md). Kept as
/// data so a lab can swap in its own (e.g. OpenFace has no AU16 and only bilateral AUs).
/// </summary>
public sealed class ExpressionTable
{
    /// <summary>Citation of the prototypes.</summary>
    public const string Citation = "Friesen, W. V., & Ekman, P. (1983). EMFACS-7: Emotional Facial Action Coding System. Unpublished manuscript, University of California at San Francisco.";

    /// <summary>Number of basic expressions.</summary>
    public const int ExpressionCount = 7;

    private readonly float[] _weights = new float[ExpressionCount * AffectFields.ActionUnitCount];
    private readonly int[] _expressionOf = new int[Emotions.Count];

    private ExpressionTable()
    {
    }

    /// <summary>Emotions below this intensity do not make an agent's dominant emotion.</summary>
    public float DominantThreshold { get; set; } = 0.1f;

    /// <summary>The EMFACS prototypes with the project's OCC → expression mapping.</summary>
    public static ExpressionTable Emfacs()
    {
        var t = new ExpressionTable();
        t.Prototype(BasicExpression.Happiness, 6, 12);
        t.Prototype(BasicExpression.Sadness, 1, 4, 15);
        t.Prototype(BasicExpression.Surprise, 1, 2, 5, 26);
        t.Prototype(BasicExpression.Fear, 1, 2, 4, 5, 7, 20, 26);
        t.Prototype(BasicExpression.Anger, 4, 5, 7, 23);
        t.Prototype(BasicExpression.Disgust, 9, 15, 16);
        // Contempt's AU12 + AU14 are unilateral; on bilateral channels they show at half intensity (project's choice).
        t.SetWeight(BasicExpression.Contempt, 12, 0.5f);
        t.SetWeight(BasicExpression.Contempt, 14, 0.5f);

        var h = BasicExpression.Happiness;
        var s = BasicExpression.Sadness;
        foreach (var e in new[]
        {
            EmotionType.Joy, EmotionType.Hope, EmotionType.Satisfaction, EmotionType.Relief, EmotionType.HappyFor,
            EmotionType.Pride, EmotionType.Admiration, EmotionType.Gratification, EmotionType.Gratitude,
            EmotionType.Love, EmotionType.Liking,
        })
        {
            t.Map(e, h);
        }

        foreach (var e in new[] { EmotionType.Distress, EmotionType.Disappointment, EmotionType.Pity, EmotionType.Shame, EmotionType.Remorse })
        {
            t.Map(e, s);
        }

        t.Map(EmotionType.Fear, BasicExpression.Fear);
        t.Map(EmotionType.FearsConfirmed, BasicExpression.Fear);
        t.Map(EmotionType.Anger, BasicExpression.Anger);
        t.Map(EmotionType.Reproach, BasicExpression.Anger);
        t.Map(EmotionType.Resentment, BasicExpression.Anger);
        t.Map(EmotionType.Hate, BasicExpression.Disgust);
        t.Map(EmotionType.Disliking, BasicExpression.Disgust);
        t.Map(EmotionType.Gloating, BasicExpression.Contempt);
        return t;
    }

    /// <summary>The weight in [0, 1] of action unit <paramref name="actionUnit"/> (FACS number) in an expression.</summary>
    public float Weight(BasicExpression expression, int actionUnit) => _weights[((int)expression * AffectFields.ActionUnitCount) + AuIndex(actionUnit)];

    /// <summary>Sets the weight of an action unit in an expression.</summary>
    public ExpressionTable SetWeight(BasicExpression expression, int actionUnit, float weight)
    {
        if (!(weight >= 0f && weight <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"weight of AU{actionUnit} in {expression} must be in [0, 1]; got {weight}.");
        }

        _weights[((int)expression * AffectFields.ActionUnitCount) + AuIndex(actionUnit)] = weight;
        return this;
    }

    /// <summary>The expression showing an emotion type, or null when none does.</summary>
    public BasicExpression? ExpressionOf(EmotionType type) => _expressionOf[(int)type] < 0 ? null : (BasicExpression)_expressionOf[(int)type];

    /// <summary>Maps an emotion type to an expression (null: not shown on the face).</summary>
    public ExpressionTable Map(EmotionType type, BasicExpression? expression)
    {
        _expressionOf[(int)type] = expression is null ? -1 : (int)expression.Value;
        return this;
    }

    /// <summary>A copy.</summary>
    public ExpressionTable Clone()
    {
        var c = new ExpressionTable { DominantThreshold = DominantThreshold };
        Array.Copy(_weights, c._weights, _weights.Length);
        Array.Copy(_expressionOf, c._expressionOf, _expressionOf.Length);
        return c;
    }

    internal ReadOnlySpan<float> Weights => _weights;

    /// <summary>
    /// One agent's action units from its emotion rows (<paramref name="block"/>, emotion row offset
    /// <paramref name="emotionOffset"/>, <paramref name="lane"/>), in <see cref="AffectFields.ActionUnits"/> order: each
    /// basic expression the strongest intensity of the types it shows, each action unit the strongest weighted
    /// expression. Every maximum starts at +0, takes a value only when it is greater and visits the non-zero
    /// weights in ascending expression order, as each lane of the expression pass's vector loops does; so the
    /// values are the bits that pass stores per tick (<c>ActionUnitsOnReadTests</c>). The one place the
    /// scalar pass and every on-read reader compute them.
    /// </summary>
    internal void ActionUnitsOf(ReadOnlySpan<float> block, int emotionOffset, int lane, Span<float> destination)
    {
        const int L = AgentBlocks.LanesPerBlock;
        Span<float> basic = stackalloc float[ExpressionCount];
        basic.Clear();
        for (var e = 0; e < Emotions.Count; e++)
        {
            var x = _expressionOf[e];
            var i = block[emotionOffset + (e * L) + lane];
            if (x >= 0 && i > basic[x])
            {
                basic[x] = i;
            }
        }

        for (var a = 0; a < AffectFields.ActionUnitCount; a++)
        {
            var v = 0f;
            for (var x = 0; x < ExpressionCount; x++)
            {
                var w = _weights[(x * AffectFields.ActionUnitCount) + a];
                if (w > 0f)
                {
                    var c = basic[x] * w;
                    if (c > v)
                    {
                        v = c;
                    }
                }
            }

            destination[a] = v;
        }
    }

    internal ReadOnlySpan<int> ExpressionIndexOf => _expressionOf;

    private void Prototype(BasicExpression expression, params int[] actionUnits)
    {
        foreach (var au in actionUnits)
        {
            SetWeight(expression, au, 1f);
        }
    }

    private static int AuIndex(int actionUnit)
    {
        for (var i = 0; i < AffectFields.ActionUnitCount; i++)
        {
            if (AffectFields.ActionUnits[i] == actionUnit)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(actionUnit), actionUnit, $"AU{actionUnit} is not an expression channel; channels: {string.Join(", ", AffectFields.ActionUnits)}.");
    }
}

/// <summary>One agent's expression output of the last tick (read after <see cref="Simulation.Step"/>).</summary>
public readonly struct Expression
{
    private readonly World _world;
    private readonly AffectFields _fields;
    private readonly ExpressionTable _table;

    internal Expression(World world, AffectFields fields, ExpressionTable table, AgentId agent)
    {
        _world = world;
        _fields = fields;
        _table = table;
        Agent = agent;
        Dominant = (int)world.Value(agent, fields.Dominant);
        Octant = (int)world.Value(agent, fields.Octant);
        MoodClass = (MoodIntensity)(int)world.Value(agent, fields.MoodClass);
    }

    /// <summary>The agent.</summary>
    public AgentId Agent { get; }

    /// <summary>Index of the dominant <see cref="EmotionType"/>, or -1 when no emotion reaches the threshold.</summary>
    public int Dominant { get; }

    /// <summary>The dominant emotion, or null.</summary>
    public EmotionType? DominantType => Dominant < 0 ? null : (EmotionType)Dominant;

    /// <summary>Mood octant index (bit 0 = P ≥ 0, bit 1 = A ≥ 0, bit 2 = D ≥ 0).</summary>
    public int Octant { get; }

    /// <summary>The octant's ALMA name ("exuberant", "hostile", ...).</summary>
    public string OctantName => MoodOctants.Name(Octant);

    /// <summary>ALMA's intensity class of the mood.</summary>
    public MoodIntensity MoodClass { get; }

    /// <summary>
    /// Intensity in [0, 1] of an action unit (FACS number, one of <see cref="AffectFields.ActionUnits"/>): the stored
    /// value, or with <see cref="ActionUnitOutput.OnRead"/> the same value computed now from the agent's emotions.
    /// </summary>
    public float ActionUnit(int actionUnit)
    {
        for (var i = 0; i < AffectFields.ActionUnitCount; i++)
        {
            if (AffectFields.ActionUnits[i] == actionUnit)
            {
                if (_fields.HasActionUnitFields)
                {
                    return _world.Value(Agent, _fields.ActionUnitIntensity, i);
                }

                Span<float> all = stackalloc float[AffectFields.ActionUnitCount];
                CopyActionUnits(all);
                return all[i];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(actionUnit), actionUnit, $"AU{actionUnit} is not an expression channel.");
    }

    /// <summary>
    /// Copies the action-unit intensities in <see cref="AffectFields.ActionUnits"/> order (at least
    /// <see cref="AffectFields.ActionUnitCount"/> floats); computed from the emotions with <see cref="ActionUnitOutput.OnRead"/>.
    /// </summary>
    public void CopyActionUnits(Span<float> destination)
    {
        if (destination.Length < AffectFields.ActionUnitCount)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; the action units need {AffectFields.ActionUnitCount}.", nameof(destination));
        }

        if (_fields.HasActionUnitFields)
        {
            for (var i = 0; i < AffectFields.ActionUnitCount; i++)
            {
                destination[i] = _world.Value(Agent, _fields.ActionUnitIntensity, i);
            }

            return;
        }

        if (!_world.IsAlive(Agent))
        {
            throw new ArgumentException($"{Agent} is not a live agent of this world.");
        }

        _table.ActionUnitsOf(_world.Block(Agent.Slot >> 3), _fields.Emotion.Offset, Agent.Slot & (AgentBlocks.LanesPerBlock - 1), destination);
    }
}
