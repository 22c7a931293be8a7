using System;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Rendering;
using AffectEngine.Scenarios;

namespace AffectEngine.Visualizer.Tests;

/// <summary>Keys 1–4 send an elicit command for the next tick; the run stays what a headless run with the same input computes.</summary>
public sealed class CommandTests
{
    private static string Quickstart() => Repo.Path2("scenarios", "quickstart.json");

    [Fact]
    public void A_key_elicits_in_the_selected_agent_at_the_next_tick_as_a_host_command_would()
    {
        var scenario = ScenarioLoader.Load(Quickstart());
        using var shown = new RunnerSimulation(ScenarioHost.CreateRunner(scenario, null), scenario.Name);
        using var context = new HeadlessContext(320, 200);
        using var session = new VisualizerSession(context, shown);
        for (var i = 0; i < 5; i++)
        {
            session.Advance();
        }

        var agent = Assert.Single(shown.World.Agents, a => shown.Runner.NameOf(a) == "ada");
        var joyBefore = shown.World.Value(agent, shown.Runner.Affect.Fields.Emotion, (int)EmotionType.Joy);
        var tickOfCommand = shown.Tick;
        session.Selected = AgentId.None;
        session.Handle(new WindowInput(WindowInputKind.Character, '1', 0, 0));
        Assert.Contains("select an agent", session.LastCommand, StringComparison.Ordinal);

        session.Selected = agent;
        session.Handle(new WindowInput(WindowInputKind.Character, '1', 0, 0));
        Assert.Contains("joy", session.LastCommand, StringComparison.Ordinal);
        Assert.Equal(joyBefore, shown.World.Value(agent, shown.Runner.Affect.Fields.Emotion, (int)EmotionType.Joy));
        session.Advance();
        Assert.True(shown.World.Value(agent, shown.Runner.Affect.Fields.Emotion, (int)EmotionType.Joy) > joyBefore + 0.5f);
        for (var i = 0; i < 20; i++)
        {
            session.Advance();
        }

        // The same input sent headless, with no visualizer: the same state.
        using var headless = ScenarioHost.CreateRunner(scenario, null);
        headless.Run(tickOfCommand);
        Assert.True(headless.TryGetAgent("ada", out var same));
        headless.Elicit(same, EmotionType.Joy, VisualizerSession.NudgeIntensity, tickOfCommand);
        headless.Run(shown.Tick - tickOfCommand);
        headless.Simulation.ComputeHash();
        Assert.Equal(headless.Simulation.LastHash, shown.StateHash);
    }
}
