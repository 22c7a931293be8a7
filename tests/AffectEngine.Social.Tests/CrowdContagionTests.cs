using System;
using System.IO;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Social.Tests;

/// <summary>
/// sims/crowd-contagion from its JSON alone: the "social" section sets spatial contagion (radius 1.5 m),
/// ε and δ from personality (Durupinar et al. 2016 direction) and a "mob" (amplification η = 0.8 with
/// upward bias β = 1; ASCRIBE, Bosse et al. 2015). No C# wiring.
/// </summary>
public sealed class CrowdContagionTests
{
    public static SimulationRunner CreateCrowd(int threads = 1, Action<Scenario>? change = null)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Root(), "sims", "crowd-contagion", "crowd.json"));
        change?.Invoke(scenario);
        return ScenarioHost.CreateRunner(scenario, new RunOverrides { Threads = threads });
    }

    [Fact]
    public void A_fright_at_the_centre_spreads_through_the_crowd_and_reaches_the_edge_last()
    {
        using var runner = CreateCrowd();
        runner.TryGetAgent("p15_15", out var centre);
        runner.TryGetAgent("p18_15", out var near);
        runner.TryGetAgent("p29_29", out var corner);
        long nearAt = -1, cornerAt = -1;
        for (var t = 0; t < 400 && cornerAt < 0; t++)
        {
            runner.Step();
            if (nearAt < 0 && runner.Affect.Intensity(near, EmotionType.Fear) > 0.2f)
            {
                nearAt = t;
            }

            if (cornerAt < 0 && runner.Affect.Intensity(corner, EmotionType.Fear) > 0.2f)
            {
                cornerAt = t;
            }
        }

        Assert.True(nearAt > 10, $"fear reached 3 m away at tick {nearAt}");
        Assert.True(cornerAt > nearAt, $"near {nearAt}, corner {cornerAt}");
        var afraid = 0;
        foreach (var id in runner.World.Agents)
        {
            afraid += runner.Affect.Intensity(id, EmotionType.Fear) > 0.2f ? 1 : 0;
        }

        Assert.True(afraid > runner.World.AgentCount / 2, $"{afraid} of {runner.World.AgentCount} afraid");
        Assert.True(runner.Affect.Intensity(centre, EmotionType.Fear) > 0f);
    }

    [Fact]
    public void The_json_sets_the_traits_the_readme_describes()
    {
        using var runner = CreateCrowd();
        runner.TryGetAgent("p3_0", out var extravert);
        runner.TryGetAgent("p0_0", out var introvert);
        var social = runner.Social();
        var e = social.ContagionTraitsOf(extravert);
        var i = social.ContagionTraitsOf(introvert);
        Assert.Equal(0.8f, e.Amplification);
        Assert.Equal(1f, e.Bias);
        Assert.True(e.Expressiveness > i.Expressiveness, $"E = 0.5 expresses {e.Expressiveness}, E = -0.5 expresses {i.Expressiveness}");
        Assert.Equal(NeighbourKind.Spatial, social.Settings.Contagion.Neighbours);
    }

    [Fact]
    public void An_audience_that_absorbs_lets_the_fright_die_out_where_a_mob_spreads_it()
    {
        // README's contrast (Durupinar et al. 2016's audience vs mob, in ASCRIBE's terms): with
        // amplification 0 the fright is diluted among the neighbours.
        using var audience = CreateCrowd(change: s => s.Social!.Contagion!.Defaults!.Amplification = 0f);
        using var mob = CreateCrowd();
        audience.Run(200);
        mob.Run(200);
        static int Afraid(SimulationRunner r)
        {
            var n = 0;
            foreach (var id in r.World.Agents)
            {
                n += r.Affect.Intensity(id, EmotionType.Fear) > 0.2f ? 1 : 0;
            }

            return n;
        }

        Assert.True(Afraid(audience) < 10, $"audience: {Afraid(audience)} afraid");
        Assert.True(Afraid(mob) > 450, $"mob: {Afraid(mob)} afraid");
    }

    [Fact]
    public void The_crowd_gives_the_same_hashes_at_one_and_two_threads()
    {
        using var one = CreateCrowd(1);
        using var two = CreateCrowd(2);
        for (var t = 0; t < 80; t++)
        {
            one.Step();
            two.Step();
            Assert.True(one.LastHash == two.LastHash, $"tick {t}");
        }
    }

    internal static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "AffectEngine.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("AffectEngine.sln not found above the test directory.");
    }
}
