using System.IO;
using System.Linq;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Social.Tests;

/// <summary>
/// The expression pass runs inside the contagion pass (IFusablePass) when the two are adjacent; every
/// agent's dominant emotion, action units, octant and mood class, and so every hash, must be those of the
/// expression pass running alone at its place in the Express stage.
/// </summary>
public sealed class FusedExpressTests
{
    private static SimulationRunner Crowd(int threads, bool between, bool stageHashes = false)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(CrowdContagionTests.Root(), "sims", "crowd-contagion", "crowd.json"));
        var runner = ScenarioHost.CreateRunner(
            scenario,
            new RunOverrides { Threads = threads },
            b => b.Services.AddAffectEngine(o => o.World.HashEachStage = stageHashes));
        if (between)
        {
            // A system after the contagion pass in the Social stage: the two passes are no longer adjacent.
            runner.Simulation.Attach(new Between());
        }

        return runner;
    }

    private static ISystem Contagion(SimulationRunner runner) =>
        runner.Simulation.SystemsOf(TickStage.Social).Single(s => s.Name == "social.contagion");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fused_expression_gives_every_agent_what_the_expression_pass_alone_gives(int threads)
    {
        using var fused = Crowd(threads, between: false);
        using var alone = Crowd(threads, between: true);
        Assert.Equal("affect.express", Assert.IsAssignableFrom<ISystem>(fused.Simulation.FusableAfter(Contagion(fused))).Name);
        Assert.Null(alone.Simulation.FusableAfter(Contagion(alone)));
        var affect = fused.Affect;
        var aloneAffect = alone.Affect;
        var dominantSeen = 0;
        var unitsSeen = 0;
        for (var t = 0; t < 150; t++)
        {
            fused.Step();
            alone.Step();
            Assert.True(alone.LastHash == fused.LastHash, $"fused and unfused expression differ first at tick {t}");
            foreach (var id in fused.World.Agents)
            {
                var a = affect.Expression(id);
                var b = aloneAffect.Expression(id);
                Assert.Equal(b.Dominant, a.Dominant);
                Assert.Equal(b.Octant, a.Octant);
                Assert.Equal(b.MoodClass, a.MoodClass);
                foreach (var unit in AffectFields.ActionUnits)
                {
                    Assert.Equal(b.ActionUnit(unit), a.ActionUnit(unit));
                    unitsSeen += a.ActionUnit(unit) > 0f ? 1 : 0;
                }

                dominantSeen += a.Dominant >= 0 ? 1 : 0;
            }
        }

        // The fright must have spread and shown on faces, or the comparison covers nothing.
        Assert.True(dominantSeen > 1000 && unitsSeen > 1000, $"{dominantSeen} dominant emotions, {unitsSeen} action units seen");
    }

    [Fact]
    public void With_a_hash_after_every_stage_the_expression_pass_runs_at_its_own_place()
    {
        using var staged = Crowd(1, between: false, stageHashes: true);
        using var alone = Crowd(1, between: true, stageHashes: true);
        Assert.Null(staged.Simulation.FusableAfter(Contagion(staged)));
        for (var t = 0; t < 40; t++)
        {
            staged.Step();
            alone.Step();

            // The Social stage's hash must not include this tick's expressions (they come in the Express stage).
            Assert.Equal(alone.Simulation.LastStageHashes.ToArray(), staged.Simulation.LastStageHashes.ToArray());
        }
    }

    private sealed class Between : IWorldSystem
    {
        public string Name => "test.between";

        public TickStage Stage => TickStage.Social;

        public void Execute(in TickContext context)
        {
        }
    }
}
