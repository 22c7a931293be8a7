using System.IO;

namespace AffectEngine.Cli.Tests;

/// <summary>The bundled social sims through the real `affect` executable (issue 8: one command each, headless).</summary>
public sealed class SimsTests
{
    private static string Sim(string folder, string file) => Path.Combine(AffectCli.RepoRoot, "sims", folder, file);

    [Fact]
    public void Tavern_runs_from_one_command_and_its_summary_shows_liking_and_the_recalled_theft()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", Sim("tavern", "tavern.json"));
        Assert.True(code == 0, stderr);
        Assert.Contains("relations", stdout);
        var maraBren = Line(stdout, "mara", "bren");
        var cells = maraBren.Split(' ', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("0.300", cells[2]);
        Assert.StartsWith("-", cells[3]);
        Assert.Contains("encounter 80 s: mara meets bren, recalls steal at 10 s (", stdout);
        // The line wraps at 80 columns; the recalled theft's feelings (anger among them) may go on the next line.
        Assert.Matches(@"encounter 80 s: mara meets bren, recalls steal at 10 s \([^)]*\banger\b", stdout);
        Assert.DoesNotContain("note:", stdout);
    }

    [Fact]
    public void Crowd_contagion_runs_from_its_json_alone()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", Sim("crowd-contagion", "crowd.json"), "--ticks", "150");
        Assert.True(code == 0, stderr);
        Assert.Contains("agents    900", stdout);
        Assert.Contains("fear", stdout);
        Assert.DoesNotContain("relations", stdout);
    }

    [Fact]
    public void A_network_edge_naming_an_unknown_agent_exits_2_with_file_line_column()
    {
        using var dir = new TempDir();
        var bad = dir.File("bad-social.json");
        File.WriteAllText(bad, """
            {
              "agents": [ { "id": "a" }, { "id": "b" } ],
              "social": {
                "contagion": { "neighbours": "network" },
                "network": [ { "from": "a", "to": "zed" } ]
              }
            }
            """);
        var (code, stdout, stderr) = AffectCli.Run("run", bad);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("bad-social.json:5:39: $.social.network[0].to: expected the id of an agent of this scenario, found 'zed'", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    private static string Line(string text, params string[] words)
    {
        foreach (var line in text.Replace("\r", "").Split('\n'))
        {
            if (System.Array.TrueForAll(words, w => line.Contains(w)) && line.TrimStart().StartsWith(words[0], System.StringComparison.Ordinal))
            {
                return line;
            }
        }

        Assert.Fail($"no line with {string.Join(", ", words)} in:\n{text}");
        return "";
    }
}
