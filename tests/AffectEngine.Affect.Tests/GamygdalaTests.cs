using System;
using AffectEngine.Appraisal;
using AffectEngine.Appraisal.Gamygdala;

namespace AffectEngine.Affect.Tests;

/// <summary>GAMYGDALA (Popescu, Broekens &amp; van Someren 2014) as published, through the plugin seam.</summary>
public sealed class GamygdalaTests
{
    private const float Tol = 1e-4f;

    // As published the emotional state is the raw intensity: the gain g·x / (g·x + 1) is an optional
    // read-out, off by default (ScenarioModelsTests checks it when a scenario turns it on).
    private static float Gain(float x) => x;

    private static Fixture Create()
    {
        // Decay off for exact values: a very slow exponential decay.
        var settings = new AffectSettings().SetDecayAll(new DecaySetting(DecayKind.Exponential, 1e9));
        return Fixture.Create("gamygdala", affect: settings);
    }

    [Fact]
    public void Goal_likelihood_is_half_of_congruence_times_likelihood_plus_one_and_first_delta_is_the_value()
    {
        var goal = new GoalState(new GoalDescription(new GoalId(1), new Utility(1f)));
        Assert.Equal(0.75f, GamygdalaModel.UpdateLikelihood(ref goal, 1f, 0.5f), 6);
        Assert.Equal(0.75f, goal.Likelihood, 6);
        Assert.Equal(0.25f, GamygdalaModel.UpdateLikelihood(ref goal, 1f, 1f), 6);
        Assert.Equal(1f, goal.Likelihood);
    }

    [Fact]
    public void Resolved_achievement_goal_stops_changing_but_maintenance_goal_keeps_updating()
    {
        var achieve = new GoalState(new GoalDescription(new GoalId(1), new Utility(1f)));
        var maintain = new GoalState(new GoalDescription(new GoalId(2), new Utility(1f), GoalKind.Maintenance));
        GamygdalaModel.UpdateLikelihood(ref achieve, 1f, 1f);
        GamygdalaModel.UpdateLikelihood(ref maintain, 1f, 1f);
        Assert.Equal(0f, GamygdalaModel.UpdateLikelihood(ref achieve, -1f, 1f));
        Assert.Equal(1f, achieve.Likelihood);
        Assert.Equal(-1f, GamygdalaModel.UpdateLikelihood(ref maintain, -1f, 1f), 6);
        Assert.Equal(0f, maintain.Likelihood);
    }

