using System;
using System.Linq;
using System.Text;
using AffectEngine.Benchmarks;

namespace AffectEngine.Scenarios.Tests;

/// <summary>The loader on a generated 24 MB scenario (1,000 agents, 100,000 events): what it reads, and where it says errors are.</summary>
public sealed class LargeScenarioTests
{
    [Fact]
    public void A_large_generated_scenario_loads_with_every_value()
    {
        var bytes = LargeScenario.Create(1_000, 100_000, 7);
        Assert.InRange(bytes.Length, 20_000_000, 30_000_000);
        var s = ScenarioLoader.Parse(bytes, "big.json");
        Assert.Equal(1_000, s.Agents.Count);
        Assert.Equal(100_000, s.Events.Count);
        Assert.Equal(6, s.Agents[999].Relations.Count);
        Assert.Equal(5, s.Agents[999].Goals.Count);
        var last = s.Events[99_998];
        Assert.Equal(9_999, last.Tick);
        Assert.StartsWith(last.Target + "/goal-", last.Beliefs![0].Goal, StringComparison.Ordinal);
        Assert.Single(s.Events[99_999].Witnesses!);

        // Strings that repeat are one object (the loader pools them per load); the model is the same.
        var actors = s.Events.Where(e => e.Actor == "agent-0001").Select(e => e.Actor).ToList();
        Assert.True(actors.Count > 10);
        Assert.All(actors, a => Assert.Same(actors[0], a));
    }

    [Fact]
    public void Errors_deep_inside_a_large_file_give_their_line_and_column()
    {
        var bytes = LargeScenario.Create(1_000, 100_000, 7, badLikelihoodAt: 99_990, unknownActorAt: 77_777);
        var text = Encoding.UTF8.GetString(bytes);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(bytes, "big.json"));
        var (actorLine, actorColumn) = Position(text, "\"actor\": \"nobody\"", "\"actor\": ".Length);
        var (likelihoodLine, likelihoodColumn) = Position(text, "\"likelihood\": 7", "\"likelihood\": ".Length);
        Assert.True(actorLine > 1_000_000, $"line {actorLine}");
        Assert.Equal(
            [
                $"big.json:{actorLine}:{actorColumn}: $.events[77777].actor: expected the id of an agent of this scenario, found 'nobody'",
                $"big.json:{likelihoodLine}:{likelihoodColumn}: $.events[99990].beliefs[0].likelihood: expected a number in [0, 1], found 7",
            ],
            ex.Errors.Select(e => e.ToString()).ToArray());
    }

    /// <summary>1-based line and byte column of the text found, counted independently of the loader.</summary>
    private static (int Line, int Column) Position(string text, string find, int skip)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        Assert.Equal(-1, text.IndexOf(find, at + 1, StringComparison.Ordinal));
        at += skip;
        var line = 1 + text.AsSpan(0, at).Count('\n');
        var lineStart = text.LastIndexOf('\n', at - 1) + 1;
        return (line, at - lineStart + 1);
    }
}
