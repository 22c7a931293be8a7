using System;
using System.Collections.Generic;
using System.Threading;
using AffectEngine.Affect;
using AffectEngine.Core;

namespace AffectEngine.Hosting;

/// <summary>
/// Owns one simulation: the world, its modules and systems. The CLI, the visualizer and embedding
/// hosts all drive the engine through this type, so they produce the same states tick for tick.
/// </summary>
public sealed class SimulationRunner : IDisposable
{
    private readonly List<IEngineModule> _modules;
    private readonly Dictionary<string, AgentId> _agentsByName = new(StringComparer.Ordinal);
    private readonly List<string> _agentNames = [];
    private readonly List<ITickInputFeed> _feeds = [];
    private readonly List<TickInput> _fed = [];
    private readonly List<IDisposable> _owned = [];
    private long _hostSequence;

    internal SimulationRunner(AffectEngineOptions options, IReadOnlyList<IEngineModule> modules, IReadOnlyList<Func<World, ISystem>> systems)
    {
        Options = options;
        var schema = AgentSchema.CreateBuilder();
        var spatial = new SpatialModule();
        _modules = [spatial];
        _modules.AddRange(modules);
        foreach (var module in _modules)
        {
            module.Declare(schema);
        }

        World = new World(schema.Build(), options.World.Clone());
        Simulation = new Simulation(World);
        foreach (var module in _modules)
        {
            module.Attach(Simulation);
        }

        foreach (var factory in systems)
        {
            Simulation.Attach(factory(World));
        }

        Position = spatial.Position;
        foreach (var module in _modules)
        {
            if (module is IRunnerAware aware)
            {
                aware.Connect(this);
            }
        }

        // After Connect: modules that need the runner (behaviour) attach their systems there.
        TickPipeline.Check(Simulation);
    }

    /// <summary>The settings this runner was made with.</summary>
    public AffectEngineOptions Options { get; }

    /// <summary>The world.</summary>
    public World World { get; }

    /// <summary>The tick pipeline.</summary>
    public Simulation Simulation { get; }

    /// <summary>The position field (x, y).</summary>
    public FieldId Position { get; }

    /// <summary>The modules in setup order (the spatial module first).</summary>
    public IReadOnlyList<IEngineModule> Modules => _modules;

    /// <summary>The affect model, when the affect module is registered.</summary>
    public AffectModule Affect => Module<AffectEngineModule>().Affect;

    /// <summary>The next tick to run.</summary>
    public long Tick => World.Tick;

    /// <summary>The state hash after the last tick.</summary>
    public ulong LastHash => Simulation.LastHash;

    /// <summary>Raised on the tick thread after each tick is sealed (tick just completed, its hash). Observers must not mutate state.</summary>
    public event Action<long, ulong>? TickCompleted;

    /// <summary>
    /// A registry of the readers of every input kind this runner's modules consume (each module that
    /// implements <see cref="IInputReaders"/>, plugins included): what a host passes to
    /// <c>RecordReplayer.Replay</c>, so every host replays the same way. A new registry per call.
    /// </summary>
    public Persistence.TickInputRegistry InputReaders()
    {
        var registry = new Persistence.TickInputRegistry();
        foreach (var module in _modules)
        {
            if (module is IInputReaders readers)
            {
                readers.AddInputReaders(registry);
            }
        }

        return registry;
    }

    /// <summary>The first registered module of type <typeparamref name="T"/>.</summary>
    public T Module<T>()
        where T : class, IEngineModule
    {
        foreach (var m in _modules)
        {
            if (m is T t)
            {
                return t;
            }
        }

        throw new InvalidOperationException($"No module of type {typeof(T).Name} is registered.");
    }

    /// <summary>Adds a named agent (names are the scenario's ids, used in exports and commands).</summary>
    public AgentId AddAgent(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An agent needs a name.", nameof(name));
        }

        if (_agentsByName.ContainsKey(name))
        {
            throw new ArgumentException($"An agent named '{name}' already exists.", nameof(name));
        }

        var id = World.AddAgent();
        _agentsByName.Add(name, id);
        while (_agentNames.Count <= id.Slot)
        {
            _agentNames.Add("");
        }

        _agentNames[id.Slot] = name;
        return id;
    }

    /// <summary>Looks up an agent by name.</summary>
    public bool TryGetAgent(string name, out AgentId agent) => _agentsByName.TryGetValue(name, out agent);

    /// <summary>The name of the agent in a slot ("" when unnamed).</summary>
    public string NameOf(AgentId agent) => agent.Slot < _agentNames.Count ? _agentNames[agent.Slot] : "";

    /// <summary>Schedules an input (scenario event, command, percept) for its tick.</summary>
    public void Enqueue(TickInput input) => World.Inputs.Enqueue(input);

    /// <summary>
    /// The next sequence number of host inputs (<see cref="InputSources.Host"/>): hosts that build their
    /// own inputs (an appraisable event from game code) take their numbers here, so they never
    /// collide with the runner's own commands in the same tick.
    /// </summary>
    public long NextHostSequence() => _hostSequence++;

    /// <summary>A host command: elicit an emotion in an agent at the next tick (or a later one).</summary>
    public void Elicit(AgentId agent, EmotionType emotion, float intensity, long? atTick = null) =>
        Enqueue(new ElicitCommand(atTick ?? World.Tick, InputSources.Host, _hostSequence++, agent, emotion, intensity));

    /// <summary>
    /// Adds a feed asked for inputs before every tick (fused perception, a live UI): what it produces
    /// enters that tick's batch, so it is recorded and a replay needs no feed. Replays must not add feeds.
    /// </summary>
    public void AddInputFeed(ITickInputFeed feed) => _feeds.Add(feed ?? throw new ArgumentNullException(nameof(feed)));

    /// <summary>Runs one tick.</summary>
    public void Step()
    {
        if (_feeds.Count > 0)
        {
            var tick = World.Tick;
            var time = tick * World.Options.StepSeconds;
            foreach (var feed in _feeds)
            {
                _fed.Clear();
                feed.Produce(tick, time, _fed);
                foreach (var input in _fed)
                {
                    World.Inputs.Enqueue(input);
                }
            }
        }

        Simulation.Step();
        TickCompleted?.Invoke(World.Tick - 1, Simulation.LastHash);
    }

    /// <summary>Runs <paramref name="ticks"/> ticks, stopping early (between ticks) when cancelled.</summary>
    public void Run(long ticks, CancellationToken cancellationToken = default)
    {
        for (long i = 0; i < ticks; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Step();
        }
    }

    /// <summary>Hands a resource (a feed's open files) to the runner, disposed with it.</summary>
    internal void Own(IDisposable resource) => _owned.Add(resource);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var resource in _owned)
        {
            resource.Dispose();
        }

        _owned.Clear();
        Simulation.Dispose();
    }
}

/// <summary>
/// A host-side producer of tick inputs, asked once before each tick on the tick thread (see
/// <see cref="SimulationRunner.AddInputFeed"/>). Perception hubs plug in through this seam, so every
/// host that drives a <see cref="SimulationRunner"/> gets fused percepts in its input batches.
/// </summary>
public interface ITickInputFeed
{
    /// <summary>Appends the inputs for <paramref name="tick"/> (simulated time <paramref name="timeSeconds"/> = tick × step).</summary>
    void Produce(long tick, double timeSeconds, List<TickInput> output);
}
