using AffectEngine.Affect;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

public sealed class RelationTests
{
    [Fact]
    public void Gratitude_raises_liking_and_anger_lowers_it_as_OCC_attribution_emotions_predict()
    {
        using var runner = Worlds.Create();
        var a = Worlds.Add(runner, "a");
        var helper = Worlds.Add(runner, "helper");
        var harmer = Worlds.Add(runner, "harmer");
        var social = runner.Social();
        social.RecordEpisode(a, 1, helper, a, [new FeltEmotion(EmotionType.Gratitude, 1f)]);
        social.RecordEpisode(a, 2, harmer, a, [new FeltEmotion(EmotionType.Anger, 1f)]);
        // ΔL = k·I·(1 − L) from 0 with k = 0.1, I = 1.
        Assert.Equal(0.1f, social.RelationView.Liking(a, helper), 6);
        Assert.Equal(-0.1f, social.RelationView.Liking(a, harmer), 6);
        Assert.Equal(0f, social.RelationView.Liking(helper, a));
        Assert.True(social.RelationView.Familiarity(a, helper) > 0f);
    }

    [Fact]
    public void Admiration_raises_and_reproach_lowers_liking_and_liking_stays_in_range()
    {
        using var runner = Worlds.Create();
        var a = Worlds.Add(runner, "a");
        var b = Worlds.Add(runner, "b");
        var relations = runner.Social().Relations;
        relations.Set(a, b, 0.2f, 0.5f);
        Assert.True(relations.ApplyEmotion(a, b, EmotionType.Admiration, 0.5f) > 0.2f);
        var before = relations.Liking(a, b);
        Assert.True(relations.ApplyEmotion(a, b, EmotionType.Reproach, 0.5f) < before);
        var joyBefore = relations.Liking(a, b);
        Assert.Equal(joyBefore, relations.ApplyEmotion(a, b, EmotionType.Joy, 1f));
        for (var i = 0; i < 1000; i++)
        {
            relations.ApplyEmotion(a, b, EmotionType.Anger, 1f);
        }

        Assert.InRange(relations.Liking(a, b), -1f, -0.99f);
    }

    [Fact]
    public void Relations_are_bounded_per_agent_and_the_least_familiar_is_dropped()
    {
        using var runner = Worlds.Create(s => s.Relations.Capacity = 3);
        var a = Worlds.Add(runner, "a");
        var others = new AgentId[5];
        for (var i = 0; i < others.Length; i++)
        {
            others[i] = Worlds.Add(runner, "o" + i);
        }

        var relations = runner.Social().Relations;
        relations.Set(a, others[4], 0.5f, 0.9f);
        relations.Set(a, others[2], -0.5f, 0.1f);
        relations.Set(a, others[0], 0.3f, 0.5f);
        relations.Set(a, others[1], 0.1f, 0.4f);
        Assert.Equal(3, relations.Count(a));
        Assert.Equal(0f, relations.Familiarity(a, others[2]));
        Assert.Equal(0.5f, relations.Liking(a, others[4]));
        Assert.Equal(0.1f, relations.Liking(a, others[1]));
    }

    [Fact]
    public void A_removed_agents_slot_reused_by_a_newcomer_inherits_no_relation()
    {
        using var runner = Worlds.Create();
        var a = Worlds.Add(runner, "a");
        var b = Worlds.Add(runner, "b");
        var relations = runner.Social().Relations;
        relations.Set(a, b, -0.8f, 0.6f);
        runner.World.RemoveAgent(b);
        var newcomer = Worlds.Add(runner, "c");
        Assert.Equal(b.Slot, newcomer.Slot);
        Assert.Equal(0f, relations.Liking(a, newcomer));
        Assert.Equal(0, relations.Count(newcomer));
    }
}
