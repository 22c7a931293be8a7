using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect;

/// <summary>
/// Every constant the affect model runs with, each with its citation, for <c>affect models [--json]</c>,
/// so a researcher can report exactly what ran. Emotion names are the kebab-case names of
/// <see cref="Emotions.Names"/>; the ALMA table is <c>"occToPad": {"joy": [0.40, 0.20, 0.10], ...}</c>
/// and Mehrabian's coefficients <c>"personalityToMood": {"p": {"o":0,"c":0,"e":0.21,"a":0.59,"n":0.19}, ...}</c>.
/// </summary>
public static class ModelCatalog
{
    private static readonly string[] Traits = ["o", "c", "e", "a", "n"];
    private static readonly string[] Axes = ["p", "a", "d"];
    private static readonly string[] ExpressionNames = ["happiness", "sadness", "surprise", "fear", "anger", "disgust", "contempt"];

    /// <summary>Writes the catalogue as indented JSON (UTF-8) to <paramref name="stream"/>.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="models">Registered appraisal models to describe (default: the built-in registry, "occ" only).</param>
    /// <param name="affect">Dynamics settings in use (default: ALMA's).</param>
    /// <param name="appraisal">Appraisal settings in use (default: the OCC model's).</param>
    public static void WriteJson(Stream stream, AppraisalModels? models = null, AffectSettings? affect = null, AppraisalSettings? appraisal = null)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        models ??= new AppraisalModels();
        affect ??= new AffectSettings();
        appraisal ??= new AppraisalSettings();
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();

