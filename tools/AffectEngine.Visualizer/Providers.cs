using System;
using System.Collections.Generic;
using AffectEngine.Core;

namespace AffectEngine.Visualizer;

/// <summary>One directed relation between two agents.</summary>
/// <param name="From">The agent who feels.</param>
/// <param name="To">The agent felt about.</param>
/// <param name="Liking">Liking in [-1, 1] (ALMA's liking/disliking as one signed value).</param>
public readonly record struct Relation(AgentId From, AgentId To, float Liking);

/// <summary>Supplies the relations to draw as lines (the social module implements it).</summary>
public interface IRelationProvider
{
    /// <summary>Appends the current relations to <paramref name="into"/>; called between ticks, read only.</summary>
    void GetRelations(World world, List<Relation> into);
}

/// <summary>A human's recognized emotion shown beside the agent that reacts to it.</summary>
/// <param name="Agent">The agent beside which the label is drawn.</param>
/// <param name="Person">Who was perceived (e.g. "trainee").</param>
/// <param name="Label">The canonical category (e.g. "happy", "angry").</param>
/// <param name="Valence">Valence in [-1, 1].</param>
/// <param name="Arousal">Arousal in [-1, 1].</param>
/// <param name="Confidence">Fused confidence in [0, 1].</param>
public readonly record struct PerceivedEmotion(AgentId Agent, string Person, string Label, float Valence, float Arousal, float Confidence);

/// <summary>Supplies perceived human emotions (the perception module implements it).</summary>
public interface IPerceivedEmotionProvider
{
    /// <summary>Appends the current fused percepts to <paramref name="into"/>; read only.</summary>
    void GetPerceived(World world, List<PerceivedEmotion> into);
}

/// <summary>Supplies lines of text about an agent for its panel (recent memories, goals).</summary>
public interface IAgentNotesProvider
{
    /// <summary>Appends up to <paramref name="max"/> lines about <paramref name="agent"/>, newest first; read only.</summary>
    void GetNotes(World world, AgentId agent, int max, List<string> into);

    /// <summary>A display name for the agent (scenario id), or null to show its slot.</summary>
    string? NameOf(World world, AgentId agent);
}

/// <summary>Names what the engine's events and agents' actions are about (a run with the behaviour layer implements it).</summary>
public interface IEngineEventNamer
{
    /// <summary>The name of the event's code (the action, the coping strategy, the emotion, the octant), or null when unknown.</summary>
    string? CodeName(in EngineEvent e);

    /// <summary>The action <paramref name="agent"/> chose in the last tick, or null for none.</summary>
    string? ActionOf(World world, AgentId agent);
}

/// <summary>
/// The simulation the visualizer drives. The visualizer calls <see cref="Step"/>, reads
/// <see cref="World"/> between steps and never writes it; anything it wants changed goes through
/// <see cref="World.Inputs"/> stamped with a later tick, so a visual run hashes like a headless one.
/// </summary>
public interface IVisualizedSimulation : IDisposable
{
    /// <summary>A short name for the title bar and the console.</summary>
    string Name { get; }

    /// <summary>The world being simulated.</summary>
    World World { get; }

    /// <summary>Ticks completed.</summary>
    long Tick { get; }

    /// <summary>The state hash after the last completed tick (of the initial state before any).</summary>
    ulong StateHash { get; }

    /// <summary>Runs one tick.</summary>
    void Step();

    /// <summary>Relations to draw, when the simulation has a social model.</summary>
    IRelationProvider? Relations { get; }

    /// <summary>Perceived human emotions, when the simulation has perception sources.</summary>
    IPerceivedEmotionProvider? Perceived { get; }

    /// <summary>Names and memories for the panel.</summary>
    IAgentNotesProvider? Notes { get; }

    /// <summary>Names of event codes and chosen actions for the event log and action labels, when the run has them.</summary>
    IEngineEventNamer? EventNames => null;

    /// <summary>
    /// Computes an agent's action units when the run computes them on read (its world has no <c>express.au.*</c>
    /// fields; scenario <c>run.actionUnits: "onRead"</c>), else null: the faces then read the fields.
    /// </summary>
    ActionUnitReader? ActionUnitsOnRead => null;

    /// <summary>
    /// Sends a command: elicit <paramref name="emotion"/> in <paramref name="agent"/> at the next tick
    /// (never the one shown, so the state on screen stays what a headless run computed). Returns false
    /// when this simulation takes no commands.
    /// </summary>
    bool TryElicit(AgentId agent, AffectEngine.Affect.EmotionType emotion, float intensity) => false;
}

/// <summary>Writes one agent's 14 action-unit intensities (in <c>AffectFields.ActionUnits</c> order) into <paramref name="destination"/>.</summary>
/// <param name="agent">A live agent.</param>
/// <param name="destination">At least 14 floats.</param>
public delegate void ActionUnitReader(AgentId agent, Span<float> destination);

/// <summary>Adapts a Core <see cref="Simulation"/> (with optional providers) to <see cref="IVisualizedSimulation"/>.</summary>
public sealed class CoreSimulationAdapter : IVisualizedSimulation
{
    private readonly Simulation _simulation;
    private readonly bool _owns;

    /// <summary>Wraps a simulation; when <paramref name="owns"/> is true, disposing the adapter disposes it.</summary>
    public CoreSimulationAdapter(Simulation simulation, string name, bool owns = true,
        IRelationProvider? relations = null, IPerceivedEmotionProvider? perceived = null, IAgentNotesProvider? notes = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
        _owns = owns;
        Name = name;
        Relations = relations;
        Perceived = perceived;
        Notes = notes;
        if (simulation.World.Tick == 0 && simulation.LastHash == 0)
        {
            simulation.ComputeHash();
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public World World => _simulation.World;

    /// <inheritdoc />
    public long Tick => _simulation.World.Tick;

    /// <inheritdoc />
    public ulong StateHash => _simulation.LastHash;

    /// <inheritdoc />
    public IRelationProvider? Relations { get; }

    /// <inheritdoc />
    public IPerceivedEmotionProvider? Perceived { get; }

    /// <inheritdoc />
    public IAgentNotesProvider? Notes { get; }

    /// <inheritdoc />
    public void Step()
    {
        _simulation.Step();
        if (!_simulation.World.Options.HashEveryTick)
        {
            _simulation.ComputeHash();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_owns)
        {
            _simulation.Dispose();
        }
    }
}
