using System;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect.Tests;

/// <summary>Bad input is refused at the boundary with the field and value named; the tick never sees it.</summary>
public sealed class BoundaryTests
{
    [Theory]
    [InlineData(1.5f, "1.5")]
    [InlineData(-0.1f, "-0.1")]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Likelihood_outside_unit_interval_is_refused_naming_field_and_value(float value, string shown)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Likelihood(value, "affects[0].likelihood"));
        Assert.Contains("affects[0].likelihood", ex.Message, StringComparison.Ordinal);
        Assert.Contains(shown, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infinite_utility_is_refused_naming_the_field()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Utility(float.NegativeInfinity));
        Assert.Contains("utility", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-Infinity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_congruence_praiseworthiness_appealingness_and_liking_are_refused()
    {
        Assert.Contains("congruence", Assert.Throws<ArgumentOutOfRangeException>(() => new Congruence(2f)).Message, StringComparison.Ordinal);
        Assert.Contains("praiseworthiness", Assert.Throws<ArgumentOutOfRangeException>(() => new Praiseworthiness(float.NaN)).Message, StringComparison.Ordinal);
        Assert.Contains("appealingness", Assert.Throws<ArgumentOutOfRangeException>(() => new Appealingness(-1.01f)).Message, StringComparison.Ordinal);
        Assert.Contains("liking", Assert.Throws<ArgumentOutOfRangeException>(() => new Liking(3f)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_goal_with_bad_utility_is_refused_naming_the_goal()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => f.Appraisal.DeclareGoal(a, "keep-purse", 1.2f));
        Assert.Contains("goals[keep-purse].utility", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1.2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_naming_a_removed_agent_is_refused_before_the_tick()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "g", 0.5f);
        var gone = f.Agent();
        f.Appraisal.DeclareGoal(gone, "g", 0.5f);
        var e = f.Event([f.Effect(gone, "g", 1f, 1f)]);
        f.World.RemoveAgent(gone);
        var ex = Assert.Throws<ArgumentException>(() => f.Appraisal.Enqueue(e));
        Assert.Contains("affects[0].owner", ex.Message, StringComparison.Ordinal);
        Assert.Contains(gone.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, f.World.Inputs.PendingCount);
    }

    [Fact]
    public void Event_with_unknown_actor_or_witness_is_refused()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        var ghost = new AgentId(40, 3);
        Assert.Contains("actor", Assert.Throws<ArgumentException>(() => f.Appraisal.Enqueue(f.Event(actor: ghost))).Message, StringComparison.Ordinal);
        Assert.Contains("witnesses[1]", Assert.Throws<ArgumentException>(() => f.Appraisal.Enqueue(f.Event(witnesses: [a, ghost]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_on_an_undeclared_goal_is_refused_naming_the_goal()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        var ex = Assert.Throws<ArgumentException>(() => f.Appraisal.Enqueue(f.Event([f.Effect(a, "fly", 1f, 1f)])));
        Assert.Contains("affects[0].goal 'fly'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Goal_effect_without_owner_is_refused_when_the_event_is_built()
    {
        var fx = new GoalEffect(AgentId.None, new GoalId(1), new Congruence(1f), Likelihood.Certain);
        var ex = Assert.Throws<ArgumentException>(() => new AppraisalEvent(0, 0, 0, default, default, [fx]));
        Assert.Contains("affects[0].owner", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_name_is_refused_listing_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => Fixture.Models().Create("wasabi"));
        Assert.Contains("wasabi", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gamygdala", ex.Message, StringComparison.Ordinal);
        Assert.Contains("occ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_payload_encoding_is_canonical_and_distinguishes_events()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        var e1 = f.Event([f.Effect(a, "g", 1f, 0.5f)], action: "help", actor: a, belief: "b", tick: 3);
        var e2 = f.Event([f.Effect(a, "g", 1f, 0.5f)], action: "help", actor: a, belief: "b", tick: 3);
        var e3 = f.Event([f.Effect(a, "g", 1f, 0.6f)], action: "help", actor: a, belief: "b", tick: 3);
        Assert.Equal("event", e1.Kind);
        Assert.Equal(Payload(e1), Payload(e2));
        Assert.NotEqual(Payload(e1), Payload(e3));
    }

    private static string Payload(AppraisalEvent e)
    {
        var w = new Core.BufferStateWriter();
        e.WritePayload(w);
        return Convert.ToBase64String(w.Written.ToArray());
    }
}