    [Fact]
    public void Likely_good_news_gives_hope_of_utility_times_delta_through_the_gain()
    {
        using var f = Create();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "survive", 0.8f);
        f.Send([f.Effect(a, "survive", 1f, 0.5f)]);
        Assert.Equal(Gain(0.8f * 0.75f), f.I(a, EmotionType.Hope), Tol);
        Assert.Equal(0f, f.I(a, EmotionType.Fear));
    }

    [Fact]
    public void Likely_bad_news_for_a_desired_goal_gives_fear()
    {
        using var f = Create();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "survive", 1f);
        f.Send([f.Effect(a, "survive", 1f, 0.8f)]);
        f.Send([f.Effect(a, "survive", -1f, 0.4f)]);
        // L: 0.9 then 0.3, ΔL = −0.6 → fear |1 × −0.6|.
        Assert.Equal(Gain(0.6f), f.I(a, EmotionType.Fear), Tol);
    }

    [Fact]
    public void Expected_success_gives_joy_and_satisfaction()
    {
        using var f = Create();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "win", 1f);
        f.Send([f.Effect(a, "win", 1f, 0.6f)]);
        f.Send([f.Effect(a, "win", 1f, 1f)]);
        // L 0.8 → 1: ΔL 0.2 < 0.5, so the outcome had been expected.
        Assert.Equal(Gain(0.2f), f.I(a, EmotionType.Joy), Tol);
        Assert.Equal(Gain(0.2f), f.I(a, EmotionType.Satisfaction), Tol);
    }

    [Fact]
    public void Unexpected_success_gives_joy_without_satisfaction()
    {
        using var f = Create();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "win", 1f);
        f.Send([f.Effect(a, "win", 1f, 1f)]);
        Assert.Equal(Gain(1f), f.I(a, EmotionType.Joy), Tol);
        Assert.Equal(0f, f.I(a, EmotionType.Satisfaction));
    }

    [Fact]
    public void Feared_threat_that_fails_gives_relief_unlike_the_original_javascript()
    {
        using var f = Create();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "be-robbed", -1f);
        f.Send([f.Effect(a, "be-robbed", 1f, 0.6f)]);
        Assert.True(f.I(a, EmotionType.Fear) > 0f);
        f.Send([f.Effect(a, "be-robbed", -1f, 1f)]);
        // L 0.8 → 0: ΔL −0.8, U −1 → relief and joy of |U·ΔL| = 0.8.
        Assert.Equal(Gain(0.8f), f.I(a, EmotionType.Relief), Tol);
        Assert.Equal(Gain(0.8f), f.I(a, EmotionType.Joy), Tol);
    }

    [Fact]
    public void Hoped_goal_that_fails_gives_disappointment_and_distress()
    {
        using var f = Create();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "win", 0.5f);
        f.Send([f.Effect(a, "win", 1f, 0.4f)]);
        f.Send([f.Effect(a, "win", -1f, 1f)]);
        Assert.Equal(Gain(0.5f * 0.7f), f.I(a, EmotionType.Disappointment), Tol);
        Assert.Equal(Gain(0.5f * 0.7f), f.I(a, EmotionType.Distress), Tol);
    }

    [Fact]
    public void Certain_failure_of_a_feared_outcome_gives_fears_confirmed_and_distress()
    {
        using var f = Create();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "be-robbed", -1f);
        f.Send([f.Effect(a, "be-robbed", 1f, 0.8f)]);
        f.Send([f.Effect(a, "be-robbed", 1f, 1f)]);
        Assert.Equal(Gain(0.1f), f.I(a, EmotionType.FearsConfirmed), Tol);
        Assert.Equal(Gain(0.1f), f.I(a, EmotionType.Distress), Tol);
    }

    [Fact]
    public void Social_emotions_follow_desirability_and_like_with_intensity_utility_delta_like()
    {
        using var f = Create();
        var owner = f.Agent();
        var friend = f.Agent();
        var rival = f.Agent();
        f.Appraisal.DeclareGoal(owner, "treasure", 1f);
        f.Appraisal.SetLiking(friend, owner, 0.5f);
        f.Appraisal.SetLiking(rival, owner, -0.5f);
        f.Send([f.Effect(owner, "treasure", 1f, 1f)], witnesses: [friend, rival]);
        Assert.Equal(Gain(0.5f), f.I(friend, EmotionType.HappyFor), Tol);
        Assert.Equal(Gain(0.5f), f.I(rival, EmotionType.Resentment), Tol);
        f.Appraisal.DeclareGoal(owner, "health", 1f);
        f.Send([f.Effect(owner, "health", -1f, 1f)], witnesses: [friend, rival]);
        // First appraisal at L = 0: ΔL = L = 0 (pinned), so nothing; move it first.
        Assert.Equal(0f, f.I(friend, EmotionType.Pity));
        f.Appraisal.DeclareGoal(owner, "health2", 1f, GoalKind.Maintenance);
        f.Send([f.Effect(owner, "health2", 1f, 1f)], witnesses: [friend, rival]);
        f.Send([f.Effect(owner, "health2", -1f, 1f)], witnesses: [friend, rival]);
        Assert.Equal(Gain(0.5f), f.I(friend, EmotionType.Pity), Tol);
        Assert.Equal(Gain(0.5f), f.I(rival, EmotionType.Gloating), Tol);
    }

    [Fact]
    public void Event_caused_by_other_gives_owner_gratitude_or_anger()
    {
        using var f = Create();
        var owner = f.Agent();
        var other = f.Agent();
        f.Appraisal.DeclareGoal(owner, "gold", 0.6f);
        f.Appraisal.DeclareGoal(owner, "purse", 0.6f);
        f.Send([f.Effect(owner, "gold", 1f, 1f)], action: "give", actor: other);
        Assert.Equal(Gain(0.6f), f.I(owner, EmotionType.Gratitude), Tol);
        f.Send([f.Effect(owner, "purse", 1f, 0.5f)]);
        f.Send([f.Effect(owner, "purse", -1f, 1f)], action: "steal", actor: other);
        Assert.Equal(Gain(0.6f * 0.75f), f.I(owner, EmotionType.Anger), Tol);
    }

    [Fact]
    public void Actor_who_helps_or_harms_a_liked_owner_feels_gratification_or_remorse()
    {
        using var f = Create();
        var owner = f.Agent();
        var actor = f.Agent();
        f.Appraisal.DeclareGoal(owner, "gold", 1f);
        f.Appraisal.DeclareGoal(owner, "purse", 1f);
        f.Appraisal.SetLiking(actor, owner, 0.8f);
        f.Send([f.Effect(owner, "gold", 1f, 1f)], action: "give", actor: actor);
        Assert.Equal(Gain(0.8f), f.I(actor, EmotionType.Gratification), Tol);
        f.Send([f.Effect(owner, "purse", 1f, 0.5f)]);
        f.Send([f.Effect(owner, "purse", -1f, 1f)], action: "steal", actor: actor);
        Assert.Equal(Gain(0.75f * 0.8f), f.I(actor, EmotionType.Remorse), Tol);
    }

    [Fact]
    public void Uncaused_event_gives_no_action_emotions_and_never_throws()
    {
        using var f = Create();
        var owner = f.Agent();
        var bystander = f.Agent();
        f.Appraisal.DeclareGoal(owner, "gold", 1f);
        f.Appraisal.SetLiking(bystander, owner, 1f);
        f.Send([f.Effect(owner, "gold", 1f, 1f)], witnesses: [bystander]);
        foreach (var t in new[] { EmotionType.Gratitude, EmotionType.Anger, EmotionType.Gratification, EmotionType.Remorse })
        {
            Assert.Equal(0f, f.I(owner, t));
            Assert.Equal(0f, f.I(bystander, t));
        }
    }

    [Fact]
    public void Gain_rescales_intensity_as_g_x_over_g_x_plus_one_and_is_range_checked()
    {
        var m = new GamygdalaModel { Gain = 4f };
        Assert.Equal(4f, m.Gain);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Gain = 0f);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Gain = 20.5f);
    }

    [Theory]
    [InlineData(EmotionType.Joy, 0.76f, 0.48f, 0.35f)]
    [InlineData(EmotionType.Distress, -0.61f, 0.28f, -0.36f)]
    [InlineData(EmotionType.Hope, 0.51f, 0.23f, 0.14f)]
    [InlineData(EmotionType.Fear, -0.64f, 0.60f, -0.43f)]
    [InlineData(EmotionType.Satisfaction, 0.87f, 0.20f, 0.62f)]
    [InlineData(EmotionType.FearsConfirmed, -0.61f, 0.06f, -0.32f)]
    [InlineData(EmotionType.Disappointment, -0.61f, -0.15f, -0.29f)]
    [InlineData(EmotionType.Relief, 0.29f, -0.19f, -0.28f)]
    [InlineData(EmotionType.HappyFor, 0.64f, 0.35f, 0.25f)]
    [InlineData(EmotionType.Resentment, -0.35f, 0.35f, 0.29f)]
    [InlineData(EmotionType.Pity, -0.52f, 0.02f, -0.21f)]
    [InlineData(EmotionType.Gloating, -0.45f, 0.48f, 0.42f)]
    [InlineData(EmotionType.Gratitude, 0.64f, 0.16f, -0.21f)]
    [InlineData(EmotionType.Anger, -0.51f, 0.59f, 0.25f)]
    [InlineData(EmotionType.Gratification, 0.69f, 0.57f, 0.63f)]
    [InlineData(EmotionType.Remorse, -0.57f, 0.28f, -0.34f)]
    public void Gamygdala_pad_table_matches_the_paper(EmotionType type, float p, float a, float d)
    {
        Assert.True(GamygdalaPad.TryGet(type, out var tp, out var ta, out var td));
        Assert.Equal(p, tp);
        Assert.Equal(a, ta);
        Assert.Equal(d, td);
    }

    [Fact]
    public void Aggregate_pad_is_a_tenth_of_log2_of_summed_powers_and_clamped()
    {
        var state = new float[Emotions.Count];
        Assert.Equal((0f, 0f, 0f), GamygdalaPad.Aggregate(state));
        state[(int)EmotionType.Joy] = 1f;
        var (p, a, d) = GamygdalaPad.Aggregate(state);
        Assert.Equal(0.76f, p, 5);
        Assert.Equal(0.48f, a, 5);
        Assert.Equal(0.35f, d, 5);
        state[(int)EmotionType.Distress] = 0.5f;
        (p, _, _) = GamygdalaPad.Aggregate(state);
        var expected = Math.Log(Math.Pow(2, 7.6) + Math.Pow(2, -3.05), 2) / 10;
        Assert.Equal((float)expected, p, 5);
    }

    [Fact]
    public void Model_is_selected_by_name_and_reproduces_published_rules_without_engine_modulation()
    {
        var models = Fixture.Models();
        Assert.Contains("gamygdala", models.Names);
        Assert.IsType<GamygdalaModel>(models.Create("gamygdala"));
        Assert.Equal(0f, models.DefaultSettings("gamygdala").Threshold(EmotionType.Joy));
        Assert.Equal(0.1f, models.DefaultSettings("occ").Threshold(EmotionType.Joy));
        Assert.Equal(3.106, GamygdalaModel.DecayHalfLifeSeconds, 3);
    }
}
