using System;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Appraisal.Gamygdala;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting.Tests;

/// <summary>The scenario "models" section and the appraisal models' published defaults (docs/validation.md).</summary>
public sealed class ScenarioModelsTests
{
    private const double Tol = 1e-4;

    // Popescu, Broekens & van Someren 2014, Listing 1: a goal of utility −0.9 and a belief of
    // likelihood 0.6 that makes it likelier (congruence 1): L = (1·0.6 + 1) / 2 = 0.8 on the goal's
    // first appraisal, so ΔL = 0.8 and fear = |U·ΔL| = 0.72, decaying by the factor 0.8 per second.
    private static string Listing1(string models = "") => $$"""
    {
      "run": { "ticks": 20, "step": "100ms", "appraisal": "gamygdala" },
      "agents": [ { "id": "npc", "goals": [ { "id": "die", "utility": -0.9 } ] } ],
      "events": [ { "tick": 0, "action": "attack", "beliefs": [ { "goal": "npc/die", "congruence": 1, "likelihood": 0.6 } ] } ]
      {{models}}
    }
    """;

    private static SimulationRunner Runner(string json) =>
        ScenarioHost.CreateRunner(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "test.json"), null, b =>
            b.Services.AddAffectEngine(o => o.AppraisalModels = new AppraisalModels().Register(GamygdalaModel.ModelName, static () => new GamygdalaModel(), AppraisalSettings.Neutral)));

    private static float Fear(SimulationRunner runner)
    {
        Assert.True(runner.TryGetAgent("npc", out var npc));
        return runner.Affect.Intensity(npc, EmotionType.Fear);
    }

    [Fact]
    public void Gamygdala_listing_1_gives_fear_072_decaying_by_08_per_second()
    {
        using var runner = Runner(Listing1());

        // The event is appraised in tick 0's Appraise stage and decays for that tick's 0.1 s.
        runner.Step();
        Assert.Equal(0.72 * Math.Pow(0.8, 0.1), Fear(runner), Tol);
        runner.Run(10);
        Assert.Equal(0.72 * Math.Pow(0.8, 1.1), Fear(runner), Tol);
    }

    [Fact]
    public void The_bundled_listing_1_scenario_reproduces_the_published_fear()
    {
        var dir = new System.IO.DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "AffectEngine.sln")))
        {
            dir = dir.Parent;
        }

        var path = System.IO.Path.Combine(dir!.FullName, "scenarios", "validation", "gamygdala-listing-1.json");
        using var runner = Runner(System.IO.File.ReadAllText(path));
        runner.Step();
        Assert.Equal(0.720, Fear(runner), 3);
        runner.Run(1000);
        Assert.Equal(0.72 * Math.Pow(0.8, 1.001), Fear(runner), Tol);
    }

    [Fact]
    public void The_gain_is_a_scenario_option_and_gives_g_x_over_g_x_plus_one()
    {
        using var runner = Runner(Listing1(""", "models": { "gamygdala": { "gain": 2 } }"""));
        runner.Step();
        Assert.Equal(1.44 / 2.44 * Math.Pow(0.8, 0.1), Fear(runner), Tol);
    }

    [Fact]
    public void The_decay_factor_is_a_scenario_option_and_a_types_own_decay_wins_over_it()
    {
        using (var runner = Runner(Listing1(""", "models": { "gamygdala": { "decayFactor": 0.5 } }""")))
        {
            runner.Run(11);
            Assert.Equal(0.72 * Math.Pow(0.5, 1.1), Fear(runner), Tol);
        }

        using (var runner = Runner(Listing1(""", "models": { "gamygdala": { "decayFactor": 0.5 }, "decay": { "fear": { "kind": "linear", "seconds": 20 } } }""")))
        {
            runner.Run(11);
            Assert.Equal(0.72 - (1.1 / 20), Fear(runner), Tol);
        }
    }

    [Fact]
    public void Decay_rates_half_lives_and_factors_convert_to_the_engines_settings()
    {
        Assert.Equal(4.0, ScenarioModels.ToSetting(new DecaySpec { Kind = "linear", Rate = 0.25 }).Seconds, 12);
        Assert.Equal(DecayKind.Exponential, ScenarioModels.ToSetting(new DecaySpec { Kind = "exponential", Factor = 0.5 }).Kind);
        Assert.Equal(1.0, ScenarioModels.ToSetting(new DecaySpec { Kind = "exponential", Factor = 0.5 }).Seconds, 12);
        Assert.Equal(GamygdalaModel.DecayHalfLifeSeconds, ScenarioModels.ToSetting(new DecaySpec { Kind = "exponential", Factor = 0.8 }).Seconds, 12);
    }

    private static string Theft(string models = "") => $$"""
    {
      "run": { "ticks": 40, "step": "1s" },
      "agents": [
        { "id": "mara", "goals": [ { "id": "keep-purse", "utility": 0.8 } ],
          "standards": [ { "action": "steal", "praiseworthiness": -0.9 } ] },
        { "id": "bren" }
      ],
      "events": [
        { "tick": 0, "action": "steal", "actor": "bren", "target": "mara",
          "beliefs": [ { "goal": "mara/keep-purse", "congruence": -1, "likelihood": 1 } ] }
      ]
      {{models}}
    }
    """;

    [Fact]
    public void Occ_compounds_accompany_their_constituents_by_default_and_replace_them_on_request()
    {
        using (var runner = Runner(Theft()))
        {
            runner.Step();
            runner.TryGetAgent("mara", out var mara);
            Assert.True(runner.Affect.Intensity(mara, EmotionType.Anger) > 0.1f);
            Assert.True(runner.Affect.Intensity(mara, EmotionType.Reproach) > 0.1f);
            Assert.True(runner.Affect.Intensity(mara, EmotionType.Distress) > 0.1f);
        }

        using (var runner = Runner(Theft(""", "models": { "occ": { "compounds": "replace" } }""")))
        {
            runner.Step();
            runner.TryGetAgent("mara", out var mara);
            Assert.True(runner.Affect.Intensity(mara, EmotionType.Anger) > 0.1f);
            Assert.Equal(0f, runner.Affect.Intensity(mara, EmotionType.Reproach));
            Assert.Equal(0f, runner.Affect.Intensity(mara, EmotionType.Distress));
        }
    }

    private static string Averted(string models = "") => $$"""
    {
      "run": { "ticks": 40, "step": "1s" },
      "agents": [ { "id": "npc", "goals": [ { "id": "village-burns", "utility": -0.8 } ] } ],
      "events": [
        { "tick": 0, "action": "raid", "beliefs": [ { "goal": "npc/village-burns", "congruence": 1, "likelihood": 0.7 } ] },
        { "tick": 5, "action": "rain", "beliefs": [ { "goal": "npc/village-burns", "congruence": 1, "likelihood": 0 } ] }
      ]
      {{models}}
    }
    """;

    [Fact]
    public void A_disconfirmed_threat_gives_relief_only_by_default_and_joy_too_when_chosen()
    {
        using (var runner = Runner(Averted()))
        {
            runner.Run(6);
            runner.TryGetAgent("npc", out var npc);
            Assert.True(runner.Affect.Intensity(npc, EmotionType.Relief) > 0.1f);
            Assert.Equal(0f, runner.Affect.Intensity(npc, EmotionType.Joy));
        }

        using (var runner = Runner(Averted(""", "models": { "occ": { "disconfirmation": "with-well-being" } }""")))
        {
            runner.Run(6);
            runner.TryGetAgent("npc", out var npc);
            Assert.True(runner.Affect.Intensity(npc, EmotionType.Relief) > 0.1f);
            Assert.True(runner.Affect.Intensity(npc, EmotionType.Joy) > 0.1f);
        }
    }

    [Fact]
    public void Thresholds_modulation_and_mood_times_reach_the_engine()
    {
        const string models = """
        , "models": {
            "thresholds": { "*": 0.2, "anger": 0.4 },
            "personality": { "extraversionGain": 0.1, "neuroticismGain": 0.2, "neuroticismDecaySlowing": 0.3 },
            "mood": { "changeTime": "5m", "returnTime": "30m", "influence": 0.1, "minimumMood": 0.02 },
            "decay": { "*": { "kind": "exponential", "halfLife": "4s" }, "joy": { "kind": "linear", "rate": 0.1 } }
          }
        """;
        using var runner = Runner(Theft(models));
        var module = runner.Module<AffectEngineModule>();
        var a = module.Appraisal.Settings;
        Assert.Equal(0.2f, a.Threshold(EmotionType.Fear));
        Assert.Equal(0.4f, a.Threshold(EmotionType.Anger));
        Assert.Equal(0.1f, a.ExtraversionGain);
        Assert.Equal(0.2f, a.NeuroticismGain);
        Assert.Equal(0.1f, a.MoodInfluence);
        Assert.Equal(0.02f, a.MinimumMood);
        var s = module.Settings;
        Assert.Equal(0.3f, s.NeuroticismDecaySlowing);
        Assert.Equal(300, s.MoodChangeSeconds);
        Assert.Equal(1800, s.MoodReturnSeconds);
        Assert.Equal(new DecaySetting(DecayKind.Exponential, 4), s.Decay(EmotionType.Fear));
        Assert.Equal(new DecaySetting(DecayKind.Linear, 10), s.Decay(EmotionType.Joy));
    }

    [Fact]
    public void Without_a_models_section_occ_runs_with_alma_decay_and_fatima_thresholds()
    {
        using var runner = Runner(Theft());
        var module = runner.Module<AffectEngineModule>();
        Assert.Equal(new DecaySetting(DecayKind.Linear, AffectSettings.AlmaEmotionDecaySeconds), module.Settings.Decay(EmotionType.Anger));
        Assert.Equal(AffectSettings.DefaultNeuroticismDecaySlowing, module.Settings.NeuroticismDecaySlowing);
        Assert.Equal(AppraisalSettings.FatimaThreshold, module.Appraisal.Settings.Threshold(EmotionType.Anger));
    }
}

