
namespace AffectEngine.Affect.Tests;

/// <summary>One test per OCC type showing the situation that elicits it, and one where the condition fails.</summary>
public sealed class OccEmotionTests
{
    // One step of ALMA's linear decay (20 s to zero) at the default 0.1 s step.
    private const float OneStepDecay = 0.1f / 20f;
    private const float Tol = 1e-5f;

    private sealed class Tavern : System.IDisposable
    {
        public Tavern()
        {
            F = Fixture.Occ();
            Mara = F.Agent();
            Bren = F.Agent();
            F.Appraisal.DeclareGoal(Mara, "keep-purse", 0.8f);
            F.Appraisal.DeclareGoal(Bren, "get-rich", 0.9f);
        }

        public Fixture F { get; }

        public AgentId Mara { get; }

        public AgentId Bren { get; }

        public float I(AgentId a, EmotionType t) => F.I(a, t);

        public void Dispose() => F.Dispose();
    }

    [Fact]
    public void Desirable_event_that_happened_yields_joy_of_congruence_times_utility()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)]);
        Assert.Equal(0.8f - OneStepDecay, t.I(t.Mara, EmotionType.Joy), Tol);
    }

    [Fact]
    public void Undesirable_event_yields_no_joy()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Joy));
    }

    [Fact]
    public void Undesirable_event_that_happened_yields_distress()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -0.5f, 1f)]);
        Assert.Equal(0.4f - OneStepDecay, t.I(t.Mara, EmotionType.Distress), Tol);
    }

    [Fact]
    public void Desirable_event_yields_no_distress()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Distress));
    }

    [Fact]
    public void Prospect_of_desirable_event_yields_hope_scaled_by_likelihood()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 0.5f)]);
        Assert.Equal((0.8f * 0.5f) - OneStepDecay, t.I(t.Mara, EmotionType.Hope), Tol);
    }

    [Fact]
    public void Certain_desirable_event_yields_no_hope()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Hope));
    }

    [Fact]
    public void Prospect_of_undesirable_event_yields_fear()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 0.5f)]);
        Assert.True(t.I(t.Mara, EmotionType.Fear) > 0.3f);
    }

    [Fact]
    public void Prospect_of_desirable_event_yields_no_fear()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 0.5f)]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Fear));
    }

    [Fact]
    public void Hoped_for_belief_resolving_to_one_yields_satisfaction()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 0.5f)], belief: "purse-safe");
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)], belief: "purse-safe");
        Assert.Equal((0.8f * 0.5f) - OneStepDecay, t.I(t.Mara, EmotionType.Satisfaction), Tol);
    }

    [Fact]
    public void Desirable_event_without_prior_prospect_yields_no_satisfaction()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)], belief: "purse-safe");
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Satisfaction));
    }

    [Fact]
    public void Feared_belief_resolving_to_one_yields_fears_confirmed()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 0.6f)], belief: "theft");
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], belief: "theft");
        Assert.Equal((0.8f * 0.6f) - OneStepDecay, t.I(t.Mara, EmotionType.FearsConfirmed), Tol);
        Assert.True(t.I(t.Mara, EmotionType.Distress) > 0f);
    }

    [Fact]
    public void Undesirable_event_without_prior_fear_yields_no_fears_confirmed()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], belief: "theft");
        Assert.Equal(0f, t.I(t.Mara, EmotionType.FearsConfirmed));
    }

    [Fact]
    public void Feared_belief_resolving_to_zero_yields_relief()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 0.5f)], belief: "theft");
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 0f)], belief: "theft");
        Assert.Equal((0.8f * 0.5f) - OneStepDecay, t.I(t.Mara, EmotionType.Relief), Tol);
    }

    [Fact]
    public void Disconfirmed_belief_without_prior_fear_yields_no_relief()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 0f)], belief: "theft");
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Relief));
    }

    [Fact]
    public void Hoped_for_belief_resolving_to_zero_yields_disappointment()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 0.5f)], belief: "tip");
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 0f)], belief: "tip");
        Assert.Equal((0.8f * 0.5f) - OneStepDecay, t.I(t.Mara, EmotionType.Disappointment), Tol);
    }

    [Fact]
    public void Feared_belief_resolving_to_zero_yields_no_disappointment()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 0.5f)], belief: "theft");
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 0f)], belief: "theft");
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Disappointment));
    }

    [Fact]
    public void Event_desirable_for_liked_other_yields_happy_for()
    {
        using var t = new Tavern();
        t.F.Appraisal.SetLiking(t.Mara, t.Bren, 0.5f);
        t.F.Send([t.F.Effect(t.Bren, "get-rich", 1f, 1f)], witnesses: [t.Mara]);
        Assert.Equal((0.9f * 0.5f) - OneStepDecay, t.I(t.Mara, EmotionType.HappyFor), Tol);
    }

    [Fact]
    public void Event_for_other_without_relation_yields_no_happy_for()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Bren, "get-rich", 1f, 1f)], witnesses: [t.Mara]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.HappyFor));
    }

    [Fact]
    public void Event_desirable_for_disliked_other_yields_resentment()
    {
        using var t = new Tavern();
        t.F.Appraisal.SetLiking(t.Mara, t.Bren, -0.5f);
        t.F.Send([t.F.Effect(t.Bren, "get-rich", 1f, 1f)], witnesses: [t.Mara]);
        Assert.True(t.I(t.Mara, EmotionType.Resentment) > 0.4f);
    }

    [Fact]
    public void Event_desirable_for_liked_other_yields_no_resentment()
    {
        using var t = new Tavern();
        t.F.Appraisal.SetLiking(t.Mara, t.Bren, 0.5f);
        t.F.Send([t.F.Effect(t.Bren, "get-rich", 1f, 1f)], witnesses: [t.Mara]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Resentment));
    }

    [Fact]
    public void Event_undesirable_for_disliked_other_yields_gloating()
    {
        using var t = new Tavern();
        t.F.Appraisal.SetLiking(t.Mara, t.Bren, -1f);
        t.F.Send([t.F.Effect(t.Bren, "get-rich", -1f, 1f)], witnesses: [t.Mara]);
        Assert.Equal(0.9f - OneStepDecay, t.I(t.Mara, EmotionType.Gloating), Tol);
    }

    [Fact]
    public void Event_undesirable_for_liked_other_yields_no_gloating()
    {
        using var t = new Tavern();
        t.F.Appraisal.SetLiking(t.Mara, t.Bren, 1f);
        t.F.Send([t.F.Effect(t.Bren, "get-rich", -1f, 1f)], witnesses: [t.Mara]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Gloating));
    }

    [Fact]
    public void Event_undesirable_for_liked_other_yields_pity()
    {
        using var t = new Tavern();
        t.F.Appraisal.SetLiking(t.Mara, t.Bren, 1f);
        t.F.Send([t.F.Effect(t.Bren, "get-rich", -1f, 1f)], witnesses: [t.Mara]);
        Assert.True(t.I(t.Mara, EmotionType.Pity) > 0.8f);
    }

    [Fact]
    public void Event_undesirable_for_disliked_other_yields_no_pity()
    {
        using var t = new Tavern();
        t.F.Appraisal.SetLiking(t.Mara, t.Bren, -1f);
        t.F.Send([t.F.Effect(t.Bren, "get-rich", -1f, 1f)], witnesses: [t.Mara]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Pity));
    }

    [Fact]
    public void Own_praiseworthy_action_yields_pride()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "help", 0.7f);
        t.F.Send(action: "help", actor: t.Mara);
        Assert.Equal(0.7f - OneStepDecay, t.I(t.Mara, EmotionType.Pride), Tol);
    }

    [Fact]
    public void Praiseworthy_action_by_other_yields_no_pride()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "help", 0.7f);
        t.F.Send(action: "help", actor: t.Bren, witnesses: [t.Mara]);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Pride));
    }

    [Fact]
    public void Own_blameworthy_action_yields_shame()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Bren, "steal", -0.6f);
        t.F.Send(action: "steal", actor: t.Bren);
        Assert.Equal(0.6f - OneStepDecay, t.I(t.Bren, EmotionType.Shame), Tol);
    }

    [Fact]
    public void Own_action_without_standard_yields_no_shame()
    {
        using var t = new Tavern();
        t.F.Send(action: "steal", actor: t.Bren);
        Assert.Equal(0f, t.I(t.Bren, EmotionType.Shame));
    }

    [Fact]
    public void Praiseworthy_action_by_other_yields_admiration()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "help", 0.7f);
        t.F.Send(action: "help", actor: t.Bren, witnesses: [t.Mara]);
        Assert.Equal(0.7f - OneStepDecay, t.I(t.Mara, EmotionType.Admiration), Tol);
    }

    [Fact]
    public void Praiseworthy_action_unseen_yields_no_admiration()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "help", 0.7f);
        t.F.Send(action: "help", actor: t.Bren);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Admiration));
    }

    [Fact]
    public void Appraisal_of_blameworthy_action_caused_by_other_yields_reproach()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "steal", -0.9f);
        t.F.Send(action: "steal", actor: t.Bren, witnesses: [t.Mara]);
        Assert.Equal(0.9f - OneStepDecay, t.I(t.Mara, EmotionType.Reproach), Tol);
    }

    [Fact]
    public void Appraisal_of_undesired_event_caused_by_other_without_standard_yields_no_reproach()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "steal", actor: t.Bren);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Reproach));
        Assert.True(t.I(t.Mara, EmotionType.Distress) > 0f);
    }

    [Fact]
    public void Own_praiseworthy_action_with_desirable_outcome_yields_gratification()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "work", 0.6f);
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)], action: "work", actor: t.Mara);
        var expected = OccAppraisalModel.CompoundIntensity(0.6f, 0.8f) - OneStepDecay;
        Assert.Equal(expected, t.I(t.Mara, EmotionType.Gratification), Tol);
        Assert.True(t.I(t.Mara, EmotionType.Pride) > 0f);
        Assert.True(t.I(t.Mara, EmotionType.Joy) > 0f);
    }

    [Fact]
    public void Own_praiseworthy_action_with_undesirable_outcome_yields_no_gratification()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "work", 0.6f);
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "work", actor: t.Mara);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Gratification));
    }

    [Fact]
    public void Own_blameworthy_action_with_undesirable_outcome_yields_remorse()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "gamble", -0.7f);
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "gamble", actor: t.Mara);
        Assert.True(t.I(t.Mara, EmotionType.Remorse) > 0f);
        Assert.True(t.I(t.Mara, EmotionType.Shame) > 0f);
    }

    [Fact]
    public void Own_blameworthy_action_with_desirable_outcome_yields_no_remorse()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "gamble", -0.7f);
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)], action: "gamble", actor: t.Mara);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Remorse));
    }

    [Fact]
    public void Praiseworthy_action_by_other_with_desirable_outcome_yields_gratitude()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "return-purse", 0.8f);
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", 1f, 1f)], action: "return-purse", actor: t.Bren);
        Assert.Equal(OccAppraisalModel.CompoundIntensity(0.8f, 0.8f) - OneStepDecay, t.I(t.Mara, EmotionType.Gratitude), Tol);
    }

    [Fact]
    public void Praiseworthy_action_by_other_with_undesirable_outcome_yields_no_gratitude()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "return-purse", 0.8f);
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "return-purse", actor: t.Bren);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Gratitude));
    }

    [Fact]
    public void Appraisal_of_undesired_event_caused_by_other_yields_reproach_and_anger()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareStandard(t.Mara, "steal", -0.9f);
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "steal", actor: t.Bren);
        Assert.True(t.I(t.Mara, EmotionType.Reproach) > 0f);
        Assert.Equal(OccAppraisalModel.CompoundIntensity(0.9f, 0.8f) - OneStepDecay, t.I(t.Mara, EmotionType.Anger), Tol);
    }

    [Fact]
    public void Undesired_event_caused_by_other_without_blame_yields_no_anger()
    {
        using var t = new Tavern();
        t.F.Send([t.F.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "steal", actor: t.Bren);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Anger));
    }

    [Fact]
    public void Familiar_appealing_object_yields_love()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareAttitude(t.Mara, "ale", 0.7f);
        t.F.Send(witnesses: [t.Mara], obj: "ale");
        Assert.Equal(0.7f - OneStepDecay, t.I(t.Mara, EmotionType.Love), Tol);
    }

    [Fact]
    public void Familiar_unappealing_object_yields_no_love()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareAttitude(t.Mara, "ale", -0.7f);
        t.F.Send(witnesses: [t.Mara], obj: "ale");
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Love));
    }

    [Fact]
    public void Familiar_unappealing_object_yields_hate()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareAttitude(t.Mara, "rat", -0.7f);
        t.F.Send(witnesses: [t.Mara], obj: "rat");
        Assert.True(t.I(t.Mara, EmotionType.Hate) > 0.6f);
    }

    [Fact]
    public void Familiar_appealing_object_yields_no_hate()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareAttitude(t.Mara, "rat", 0.7f);
        t.F.Send(witnesses: [t.Mara], obj: "rat");
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Hate));
    }

    [Fact]
    public void Momentarily_appealing_object_yields_liking()
    {
        using var t = new Tavern();
        t.F.Send(witnesses: [t.Mara], obj: "flower", appeal: 0.5f);
        Assert.Equal(0.5f - OneStepDecay, t.I(t.Mara, EmotionType.Liking), Tol);
    }

    [Fact]
    public void Object_under_a_standing_attitude_yields_love_not_liking()
    {
        using var t = new Tavern();
        t.F.Appraisal.DeclareAttitude(t.Mara, "flower", 0.6f);
        t.F.Send(witnesses: [t.Mara], obj: "flower", appeal: 0.5f);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Liking));
        Assert.True(t.I(t.Mara, EmotionType.Love) > 0f);
    }

    [Fact]
    public void Momentarily_unappealing_object_yields_disliking()
    {
        using var t = new Tavern();
        t.F.Send(witnesses: [t.Mara], obj: "smell", appeal: -0.5f);
        Assert.True(t.I(t.Mara, EmotionType.Disliking) > 0.4f);
    }

    [Fact]
    public void Momentarily_appealing_object_yields_no_disliking()
    {
        using var t = new Tavern();
        t.F.Send(witnesses: [t.Mara], obj: "smell", appeal: 0.5f);
        Assert.Equal(0f, t.I(t.Mara, EmotionType.Disliking));
    }

    [Fact]
    public void All_24_types_are_reachable_by_the_occ_model()
    {
        using var t = new Tavern();
        var f = t.F;
        var cleo = f.Agent();
        f.Appraisal.SetLiking(t.Mara, t.Bren, 0.5f);
        f.Appraisal.SetLiking(cleo, t.Bren, -0.5f);
        f.Appraisal.DeclareStandard(t.Mara, "help", 0.7f);
        f.Appraisal.DeclareStandard(t.Mara, "steal", -0.7f);
        f.Appraisal.DeclareAttitude(t.Mara, "ale", 0.7f);
        f.Appraisal.DeclareAttitude(t.Mara, "rat", -0.7f);
        f.Send([f.Effect(t.Mara, "keep-purse", 1f, 0.5f)], belief: "a");
        f.Send([f.Effect(t.Mara, "keep-purse", 1f, 1f)], belief: "a");
        f.Send([f.Effect(t.Mara, "keep-purse", -1f, 0.5f)], belief: "b");
        f.Send([f.Effect(t.Mara, "keep-purse", -1f, 1f)], belief: "b");
        f.Send([f.Effect(t.Mara, "keep-purse", -1f, 0.5f)], belief: "c");
        f.Send([f.Effect(t.Mara, "keep-purse", -1f, 0f)], belief: "c");
        f.Send([f.Effect(t.Mara, "keep-purse", 1f, 0.5f)], belief: "d");
        f.Send([f.Effect(t.Mara, "keep-purse", 1f, 0f)], belief: "d");
        f.Send([f.Effect(t.Bren, "get-rich", 1f, 1f)], witnesses: [t.Mara, cleo]);
        f.Send([f.Effect(t.Bren, "get-rich", -1f, 1f)], witnesses: [t.Mara, cleo]);
        f.Send([f.Effect(t.Mara, "keep-purse", 1f, 1f)], action: "help", actor: t.Mara);
        f.Send([f.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "steal", actor: t.Mara);
        f.Send([f.Effect(t.Mara, "keep-purse", 1f, 1f)], action: "help", actor: t.Bren);
        f.Send([f.Effect(t.Mara, "keep-purse", -1f, 1f)], action: "steal", actor: t.Bren);
        f.Send(witnesses: [t.Mara], obj: "ale");
        f.Send(witnesses: [t.Mara], obj: "rat");
        f.Send(witnesses: [t.Mara], obj: "flower", appeal: 0.5f);
        f.Send(witnesses: [t.Mara], obj: "smell", appeal: -0.5f);
        for (var e = 0; e < Emotions.Count; e++)
        {
            var type = (EmotionType)e;
            var felt = System.Math.Max(f.I(t.Mara, type), f.I(cleo, type));
            Assert.True(felt > 0f, $"{type.Name()} was never elicited");
        }
    }
}
