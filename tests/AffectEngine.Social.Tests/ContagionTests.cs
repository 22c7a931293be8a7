using System;
using System.Collections.Generic;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

[Collection("contagion switches")]
public sealed class ContagionTests
{
    /// <summary>
    /// Bosse et al. (2015), ASCRIBE: with absorption only (η = 0) the emotion levels of a closed, connected
    /// group converge to a common value that lies between the initial extremes.
    /// </summary>
    [Fact]
    public void Closed_group_converges_to_a_common_fear_level_between_the_initial_extremes_ASCRIBE()
    {
        using var runner = Worlds.Create(s => s.Contagion.Neighbours = NeighbourKind.Network);
        var social = runner.Social();
        var initial = new[] { 0.9f, 0.1f, 0.5f, 0.0f, 0.7f };
        var ids = new AgentId[initial.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Worlds.Add(runner, "g" + i);
            Worlds.SetFear(runner, ids[i], initial[i]);
            social.SetContagionTraits(ids[i], new ContagionTraits(0.2f + (0.15f * i), 0.3f + (0.1f * i), 0f, 0.5f));
        }

        var edges = new List<ContagionEdge>();
        for (var i = 0; i < ids.Length; i++)
        {
            for (var j = 0; j < ids.Length; j++)
            {
                if (i != j)
                {
                    edges.Add(new ContagionEdge(ids[j], ids[i], 1f));
                }
            }
        }

        social.SetNetwork(edges);
        runner.Run(600);
        var min = float.MaxValue;
        var max = float.MinValue;
        foreach (var id in ids)
        {
            min = Math.Min(min, Worlds.Fear(runner, id));
            max = Math.Max(max, Worlds.Fear(runner, id));
        }

        Assert.True(max - min < 1e-3f, $"spread {max - min}");
        Assert.InRange(min, 0.0f, 0.9f);
        Assert.InRange(max, 0.0f, 0.9f);
    }

    /// <summary>
    /// ASCRIBE's channel strength γ_ji = ε_j·α_ji·δ_i: fear spreads along a line of people faster when
    /// they are more expressive (and, symmetrically, more open). Durupinar et al. (2016) report the same
    /// direction for extraverted crowds.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fear_spreads_faster_along_a_line_when_people_are_more_expressive_or_more_open(bool vary_expressiveness)
    {
        var slow = TicksUntilFearArrives(vary_expressiveness ? 0.3f : 0.5f, vary_expressiveness ? 0.5f : 0.3f);
        var fast = TicksUntilFearArrives(vary_expressiveness ? 0.9f : 0.5f, vary_expressiveness ? 0.5f : 0.9f);
        Assert.True(fast < slow, $"fast {fast} ticks, slow {slow} ticks");
    }

    [Fact]
    public void Upward_amplification_raises_the_group_above_its_initial_mean_ASCRIBE_bias()
    {
        using var runner = Worlds.Create(s => s.Contagion.Neighbours = NeighbourKind.Spatial);
        var social = runner.Social();
        var ids = new AgentId[4];
        var initial = new[] { 0.2f, 0.4f, 0.3f, 0.1f };
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Worlds.Add(runner, "m" + i, i * 0.5f, 0);
            Worlds.SetFear(runner, ids[i], initial[i]);
            social.SetContagionTraits(ids[i], new ContagionTraits(0.8f, 0.8f, 1f, 1f));
        }

