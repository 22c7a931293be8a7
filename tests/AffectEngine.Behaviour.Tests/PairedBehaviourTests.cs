using System.Linq;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Behaviour.Tests;

/// <summary>
/// Where AVX-512 is accelerated the behaviour pass takes two blocks per 512-bit vector: tendencies, every rule's
/// threshold test and the clearing of the lanes that choose nothing. The 256-bit pass (one block at a time) and the
/// scalar pass are the references: every tendency, every action and coping field and every choice must be theirs,
/// bit for bit, tick after tick.
/// </summary>
public sealed class PairedBehaviourTests
{
    // 203 agents = 26 blocks, the last one part-filled; agents removed below leave dead lanes in some blocks. In two
    // block pairs of three every lane has every rule (one 512-bit test per rule for the pair), in the third the rules
    // differ lane by lane (the pair falls back to block by block); with 1 thread the pass takes 13 pairs, with 3
    // partitions of 9, 9 and 8 blocks the odd ones end on a lone block.
    private const int Agents = 203;

    private static SimulationRunner Create(int threads, bool stageHashes)
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = 21;
            o.World.Threads = threads;
            o.World.HashEachStage = stageHashes;
            o.Affect.SetDecayAll(new DecaySetting(DecayKind.Exponential, 20));
            o.Affect.Events.Enabled = true;
        }).AddBehaviour(b =>
        {
            var flee = new ActionRule { Name = "flee", Utility = 1f, Target = TargetKind.Nearest, Radius = 4f, Move = MoveKind.Away, Speed = 1f, MaxSpeed = 3f, CooldownTicks = 2, Appraised = false };
            flee.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Fear, 0.5f, 1f));
            var comfort = new ActionRule { Name = "comfort", Utility = 0.5f, Appraised = false };
            comfort.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Pity, 0.4f, 1f));
            comfort.Conditions.Add(new Condition(ConditionKind.Mood, 0, -1f, 0.5f));
            var lash = new ActionRule { Name = "lash-out", Utility = 0.7f, CooldownTicks = 3, Appraised = false };
            lash.Conditions.Add(new Condition(ConditionKind.Tendency, (int)Tendency.Attack, 0.45f, 1f));
            var tie = new ActionRule { Name = "sulk", Utility = 0.7f, Appraised = false };
            tie.Conditions.Add(new Condition(ConditionKind.Tendency, (int)Tendency.Withdraw, 0.3f, 1f));
            b.Actions.Add(flee);
            b.Actions.Add(comfort);
            b.Actions.Add(lash);
            b.Actions.Add(tie);
            b.Coping = new CopingSettings { StressThreshold = 0.6f };
        });
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var module = runner.Behaviour();
        var ids = new AgentId[Agents];
        for (var i = 0; i < Agents; i++)
        {
            ids[i] = runner.AddAgent("a" + i);
            runner.World.Value(ids[i], runner.Position, 0) = i % 15;
            runner.World.Value(ids[i], runner.Position, 1) = i / 15;
            var mask = (i / 16) % 3 != 2 ? 0b1111UL : (ulong)((i * 7) % 16);
            module.SetRules(ids[i], mask);
        }

        for (var i = 0; i < Agents; i += 37)
        {
            runner.World.RemoveAgent(ids[i]);
        }

        Stir(runner, 0);
        return runner;
    }

    /// <summary>New intensities every few ticks (different agents each time), so lanes cross the thresholds both ways.</summary>
    private static void Stir(SimulationRunner runner, int tick)
    {
        var emotion = runner.World.Field("emotion");
        foreach (var id in runner.World.Agents)
        {
            var rng = new RandomStream(77, 5, tick, id.Slot);
            if (rng.NextSingle() < 0.5f)
            {
                continue;
            }

            for (var e = 0; e < Emotions.Count; e++)
            {
                runner.World.Value(id, emotion, e) = rng.NextSingle() < 0.3f ? rng.NextSingle() : 0f;
            }

            runner.Affect.SetMood(id, new Pad((rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1));
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(3, true)]
    public void Two_blocks_per_vector_give_the_tendencies_and_choices_of_the_256_bit_and_scalar_passes(int threads, bool unfused)
    {
        using var wide = Create(threads, unfused);
        using var narrow = Create(threads, unfused);
        using var scalar = Create(threads, unfused);
        narrow.Behaviour().Pass!.Narrow = true;
        scalar.Behaviour().Pass!.ScalarOnly = true;
        var fields = new[] { wide.World.Field("tendency"), wide.Behaviour().Action, wide.Behaviour().CopingField };
        var names = new[] { "tendency", "action", "coping" };
        long actions = 0;
        var chosen = new int[4];
        for (var t = 0; t < 24; t++)
        {
            if (t % 4 == 3)
            {
                Stir(wide, t);
                Stir(narrow, t);
                Stir(scalar, t);
            }

            wide.Step();
            narrow.Step();
            scalar.Step();
            Assert.Equal(!unfused, wide.Simulation.IsFused(wide.Behaviour().Pass!));
            foreach (var id in scalar.World.Agents)
            {
                for (var f = 0; f < fields.Length; f++)
                {
                    var field = fields[f];
                    for (var k = 0; k < field.Width; k++)
                    {
                        var expected = System.BitConverter.SingleToInt32Bits(scalar.World.Value(id, field, k));
                        Assert.True(expected == System.BitConverter.SingleToInt32Bits(wide.World.Value(id, field, k)), $"tick {t}, slot {id.Slot}, {names[f]} [{k}]: 512-bit pass differs");
                        Assert.True(expected == System.BitConverter.SingleToInt32Bits(narrow.World.Value(id, field, k)), $"tick {t}, slot {id.Slot}, {names[f]} [{k}]: 256-bit pass differs");
                    }
                }
            }

            var happenings = scalar.Behaviour().Happenings.ToArray();
            Assert.Equal(happenings, wide.Behaviour().Happenings.ToArray());
            Assert.Equal(happenings, narrow.Behaviour().Happenings.ToArray());
            Assert.Equal(scalar.World.Events.Events.ToArray(), wide.World.Events.Events.ToArray());
            Assert.True(scalar.Simulation.ComputeHash() == wide.Simulation.ComputeHash(), $"512-bit and scalar passes differ first at tick {t}");
            Assert.True(scalar.Simulation.ComputeHash() == narrow.Simulation.ComputeHash(), $"256-bit and scalar passes differ first at tick {t}");
            foreach (var h in happenings.Where(h => h.Kind == HappeningKind.ActionChosen))
            {
                actions++;
                chosen[h.Action]++;
            }

        }

        // Not vacuous: every rule was chosen, many times, by the agents of both kinds of block.
        Assert.True(actions > 200 && chosen.All(c => c > 10), $"{actions} actions: {string.Join(", ", chosen)}");
    }
}
