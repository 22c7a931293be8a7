using System.Collections.Generic;
using AffectEngine.Hosting;

namespace AffectEngine.Behaviour.Tests;

/// <summary>
/// Event extraction runs inside the behaviour pass (IFusablePass) when nothing runs between the two; the
/// events, their order and every hash must be those of the extraction running alone in the Publish stage.
/// </summary>
public sealed class FusedEventsTests
{
    private static SimulationRunner Panic(int threads, bool between)
    {
        var runner = ScenarioHost.CreateRunner(
            Sims.Load("sims", "crowd-contagion", "panic.json"),
            new RunOverrides { Threads = threads },
            b => b.Services.AddAffectEngine(o => o.Affect.Events.Enabled = true));
        if (between)
        {
            // A system after behaviour.act in the Express stage: the two passes are no longer adjacent.
            runner.Simulation.Attach(new Between());
        }

        return runner;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fused_extraction_reports_what_the_extraction_alone_reports(int threads)
    {
        using var fused = Panic(threads, between: false);
        using var alone = Panic(threads, between: true);
        var pass = fused.Behaviour().Pass!;
        Assert.NotNull(fused.Simulation.FusableAfter(pass));
        Assert.Null(alone.Simulation.FusableAfter(alone.Behaviour().Pass!));
        var affectEvents = 0;
        var actions = 0;
        for (var t = 0; t < 120; t++)
        {
            fused.Step();
            alone.Step();
            var a = new List<EngineEvent>(fused.World.Events.Events.ToArray());
            var b = new List<EngineEvent>(alone.World.Events.Events.ToArray());
            Assert.Equal(b, a);
            Assert.Equal(alone.Simulation.ComputeHash(), fused.Simulation.ComputeHash());
            foreach (var e in a)
            {
                affectEvents += e.Kind is EngineEventKind.EmotionRose or EngineEventKind.EmotionFell or EngineEventKind.DominantChanged or EngineEventKind.MoodOctantChanged ? 1 : 0;
                actions += e.Kind == EngineEventKind.ActionChosen ? 1 : 0;
            }
        }

        Assert.True(affectEvents > 100 && actions > 100, $"{affectEvents} affect events, {actions} actions: the comparison covers too little");
    }

    [Fact]
    public void The_scalar_behaviour_pass_hosts_the_extraction_as_the_vector_pass_does()
    {
        using var vector = Panic(1, between: false);
        using var scalar = Panic(1, between: false);
        scalar.Behaviour().Pass!.ScalarOnly = true;
        for (var t = 0; t < 80; t++)
        {
            vector.Step();
            scalar.Step();
            Assert.Equal(vector.World.Events.Events.ToArray(), scalar.World.Events.Events.ToArray());
        }
    }

    private sealed class Between : IWorldSystem
    {
        public string Name => "test.between";

        public TickStage Stage => TickStage.Express;

        public void Execute(in TickContext context)
        {
        }
    }
}
