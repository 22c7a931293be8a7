using System;
using AffectEngine.Affect;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting.Tests;

public sealed class ScenarioAppraisalTests
{
    private static readonly byte[] Theft = """
    {
      "run": { "ticks": 40, "step": "1s", "seed": 1 },
      "agents": [
        { "id": "mara", "goals": [ { "id": "keep-purse", "utility": 0.8 } ],
          "standards": [ { "action": "steal", "praiseworthiness": -0.9 } ],
          "relations": { "bren": { "liking": 0.3 } } },
        { "id": "bren", "goals": [ { "id": "get-rich", "utility": 0.9 } ] }
      ],
      "events": [
        { "tick": 5, "action": "steal", "actor": "bren", "target": "mara",
          "beliefs": [ { "goal": "mara/keep-purse", "congruence": -1, "likelihood": 1 },
                       { "goal": "bren/get-rich", "congruence": 1, "likelihood": 0.7 } ] }
      ]
    }
    """u8.ToArray();

    [Fact]
    public void Scenario_goals_standards_and_events_reach_the_appraisal_model()
    {
        using var runner = ScenarioHost.CreateRunner(ScenarioLoader.Parse(Theft, "theft.json"));
        Assert.True(runner.TryGetAgent("mara", out var mara));
        Assert.True(runner.TryGetAgent("bren", out var bren));
        runner.Run(5);
        Assert.Equal(0f, runner.Affect.Intensity(mara, EmotionType.Distress));
        runner.Step();

        // The victim: an undesired event (distress) caused by another's blameworthy act (reproach) = anger.
        Assert.True(runner.Affect.Intensity(mara, EmotionType.Distress) > 0.1f);
        Assert.True(runner.Affect.Intensity(mara, EmotionType.Reproach) > 0.1f);
        Assert.True(runner.Affect.Intensity(mara, EmotionType.Anger) > 0.1f);

        // The thief: a likely but unconfirmed gain is hope, not joy.
        Assert.True(runner.Affect.Intensity(bren, EmotionType.Hope) > 0.1f);
        Assert.Equal(0f, runner.Affect.Intensity(bren, EmotionType.Joy));
    }

    [Fact]
    public void Relations_may_name_agents_declared_later_and_set_the_appraisers_liking()
    {
        using var runner = ScenarioHost.CreateRunner(ScenarioLoader.Parse(Theft, "theft.json"));
        var appraisal = runner.Module<AffectEngineModule>().Appraisal;
        runner.TryGetAgent("mara", out var mara);
        runner.TryGetAgent("bren", out var bren);
        Assert.True(appraisal.View(mara).TryGetLiking(bren, out var liking));
        Assert.Equal(0.3f, liking, 3);
        Assert.False(appraisal.View(bren).TryGetLiking(mara, out _));
    }

    [Fact]
    public void An_unknown_appraisal_model_is_refused_naming_it()
    {
        var json = System.Text.Encoding.UTF8.GetBytes("""{ "run": { "appraisal": "nosuchmodel" }, "agents": [ { "id": "a" } ] }""");
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.Parse(json, "x.json");
        }
        catch (ScenarioException ex)
        {
            // The loader may already refuse unknown model names; either way the name is in the message.
            Assert.Contains("nosuchmodel", ex.Message + string.Join(" ", ex.Errors));
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => ScenarioHost.CreateRunner(scenario));
        Assert.Contains("nosuchmodel", error.Message);
    }
}
