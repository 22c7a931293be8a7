using System;
using AffectEngine.Affect;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

public sealed class MemoryTests
{
    private const int Harm = 1;

    [Fact]
    public void Meeting_the_agent_who_harmed_you_brings_back_anger_attenuated_by_recall_and_by_time()
    {
        using var runner = Worlds.Create();
        var victim = Worlds.Add(runner, "victim");
        var thief = Worlds.Add(runner, "thief");
        var stranger = Worlds.Add(runner, "stranger");
        var social = runner.Social();
        social.RecordEpisode(victim, Harm, thief, victim, [new FeltEmotion(EmotionType.Anger, 0.8f)]);
        runner.Run(99);
        Assert.Equal(0f, runner.Affect.Intensity(victim, EmotionType.Anger));

        // Meeting a stranger recalls nothing.
        runner.Enqueue(new EncounterInput(runner.Tick, AffectEngine.InputSources.Host, 0, victim, stranger));
        runner.Step();
        Assert.Equal(0f, runner.Affect.Intensity(victim, EmotionType.Anger));

        var meetTick = runner.Tick;
        runner.Enqueue(new EncounterInput(meetTick, AffectEngine.InputSources.Host, 1, victim, thief));
        runner.Step();
        var anger = runner.Affect.Intensity(victim, EmotionType.Anger);

        // I·a·s(t)/s₀ with a = 0.5 and s(t)/s₀ = (1 + age/τ)^(−0.5), age = 100 ticks × 0.1 s, τ = 60 s.
        var expected = 0.8f * 0.5f * (float)Math.Pow(1 + (meetTick * 0.1 / 60), -0.5);
        Assert.InRange(anger, expected - 1e-5f, expected + 1e-5f);
        Assert.True(anger < 0.8f * 0.5f, "a recall is weaker than half the original once time has passed");
        Assert.True(social.Relations.Familiarity(victim, thief) > 0f);
    }

    [Fact]
    public void Seeing_the_object_again_recalls_only_the_episodes_that_involved_it()
    {
        using var runner = Worlds.Create();
        var victim = Worlds.Add(runner, "victim");
        var thief = Worlds.Add(runner, "thief");
        var social = runner.Social();
        var purse = new AffectEngine.Appraisal.ObjectId(3);
        var knife = new AffectEngine.Appraisal.ObjectId(4);
        social.RecordEpisode(victim, Harm, thief, victim, [new FeltEmotion(EmotionType.Distress, 0.6f)], purse);
        social.RecordEpisode(victim, Harm + 1, thief, victim, [new FeltEmotion(EmotionType.Fear, 0.9f)], knife);
        var stored = Read(social, victim, runner.Tick);
        Assert.Equal([purse, knife], [stored[0].Object, stored[1].Object]);

        Assert.Equal(1, social.Recall(victim, MemoryCue.OfObject(purse)));
        Assert.True(runner.Affect.Intensity(victim, EmotionType.Distress) > 0f);
        Assert.Equal(0f, runner.Affect.Intensity(victim, EmotionType.Fear));

        // Every set part of a cue must match: the purse with the knife's kind of event recalls nothing.
        Assert.Equal(0, social.Recall(victim, new MemoryCue(AgentId.None, Harm + 1, purse)));
        Assert.Equal(1, social.Recall(victim, new MemoryCue(thief, Harm + 1, knife)));
        Assert.True(runner.Affect.Intensity(victim, EmotionType.Fear) > 0f);
        Assert.Equal(0, social.Recall(victim, default));
    }

    private static Episode[] Read(SocialModule social, AgentId agent, long tick)
    {
        var episodes = new Episode[social.Memory.Count(agent)];
        social.Memory.CopyEpisodes(agent, tick, episodes);
        return episodes;
    }

    [Fact]
    public void Capacity_bound_holds_however_many_episodes_are_stored()
    {
        using var runner = Worlds.Create(s => s.Memory.Capacity = 5);
        var a = Worlds.Add(runner, "a");
        var b = Worlds.Add(runner, "b");
        var memory = runner.Social().Memory;
        for (var i = 0; i < 200; i++)
        {
            memory.Store(a, i, i, b, a, [new FeltEmotion(EmotionType.Distress, ((i * 37) % 100) / 100f)]);
            Assert.True(memory.Count(a) <= 5);
        }

        Assert.Equal(5, memory.Count(a));
        Assert.Equal(0, memory.Count(b));
    }

    [Fact]
    public void Forgetting_drops_the_least_salient_episode_first()
    {
        using var runner = Worlds.Create(s => s.Memory.Capacity = 3);
        var a = Worlds.Add(runner, "a");
        var memory = runner.Social().Memory;
        memory.Store(a, 0, 10, default, default, [new FeltEmotion(EmotionType.Joy, 0.5f)]);
        memory.Store(a, 0, 11, default, default, [new FeltEmotion(EmotionType.Joy, 0.9f)]);
        memory.Store(a, 0, 12, default, default, [new FeltEmotion(EmotionType.Joy, 0.3f)]);
        Assert.True(memory.Store(a, 0, 13, default, default, [new FeltEmotion(EmotionType.Joy, 0.7f)]));
        Assert.Equal(new[] { 10, 11, 13 }, Kinds(memory, a, 0));

        // A weaker new episode than every stored one is itself the least salient: it is not kept.
        Assert.False(memory.Store(a, 0, 14, default, default, [new FeltEmotion(EmotionType.Joy, 0.2f)]));
        Assert.Equal(new[] { 10, 11, 13 }, Kinds(memory, a, 0));
    }

