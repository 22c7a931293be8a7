using System;
using System.Collections.Generic;
using AffectEngine.Affect;

namespace AffectEngine.Behaviour;

/// <summary>
/// The modes of action readiness the engine tracks per agent: a reduction of Frijda's (1986, The
/// Emotions, Table 2.1) elementary action tendencies to the six a game or crowd can act on. Approach =
/// his approach (desire); avoid = avoidance (fear: protection, fleeing); attack = agonistic (anger:
/// moving against); help = being-with, turned toward the other (care, comfort); withdraw = submitting
/// and inactivation (resignation, sadness, shame); attend = attending (interest, orienting). Frijda,
/// Kuipers &amp; ter Schure (1989, JPSP 57(2)) measured these modes and found each related to distinct
/// emotion names; their remaining modes (rejecting, nonattending, interrupted, dominating) fold into
/// avoid, withdraw, attend and attack respectively.
/// </summary>
public enum Tendency
{
    /// <summary>Moving toward (desire, liking, hope).</summary>
    Approach = 0,

    /// <summary>Moving away, protection (fear).</summary>
    Avoid = 1,

    /// <summary>Moving against (anger, reproach, hate).</summary>
    Attack = 2,

    /// <summary>Being-with the other: helping, comforting (pity, gratitude, love).</summary>
    Help = 3,

    /// <summary>Submitting, inactivation (shame, disappointment, distress).</summary>
    Withdraw = 4,

    /// <summary>Attending, orienting (interest, hope, fear).</summary>
    Attend = 5,
}

/// <summary>Names of <see cref="Tendency"/>.</summary>
public static class Tendencies
{
    /// <summary>Number of tendencies (the width of the hot field "tendency").</summary>
    public const int Count = 6;

    private static readonly string[] NamesArray = ["approach", "avoid", "attack", "help", "withdraw", "attend"];

    /// <summary>The names in field order.</summary>
    public static IReadOnlyList<string> Names => NamesArray;

    /// <summary>A tendency's name.</summary>
    public static string Name(this Tendency tendency) => NamesArray[(int)tendency];

    /// <summary>Parses a name.</summary>
    public static bool TryParse(string name, out Tendency tendency)
    {
        for (var i = 0; i < NamesArray.Length; i++)
        {
            if (string.Equals(NamesArray[i], name, StringComparison.Ordinal))
            {
                tendency = (Tendency)i;
                return true;
            }
        }

        tendency = default;
        return false;
    }
}

/// <summary>One entry of the emotion → tendency table: an emotion at intensity I adds readiness w·I.</summary>
/// <param name="Emotion">The emotion.</param>
/// <param name="Tendency">The tendency it primes.</param>
/// <param name="Weight">w in [0, 1].</param>
public readonly record struct TendencyEntry(EmotionType Emotion, Tendency Tendency, float Weight);

/// <summary>
/// Data: which emotions (and which mood octants) prime which tendencies. Readiness combines as a
/// probabilistic sum over the entries, t' = t + x − t·x with x = w·I, like impulses
/// (<see cref="AffectModule.Combine"/>): bounded by 1, monotone, and fixed in order (table order),
/// so results are bit-identical at any thread count. The mood adds one more term per tendency,
/// <see cref="MoodWeight"/> × the octant's weight × the mood's intensity (|PAD|/√3).
/// A scenario can swap the table (its "behaviours.tendencies" section).
/// </summary>
public sealed class TendencyTable
{
    /// <summary>The citation printed by <c>affect models</c> for the default table.</summary>
    public const string Citation =
        "Frijda, N. H. (1986). The Emotions, Table 2.1 (modes of action readiness and the emotions they define); "
        + "Frijda, N. H., Kuipers, P., & ter Schure, E. (1989). Relations among emotion, appraisal, and emotional action readiness. JPSP 57(2), 212-228 "
        + "(modes measured per emotion name). The pairings follow those sources; the weights are the engine's defaults, not published numbers.";

    /// <summary>The citation of the mood octant rows.</summary>
    public const string MoodCitation =
        "Mehrabian, A. (1996). Pleasure-arousal-dominance: a general framework. Current Psychology 14(4) (octant temperaments: hostile, anxious, exuberant, ...); "
        + "octant -> tendency pairing: hostile->attack, anxious->avoid, bored/docile->withdraw, disdainful->avoid, exuberant->approach, dependent->help, relaxed->attend (engine defaults).";

    private readonly List<TendencyEntry> _entries = [];
    private readonly float[] _octants = new float[8 * Tendencies.Count];

