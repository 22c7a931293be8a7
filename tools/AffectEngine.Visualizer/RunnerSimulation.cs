using System;
using System.Collections.Generic;
using AffectEngine.Core;
using AffectEngine.Hosting;

namespace AffectEngine.Visualizer;

/// <summary>
/// Shows a hosting <see cref="SimulationRunner"/>, the same object <c>affect run</c> drives: the
/// visualizer calls <see cref="SimulationRunner.Step"/> and reads the world, so a visual run of a
/// scenario ends with the hash the CLI prints.
/// </summary>
public sealed class RunnerSimulation : IVisualizedSimulation, IAgentNotesProvider, IEngineEventNamer
{
    private readonly SimulationRunner _runner;
    private readonly bool _owns;
    private readonly IDisposable? _companion;
    private readonly SocialView? _social;
    private readonly AffectEngine.Behaviour.BehaviourModule? _behaviour;

    /// <summary>
    /// Wraps a runner; when <paramref name="owns"/> is true, disposing this disposes it.
    /// <paramref name="companion"/> (the run's perception sources) is disposed with it.
    /// </summary>
    public RunnerSimulation(SimulationRunner runner, string name, bool owns = true,
        IRelationProvider? relations = null, IPerceivedEmotionProvider? perceived = null, IDisposable? companion = null)
    {
        _companion = companion;
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _owns = owns;
        Name = name;
        _social = SocialView.Of(runner);

        // Made once: the visualizer asks for it every frame.
        ActionUnitsOnRead = runner.Affect.Fields.HasActionUnitFields
            ? null
            : (agent, destination) => runner.Affect.Expression(agent).CopyActionUnits(destination);
        Relations = relations ?? _social;
        Perceived = perceived;
        foreach (var module in runner.Modules)
        {
            if (module is BehaviourEngineModule b)
            {
                _behaviour = b.Behaviour;
            }
        }

        // Before the first tick the hash is of the initial state, as `affect run --ticks 0` prints it.
        if (runner.Tick == 0)
        {
            runner.Simulation.ComputeHash();
        }
    }

    /// <summary>The runner shown.</summary>
    public SimulationRunner Runner => _runner;

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public World World => _runner.World;

    /// <inheritdoc />
    public long Tick => _runner.Tick;

    /// <inheritdoc />
    public ulong StateHash => _runner.LastHash;

    /// <inheritdoc />
    public IRelationProvider? Relations { get; }

    /// <inheritdoc />
    public IPerceivedEmotionProvider? Perceived { get; }

    /// <inheritdoc />
    public IAgentNotesProvider? Notes => this;

    /// <inheritdoc />
    public IEngineEventNamer? EventNames => this;

    /// <inheritdoc />
    public ActionUnitReader? ActionUnitsOnRead { get; }

    /// <inheritdoc />
    public string? CodeName(in EngineEvent e) => _behaviour?.CodeName(e) ?? AffectEngine.Affect.EngineEventNames.Code(e);

    /// <inheritdoc />
    public string? ActionOf(World world, AgentId agent)
    {
        if (_behaviour is null || !world.IsAlive(agent))
        {
            return null;
        }

        var action = _behaviour.ChosenAction(agent);
        return action >= 0 ? _behaviour.Settings.Actions[action].Name : null;
    }

    /// <inheritdoc />
    public void Step()
    {
        _runner.Step();
        if (!_runner.World.Options.HashEveryTick)
        {
            _runner.Simulation.ComputeHash();
        }
    }

    /// <inheritdoc />
    public bool TryElicit(AgentId agent, AffectEngine.Affect.EmotionType emotion, float intensity)
    {
        if (!_runner.World.IsAlive(agent))
        {
            return false;
        }

        // Stamped with the next tick: the runner's input queue puts it in canonical order with the
        // scenario's own events, and a record of the run replays it.
        _runner.Elicit(agent, emotion, intensity, _runner.Tick);
        return true;
    }

    /// <inheritdoc />
    public void GetNotes(World world, AgentId agent, int max, List<string> into) => _social?.GetNotes(world, agent, max, into);

    /// <inheritdoc />
    public string? NameOf(World world, AgentId agent)
    {
        var name = _runner.NameOf(agent);
        return name.Length == 0 ? null : name;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _companion?.Dispose();
        if (_owns)
        {
            _runner.Dispose();
        }
    }
}