        runner.Run(50);
        foreach (var id in ids)
        {
            Assert.True(Worlds.Fear(runner, id) > 0.4f, $"{Worlds.Fear(runner, id)}");
        }
    }

    [Fact]
    public void Agents_beyond_the_radius_do_not_catch_fear()
    {
        using var runner = Worlds.Create(s =>
        {
            s.Contagion.Neighbours = NeighbourKind.Spatial;
            s.Contagion.Radius = 2f;
        });
        var a = Worlds.Add(runner, "a", 0, 0);
        var near = Worlds.Add(runner, "near", 1.9f, 0);
        var far = Worlds.Add(runner, "far", 100, 100);
        var negative = Worlds.Add(runner, "neg", -1.5f, -1.2f);
        Worlds.SetFear(runner, a, 1f);
        runner.Run(5);
        Assert.True(Worlds.Fear(runner, near) > 0f);
        Assert.True(Worlds.Fear(runner, negative) > 0f);
        Assert.Equal(0f, Worlds.Fear(runner, far));
    }

    [Fact]
    public void Neighbour_lists_follow_agents_that_move_arrive_and_leave()
    {
        using var runner = Worlds.Create(s =>
        {
            s.Contagion.Neighbours = NeighbourKind.Spatial;
            s.Contagion.Radius = 2f;
        });
        var source = Worlds.Add(runner, "source", 0, 0);
        var walker = Worlds.Add(runner, "walker", 50, 50);
        Worlds.SetFear(runner, source, 1f);
        runner.Run(3);
        Assert.Equal(0f, Worlds.Fear(runner, walker));

        // Between ticks the walker steps next to the frightened agent: the cached lists must notice.
        runner.World.Value(walker, runner.Position, 0) = 1f;
        runner.World.Value(walker, runner.Position, 1) = 0f;
        runner.Run(3);
        var caught = Worlds.Fear(runner, walker);
        Assert.True(caught > 0f, $"{caught}");

        // It walks away again: no more contagion, its fear stays where it was (decay is negligible here).
        runner.World.Value(walker, runner.Position, 0) = 50f;
        runner.Run(3);
        Assert.Equal(caught, Worlds.Fear(runner, walker));

        // A newcomer beside the source catches fear. The source leaves and a frightened stranger arrives
        // far away (in the freed slot, if the world reuses it): the newcomer must not hear the stranger.
        var newcomer = Worlds.Add(runner, "newcomer", 0, 1.5f);
        runner.Run(2);
        Assert.True(Worlds.Fear(runner, newcomer) > 0f);
        Assert.True(runner.World.RemoveAgent(source));
        var stranger = Worlds.Add(runner, "stranger", 100f, 100f);
        Worlds.SetFear(runner, stranger, 1f);
        Worlds.SetFear(runner, newcomer, 0f);
        runner.Run(3);
        Assert.Equal(0f, Worlds.Fear(runner, newcomer));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Vector_and_scalar_sums_give_the_same_hash_every_tick(int threads)
    {
        // The vector path is what runs on AVX2 machines; a Unity or ARM build runs the scalar path. Both
        // must add the same floats in the same order, or lockstep peers on different CPUs would diverge.
        var hashes = new List<ulong>();
        try
        {
            foreach (var scalar in new[] { false, true })
            {
                ContagionSystem.ForceScalar = scalar;
                using var run = Worlds.Mixed(threads, side: 12);
                for (var t = 0; t < 40; t++)
                {
                    run.Step();
                    if (scalar)
                    {
                        Assert.True(hashes[t] == run.LastHash, $"scalar and vector sums differ first at tick {t}");
                    }
                    else
                    {
                        hashes.Add(run.LastHash);
                    }
                }
            }
        }
        finally
        {
            ContagionSystem.ForceScalar = false;
        }
    }

    [Fact]
    public void Invalid_contagion_settings_are_refused_with_the_field_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => Worlds.Create(s =>
        {
            s.Contagion.Neighbours = NeighbourKind.Spatial;
            s.Contagion.Radius = 0;
        }));
        Assert.Contains("contagion.radius", ex.Message);
    }

    private static int TicksUntilFearArrives(float expressiveness, float openness)
    {
        using var runner = Worlds.Create(s =>
        {
            s.Contagion.Neighbours = NeighbourKind.Spatial;
            s.Contagion.Radius = 1.2f;
        });
        var social = runner.Social();
        var line = new AgentId[8];
        for (var i = 0; i < line.Length; i++)
        {
            line[i] = Worlds.Add(runner, "p" + i, i, 0);
            social.SetContagionTraits(line[i], new ContagionTraits(expressiveness, openness, 0f, 0.5f));
        }

        // The source is not open to the others, so it stays afraid (a persistent stimulus).
        social.SetContagionTraits(line[0], new ContagionTraits(expressiveness, 0f, 0f, 0.5f));
        Worlds.SetFear(runner, line[0], 1f);
        for (var t = 1; t <= 20_000; t++)
        {
            runner.Step();
            if (Worlds.Fear(runner, line[^1]) > 0.1f)
            {
                return t;
            }
        }

        return int.MaxValue;
    }
}
