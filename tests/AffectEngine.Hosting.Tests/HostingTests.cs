using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Hosting.Tests;

public sealed class HostingTests
{
    private static SimulationRunner Build(Action<AffectEngineOptions> configure, Action<AffectEngineBuilder>? extend = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddAffectEngine(configure);
        extend?.Invoke(builder);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SimulationRunnerFactory>().Create();
    }

    [Theory]
    [InlineData("Threads")]
    [InlineData("StepSeconds")]
    [InlineData("ambient.rate")]
    [InlineData("MoodChangeSeconds")]
    public void Invalid_options_are_refused_with_the_field_named(string field)
    {
        var ex = Assert.Throws<ArgumentException>(() => Build(o =>
        {
            switch (field)
            {
                case "Threads": o.World.Threads = 0; break;
                case "StepSeconds": o.World.StepSeconds = -1; break;
                case "ambient.rate": o.Ambient.Rate = 2; break;
                default: o.Affect.MoodChangeSeconds = 0; break;
            }
        }));
        Assert.Contains(field, ex.Message);
    }

    [Fact]
    public void Every_bad_option_is_reported_at_once_with_its_path_and_range()
    {
        var ex = Assert.Throws<ArgumentException>(() => Build(o =>
        {
            o.World.Threads = 0;
            o.World.StepSeconds = -1;
            o.Affect.MoodChangeSeconds = 0;
            o.Ambient.Rate = 2;
            o.AppraisalModel = "nope";
        }));
        Assert.Equal(
            [
                "AffectEngineOptions.World.StepSeconds must be a number in (0, 3600]; got -1.",
                "AffectEngineOptions.World.Threads must be in [1, 256]; got 0.",
                "AffectEngineOptions.Affect.MoodChangeSeconds must be a positive finite number; got 0.",
                "AffectEngineOptions.AppraisalModel: no appraisal model named 'nope' is registered.",
                "AffectEngineOptions.ambient.rate must be in [0, 1]; got 2.",
            ],
            ex.Message.Split('\n'));
    }

    [Fact]
    public void Every_bad_social_setting_is_reported_at_once()
    {
        var ex = Assert.Throws<ArgumentException>(() => Build(_ => { }, b => b.AddSocial(s =>
        {
            s.Memory.Capacity = -1;
            s.Memory.Decay = float.NaN;
            s.Relations.LikingRate = 1.5f;
        })));
        Assert.Equal(
            [
                "SocialSettings.memory.capacity must be in [0, 4096]; got -1.",
                "SocialSettings.memory.decay must be in [0, 10]; got NaN.",
                "SocialSettings.relations.likingRate must be in [0, 1]; got 1.5.",
            ],
            ex.Message.Split('\n'));
    }

    [Fact]
    public void Valid_options_have_no_problems()
    {
        Assert.Empty(new AffectEngineOptions().Validate());
        Assert.Empty(new Social.SocialSettings().Validate());
    }

    [Fact]
    public void AddAffectEngine_twice_configures_one_engine()
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o => o.World.Seed = 5);
        services.AddAffectEngine(o => o.World.Threads = 2);
        using var provider = services.BuildServiceProvider();
        using var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        Assert.Equal(5UL, runner.World.Seed);
        Assert.Equal(2, runner.Simulation.Threads);
        Assert.Equal(2, runner.Modules.Count);
    }

    [Fact]
    public void Added_systems_run_in_their_stage_after_the_modules_systems()
    {
        var seen = new List<long>();
        using var runner = Build(_ => { }, b => b.AddSystem(w => new Probe(seen)));
        runner.Run(3);
        Assert.Equal([0L, 1L, 2L], seen);
        Assert.Contains(runner.Simulation.SystemsOf(TickStage.Publish), s => s is Probe);
    }

    [Fact]
    public void Each_runner_gets_its_own_world()
    {
        var services = new ServiceCollection();
        services.AddAffectEngine();
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<SimulationRunnerFactory>();
        using var a = factory.Create();
        using var b = factory.Create();
        a.AddAgent("x");
        Assert.Equal(1, a.World.AgentCount);
        Assert.Equal(0, b.World.AgentCount);
    }

    [Fact]
    public void An_elicited_emotion_moves_the_mood_toward_its_PAD_point_and_it_returns_afterwards()
    {
        using var runner = Build(o =>
        {
            o.World.StepSeconds = 1;
            o.Affect.SetDecay(EmotionType.Anger, new DecaySetting(DecayKind.Exponential, 600));
        });
        var agent = runner.AddAgent("x");
        for (var t = 0; t < 120; t += 10)
        {
            runner.Elicit(agent, EmotionType.Anger, 1f, atTick: t);
        }

        runner.Run(120);
        var mood = runner.Affect.Mood(agent);
        // Anger is (-0.51, 0.59, 0.25) in ALMA's table: the mood moved that way from the neutral default.
        Assert.True(mood.P < -0.05f && mood.A > 0.05f && mood.D > 0.02f, mood.ToString());

        // With no more anger (it decays with a 600 s half-life), the mood drifts back toward the neutral default.
        var before = runner.Affect.Mood(agent).Length;
        runner.Run(7200);
        Assert.True(runner.Affect.Mood(agent).Length < before / 2, runner.Affect.Mood(agent).ToString());
    }

    [Fact]
    public void Scenario_agents_and_events_are_applied()
    {
        var json = """
        {
          "run": { "ticks": 10, "step": "1s", "seed": 3 },
          "agents": [ { "id": "ann", "personality": { "o": 0, "c": 0, "e": 1, "a": 0, "n": 0 }, "position": { "x": 4, "y": -2 } },
                      { "id": "crowd", "count": 3 } ],
          "events": [ { "tick": 2, "elicit": { "agent": "ann", "emotion": "joy", "intensity": 0.5 } } ]
        }
        """u8;
        var scenario = ScenarioLoader.Parse(json, "inline.json");
        using var runner = ScenarioHost.CreateRunner(scenario);
        Assert.Equal(4, runner.World.AgentCount);
        Assert.True(runner.TryGetAgent("crowd#2", out _));
        Assert.True(runner.TryGetAgent("ann", out var ann));
        Assert.Equal(4f, runner.World.Value(ann, runner.Position, 0));
        Assert.Equal(new Pad(0.21f, 0f, 0.6f), runner.Affect.DefaultMood(ann));
        runner.Run(2);
        Assert.Equal(0f, runner.Affect.Intensity(ann, EmotionType.Joy));
        runner.Step();
        Assert.True(runner.Affect.Intensity(ann, EmotionType.Joy) > 0.4f);
    }

    private sealed class Probe(List<long> seen) : IWorldSystem
    {
        public string Name => "probe";

        public TickStage Stage => TickStage.Publish;

        public void Execute(in TickContext context) => seen.Add(context.Tick);
    }
}
