using System.Linq;
using System.Text;
using AffectEngine.Scenarios;

namespace AffectEngine.Behaviour.Tests;

/// <summary>Mistakes in the "behaviours" section are reported with file, line, column and path.</summary>
public sealed class ValidationTests
{
    private const string Json = """
        {
          "agents": [ { "id": "a", "group": "g" }, { "id": "b" } ],
          "behaviours": {
            "actions": [
              { "name": "shove", "agents": [ "nobody" ], "target": "provoker",
                "when": { "emotions": { "angr": { "min": 0.3 } }, "tendencies": { "attack": { "min": 0.8, "max": 0.2 } }, "octants": [ "grumpy" ] } },
              { "name": "shove", "group": "h", "target": "agent" }
            ],
            "break": { "action": "tantrum" },
            "coping": { "problemAction": "punch", "agents": [ { "agent": "c" } ] }
          }
        }
        """;

    [Fact]
    public void Every_mistake_is_named_with_its_position()
    {
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Json), "bad.json"));
        var text = ex.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains("bad.json:5:38: $.behaviours.actions[0].agents[0]: expected the id of an agent of this scenario, found 'nobody'", text);
        Assert.Contains(text, t => t.StartsWith("bad.json:6:", System.StringComparison.Ordinal) && t.Contains("$.behaviours.actions[0].when.emotions.angr: expected an emotion name, found 'angr'", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("$.behaviours.actions[0].when.tendencies.attack.min: expected min at most max 0.2 (the condition could never hold), found 0.8", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("$.behaviours.actions[0].when.octants[0]: expected a mood octant", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.json:7:", System.StringComparison.Ordinal) && t.Contains("$.behaviours.actions[1].name: expected a unique action name, found 'shove' again", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("$.behaviours.actions[1].group: expected a group some agent belongs to, found 'h'", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("$.behaviours.actions[1].targetAgent: expected the id of an agent", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.StartsWith("bad.json:9:", System.StringComparison.Ordinal) && t.Contains("$.behaviours.break.action: expected one of the actions (shove), found 'tantrum'", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("$.behaviours.coping.problemAction: expected one of the actions (shove), found 'punch'", System.StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("$.behaviours.coping.agents[0].agent: expected the id of an agent of this scenario, found 'c'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_target_kinds_and_out_of_range_thresholds_are_refused_by_the_shape()
    {
        const string Bad = """
            { "agents": [ { "id": "a" } ],
              "behaviours": { "actions": [ { "name": "x", "target": "everyone", "when": { "emotions": { "fear": { "min": 1.5 } } } } ] } }
            """;
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Bad), "bad.json"));
        var text = string.Join("\n", ex.Errors.Select(e => e.ToString()));
        Assert.Contains("$.behaviours.actions[0].target", text, System.StringComparison.Ordinal);
        Assert.Contains("$.behaviours.actions[0].when.emotions.fear.min", text, System.StringComparison.Ordinal);
    }
}
