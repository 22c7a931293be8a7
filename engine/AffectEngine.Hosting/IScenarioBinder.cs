using AffectEngine.Scenarios;

namespace AffectEngine.Hosting;

/// <summary>
/// The one place where scenario data beyond the hot affect fields reaches the engine: an engine
/// module that implements this (the appraisal model) receives each agent's goals, standards,
/// attitudes and relations, and each appraisable event (action, actor, targets, beliefs), and turns
/// them into its own state and inputs. <see cref="ScenarioHost.Apply"/> calls every registered
/// module that implements it, in module order, after the agent's personality, mood and position are set.
/// </summary>
public interface IScenarioBinder
{
    /// <summary>Sets up an agent's cold state from its spec (called once per created agent, copies included).</summary>
    void BindAgent(SimulationRunner runner, AgentId agent, AgentSpec spec);

    /// <summary>
    /// Schedules an appraisable event (one with an action or beliefs) for <paramref name="tick"/>;
    /// <paramref name="index"/> is the event's position in the file, usable as the input's sequence.
    /// </summary>
    void ScheduleEvent(SimulationRunner runner, EventSpec spec, int index, long tick);
}