    /// <summary>An empty table (no emotion primes anything; mood weight 0).</summary>
    public TendencyTable()
    {
    }

    /// <summary>The entries, in the order they are combined.</summary>
    public IReadOnlyList<TendencyEntry> Entries => _entries;

    /// <summary>How much the mood counts relative to the emotions, in [0, 1].</summary>
    public float MoodWeight { get; set; }

    /// <summary>Adds an entry (after those already present).</summary>
    public TendencyTable Add(EmotionType emotion, Tendency tendency, float weight)
    {
        _entries.Add(new TendencyEntry(emotion, tendency, weight));
        return this;
    }

    /// <summary>Removes every emotion entry.</summary>
    public void ClearEntries() => _entries.Clear();

    /// <summary>The weight of <paramref name="tendency"/> in mood octant <paramref name="octant"/> (ALMA index: bit 0 P, bit 1 A, bit 2 D).</summary>
    public float OctantWeight(int octant, Tendency tendency) => _octants[((octant & 7) * Tendencies.Count) + (int)tendency];

    /// <summary>Sets an octant weight.</summary>
    public TendencyTable SetOctant(int octant, Tendency tendency, float weight)
    {
        _octants[((octant & 7) * Tendencies.Count) + (int)tendency] = weight;
        return this;
    }

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Range(MoodWeight, 0f, 1f, "tendencies.moodWeight");
        for (var i = 0; i < _entries.Count; i++)
        {
            var e = _entries[i];
            p.Range(e.Weight, 0f, 1f, $"tendencies.table[{i}].weight");
            p.Require((uint)e.Emotion < Emotions.Count && (uint)e.Tendency < Tendencies.Count, $"tendencies.table[{i}] names an unknown emotion or tendency.");
        }

        foreach (var w in _octants)
        {
            p.Require(w >= 0f && w <= 1f, $"tendencies: an octant weight is outside [0, 1] ({w}).");
        }

