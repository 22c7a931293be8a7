using System;
using System.Globalization;
using System.IO;
using System.Linq;
using AngleSharp.Html.Parser;
using AffectEngine.Perception;

namespace AffectEngine.Training.Tests;

public sealed class TrainCommandTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void Scripted_session_runs_headless_and_writes_a_valid_self_contained_report_whose_numbers_match_the_record()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        var (code, stdout, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--script", Cli.Sim("session.moves.json"), "--report", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("session   1200 ticks", stdout);
        Assert.Contains("percepts  1200 accepted", stdout);

        // Valid HTML: AngleSharp's strict mode throws on any parse error.
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        var doc = new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(html);
        Assert.Empty(doc.QuerySelectorAll("link, script"));

        // Self-contained: the three plots are embedded PNGs, identical to the files beside the report.
        var images = doc.QuerySelectorAll("img").ToArray();
        Assert.Equal(4, images.Length);
        foreach (var (img, file) in images.Zip(new[] { "patient-distress.png", "patient-emotions.png", "trainee-expression.png", "trainee-channels.png" }))
        {
            var src = img.GetAttribute("src")!;
            Assert.StartsWith("data:image/png;base64,", src, StringComparison.Ordinal);
            var png = Convert.FromBase64String(src.Substring("data:image/png;base64,".Length));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
            Assert.Equal(File.ReadAllBytes(Path.Combine(outDir, file)), png);
        }

        // The numbers, recomputed from the record by an independent replay.
        var s = SessionRecord.Replay(Path.Combine(outDir, "session.aerec"));
        Assert.True(s.Verified);
        Assert.Equal(1200, s.Distress.Count);
        Assert.Equal(10, s.Moves.Count);
        double Measure(string id) => double.Parse(doc.QuerySelector($"[data-measure='{id}']")!.GetAttribute("data-value")!, Inv);

        var distressed = s.Distress.Count(d => d > 0.25);
        Assert.Equal(distressed * s.Step, Measure("time-in-distress-seconds"), 3);
        Assert.Equal((double)distressed / s.Distress.Count, Measure("time-in-distress-share"), 3);

        var kappas = Enumerable.Range(0, s.Distress.Count)
            .Where(t => s.Distress[t] > 0.25 && s.TraineeFace[t] is { Category: not EmotionCategory.Uncertain })
            .Select(t => (double)AffectEngine.Affect.PerceivedPersonRules.Congruence(s.TraineeFace[t]!)).ToArray();
        Assert.NotEmpty(kappas);
        Assert.Equal(kappas.Average(), Measure("mean-congruence"), 3);
        Assert.Equal((double)kappas.Count(k => k > 0) / kappas.Length, Measure("congruent-share"), 3);

        var blameworthy = new[] { "interrupt", "dismiss" };
        var recoveries = s.Moves.Where(m => blameworthy.Contains(m.Move)).Select(m =>
        {
            var before = s.Before(m.Tick);
            for (var t = (int)m.Tick; t < s.Distress.Count; t++)
            {
                if (s.Distress[t] <= before)
                {
                    return (double?)((t - m.Tick + 1) * s.Step);
                }
            }

            return null;
        }).ToArray();
        Assert.Equal(recoveries.Where(r => r is not null).Average()!.Value, Measure("mean-recovery-seconds"), 3);
        Assert.Equal(recoveries.Count(r => r is null), Measure("unrecovered-moves"), 3);

        // Turning points: each listed effect is D 5 s later minus D before, and they are the largest.
        var rows = doc.QuerySelectorAll("#turning-points tr[data-tick]").ToArray();
        Assert.Equal(5, rows.Length);
        var effects = rows.Select(r => (Tick: long.Parse(r.GetAttribute("data-tick")!, Inv), Effect: double.Parse(r.GetAttribute("data-effect")!, Inv))).ToArray();
        foreach (var (tick, effect) in effects)
        {
            Assert.Equal(s.Effect(tick), effect, 3);
        }

        var smallestListed = effects.Min(e => Math.Abs(e.Effect));
        foreach (var m in s.Moves)
        {
            Assert.True(Math.Abs(s.Effect(m.Tick)) <= smallestListed + 1e-3 || effects.Any(e => e.Tick == m.Tick), $"move at {m.Tick} has a larger effect than a listed turning point");
        }

        // The record replays through the command as well.
        var replay = Cli.Run("replay", Path.Combine(outDir, "session.aerec"), "--verify");
        Assert.Equal(0, replay.ExitCode);
    }

    [Fact]
    public void Distress_falls_more_after_reassuring_moves_with_a_concerned_face_than_after_dismissive_moves_with_a_bored_face()
    {
        using var dir = new TempDir();
        var empathic = Cli.Run("train", Cli.Sim("patient.json"), "--percepts", "openface:" + Cli.Sim("trainee-concerned.csv"), "--script", Cli.Sim("empathic.moves.json"), "--ticks", "600", "--report", dir.File("empathic"));
        Assert.True(empathic.ExitCode == 0, empathic.Stderr);
        var dismissive = Cli.Run("train", Cli.Sim("patient.json"), "--percepts", "openface:" + Cli.Sim("trainee-bored.csv"), "--script", Cli.Sim("dismissive.moves.json"), "--ticks", "600", "--report", dir.File("dismissive"));
        Assert.True(dismissive.ExitCode == 0, dismissive.Stderr);

        var e = SessionRecord.Replay(Path.Combine(dir.File("empathic"), "session.aerec"));
        var d = SessionRecord.Replay(Path.Combine(dir.File("dismissive"), "session.aerec"));

        // The faces were recognized as the recordings show them: concern (sadness) and contempt.
        Assert.True(e.TraineeFace.Count(f => f?.Category == EmotionCategory.Sadness) > 500);
        Assert.True(d.TraineeFace.Count(f => f?.Category == EmotionCategory.Contempt) > 500);

        // Fall of the distress index over the 5 s after each move (positive = it fell).
        var reassureFalls = e.Moves.Where(m => m.Move is "reassure" or "acknowledge").Select(m => -e.Effect(m.Tick)).ToArray();
        var dismissFalls = d.Moves.Where(m => m.Move is "dismiss" or "interrupt").Select(m => -d.Effect(m.Tick)).ToArray();
        Assert.Equal(3, reassureFalls.Length);
        Assert.Equal(4, dismissFalls.Length);
        Assert.True(reassureFalls.Average() > dismissFalls.Average(), $"reassuring: {string.Join(", ", reassureFalls)}; dismissive: {string.Join(", ", dismissFalls)}");
        Assert.All(dismissFalls, f => Assert.True(f < 0, "a dismissive move with a bored face raises distress"));

        // The first move meets the same arrival distress in both sessions: relief against a rise.
        Assert.True(-e.Effect(50) > 0.2, "acknowledging with a concerned face relieves the arrival distress");
        Assert.True(-d.Effect(50) < 0, "interrupting with a bored face makes it worse");

        // The OCC distress emotion itself: dismissal renews it, reassurance does not.
        Assert.True(d.PatientDistressEmotion.Max() > e.PatientDistressEmotion.Skip(60).Max());
    }

    [Fact]
    public void A_moves_belief_controllability_reaches_the_patients_appraisal_and_the_record()
    {
        using var dir = new TempDir();
        var patient = File.ReadAllText(Cli.Sim("patient.json"));
        const string reassure = """{ "goal": "patient/feel-safe", "congruence": 0.7 }""";
        Assert.Contains(reassure, patient, StringComparison.Ordinal);
        File.WriteAllText(dir.File("patient.json"), patient.Replace(reassure, """{ "goal": "patient/feel-safe", "congruence": 0.7, "controllability": 0.25 }""", StringComparison.Ordinal));
        File.Copy(Cli.Sim("trainee-session.csv"), dir.File("trainee-session.csv"));
        File.WriteAllText(dir.File("moves.json"), """{ "moves": [ { "at": "6s", "move": "acknowledge" }, { "at": "14s", "move": "reassure" } ] }""");
        var (code, _, stderr) = Cli.Run("train", dir.File("patient.json"), "--script", dir.File("moves.json"), "--ticks", "300", "--report", dir.File("out"));
        Assert.True(code == 0, stderr);

        var record = SessionRecord.Replay(Path.Combine(dir.File("out"), "session.aerec"));
        var moves = record.MoveInputs.ToDictionary(m => m.Move, m => m.Event.Effects[0].Controllability);
        Assert.Equal(0.25f, moves["reassure"]);
        Assert.Null(moves["acknowledge"]); // not given: the patient's own disposition decides
    }

    [Fact]
    public void A_bad_script_is_a_user_error_with_file_line_and_column()
    {
        using var dir = new TempDir();
        var unknown = dir.File("unknown.json");
        File.WriteAllText(unknown, "{\n  \"moves\": [\n    { \"at\": \"5s\", \"move\": \"hug\" }\n  ]\n}\n");
        var (code, stdout, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--script", unknown, "--report", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"affect: {unknown}:3:27: $.moves[0].move: expected one of the scenario's moves (acknowledge, ask-open-question, dismiss, explain, interrupt, reassure), found 'hug'", stderr.Trim());
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);

        var syntax = dir.File("syntax.json");
        File.WriteAllText(syntax, "{ \"moves\": [ { \"at\": 5s } ] }");
        (code, _, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--script", syntax, "--report", dir.File("out"));
        Assert.Equal(2, code);
        Assert.StartsWith($"affect: {syntax}:1:23: invalid JSON", stderr.Trim(), StringComparison.Ordinal);

        var late = dir.File("late.json");
        File.WriteAllText(late, "{ \"moves\": [\n  { \"move\": \"dismiss\", \"at\": \"10m\" } ] }");
        (code, _, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--script", late, "--report", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains($"{late}:2:30: $.moves[0]: expected a time within the session", stderr);

        var missing = dir.File("missing.json");
        (code, _, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--script", missing, "--report", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("no such moves script", stderr);
    }

    [Fact]
    public void Without_a_script_and_without_a_terminal_train_says_so_and_exits_2()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--report", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Equal("affect: stdin is not a terminal: an interactive session needs one; give --script moves.json for a scripted session", stderr.Trim());
    }

    [Fact]
    public void A_scenario_without_a_training_section_is_refused()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Cli.Run("train", Path.Combine(Cli.RepoRoot, "scenarios", "quickstart.json"), "--script", Cli.Sim("empathic.moves.json"), "--report", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("has no \"training\" section", stderr);
    }
}
