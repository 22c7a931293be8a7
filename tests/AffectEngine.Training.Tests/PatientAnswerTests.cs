using System.IO;
using System.Linq;
using AngleSharp.Html.Parser;

namespace AffectEngine.Training.Tests;

/// <summary>Rosa answers: authored utterances chosen by her state, on the console and in the report's transcript.</summary>
public sealed class PatientAnswerTests
{
    private static (string Stdout, string[] States, string[] Lines, string Hash) Session(string face, string moves, string dir)
    {
        var (code, stdout, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--percepts", "openface:" + Cli.Sim(face), "--script", Cli.Sim(moves), "--ticks", "600", "--report", dir);
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var doc = new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(html);
        var rows = doc.QuerySelectorAll("#transcript tr[data-speaker='patient']").ToArray();
        var hash = stdout.Split('\n').Single(l => l.StartsWith("state-hash:", System.StringComparison.Ordinal)).Trim();
        return (stdout, rows.Select(r => r.GetAttribute("data-state")!).ToArray(), rows.Select(r => r.Children[3].TextContent).ToArray(), hash);
    }

    [Fact]
    public void Rosa_opens_up_to_the_empathic_trainee_and_gets_angry_with_the_dismissive_one()
    {
        using var dir = new TempDir();
        var empathic = Session("trainee-concerned.csv", "empathic.moves.json", dir.File("empathic"));
        var dismissive = Session("trainee-bored.csv", "dismissive.moves.json", dir.File("dismissive"));

        // One answer per move, in the report and on the console alike.
        Assert.NotEmpty(empathic.States);
        Assert.Equal(empathic.Lines.Length, empathic.Stdout.Split('\n').Count(l => l.Contains("] patient (", System.StringComparison.Ordinal)));
        Assert.Contains("opens-up", empathic.States);
        Assert.DoesNotContain("angry", empathic.States);
        Assert.Contains("angry", dismissive.States);
        Assert.DoesNotContain("opens-up", dismissive.States);
        Assert.Empty(empathic.Lines.Intersect(dismissive.Lines));
    }
}