/// <summary>Events that present an object: love/hate from attitudes, liking/disliking from appeal (issue 20, section 3).</summary>
public sealed class ScenarioObjectTests
{
    private const string Tavern = """
    {
      "run": { "ticks": 10, "step": "1s" },
      "agents": [
        { "id": "mara", "attitudes": [ { "object": "ale", "appeal": 0.8 }, { "object": "rat", "appeal": -0.7 } ] },
        { "id": "bren" }
      ],
      "events": [
        { "tick": 0, "action": "serve", "actor": "bren", "target": "mara", "object": "ale" },
        { "tick": 1, "object": "rat", "witnesses": [ "mara" ] },
        { "tick": 2, "object": "stew", "appeal": 0.6, "witnesses": [ "mara", "bren" ] },
        { "tick": 3, "object": "mould", "appeal": -0.5, "witnesses": [ "bren" ] }
      ]
    }
    """;

    [Fact]
    public void Love_hate_liking_and_disliking_are_reachable_from_a_scenario()
    {
        using var runner = ScenarioHost.CreateRunner(ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(Tavern), "tavern.json"));
        runner.TryGetAgent("mara", out var mara);
        runner.TryGetAgent("bren", out var bren);
        runner.Step();
        Assert.True(runner.Affect.Intensity(mara, EmotionType.Love) > 0.5f);
        runner.Step();
        Assert.True(runner.Affect.Intensity(mara, EmotionType.Hate) > 0.4f);
        runner.Step();
        Assert.True(runner.Affect.Intensity(mara, EmotionType.Liking) > 0.3f);
        Assert.True(runner.Affect.Intensity(bren, EmotionType.Liking) > 0.3f);
        runner.Step();
        Assert.True(runner.Affect.Intensity(bren, EmotionType.Disliking) > 0.2f);
        Assert.Equal(0f, runner.Affect.Intensity(mara, EmotionType.Disliking));
    }
}
