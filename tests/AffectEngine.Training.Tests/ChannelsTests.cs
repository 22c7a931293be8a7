using System.Globalization;
using System.IO;
using System.Linq;
using AngleSharp.Html.Parser;

namespace AffectEngine.Training.Tests;

/// <summary><c>affect train --percepts</c> with several channels: each is read and shown beside the patient.</summary>
public sealed class ChannelsTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // An OpenPose BODY_25 --write_json folder: a still, slumped listener (head bowed, arms in), 30 fps.
    private static string WriteSlumpedBody(string dir, double seconds)
    {
        Directory.CreateDirectory(dir);
        var joints = new (double X, double Y)[25];
        joints[0] = (320, 205); joints[1] = (320, 215); joints[2] = (285, 220); joints[3] = (280, 290); joints[4] = (300, 335);
        joints[5] = (355, 220); joints[6] = (360, 290); joints[7] = (340, 335); joints[8] = (320, 330); joints[9] = (295, 330); joints[12] = (345, 330);
        for (var i = 0; i < seconds * 30; i++)
        {
            var values = joints.SelectMany(j => j == default ? new[] { "0", "0", "0" } : new[] { (j.X + (i % 2)).ToString(Inv), j.Y.ToString(Inv), "0.9" });
            File.WriteAllText(Path.Combine(dir, $"s_{i:D12}_keypoints.json"), "{\"version\":1.3,\"people\":[{\"pose_keypoints_2d\":[" + string.Join(",", values) + "]}]}");
        }

        return dir;
    }

    [Fact]
    public void Face_and_body_channels_are_fused_and_each_is_shown_beside_the_patient_with_the_abstentions()
    {
        using var dir = new TempDir();
        var body = WriteSlumpedBody(dir.File("poses"), 62);
        var list = "openface:" + Cli.Sim("trainee-concerned.csv") + ",openpose:" + body;
        var (code, stdout, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--percepts", list, "--script", Cli.Sim("empathic.moves.json"), "--ticks", "600", "--report", dir.File("out"));
        Assert.True(code == 0, stderr);
        Assert.Contains("openface:", stdout);
        Assert.Contains("openpose:", stdout);

        var html = File.ReadAllText(Path.Combine(dir.File("out"), "report.html"));
        var doc = new HtmlParser(new HtmlParserOptions { IsStrictMode = true }).ParseDocument(html);
        var rows = doc.QuerySelectorAll("#channels tr[data-channel]").Select(r => r.GetAttribute("data-channel")).ToArray();
        Assert.Equal(new[] { "face", "body" }, rows);
        var bodyRow = doc.QuerySelector("#channels tr[data-channel='body']")!.QuerySelectorAll("td").Select(td => td.TextContent).ToArray();
        Assert.True(double.Parse(bodyRow[1], Inv) > 0.9, "the body was in view all session");
        Assert.True(double.Parse(bodyRow[3], Inv) < 0, "a still, slumped body reads as low arousal");
        Assert.NotNull(doc.QuerySelector("#plot-channels img"));
        Assert.True(File.Exists(Path.Combine(dir.File("out"), "trainee-channels.png")));
        var abstained = double.Parse(doc.QuerySelector("[data-measure='abstained-seconds']")!.GetAttribute("data-value")!, Inv);
        Assert.InRange(abstained, 0, 60);
    }

    [Fact]
    public void A_bad_entry_in_the_percepts_list_is_a_user_error_naming_it()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Cli.Run("train", Cli.Sim("patient.json"), "--percepts", "openface:" + Cli.Sim("trainee-concerned.csv") + ",openpose:" + dir.File("missing"), "--script", Cli.Sim("empathic.moves.json"), "--ticks", "600", "--report", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("--percepts", stderr);
        Assert.Contains("OpenPose JSON folder", stderr);
    }
}
