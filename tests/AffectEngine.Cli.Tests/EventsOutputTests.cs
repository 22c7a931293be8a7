using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AffectEngine.Cli.Tests;

/// <summary><c>affect run --events</c>: the engine events of a run as JSON lines or CSV.</summary>
public sealed class EventsOutputTests
{
    private static readonly string Tavern = Path.Combine(AffectCli.RepoRoot, "sims", "tavern", "tavern.json");

    private static string HashOf(string stdout) => Regex.Match(stdout, "state-hash: ([0-9a-f]{16})").Groups[1].Value;

    [Fact]
    public void Tavern_events_as_json_lines_show_the_theft_and_leave_the_hash_alone()
    {
        using var dir = new TempDir();
        var file = dir.File("events.jsonl");
        var plain = AffectCli.Run("run", Tavern, "--quiet");
        var (code, stdout, stderr) = AffectCli.Run("run", Tavern, "--quiet", "--events", file);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(HashOf(plain.Stdout), HashOf(stdout));
        var lines = File.ReadAllLines(file);
        Assert.True(lines.Length > 10, $"{lines.Length} lines");
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();

        // The theft happens at 10 s (tick 100, 100 ms steps): Mara's distress and reproach rise then, not before.
        Assert.True(events[0].GetProperty("tick").GetInt64() >= 100);
        Assert.Contains(events, e => e.GetProperty("tick").GetInt64() == 100 && e.GetProperty("agent").GetString() == "mara"
            && e.GetProperty("kind").GetString() == "emotion-rose" && e.GetProperty("name").GetString() == "distress");
        Assert.Contains(events, e => e.GetProperty("agent").GetString() == "mara" && e.GetProperty("kind").GetString() == "dominant-changed");
        var ticks = events.Select(e => e.GetProperty("tick").GetInt64()).ToList();
        Assert.Equal(ticks.OrderBy(t => t), ticks);
        Assert.All(events, e => Assert.Equal(e.GetProperty("tick").GetInt64() * 0.1, e.GetProperty("time").GetDouble(), 9));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Csv_has_the_same_events_in_the_same_order()
    {
        using var dir = new TempDir();
        Assert.Equal(0, AffectCli.Run("run", Tavern, "--quiet", "--events", dir.File("e.jsonl")).ExitCode);
        Assert.Equal(0, AffectCli.Run("run", Tavern, "--quiet", "--events", dir.File("e.csv"), "--threads", "2").ExitCode);
        var json = File.ReadAllLines(dir.File("e.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var csv = File.ReadAllLines(dir.File("e.csv"));
        Assert.Equal("tick,time,agent,kind,code,name,from,to,other,detail", csv[0]);
        Assert.Equal(json.Count, csv.Length - 1);
        for (var i = 0; i < json.Count; i++)
        {
            var cells = csv[i + 1].Split(',');
            Assert.Equal(json[i].GetProperty("tick").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(json[i].GetProperty("agent").GetString(), cells[2]);
            Assert.Equal(json[i].GetProperty("kind").GetString(), cells[3]);
            Assert.Equal(json[i].GetProperty("to").GetSingle(), float.Parse(cells[7], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void An_unknown_extension_is_refused_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = AffectCli.Run("run", Tavern, "--quiet", "--events", dir.File("events.txt"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--events", stderr);
        Assert.Contains(".jsonl or .csv", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