    [Fact]
    public void Salience_decays_by_a_power_law_so_an_old_strong_memory_yields_to_a_new_weaker_one()
    {
        using var runner = Worlds.Create(s => s.Memory.Capacity = 2);
        var a = Worlds.Add(runner, "a");
        var memory = runner.Social().Memory;
        memory.Store(a, 0, 1, default, default, [new FeltEmotion(EmotionType.Fear, 0.9f)]);
        memory.Store(a, 50_000, 2, default, default, [new FeltEmotion(EmotionType.Fear, 0.6f)]);
        // At tick 100 000 (10 000 s): episode 1 has 0.9·(1 + 10000/60)^−0.5 ≈ 0.069, episode 2 ≈ 0.6·(1 + 5000/60)^−0.5 ≈ 0.065.
        var s1 = memory.Salience(a, 0, 100_000);
        Assert.InRange(s1, 0.9f * (float)Math.Pow(1 + (10_000 / 60.0), -0.5) - 1e-5f, 0.9f * (float)Math.Pow(1 + (10_000 / 60.0), -0.5) + 1e-5f);
        Assert.True(memory.Store(a, 100_000, 3, default, default, [new FeltEmotion(EmotionType.Fear, 0.3f)]));
        Assert.Equal(new[] { 1, 3 }, Kinds(memory, a, 100_000));
    }

    [Fact]
    public void Recall_rehearses_an_episode_so_it_is_forgotten_later()
    {
        using var runner = Worlds.Create();
        var a = Worlds.Add(runner, "a");
        var b = Worlds.Add(runner, "b");
        var social = runner.Social();
        social.RecordEpisode(a, Harm, b, a, [new FeltEmotion(EmotionType.Anger, 0.8f)]);
        runner.Run(3000);
        var before = social.Memory.Salience(a, 0, runner.Tick);
        Assert.Equal(1, social.Recall(a, new MemoryCue(b)));
        var after = social.Memory.Salience(a, 0, runner.Tick);
        Assert.True(after > before, $"salience {before} → {after}");
        Assert.True(after < 0.8f);
    }

    [Fact]
    public void A_remembered_fright_biases_appraisal_of_the_same_kind_of_event_only()
    {
        using var runner = Worlds.Create();
        var a = Worlds.Add(runner, "a");
        var social = runner.Social();
        const int Fire = 7;
        social.RecordEpisode(a, Fire, default, a, [new FeltEmotion(EmotionType.Fear, 1f)]);
        var bias = social.AppraisalBias(a, MemoryCue.OfKind(Fire), EmotionType.Fear);
        Assert.InRange(bias, 1.5f - 1e-6f, 1.5f + 1e-6f);
        Assert.Equal(1f, social.AppraisalBias(a, MemoryCue.OfKind(Fire + 1), EmotionType.Fear));
        Assert.Equal(1f, social.AppraisalBias(a, MemoryCue.OfKind(Fire), EmotionType.Joy));
        runner.Run(600);
        Assert.True(social.AppraisalBias(a, MemoryCue.OfKind(Fire), EmotionType.Fear) < bias);
    }

    [Fact]
    public void An_episode_keeps_its_three_strongest_emotions()
    {
        using var runner = Worlds.Create();
        var a = Worlds.Add(runner, "a");
        var memory = runner.Social().Memory;
        memory.Store(a, 0, 1, default, default, [
            new FeltEmotion(EmotionType.Joy, 0.2f), new FeltEmotion(EmotionType.Fear, 0.9f),
            new FeltEmotion(EmotionType.Hope, 0.5f), new FeltEmotion(EmotionType.Pride, 0.7f)]);
        Span<Episode> episodes = new Episode[1];
        Assert.Equal(1, memory.CopyEpisodes(a, 0, episodes));
        Assert.Equal(3, episodes[0].EmotionCount);
        Assert.Equal(EmotionType.Fear, episodes[0].First.Type);
        Assert.Equal(EmotionType.Pride, episodes[0].Second.Type);
        Assert.Equal(EmotionType.Hope, episodes[0].Third.Type);
        Assert.Equal(0.9f, episodes[0].Salience);
    }

    [Fact]
    public void Invalid_memory_settings_are_refused_with_the_field_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => Worlds.Create(s => s.Memory.Decay = -1));
        Assert.Contains("memory.decay", ex.Message);
    }

    private static int[] Kinds(EpisodicMemory memory, AgentId agent, long tick)
    {
        var buffer = new Episode[memory.Capacity];
        var n = memory.CopyEpisodes(agent, tick, buffer);
        var kinds = new int[n];
        for (var i = 0; i < n; i++)
        {
            kinds[i] = buffer[i].Kind;
        }

        Array.Sort(kinds);
        return kinds;
    }
}
