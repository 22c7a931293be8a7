using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using AffectEngine.Cli.Output;

namespace AffectEngine.Cli.Training;

/// <summary>
/// Writes the feedback report of a training session: <c>report.html</c> (self-contained: inline CSS, the
/// plots as base64 PNG data URIs) and the plots as PNG files beside it. Every number comes from a
/// <see cref="SessionAnalysis"/> of the session record; each measure's definition is printed with it.
/// Numbers carry <c>data-measure</c>/<c>data-value</c> attributes so tools (and tests) can read them back.
/// </summary>
internal static class FeedbackReport
{
    public const string PatientPlotFile = "patient-emotions.png";
    public const string DistressPlotFile = "patient-distress.png";
    public const string TraineePlotFile = "trainee-expression.png";
    public const string ReportFile = "report.html";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(SessionAnalysis a, string directory, string recordName, IReadOnlyList<TranscriptLine>? transcript = null)
    {
        var distress = new SeriesPlot(a.Time)
            .Add("distress index D", a.Distress)
            .Add("mood pleasure", a.MoodP, dashed: true)
            .Threshold(SessionAnalysis.DistressThreshold, "distress threshold");
        foreach (var m in a.Moves)
        {
            distress.Marker(m.Tick * a.StepSeconds, m.Move);
        }

        var distressPng = distress.Render($"{a.Patient}: distress index and mood pleasure; dotted lines = trainee moves", "D / mood P", -1.05, 1.05);
        var trainee = new SeriesPlot(a.Time)
            .Add("recognized valence", a.TraineeValence)
            .Add("recognized arousal", a.TraineeArousal)
            .Add("confidence", a.TraineeConfidence, dashed: true)
            .Add("engagement κ", a.TraineeKappa);
        foreach (var m in a.Moves)
        {
            trainee.Marker(m.Tick * a.StepSeconds, m.Move);
        }

        var traineePng = trainee.Render($"{a.Trainee}: recognized expression (fused percepts)", "value", -1.05, 1.05);
        Save(Path.Combine(directory, PatientPlotFile), a.PatientPlot);
        Save(Path.Combine(directory, DistressPlotFile), distressPng);
        Save(Path.Combine(directory, TraineePlotFile), traineePng);

        var html = Html(a, recordName, a.PatientPlot, distressPng, traineePng, transcript ?? []);
        var path = Path.Combine(directory, ReportFile);
        Save(path, new UTF8Encoding(false).GetBytes(html));
        return path;
    }

