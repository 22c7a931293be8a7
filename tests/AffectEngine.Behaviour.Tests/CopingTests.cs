using System.Text;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Behaviour.Tests;

/// <summary>Coping writes back into the agent's appraisal state, and the next appraisal feels the difference.</summary>
public sealed class CopingTests
{
    // Bren steals from Mara twice (ticks 5 and 60). With coping, Mara's distress after the first theft
    // makes her distance herself from the goal (utility 0.8 -> 0.5), so the second theft hurts less.
    private static string Scenario(string coping) => """
        {
          "run": { "ticks": 100, "step": "100ms", "seed": 3 },
          "agents": [
            { "id": "mara", "personality": { "o": 0.0, "c": 0.2, "e": 0.1, "a": 0.3, "n": 0.2 },
              "goals": [ { "id": "keep-purse", "utility": 0.8 } ] },
            { "id": "bren" }
          ],
          "events": [
            { "tick": 5, "action": "steal", "actor": "bren", "target": "mara", "beliefs": [ { "goal": "mara/keep-purse", "congruence": -0.6, "likelihood": 1 } ] },
            { "tick": 60, "action": "steal", "actor": "bren", "target": "mara", "beliefs": [ { "goal": "mara/keep-purse", "congruence": -0.6, "likelihood": 1 } ] }
          ],
          "behaviours": { COPING }
        }
        """.Replace("COPING", coping, System.StringComparison.Ordinal);

    private static SimulationRunner Create(string coping) =>
        Sims.Create(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Scenario(coping)), "coping.json"));

    [Fact]
    public void Distancing_lowers_the_goal_utility_and_the_next_theft_hurts_less()
    {
        using var coping = Create("""
            "coping": { "stressThreshold": 0.2, "every": "100s", "agents": [ { "agent": "mara", "strategy": "distancing" } ] }
            """);
        using var plain = Create("");
        coping.TryGetAgent("mara", out var mara);
        var appraisal = coping.Module<AffectEngineModule>().Appraisal;
        string? line = null;
        for (var t = 0; t < 20 && line is null; t++)
        {
            coping.Step();
            foreach (var h in coping.Behaviour().Happenings)
            {
                line = Sims.Describe(coping, h);
            }
        }

        Assert.Equal("mara coping: distancing, goal keep-purse 0.8 → 0.5", line);
        Assert.Equal(0.5f, appraisal.View(mara).Goals[0].Utility, 5);
        Assert.Equal((float)CopingStrategy.Distancing, coping.World.Value(mara, coping.Behaviour().CopingField));

        var withCoping = Sims.DistressJumpAt(coping, 60);
        var without = Sims.DistressJumpAt(plain, 60);
        Assert.True(without > 0.1f, $"second theft without coping: +{without}");
        Assert.True(withCoping < without * 0.8f, $"with coping +{withCoping}, without +{without}");
    }

    [Fact]
    public void A_controllable_threat_is_met_with_the_problem_focused_action()
    {
        using var runner = Create("""
            "actions": [ { "name": "confront", "agents": [ "bren" ], "target": "provoker", "utility": 0.1, "when": { "emotions": { "anger": { "min": 2e-1, "max": 1 } } } } ],
            "coping": { "stressThreshold": 0.2, "problemAction": "confront", "agents": [ { "agent": "mara", "controllability": 0.9 } ] }
            """);
        string? line = null;
        for (var t = 0; t < 20 && line is null; t++)
        {
            runner.Step();
            foreach (var h in runner.Behaviour().Happenings)
            {
                line ??= Sims.Describe(runner, h);
            }
        }

        Assert.Equal("mara coping: problem-focused, action confront bren", line);
        Assert.Equal(1, runner.Behaviour().PendingActions);
    }

    [Fact]
    public void An_uncontrollable_threat_without_a_friend_near_is_distanced_by_default()
    {
        using var runner = Create("""
            "coping": { "stressThreshold": 0.2, "agents": [ { "agent": "mara", "controllability": 0.1 } ] }
            """);
        string? line = null;
        for (var t = 0; t < 20 && line is null; t++)
        {
            runner.Step();
            foreach (var h in runner.Behaviour().Happenings)
            {
                line ??= Sims.Describe(runner, h);
            }
        }

        Assert.Equal("mara coping: distancing, goal keep-purse 0.8 → 0.5", line);
    }
}