        return p.List;
    }

    /// <summary>A deep copy.</summary>
    public TendencyTable Clone()
    {
        var t = new TendencyTable { MoodWeight = MoodWeight };
        t._entries.AddRange(_entries);
        Array.Copy(_octants, t._octants, _octants.Length);
        return t;
    }

    /// <summary>
    /// The default table. Each emotion's strongest entry is the mode Frijda (1986, Table 2.1) names for it
    /// or for the basic emotion it belongs to: fear → avoid, anger → attack, pity → help (being-with),
    /// shame → withdraw (submission), hope → approach (desire), admiration → attend (interest); a test
    /// checks these pairings. Anger also primes approach (anger is approach-motivated:
    /// Carver &amp; Harmon-Jones 2009, Psychological Bulletin 135(2)).
    /// </summary>
    public static TendencyTable CreateDefault()
    {
        var t = new TendencyTable { MoodWeight = 0.3f };
        t.Add(EmotionType.Joy, Tendency.Approach, 0.4f).Add(EmotionType.Joy, Tendency.Help, 0.3f);
        t.Add(EmotionType.Distress, Tendency.Withdraw, 0.5f).Add(EmotionType.Distress, Tendency.Avoid, 0.2f);
        t.Add(EmotionType.Hope, Tendency.Approach, 0.6f).Add(EmotionType.Hope, Tendency.Attend, 0.4f);
        t.Add(EmotionType.Fear, Tendency.Avoid, 1.0f).Add(EmotionType.Fear, Tendency.Attend, 0.3f);
        t.Add(EmotionType.Satisfaction, Tendency.Approach, 0.3f);
        t.Add(EmotionType.FearsConfirmed, Tendency.Avoid, 0.6f).Add(EmotionType.FearsConfirmed, Tendency.Withdraw, 0.5f);
        t.Add(EmotionType.Relief, Tendency.Approach, 0.2f);
        t.Add(EmotionType.Disappointment, Tendency.Withdraw, 0.6f);
        t.Add(EmotionType.HappyFor, Tendency.Help, 0.6f);
        t.Add(EmotionType.Resentment, Tendency.Attack, 0.4f);
        t.Add(EmotionType.Gloating, Tendency.Attack, 0.3f);
        t.Add(EmotionType.Pity, Tendency.Help, 1.0f);
        t.Add(EmotionType.Pride, Tendency.Approach, 0.4f);
        t.Add(EmotionType.Shame, Tendency.Withdraw, 0.9f).Add(EmotionType.Shame, Tendency.Avoid, 0.4f);
        t.Add(EmotionType.Admiration, Tendency.Attend, 0.5f).Add(EmotionType.Admiration, Tendency.Approach, 0.4f);
        t.Add(EmotionType.Reproach, Tendency.Attack, 0.5f).Add(EmotionType.Reproach, Tendency.Avoid, 0.2f);
        t.Add(EmotionType.Gratification, Tendency.Approach, 0.5f);
        t.Add(EmotionType.Remorse, Tendency.Withdraw, 0.6f).Add(EmotionType.Remorse, Tendency.Help, 0.4f);
        t.Add(EmotionType.Gratitude, Tendency.Help, 0.7f).Add(EmotionType.Gratitude, Tendency.Approach, 0.4f);
        t.Add(EmotionType.Anger, Tendency.Attack, 1.0f).Add(EmotionType.Anger, Tendency.Approach, 0.3f);
        t.Add(EmotionType.Love, Tendency.Approach, 0.8f).Add(EmotionType.Love, Tendency.Help, 0.5f);
        t.Add(EmotionType.Hate, Tendency.Attack, 0.6f).Add(EmotionType.Hate, Tendency.Avoid, 0.4f);
        t.Add(EmotionType.Liking, Tendency.Approach, 0.4f);
        t.Add(EmotionType.Disliking, Tendency.Avoid, 0.4f);

        // Octants by ALMA index (bit 0 P, bit 1 A, bit 2 D): 0 bored, 1 docile, 2 anxious, 3 dependent,
        // 4 disdainful, 5 relaxed, 6 hostile, 7 exuberant.
        t.SetOctant(0, Tendency.Withdraw, 1f);
        t.SetOctant(1, Tendency.Withdraw, 0.5f);
        t.SetOctant(2, Tendency.Avoid, 1f);
        t.SetOctant(3, Tendency.Help, 0.5f).SetOctant(3, Tendency.Approach, 0.5f);
        t.SetOctant(4, Tendency.Avoid, 0.5f);
        t.SetOctant(5, Tendency.Attend, 0.5f);
        t.SetOctant(6, Tendency.Attack, 1f);
        t.SetOctant(7, Tendency.Approach, 1f);
        return t;
    }

    /// <summary>Writes the table as text (<c>affect models</c>): one line per emotion, then the mood octant rows.</summary>
    public void WriteText(System.IO.TextWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        var c = System.Globalization.CultureInfo.InvariantCulture;
        writer.WriteLine("Action tendencies: emotion -> tendency weight, combined t + x - t*x (" + Citation + ")");
        for (var e = 0; e < Emotions.Count; e++)
        {
            var parts = new List<string>();
            foreach (var entry in _entries)
            {
                if ((int)entry.Emotion == e)
                {
                    parts.Add(entry.Tendency.Name() + " " + entry.Weight.ToString("0.##", c));
                }
            }

            if (parts.Count > 0)
            {
                writer.WriteLine("  " + ((EmotionType)e).Name().PadRight(16) + string.Join(", ", parts));
            }
        }

        writer.WriteLine("Mood octant -> tendency, times mood weight " + MoodWeight.ToString("0.##", c) + " and |PAD|/sqrt(3) (" + MoodCitation + ")");
        for (var o = 0; o < 8; o++)
        {
            var parts = new List<string>();
            for (var k = 0; k < Tendencies.Count; k++)
            {
                var w = _octants[(o * Tendencies.Count) + k];
                if (w != 0f)
                {
                    parts.Add(((Tendency)k).Name() + " " + w.ToString("0.##", c));
                }
            }

            writer.WriteLine("  " + MoodOctants.Name(o).PadRight(16) + (parts.Count == 0 ? "-" : string.Join(", ", parts)));
        }
    }

    /// <summary>Reports the table to a describer (<c>affect models</c>): one constant per entry, named "tendency.emotion->tendency".</summary>
    public void Describe(AffectEngine.Appraisal.IModelDescriber describer)
    {
        if (describer is null)
        {
            throw new ArgumentNullException(nameof(describer));
        }

        describer.Constant("tendency.mood-weight", MoodWeight, MoodCitation);
        foreach (var e in _entries)
        {
            describer.Constant($"tendency.{e.Emotion.Name()}->{e.Tendency.Name()}", e.Weight, Citation);
        }

        for (var o = 0; o < 8; o++)
        {
            for (var k = 0; k < Tendencies.Count; k++)
            {
                var w = _octants[(o * Tendencies.Count) + k];
                if (w != 0f)
                {
                    describer.Constant($"tendency.mood.{MoodOctants.Name(o)}->{((Tendency)k).Name()}", w, MoodCitation);
                }
            }
        }
    }
}
