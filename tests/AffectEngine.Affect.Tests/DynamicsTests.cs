using System;

namespace AffectEngine.Affect.Tests;

/// <summary>Prospects over several ticks, mood pull/push/return, decay and modulation.</summary>
public sealed class DynamicsTests
{
    [Fact]
    public void Hope_grows_with_likelihood_over_ticks_then_resolves_to_satisfaction_and_joy()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "win", 1f);
        f.Send([f.Effect(a, "win", 1f, 0.3f)], belief: "match");
        var h1 = f.I(a, EmotionType.Hope);
        f.Simulation.Run(5);
        f.Send([f.Effect(a, "win", 1f, 0.8f)], belief: "match");
        var h2 = f.I(a, EmotionType.Hope);
        Assert.True(h2 > h1, $"hope should grow with likelihood: {h1} then {h2}");
        Assert.Equal(0f, f.I(a, EmotionType.Satisfaction));
        f.Simulation.Run(5);
        f.Send([f.Effect(a, "win", 1f, 1f)], belief: "match");
        Assert.True(f.I(a, EmotionType.Satisfaction) > 0.7f, "satisfaction takes the intensity of the last hope (0.8)");
        Assert.True(f.I(a, EmotionType.Joy) > 0.9f);
        Assert.True(f.Appraisal.View(a).Beliefs.IsEmpty, "a resolved belief is forgotten");
    }

    [Fact]
    public void Fear_over_ticks_then_disconfirmation_yields_relief_and_no_distress()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "health", 1f);
        f.Send([f.Effect(a, "health", -1f, 0.4f)], belief: "illness");
        f.Simulation.Run(10);
        f.Send([f.Effect(a, "health", -1f, 0.7f)], belief: "illness");
        Assert.True(f.I(a, EmotionType.Fear) > 0.6f);
        f.Simulation.Run(10);
        f.Send([f.Effect(a, "health", -1f, 0f)], belief: "illness");
        Assert.True(f.I(a, EmotionType.Relief) > 0.6f);
        Assert.Equal(0f, f.I(a, EmotionType.Distress));
        Assert.Equal(0f, f.I(a, EmotionType.FearsConfirmed));
    }

    [Fact]
    public void Hope_then_disconfirmation_yields_disappointment_and_fear_then_confirmation_yields_fears_confirmed()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "g", 1f);
        f.Send([f.Effect(a, "g", 1f, 0.5f)], belief: "promotion");
        f.Simulation.Run(3);
        f.Send([f.Effect(a, "g", 1f, 0f)], belief: "promotion");
        Assert.True(f.I(a, EmotionType.Disappointment) > 0.4f);
        f.Send([f.Effect(a, "g", -1f, 0.5f)], belief: "layoff");
        f.Simulation.Run(3);
        f.Send([f.Effect(a, "g", -1f, 1f)], belief: "layoff");
        Assert.True(f.I(a, EmotionType.FearsConfirmed) > 0.4f);
        Assert.True(f.I(a, EmotionType.Distress) > 0.9f);
    }

    [Fact]
    public void Separate_beliefs_track_separate_prospects()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "g", 1f);
        f.Send([f.Effect(a, "g", 1f, 0.5f)], belief: "one");
        f.Send([f.Effect(a, "g", 1f, 1f)], belief: "two");
        Assert.Equal(0f, f.I(a, EmotionType.Satisfaction));
        Assert.Equal(1, f.Appraisal.View(a).Beliefs.Length);
    }

    [Fact]
    public void Linear_decay_reaches_zero_after_the_configured_seconds()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Joy, 1f);
        f.Simulation.Run(100);
        Assert.Equal(0.5f, f.I(a, EmotionType.Joy), 3);
        f.Simulation.Run(101);
        Assert.Equal(0f, f.I(a, EmotionType.Joy));
    }

    [Fact]
    public void Exponential_decay_halves_per_half_life()
    {
        var settings = new AffectSettings().SetDecayAll(new DecaySetting(DecayKind.Exponential, 2.0));
        using var f = Fixture.Occ(settings);
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Fear, 0.8f);
        f.Simulation.Run(20);
        Assert.Equal(0.4f, f.I(a, EmotionType.Fear), 3);
    }

    [Fact]
    public void Neuroticism_makes_negative_emotions_linger_and_leaves_positive_ones_alone()
    {
        using var f = Fixture.Occ();
        var calm = f.Agent(new Ocean(0, 0, 0, 0, -1f));
        var nervous = f.Agent(new Ocean(0, 0, 0, 0, 1f));
        foreach (var x in new[] { calm, nervous })
        {
            f.Affect.Elicit(x, EmotionType.Distress, 1f);
            f.Affect.Elicit(x, EmotionType.Joy, 1f);
        }

        f.Simulation.Run(50);
        Assert.True(f.I(nervous, EmotionType.Distress) > f.I(calm, EmotionType.Distress));
        Assert.Equal(f.I(calm, EmotionType.Joy), f.I(nervous, EmotionType.Joy));
    }

    [Fact]
    public void Repeated_impulses_combine_by_probabilistic_sum()
    {
        Assert.Equal(0.75f, AffectModule.Combine(0.5f, 0.5f));
        Assert.Equal(AffectModule.Combine(AffectModule.Combine(0.2f, 0.3f), 0.4f), AffectModule.Combine(AffectModule.Combine(0.4f, 0.2f), 0.3f), 6);
        Assert.Equal(1f, AffectModule.Combine(1f, 0.7f));
    }

    [Fact]
    public void Active_emotion_pulls_mood_toward_its_pad_point()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        var before = f.Affect.Mood(a);
        for (var i = 0; i < 50; i++)
        {
            f.Affect.Elicit(a, EmotionType.Fear, 1f);
            f.Simulation.Step();
        }

        var after = f.Affect.Mood(a);
        var (p, ar, d) = AlmaTables.OccToPad(EmotionType.Fear);
        Assert.True(after.P < before.P && after.A > before.A && after.D < before.D, $"mood {after} should move toward fear ({p}, {ar}, {d})");
        var distBefore = Dist(before, p, ar, d);
        var distAfter = Dist(after, p, ar, d);
        Assert.True(distAfter < distBefore);
    }

    [Fact]
    public void Mood_beyond_the_emotion_centre_is_pushed_further_out()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Affect.SetMood(a, new Pad(0.8f, 0.4f, 0.2f));
        for (var i = 0; i < 20; i++)
        {
            f.Affect.Elicit(a, EmotionType.Joy, 1f);
            f.Simulation.Step();
        }

        var m = f.Affect.Mood(a);
        Assert.True(m.P > 0.8f && m.A > 0.4f && m.D > 0.2f, $"push moves away from the origin in the centre's direction, got {m}");
    }

    [Fact]
    public void Without_emotions_mood_returns_to_the_default_mood()
    {
        using var f = Fixture.Occ();
        var a = f.Agent(new Ocean(0.2f, 0.3f, 0.6f, 0.5f, -0.3f));
        var home = f.Affect.DefaultMood(a);
        f.Affect.SetMood(a, new Pad(-0.9f, -0.9f, -0.9f));
        var d0 = Dist(f.Affect.Mood(a), home.P, home.A, home.D);
        f.Simulation.Run(600);
        var d1 = Dist(f.Affect.Mood(a), home.P, home.A, home.D);
        Assert.True(d1 < d0);
        f.Simulation.Run(15000);
        Assert.True(Dist(f.Affect.Mood(a), home.P, home.A, home.D) < 1e-3f);
    }

    [Fact]
    public void Threshold_blocks_weak_impulses_and_reduces_strong_ones_as_in_FAtiMA()
    {
        using var f = Fixture.Create(appraisal: new AppraisalSettings { MoodInfluence = 0f, ExtraversionGain = 0f, NeuroticismGain = 0f });
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "weak", 0.05f);
        f.Appraisal.DeclareGoal(a, "strong", 0.6f);
        f.Send([f.Effect(a, "weak", 1f, 1f)]);
        Assert.Equal(0f, f.I(a, EmotionType.Joy));
        f.Send([f.Effect(a, "strong", 1f, 1f)]);
        Assert.Equal(0.5f - 0.005f, f.I(a, EmotionType.Joy), 4);
    }

    [Fact]
    public void Extraversion_amplifies_positive_and_neuroticism_negative_impulses()
    {
        using var f = Fixture.Create(appraisal: new AppraisalSettings { MoodInfluence = 0f });
        var intro = f.Agent(new Ocean(0, 0, -1f, 0, -1f));
        var extra = f.Agent(new Ocean(0, 0, 1f, 0, 1f));
        foreach (var x in new[] { intro, extra })
        {
            f.Appraisal.DeclareGoal(x, "g", 0.5f);
            f.Appraisal.DeclareGoal(x, "h", 0.5f);
        }

        f.Send([f.Effect(intro, "g", 1f, 1f), f.Effect(extra, "g", 1f, 1f), f.Effect(intro, "h", -1f, 1f), f.Effect(extra, "h", -1f, 1f)]);
        Assert.True(f.I(extra, EmotionType.Joy) > f.I(intro, EmotionType.Joy));
        Assert.True(f.I(extra, EmotionType.Distress) > f.I(intro, EmotionType.Distress));
    }

    [Fact]
    public void Positive_mood_favours_positive_emotions_and_hinders_negative_ones()
    {
        var s = new AppraisalSettings { ExtraversionGain = 0f, NeuroticismGain = 0f };
        Assert.True(s.Modulate(EmotionType.Joy, 0.5f, 0, 0, 0.8f) > s.Modulate(EmotionType.Joy, 0.5f, 0, 0, -0.8f));
        Assert.True(s.Modulate(EmotionType.Distress, 0.5f, 0, 0, 0.8f) < s.Modulate(EmotionType.Distress, 0.5f, 0, 0, -0.8f));
        Assert.Equal(s.Modulate(EmotionType.Joy, 0.5f, 0, 0, 0f), s.Modulate(EmotionType.Joy, 0.5f, 0, 0, 0.04f));
    }

    private static float Dist(Pad m, float p, float a, float d) =>
        MathF.Sqrt(((m.P - p) * (m.P - p)) + ((m.A - a) * (m.A - a)) + ((m.D - d) * (m.D - d)));
}