        w.WriteStartObject("occToPad");
        for (var e = 0; e < Emotions.Count; e++)
        {
            var (p, a, d) = AlmaTables.OccToPad((EmotionType)e);
            w.WriteStartArray(Emotions.Names[e]);
            Pad2(w, p);
            Pad2(w, a);
            Pad2(w, d);
            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteString("occToPadCitation", AlmaTables.Citation);

        w.WriteStartObject("personalityToMood");
        for (var axis = 0; axis < 3; axis++)
        {
            w.WriteStartObject(Axes[axis]);
            for (var t = 0; t < 5; t++)
            {
                w.WritePropertyName(Traits[t]);
                Number(w, Mehrabian1996.Coefficients[axis, t]);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("personalityToMoodCitation", Mehrabian1996.Citation + " The +0.19·N pleasure term is kept as published.");

        w.WriteStartObject("decay");
        for (var e = 0; e < Emotions.Count; e++)
        {
            var s = affect.Decay((EmotionType)e);
            w.WriteStartObject(Emotions.Names[e]);
            w.WriteString("kind", s.Kind == DecayKind.Linear ? "linear" : "exponential");
            w.WritePropertyName("seconds");
            Number(w, s.Seconds);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("decayCitation", "Gebhard, P. (2005). ALMA - A Layered Model of Affect. AAMAS '05 (linear decay to zero over 20 s in ALMA's configuration; exponential with a half-life offered as well).");
        w.WritePropertyName("neuroticismDecaySlowing");
        Number(w, affect.NeuroticismDecaySlowing);
        w.WriteString("neuroticismDecaySlowingCitation", AffectSettings.DecayCitation);

        w.WriteStartObject("mood");
        w.WritePropertyName("changeSeconds");
        Number(w, affect.MoodChangeSeconds);
        w.WritePropertyName("returnSeconds");
        Number(w, affect.MoodReturnSeconds);
        w.WriteStartArray("intensityClassBounds");
        Number(w, Math.Sqrt(3) / 3);
        Number(w, 2 * Math.Sqrt(3) / 3);
        w.WriteEndArray();
        w.WriteStartObject("octants");
        for (var o = 0; o < 8; o++)
        {
            w.WriteString(MoodOctants.Name(o), OctantSigns(o));
        }

        w.WriteEndObject();
        w.WriteString("centre", "intensity-weighted mean of the active emotions' PAD points; strength = mean intensity, capped at 1 (pinned)");
        w.WriteString("citation", "Gebhard, P. (2005). ALMA - A Layered Model of Affect. AAMAS '05 (mood change 10 min; return 20 min, pinned).");
        w.WriteEndObject();

        w.WriteString("combination", "probabilistic sum: I' = I + x - I*x (commutative, associative, bounded by 1); project's choice");

        w.WriteStartObject("thresholds");
        for (var e = 0; e < Emotions.Count; e++)
        {
            w.WritePropertyName(Emotions.Names[e]);
            Number(w, appraisal.Threshold((EmotionType)e));
        }

        w.WriteEndObject();
        w.WriteStartObject("modulation");
        w.WritePropertyName("moodInfluence");
        Number(w, appraisal.MoodInfluence);
        w.WritePropertyName("minimumMood");
        Number(w, appraisal.MinimumMood);
        w.WriteString("thresholdAndMoodCitation", AppraisalSettings.FatimaCitation);
        w.WritePropertyName("extraversionGain");
        Number(w, appraisal.ExtraversionGain);
        w.WritePropertyName("neuroticismGain");
        Number(w, appraisal.NeuroticismGain);
        w.WriteString("traitGainCitation", AppraisalSettings.TraitCitation);
        w.WriteEndObject();

        var table = affect.Expression;
        w.WriteStartObject("expression");
        w.WriteStartObject("prototypes");
        for (var x = 0; x < ExpressionTable.ExpressionCount; x++)
        {
            w.WriteStartObject(ExpressionNames[x]);
            foreach (var au in AffectFields.ActionUnits)
            {
                var weight = table.Weight((BasicExpression)x, au);
                if (weight > 0f)
                {
                    w.WritePropertyName("AU" + au.ToString(CultureInfo.InvariantCulture));
                    Number(w, weight);
                }
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteString("prototypesCitation", ExpressionTable.Citation);
        w.WriteStartObject("occToExpression");
        for (var e = 0; e < Emotions.Count; e++)
        {
            var x = table.ExpressionOf((EmotionType)e);
            if (x is null)
            {
                w.WriteNull(Emotions.Names[e]);
            }
            else
            {
                w.WriteString(Emotions.Names[e], ExpressionNames[(int)x.Value]);
            }
        }

        w.WriteEndObject();
        w.WriteString("occToExpressionCitation", "project's mapping (docs/models.md)");
        w.WritePropertyName("dominantThreshold");
        Number(w, table.DominantThreshold);
        w.WriteEndObject();

        w.WriteStartObject("appraisalModels");
        foreach (var name in models.Names)
        {
            w.WriteStartObject(name);
            models.Create(name).Describe(new JsonDescriber(w));
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("perceivedPersons");
        PerceivedPersonRules.Describe(new JsonDescriber(w));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes the catalogue as readable text.</summary>
    public static void WriteText(TextWriter writer, AppraisalModels? models = null, AffectSettings? affect = null, AppraisalSettings? appraisal = null)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        models ??= new AppraisalModels();
        affect ??= new AffectSettings();
        appraisal ??= new AppraisalSettings();
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine("OCC -> PAD (" + AlmaTables.Citation + ")");
        for (var e = 0; e < Emotions.Count; e++)
        {
            var (p, a, d) = AlmaTables.OccToPad((EmotionType)e);
            writer.WriteLine(string.Format(c, "  {0,-16} P {1,6:0.00}  A {2,6:0.00}  D {3,6:0.00}", Emotions.Names[e], p, a, d));
        }

        writer.WriteLine();
        writer.WriteLine("Personality -> default mood (" + Mehrabian1996.Citation + ")");
        for (var axis = 0; axis < 3; axis++)
        {
            writer.Write("  " + Axes[axis].ToUpperInvariant() + " =");
            for (var t = 0; t < 5; t++)
            {
                writer.Write(string.Format(c, " {0:+0.00;-0.00;+0.00}·{1}", Mehrabian1996.Coefficients[axis, t], Traits[t].ToUpperInvariant()));
            }

            writer.WriteLine();
        }

        writer.WriteLine("  (the +0.19·N pleasure term is kept as published)");
        writer.WriteLine();
        writer.WriteLine("Emotion decay (Gebhard 2005, ALMA configuration)");
        for (var e = 0; e < Emotions.Count; e++)
        {
            var s = affect.Decay((EmotionType)e);
            writer.WriteLine(string.Format(c, "  {0,-16} {1} {2} s", Emotions.Names[e], s.Kind == DecayKind.Linear ? "linear to zero over" : "exponential, half-life", s.Seconds));
        }

        writer.WriteLine(string.Format(c, "  negative emotions decay at rate x (1 - {0}·N)  [{1}]", affect.NeuroticismDecaySlowing, AffectSettings.DecayCitation));
        writer.WriteLine();
        writer.WriteLine(string.Format(c, "Mood (Gebhard 2005): full change {0} s, return to default {1} s; classes slightly < {2:0.000} <= moderately < {3:0.000} <= fully", affect.MoodChangeSeconds, affect.MoodReturnSeconds, Math.Sqrt(3) / 3, 2 * Math.Sqrt(3) / 3));
        for (var o = 0; o < 8; o++)
        {
            writer.WriteLine("  " + OctantSigns(o) + " " + MoodOctants.Name(o));
        }

        writer.WriteLine();
        writer.WriteLine("Combination of repeated impulses: I' = I + x - I·x (probabilistic sum; project's choice)");
        writer.WriteLine();
        writer.WriteLine("Thresholds and modulation");
        for (var e = 0; e < Emotions.Count; e++)
        {
            writer.WriteLine(string.Format(c, "  threshold {0,-16} {1}", Emotions.Names[e], appraisal.Threshold((EmotionType)e)));
        }

        writer.WriteLine(string.Format(c, "  mood influence {0}, minimum mood {1}  [{2}]", appraisal.MoodInfluence, appraisal.MinimumMood, AppraisalSettings.FatimaCitation));
        writer.WriteLine(string.Format(c, "  extraversion gain {0}, neuroticism gain {1}  [{2}]", appraisal.ExtraversionGain, appraisal.NeuroticismGain, AppraisalSettings.TraitCitation));
        writer.WriteLine();
        writer.WriteLine("Expression (" + ExpressionTable.Citation + ")");
        var table = affect.Expression;
        for (var x = 0; x < ExpressionTable.ExpressionCount; x++)
        {
            writer.Write("  " + ExpressionNames[x].PadRight(10));
            foreach (var au in AffectFields.ActionUnits)
            {
                var weight = table.Weight((BasicExpression)x, au);
                if (weight > 0f)
                {
                    writer.Write(string.Format(c, " AU{0}x{1}", au, weight));
                }
            }

            writer.WriteLine();
        }

        for (var e = 0; e < Emotions.Count; e++)
        {
            var x = table.ExpressionOf((EmotionType)e);
            writer.WriteLine("  " + Emotions.Names[e].PadRight(16) + " -> " + (x is null ? "(none)" : ExpressionNames[(int)x.Value]));
        }

        writer.WriteLine();
        foreach (var name in models.Names)
        {
            writer.WriteLine("Appraisal model '" + name + "'");
            models.Create(name).Describe(new TextDescriber(writer));
        }

        writer.WriteLine();
        writer.WriteLine("Perceived persons (recognized emotions of real people; docs/perception.md)");
        PerceivedPersonRules.Describe(new TextDescriber(writer));
    }

    private static string OctantSigns(int o) =>
        ((o & 1) != 0 ? "+P" : "-P") + ((o & 2) != 0 ? "+A" : "-A") + ((o & 4) != 0 ? "+D" : "-D");

    /// <summary>Two decimals, as the published tables print them.</summary>
    private static void Pad2(Utf8JsonWriter w, float v) => w.WriteRawValue(v.ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>The shortest decimal that reads back as the same float ("0.21", "0"), not the double expansion of the float.</summary>
    private static void Number(Utf8JsonWriter w, float v) => w.WriteNumberValue(decimal.Parse(v.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture));

    private static void Number(Utf8JsonWriter w, double v) => w.WriteNumberValue(v);

    private sealed class JsonDescriber : IModelDescriber
    {
        private readonly Utf8JsonWriter _w;

        public JsonDescriber(Utf8JsonWriter w) => _w = w;

        public void Constant(string name, double value, string citation)
        {
            _w.WriteStartObject(name);
            _w.WritePropertyName("value");
            _w.WriteNumberValue(value);
            _w.WriteString("citation", citation);
            _w.WriteEndObject();
        }

        public void PadTable(string name, ReadOnlySpan<EmotionType> types, ReadOnlySpan<float> pad, string citation)
        {
            _w.WriteStartObject(name);
            for (var i = 0; i < types.Length; i++)
            {
                _w.WriteStartArray(types[i].Name());
                Pad2(_w, pad[3 * i]);
                Pad2(_w, pad[(3 * i) + 1]);
                Pad2(_w, pad[(3 * i) + 2]);
                _w.WriteEndArray();
            }

            _w.WriteEndObject();
            _w.WriteString(name + "Citation", citation);
        }
    }

    private sealed class TextDescriber : IModelDescriber
    {
        private readonly TextWriter _w;

        public TextDescriber(TextWriter w) => _w = w;

        public void Constant(string name, double value, string citation) =>
            _w.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0} = {1}  [{2}]", name, value, citation));

        public void PadTable(string name, ReadOnlySpan<EmotionType> types, ReadOnlySpan<float> pad, string citation)
        {
            _w.WriteLine("  " + name + " [" + citation + "]");
            for (var i = 0; i < types.Length; i++)
            {
                _w.WriteLine(string.Format(CultureInfo.InvariantCulture, "    {0,-16} P {1,6:0.00}  A {2,6:0.00}  D {3,6:0.00}", types[i].Name(), pad[3 * i], pad[(3 * i) + 1], pad[(3 * i) + 2]));
            }
        }
    }
}
