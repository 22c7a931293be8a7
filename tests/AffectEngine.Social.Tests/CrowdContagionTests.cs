using System;
using System.IO;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Social.Tests;

/// <summary>
/// sims/crowd-contagion: the scenario file (positions and the fright) plus the social wiring the JSON
/// cannot express yet. The crowd is a "mob" in ASCRIBE terms (amplification η = 0.8 with upward bias
/// β = 1; Bosse et al. 2015) with ε and δ from personality (Durupinar et al. 2016 direction).
/// </summary>
public sealed class CrowdContagionTests
{
    public static SimulationRunner CreateCrowd(int threads = 1)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Root(), "sims", "crowd-contagion", "crowd.json"));
        var runner = ScenarioHost.CreateRunner(scenario, new RunOverrides { Threads = threads }, b => b.AddSocial(s =>
        {
            s.Contagion.Neighbours = NeighbourKind.Spatial;
            s.Contagion.Radius = 1.5f;
        }));
        var spec = new SocialSpec { TraitsFromPersonality = true };
        foreach (var a in scenario.Agents)
        {
            spec.Traits.Add(new ContagionTraitsSpec(a.Id, Amplification: 0.8f, Bias: 1f));
        }

        SocialSetup.Apply(runner, spec);
        return runner;
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
