using System;
using System.Collections.Generic;
using System.Linq;
using AffectEngine.Social;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Hosting.Tests;

public sealed class PipelineTests
{
    /// <summary>The order within a stage is part of the state hash: changing it must be a visible, deliberate edit here.</summary>
    [Fact]
    public void The_declared_default_pipeline_is_pinned()
    {
        var listed = TickPipeline.Default.Select(s => $"{s.Stage}:{s.System}").ToArray();
        Assert.Equal(
            [
                "Inputs:affect.elicit",
                "Perceive:affect.perceive",
                "Appraise:affect.ambient",
                "Appraise:affect.appraise",
                "Appraise:behaviour.appraise-actions",
                "Affect:affect.dynamics",
                "Social:social.encounters",
                "Social:social.contagion.capture",
                "Social:social.contagion",
                "Express:affect.express",
                "Express:behaviour.act",
                "Publish:affect.events",
                "Publish:persistence.record",
            ],
            listed);
        Assert.Equal(listed.Length, listed.Distinct().Count());
        Assert.True(TickPipeline.Default.Zip(TickPipeline.Default.Skip(1)).All(p => p.First.Stage <= p.Second.Stage), "stages in run order");
    }

    [Fact]
    public void A_runner_with_every_builtin_module_attaches_exactly_the_declared_systems_in_order()
    {
        using var runner = Build(ambient: 0.1f, optional: true);
        var attached = new List<string>();
        foreach (TickStage stage in Enum.GetValues(typeof(TickStage)))
        {
            attached.AddRange(runner.Simulation.SystemsOf(stage).Select(s => $"{stage}:{s.Name}"));
        }

        var declared = TickPipeline.Default.Where(s => s.Module != "host").Select(s => $"{s.Stage}:{s.System}");
        Assert.Equal(declared, attached);
    }

    [Fact]
    public void Conditional_systems_are_left_out_without_changing_the_order_of_the_rest()
    {
        using var runner = Build(ambient: 0f, optional: false);
        Assert.Equal(["affect.appraise"], runner.Simulation.SystemsOf(TickStage.Appraise).Select(s => s.Name));
        Assert.Equal(["social.encounters"], runner.Simulation.SystemsOf(TickStage.Social).Select(s => s.Name));
        Assert.Equal(["affect.express"], runner.Simulation.SystemsOf(TickStage.Express).Select(s => s.Name));
        Assert.Empty(runner.Simulation.SystemsOf(TickStage.Publish));
    }

    [Fact]
    public void A_module_that_attaches_declared_systems_out_of_order_is_refused_when_the_runner_is_made()
    {
        var services = new ServiceCollection();
        services.AddAffectEngine().AddModule(_ => new OutOfOrder());
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<SimulationRunnerFactory>().Create());
        Assert.Contains("affect.ambient", ex.Message);
        Assert.Contains("TickPipeline.Default", ex.Message);
    }

    private static SimulationRunner Build(float ambient, bool optional)
    {
        var services = new ServiceCollection();
        var builder = services.AddAffectEngine(o =>
        {
            o.Ambient.Rate = ambient;
            o.Affect.Events.Enabled = optional;
        }).AddSocial(s =>
        {
            if (optional)
            {
                s.Contagion.Neighbours = NeighbourKind.Spatial;
                s.Contagion.Radius = 2f;
            }
        });
        if (optional)
        {
            builder.AddBehaviour();
        }

        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SimulationRunnerFactory>().Create();
    }

    /// <summary>A module attaching a system named like the declared ambient system after the appraisal system.</summary>
    private sealed class OutOfOrder : IEngineModule
    {
        public string Name => "out-of-order";

        public void Declare(Core.AgentSchema.Builder schema)
        {
        }

        public void Attach(Core.Simulation simulation) => simulation.Attach(new Named("affect.ambient"));
    }

    private sealed class Named(string name) : IWorldSystem
    {
        public string Name => name;

        public TickStage Stage => TickStage.Appraise;

        public void Execute(in TickContext context)
        {
        }
    }
}
