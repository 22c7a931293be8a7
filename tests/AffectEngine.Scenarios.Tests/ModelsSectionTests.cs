using System.Linq;
using System.Text;

namespace AffectEngine.Scenarios.Tests;

/// <summary>The "models" section: every problem at its file:line:column and path.</summary>
public sealed class ModelsSectionTests
{
    private static ScenarioException Fails(string json) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "m.json"));

    [Fact]
    public void A_valid_models_section_loads()
    {
        var s = ScenarioLoader.Parse(Encoding.UTF8.GetBytes("""
        {
          "run": { "appraisal": "gamygdala" },
          "models": {
            "decay": { "*": { "kind": "exponential", "factor": 0.8 }, "joy": { "kind": "linear", "seconds": "20s" } },
            "thresholds": { "fear": 0.2 },
            "gamygdala": { "gain": 5, "decayFactor": 0.9 }
          }
        }
        """), "m.json");
        Assert.Equal(0.8, s.Models!.Decay!["*"].Factor);
        Assert.Equal(5f, s.Models.Gamygdala!.Gain);
    }

    [Fact]
    public void Every_problem_of_the_section_is_reported_with_line_column_and_path()
    {
        var ex = Fails("""
        {
          "models": {
            "decay": {
              "fury": { "kind": "linear", "seconds": 3 },
              "fear": { "kind": "linear", "seconds": 3, "rate": 1 },
              "joy": { "kind": "linear", "halfLife": 3 },
              "hope": { "kind": "sideways", "seconds": 3 }
            },
            "thresholds": { "anger": 1 },
            "personality": { "neuroticismDecaySlowing": 1 },
            "occ": { "compounds": "merge" },
            "gamygdala": { "gain": 0 }
          }
        }
        """);
        var lines = ex.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains(lines, l => l.StartsWith("m.json:4:", System.StringComparison.Ordinal) && l.Contains("$.models.decay.fury: expected \"*\" or an emotion name", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("m.json:5:", System.StringComparison.Ordinal) && l.Contains("exactly one of", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("$.models.decay.joy.kind: expected \"exponential\"", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("m.json:7:", System.StringComparison.Ordinal) && l.Contains("$.models.decay.hope.kind", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("m.json:9:", System.StringComparison.Ordinal) && l.Contains("$.models.thresholds.anger: expected a threshold in [0, 1)", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("m.json:10:", System.StringComparison.Ordinal) && l.Contains("neuroticismDecaySlowing", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("m.json:11:", System.StringComparison.Ordinal) && l.Contains("$.models.occ.compounds", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("m.json:12:", System.StringComparison.Ordinal) && l.Contains("$.models.gamygdala", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Options_of_a_model_the_scenario_does_not_run_are_refused()
    {
        var ex = Fails("""
        {
          "run": { "appraisal": "gamygdala" },
          "models": { "occ": { "compounds": "replace" } }
        }
        """);
        var e = Assert.Single(ex.Errors);
        Assert.Equal("$.models.occ", e.Path);
        Assert.Equal(3, e.Line);
        Assert.Contains("expected run.appraisal \"occ\"", e.Message, System.StringComparison.Ordinal);
    }
}

/// <summary>Checks of events' "object" and "appeal".</summary>
public sealed class EventObjectTests
{
    [Fact]
    public void Object_events_are_checked_with_line_column_and_path()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes("""
        {
          "agents": [ { "id": "mara" } ],
          "events": [
            { "tick": 0, "object": "mara", "witnesses": [ "mara" ] },
            { "tick": 1, "object": "ale" },
            { "tick": 2, "action": "wave", "actor": "mara", "appeal": 0.5 },
            { "tick": 3, "object": "ale", "appeal": 2, "witnesses": [ "mara" ] }
          ]
        }
        """), "o.json"));
        var lines = ex.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains(lines, l => l.StartsWith("o.json:4:", System.StringComparison.Ordinal) && l.Contains("$.events[0].object: expected an object, found the agent 'mara'", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("o.json:5:", System.StringComparison.Ordinal) && l.Contains("$.events[1].object: expected someone to perceive", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("o.json:6:", System.StringComparison.Ordinal) && l.Contains("$.events[2].appeal: expected \"object\"", System.StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("o.json:7:", System.StringComparison.Ordinal) && l.Contains("$.events[3].appeal", System.StringComparison.Ordinal));
    }
}
