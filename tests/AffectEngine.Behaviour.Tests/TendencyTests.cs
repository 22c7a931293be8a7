using System.Text;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Behaviour.Tests;

/// <summary>The emotion → tendency table and the per-agent readiness computed from it.</summary>
public sealed class TendencyTests
{
    [Theory]
    [InlineData(EmotionType.Fear, Tendency.Avoid)]
    [InlineData(EmotionType.Anger, Tendency.Attack)]
    [InlineData(EmotionType.Pity, Tendency.Help)]
    [InlineData(EmotionType.Shame, Tendency.Withdraw)]
    [InlineData(EmotionType.Hope, Tendency.Approach)]
    [InlineData(EmotionType.Admiration, Tendency.Attend)]
    [InlineData(EmotionType.Love, Tendency.Approach)]
    [InlineData(EmotionType.Hate, Tendency.Attack)]
    public void Each_emotion_primes_most_the_mode_Frijda_pairs_it_with(EmotionType emotion, Tendency expected)
    {
        var table = TendencyTable.CreateDefault();
        var best = -1f;
        Tendency? strongest = null;
        foreach (var e in table.Entries)
        {
            if (e.Emotion == emotion && e.Weight > best)
            {
                best = e.Weight;
                strongest = e.Tendency;
            }
        }

        Assert.Equal(expected, strongest);
    }

    [Fact]
    public void Every_emotion_primes_some_tendency_and_the_names_match_the_loader()
    {
        var table = TendencyTable.CreateDefault();
        for (var i = 0; i < Emotions.Count; i++)
        {
            Assert.Contains(table.Entries, e => (int)e.Emotion == i);
        }

        Assert.Equal(Tendencies.Names, BehaviourChecks.TendencyNames);
        Assert.Equal(MoodOctants.Names, BehaviourChecks.OctantNames);
    }

    [Fact]
    public void Readiness_is_the_probabilistic_sum_of_weight_times_intensity_plus_the_mood_term()
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o => o.World.Seed = 5).AddBehaviour();
        using var provider = services.BuildServiceProvider();
        using var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var ids = new AgentId[11];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = runner.AddAgent("a" + i);
            runner.Affect.SetMood(ids[i], new Pad(-0.1f * i, 0.05f * i, 0.3f - (0.05f * i)));
            for (var e = 0; e < Emotions.Count; e++)
            {
                runner.World.Value(ids[i], runner.World.Field("emotion"), e) = ((e * 7) + (i * 3)) % 10 / 10f;
            }
        }

        runner.Step();
        var table = runner.Behaviour().Settings.Tendencies;
        foreach (var id in ids)
        {
            var expected = new float[Tendencies.Count];
            foreach (var entry in table.Entries)
            {
                var x = entry.Weight * runner.Affect.Intensity(id, entry.Emotion);
                ref var t = ref expected[(int)entry.Tendency];
                t = (t + x) - (t * x);
            }

            var m = runner.Affect.Mood(id);
            var length = System.MathF.Sqrt((m.P * m.P) + (m.A * m.A) + (m.D * m.D)) * 0.57735027f;
            var octant = MoodOctants.Octant(m.P, m.A, m.D);
            for (var k = 0; k < Tendencies.Count; k++)
            {
                var x = System.Math.Min(1f, table.MoodWeight * table.OctantWeight(octant, (Tendency)k) * length);
                if (x > 0f)
                {
                    expected[k] = (expected[k] + x) - (expected[k] * x);
                }

                Assert.Equal(expected[k], runner.Behaviour().Readiness(id, (Tendency)k), 6);
            }
        }
    }

    [Fact]
    public void The_512_bit_256_bit_and_scalar_passes_compute_the_same_bits()
    {
        // 37 agents = 5 blocks: two pairs of blocks per 512-bit vector and one block alone (the 256-bit path).
        static SimulationRunner Create(ServiceProvider provider)
        {
            var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
            for (var i = 0; i < 37; i++)
            {
                var id = runner.AddAgent("a" + i);
                runner.Affect.SetMood(id, new Pad(0.9f - (0.05f * i), ((i * 5) % 11 / 10f) - 0.5f, (i % 3) - 1f));
                for (var e = 0; e < Emotions.Count; e++)
                {
                    // Some rows empty, some full, a subnormal: every step of every chain and the mood's clamp to 1.
                    var v = ((e * 7) + (i * 3)) % 13 / 12f;
                    runner.World.Value(id, runner.World.Field("emotion"), e) = (e + i) % 5 == 0 ? 0f : (e + i) % 17 == 0 ? 1e-40f : v;
                }
            }

            return runner;
        }

        var services = new ServiceCollection();
        services.AddAffectEngine(o => o.World.Seed = 9).AddBehaviour();
        using var provider = services.BuildServiceProvider();
        using var wide = Create(provider);
        using var narrow = Create(provider);
        using var scalar = Create(provider);
        narrow.Behaviour().Pass!.Narrow = true;
        scalar.Behaviour().Pass!.ScalarOnly = true;
        var field = wide.World.Field("tendency");
        var strong = 0;
        for (var t = 0; t < 5; t++)
        {
            wide.Step();
            narrow.Step();
            scalar.Step();
            foreach (var id in wide.World.Agents)
            {
                for (var k = 0; k < Tendencies.Count; k++)
                {
                    var expected = System.BitConverter.SingleToInt32Bits(scalar.World.Value(id, field, k));
                    Assert.Equal(expected, System.BitConverter.SingleToInt32Bits(wide.World.Value(id, field, k)));
                    Assert.Equal(expected, System.BitConverter.SingleToInt32Bits(narrow.World.Value(id, field, k)));
                    strong += scalar.World.Value(id, field, k) > 0.3f ? 1 : 0;
                }
            }

            Assert.Equal(scalar.Simulation.ComputeHash(), wide.Simulation.ComputeHash());
            Assert.Equal(scalar.Simulation.ComputeHash(), narrow.Simulation.ComputeHash());
        }

        Assert.True(strong > 100, $"only {strong} readiness values above 0.3: the comparison covers too little");
    }

    [Fact]
    public void A_scenario_swaps_the_table()
    {
        const string Json = """
            {
              "run": { "ticks": 10, "step": "100ms" },
              "agents": [ { "id": "a" } ],
              "events": [ { "tick": 0, "elicit": { "agent": "a", "emotion": "joy", "intensity": 0.8 } } ],
              "behaviours": { "tendencies": { "moodWeight": 0, "table": [ { "emotion": "joy", "tendency": "attack", "weight": 1 } ] } }
            }
            """;
        using var runner = Sims.Create(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Json), "swap.json"));
        runner.TryGetAgent("a", out var a);
        runner.Step();
        Assert.Equal(runner.Affect.Intensity(a, EmotionType.Joy), runner.Behaviour().Readiness(a, Tendency.Attack), 6);
        Assert.Equal(0f, runner.Behaviour().Readiness(a, Tendency.Approach));
    }
}
