using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Determinism.Tests;

/// <summary>A reproducible workload: agents with seeded personalities, background stimuli and scheduled impulses.</summary>
internal static class Runs
{
    public static SimulationRunner Create(ulong seed, int threads, int agents = 300, bool hashEachStage = false)
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = seed;
            o.World.Threads = threads;
            o.World.StepSeconds = 0.5;
            o.World.HashEachStage = hashEachStage;
            o.Ambient.Rate = 0.05f;
            o.Ambient.MaxIntensity = 0.8f;
        });
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        for (var i = 0; i < agents; i++)
        {
            var id = runner.AddAgent("a" + i);
            // Personalities come from a fixed stream (not the run's seed): only the seed under test varies.
            var r = new RandomStream(12345, 0, 0, i);
            runner.Affect.SetPersonality(id, new Ocean(
                (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1));
            if (i % 7 == 0)
            {
                runner.Elicit(id, (EmotionType)(i % Emotions.Count), 0.9f, atTick: i % 40);
            }
        }

        return runner;
    }

    public static List<ulong> Hashes(SimulationRunner runner, int ticks)
    {
        var hashes = new List<ulong>(ticks);
        for (var t = 0; t < ticks; t++)
        {
            runner.Step();
            hashes.Add(runner.LastHash);
        }

        return hashes;
    }

    /// <summary>The first tick whose hash differs, or -1.</summary>
    public static int FirstDifference(IReadOnlyList<ulong> a, IReadOnlyList<ulong> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return a.Count == b.Count ? -1 : Math.Min(a.Count, b.Count);
    }
}