    private static void Save(string path, byte[] bytes)
    {
        using var file = AtomicFile.Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    private static string Html(SessionAnalysis a, string recordName, byte[] patientPng, byte[] distressPng, byte[] traineePng, IReadOnlyList<TranscriptLine> transcript)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<title>").Append(E("Feedback: " + a.ScenarioName)).Append("</title>\n");
        h.Append("<style>\n")
            .Append("body { font-family: sans-serif; max-width: 1240px; margin: 2em auto; color: #222; }\n")
            .Append("table { border-collapse: collapse; margin: 1em 0; }\n")
            .Append("th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; }\n")
            .Append("td.num { text-align: right; font-variant-numeric: tabular-nums; }\n")
            .Append(".how { color: #555; font-size: 0.9em; }\n")
            .Append("img { max-width: 100%; border: 1px solid #ddd; }\n")
            .Append(".relief { color: #06632a; } .worse { color: #a01010; }\n")
            .Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>").Append(E(a.ScenarioName)).Append(": feedback</h1>\n");
        h.Append("<p>Session of ").Append(E(a.Trainee)).Append(" with ").Append(E(a.Patient)).Append(": ")
            .Append(Num(a.Ticks * a.StepSeconds, "0.#")).Append(" s simulated (").Append(a.Ticks.ToString(Inv)).Append(" ticks of ")
            .Append(Num(a.StepSeconds, "0.###")).Append(" s), ").Append(a.Moves.Count.ToString(Inv)).Append(" moves. Computed from the record <code>")
            .Append(E(recordName)).Append("</code> (replayed, every hash verified; final state hash <code>")
            .Append(a.FinalHash.ToString("x16", Inv)).Append("</code>).</p>\n");

        h.Append("<h2>Measures</h2>\n<table id=\"measures\">\n<tr><th>measure</th><th>value</th><th>how it is computed</th></tr>\n");
        Row(h, "time-in-distress-seconds", "time in distress", a.TimeInDistressSeconds, "0.0", " s",
            $"Distress index D(t) = clamp(−Σₑ Iₑ(t)·Pₑ, 0, 1) over the patient's 24 emotion intensities Iₑ, with Pₑ the pleasure of emotion type e in ALMA's OCC→PAD table (Gebhard 2005). Time in distress = step × number of ticks with D &gt; {Num(SessionAnalysis.DistressThreshold, "0.##")}.");
        Row(h, "time-in-distress-share", "share of the session in distress", a.TimeInDistressShare, "0.000", "",
            "Ticks with D above the threshold divided by all ticks.");
        Row(h, "mean-recovery-seconds", "recovery after a blameworthy move", a.MeanRecoverySeconds, "0.0", " s",
            "For each move the patient's standards judge blameworthy (praiseworthiness &lt; 0: dismiss, interrupt): time from the move until D is back at or below its value just before the move; the mean over moves that recovered within the session.");
        Row(h, "unrecovered-moves", "blameworthy moves not recovered by the end", a.UnrecoveredMoves, "0", "",
            "Blameworthy moves after which D never came back to its earlier value before the session ended (left out of the mean).");
        Row(h, "mean-congruence", "expression–patient congruence", a.MeanCongruence, "0.000", "",
            "Mean κ over the ticks when the patient is in distress (D above the threshold) and the trainee's face is recognized. κ = confidence × engagement of the trainee's fused expression category: sadness (concern) +1, fear +0.5, surprise +0.25, happiness 0, neutral −0.5, anger −0.75, contempt and disgust −1 (docs/perception.md). 1 = a confident, concerned face whenever the patient suffers.");
        Row(h, "congruent-share", "share of the patient's distress met with a concerned face", a.CongruentShare, "0.000", "",
            $"Of the same {a.DistressedRecognizedTicks.ToString(Inv)} ticks, the share with κ &gt; 0.");
        h.Append("</table>\n");

        h.Append("<h2>Turning points</h2>\n<p class=\"how\">The moves and changes of the trainee's recognized expression after which the patient's distress index changed most: effect = D at the end of a ")
            .Append(Num(SessionAnalysis.WindowSeconds, "0.#")).Append(" s window starting at the input, minus D just before it (negative = relief). Top ")
            .Append(SessionAnalysis.TopTurningPoints.ToString(Inv)).Append(" by size.</p>\n");
        h.Append("<table id=\"turning-points\">\n<tr><th>tick</th><th>time (s)</th><th>input</th><th>trainee's face</th><th>D before</th><th>D after</th><th>effect</th><th>Δ mood pleasure</th></tr>\n");
        foreach (var t in a.TurningPoints)
        {
            h.Append("<tr data-tick=\"").Append(t.Tick.ToString(Inv)).Append("\" data-effect=\"").Append(Num(t.Effect, "0.000")).Append("\">")
                .Append("<td class=\"num\">").Append(t.Tick.ToString(Inv)).Append("</td>")
                .Append("<td class=\"num\">").Append(Num(t.Tick * a.StepSeconds, "0.0")).Append("</td>")
                .Append("<td>").Append(E(t.Input)).Append("</td>")
                .Append("<td>").Append(E(t.TraineeFace)).Append("</td>")
                .Append("<td class=\"num\">").Append(Num(t.DistressBefore, "0.000")).Append("</td>")
                .Append("<td class=\"num\">").Append(Num(t.DistressAfter, "0.000")).Append("</td>")
                .Append("<td class=\"num ").Append(t.Effect < 0 ? "relief" : "worse").Append("\">").Append(Num(t.Effect, "+0.000;-0.000;0.000")).Append("</td>")
                .Append("<td class=\"num\">").Append(Num(t.MoodPleasureChange, "+0.0000;-0.0000;0.0000")).Append("</td></tr>\n");
        }

        h.Append("</table>\n");

        h.Append("<h2>Moves</h2>\n<table id=\"moves\">\n<tr><th>tick</th><th>move</th><th>trainee's face</th><th>κ</th><th>D before</th><th>D after ")
            .Append(Num(SessionAnalysis.WindowSeconds, "0.#")).Append(" s</th><th>recovery (s)</th></tr>\n");
        foreach (var m in a.Moves)
        {
            h.Append("<tr data-tick=\"").Append(m.Tick.ToString(Inv)).Append("\" data-move=\"").Append(E(m.Move)).Append("\">")
                .Append("<td class=\"num\">").Append(m.Tick.ToString(Inv)).Append("</td>")
                .Append("<td>").Append(E(m.Move)).Append(m.Blameworthy ? " (blameworthy)" : "").Append("</td>")
                .Append("<td>").Append(E(m.TraineeFace)).Append("</td>")
                .Append("<td class=\"num\">").Append(Num(m.Kappa, "0.000")).Append("</td>")
                .Append("<td class=\"num\">").Append(Num(m.DistressBefore, "0.000")).Append("</td>")
                .Append("<td class=\"num\">").Append(Num(m.DistressAfter, "0.000")).Append("</td>")
                .Append("<td class=\"num\">").Append(m.RecoverySeconds is { } r ? Num(r, "0.0") : m.Blameworthy ? "not within the session" : "").Append("</td></tr>\n");
        }

        h.Append("</table>\n");

        Transcript(h, a, transcript);
        h.Append("<h2>The patient over the session</h2>\n");
        Image(h, "plot-distress", DistressPlotFile, distressPng, "The patient's distress index and mood pleasure, with the trainee's moves");
        Image(h, "plot-patient", PatientPlotFile, patientPng, "The patient's strongest emotions and PAD mood");
        h.Append("<h2>The trainee's recognized expression</h2>\n");
        Image(h, "plot-trainee", TraineePlotFile, traineePng, "The trainee's fused percepts: valence, arousal, confidence and engagement κ");
        h.Append("<p class=\"how\">The patient appraises each move with OCC (Ortony, Clore &amp; Collins 1988): the action is judged by the patient's standards (admiration or reproach), its effects on the patient's goals give joy or distress, and together gratitude or anger. The trainee's recognized face in the same tick scales the patient's impulses: positive emotions × (1 + 0.5·κ), negative ones × (1 − 0.5·κ). See docs/perception.md.</p>\n");
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Transcript(StringBuilder h, SessionAnalysis a, IReadOnlyList<TranscriptLine> transcript)
    {
        if (transcript.Count == 0)
        {
            return;
        }

        h.Append("<h2>Transcript</h2>\n<p class=\"how\">The trainee's moves and the patient's answers. Each answer is authored for a state of the patient (the scenario's <code>training.utterances</code>) and chosen by her emotions and mood when she answers, after the move was appraised.</p>\n");
        h.Append("<table id=\"transcript\">\n<tr><th>time (s)</th><th>who</th><th>state / move</th><th>said</th></tr>\n");
        foreach (var line in transcript)
        {
            var patient = string.Equals(line.Speaker, a.Patient, StringComparison.Ordinal);
            h.Append("<tr data-tick=\"").Append(line.Tick.ToString(Inv)).Append("\" data-speaker=\"").Append(patient ? "patient" : "trainee")
                .Append("\" data-state=\"").Append(E(line.State)).Append("\">")
                .Append("<td class=\"num\">").Append(Num(line.Tick * a.StepSeconds, "0.0")).Append("</td>")
                .Append("<td>").Append(E(line.Speaker)).Append("</td>")
                .Append("<td>").Append(E(line.State)).Append("</td>")
                .Append("<td>").Append(E(line.Text)).Append("</td></tr>\n");
        }

        h.Append("</table>\n");
    }

    private static void Image(StringBuilder h, string id, string file, byte[] png, string caption)
    {
        h.Append("<figure id=\"").Append(id).Append("\"><img alt=\"").Append(E(caption)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\"><figcaption>").Append(E(caption)).Append(" (also <code>").Append(E(file)).Append("</code>)</figcaption></figure>\n");
    }

    private static void Row(StringBuilder h, string id, string label, double? value, string format, string unit, string how)
    {
        h.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"num\" data-measure=\"").Append(id).Append("\" data-value=\"")
            .Append(value is { } v ? Num(v, "0.000") : "").Append("\">")
            .Append(value is { } x ? Num(x, format) + unit : "n/a").Append("</td><td class=\"how\">").Append(how).Append("</td></tr>\n");
    }

    private static string Num(double v, string format) => v.ToString(format, Inv);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
