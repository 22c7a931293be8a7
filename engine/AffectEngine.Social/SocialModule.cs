using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Social;

/// <summary>
/// An input: <see cref="Agent"/> meets <see cref="Other"/> (or notices <see cref="Object"/>) at a tick. In
/// the Social stage the agent recalls the episodes involving the other (re-eliciting attenuated emotions:
/// meeting the one who harmed you brings back anger) and becomes a little more familiar with them; with
/// an object, it recalls the episodes that involved the object (seeing the stolen purse again).
/// One-directional: send the reverse encounter too when both notice each other.
/// </summary>
public sealed class EncounterInput : TickInput
{
    /// <summary>Creates the input.</summary>
    public EncounterInput(long tick, int source, long sequence, AgentId agent, AgentId other)
        : this(tick, source, sequence, agent, other, default)
    {
    }

    /// <summary>Creates the input; <paramref name="obj"/> set and <paramref name="other"/> none: the agent notices an object.</summary>
    public EncounterInput(long tick, int source, long sequence, AgentId agent, AgentId other, ObjectId obj)
        : base(tick, source, sequence)
    {
        Agent = agent;
        Other = other;
        Object = obj;
    }

    /// <summary>The agent who notices.</summary>
    public AgentId Agent { get; }

    /// <summary>The agent noticed (the recall cue), or none when an object is noticed.</summary>
    public AgentId Other { get; }

    /// <summary>The object noticed (the recall cue), or none.</summary>
    public ObjectId Object { get; }

    /// <inheritdoc />
    public override string Kind => "encounter";

    /// <inheritdoc />
    public override void WritePayload(IStateWriter writer)
    {
        Guard.NotNull(writer);
        writer.WriteInt32(Agent.Slot);
        writer.WriteInt32(Agent.Generation);
        writer.WriteInt32(Other.Slot);
        writer.WriteInt32(Other.Generation);
        writer.WriteInt32(Object.Value);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    public static EncounterInput ReadPayload(long tick, int source, long sequence, IStateReader reader)
    {
        Guard.NotNull(reader);
        var a = new AgentId(reader.ReadInt32(), reader.ReadInt32());
        var o = new AgentId(reader.ReadInt32(), reader.ReadInt32());
        return new EncounterInput(tick, source, sequence, a, o, new ObjectId(reader.ReadInt32()));
    }
}

/// <summary>
/// The social layer attached to a world: episodic memory, relations and emotion contagion. Declares its
/// hot fields (ASCRIBE traits) in the schema; <see cref="Attach"/> binds it to the world, registers its
/// state (memory and relations are hashed and saved) and attaches its Social-stage systems.
/// </summary>
public sealed class SocialModule : IAgentLifecycle
{
    private static readonly string[] TraitNames = ["expressiveness", "openness", "amplification", "bias"];
    private readonly List<IWorldSystem> _beforeContagion = [];
    private World? _world;
    private ContagionState? _contagion;

    // Contagion pass 1, and the simulation that may run it fused before the encounters (null: no contagion).
    private ContagionCaptureSystem? _capture;
    private Simulation? _simulation;

    /// <summary>The contagion passes' shared buffers (null without contagion); for tests.</summary>
    internal ContagionState? Contagion => _contagion;
    private FieldId _emotion;

    /// <summary>Declares the social fields; call <see cref="Attach"/> once the world exists.</summary>
    public SocialModule(AgentSchema.Builder schema, SocialSettings settings)
    {
        Guard.NotNull(schema);
        Guard.NotNull(settings);
        Problems.ThrowIfAny(settings.Validate(), paramName: nameof(settings));

        Settings = settings;
        Traits = schema.Add("contagion", TraitNames);
        Memory = new EpisodicMemory(settings.Memory);
        Relations = new RelationStore(settings.Relations);
    }

    /// <summary>The settings.</summary>
    public SocialSettings Settings { get; }

    /// <summary>The ASCRIBE traits field (expressiveness, openness, amplification, bias).</summary>
    public FieldId Traits { get; }

    /// <summary>Episodic memory of every agent.</summary>
    public EpisodicMemory Memory { get; }

    /// <summary>Relations of every agent.</summary>
    public RelationStore Relations { get; }

    /// <summary>The relations as appraisal sees them (liking for the fortunes-of-others emotions).</summary>
    public IRelationView RelationView => Relations;

    /// <summary>The world (after <see cref="Attach"/>).</summary>
    public World World => _world ?? throw new InvalidOperationException("The social module is not attached to a world yet.");

    /// <summary>
    /// Binds the module: needs the affect model's "emotion" field, and "position" (x, y) when contagion is
    /// spatial. Attaches, in the Social stage: encounters and recall, then the two contagion passes.
    /// Agents already in the world get default traits.
    /// </summary>
    public SocialModule Attach(Simulation simulation)
    {
        Guard.NotNull(simulation);
        if (_world is not null)
        {
            throw new InvalidOperationException("The social module is already attached to a world.");
        }

        var world = simulation.World;
        if (!world.TryGetField("emotion", out _emotion))
        {
            throw new InvalidOperationException("The social module needs the affect model's 'emotion' field; register the affect module first.");
        }

        _world = world;
        Memory.StepSeconds = world.Options.StepSeconds;
        Memory.EnsureSlots(world.SlotCount);
        Relations.EnsureSlots(world.SlotCount);
        world.AddStateContributor(Memory);
        world.AddStateContributor(Relations);
        world.AddAgentStateCodec(new SocialAgentState(this));
        world.AddLifecycleListener(this);
        foreach (var agent in world.Agents)
        {
            OnAgentAdded(agent);
        }

        simulation.Attach(new EncounterSystem(this));
        foreach (var system in _beforeContagion)
        {
            simulation.Attach(system);
        }

        var c = Settings.Contagion;
        if (c.Neighbours != NeighbourKind.None && c.Channels.Count > 0)
        {
            FieldId position = default;
            if ((c.Neighbours & NeighbourKind.Spatial) != 0 && !world.TryGetField("position", out position))
            {
                throw new InvalidOperationException("Spatial contagion needs the 'position' field (x, y); register the spatial module.");
            }

            _contagion = new ContagionState(c);
            _contagion.Ensure(Math.Max(world.Options.InitialCapacity, world.SlotCount));
            var contagion = new ContagionSystem(simulation, world, _contagion, _emotion, Traits);
            _capture = new ContagionCaptureSystem(world, _contagion, _emotion, position, Traits, simulation) { Contagion = contagion };
            _simulation = simulation;
            simulation.Attach(_capture);
            simulation.Attach(contagion);
        }

        return this;
    }

    /// <summary>
    /// Adds a Social-stage system that runs after the encounters (recall) and before the contagion capture,
    /// e.g. a sharded run's border exchange, which must hand over the emotions recall produced this tick.
    /// Call before <see cref="Attach"/>; systems run in the order they were added.
    /// </summary>
    public void AddBeforeContagion(IWorldSystem system)
    {
        Guard.NotNull(system);
        if (system.Stage != TickStage.Social)
        {
            throw new ArgumentException($"System '{system.Name}' runs in the {system.Stage} stage; only Social-stage systems can run before the contagion capture.", nameof(system));
        }

        if (_world is not null)
        {
            throw new InvalidOperationException("The social module is already attached; add systems before Attach.");
        }

        _beforeContagion.Add(system);
    }

    /// <summary>
    /// Connects the social layer to appraisal: the relation store becomes the source of likings for the
    /// fortunes-of-others emotions, and every appraised event is remembered by its perceivers and
    /// updates their relations to the actor (see <see cref="SocialAppraisalLink"/>). Call once, after both are attached.
    /// </summary>
    public void ConnectAppraisal(AppraisalModule appraisal)
    {
        Guard.NotNull(appraisal);
        _ = World;
        appraisal.Connect(Relations, new SocialAppraisalLink(this));
        Appraisal = appraisal;
    }

    /// <summary>The appraisal module this layer is connected to (its vocabulary names episodes' kinds and objects), or null.</summary>
    internal AppraisalModule? Appraisal { get; private set; }

    /// <summary>Sets an agent's ASCRIBE traits (each in [0, 1]).</summary>
    public void SetContagionTraits(AgentId agent, ContagionTraits traits)
    {
        Problems.ThrowIfAny(traits.Validate(), paramName: nameof(traits));

        var w = World;
        w.Value(agent, Traits, 0) = traits.Expressiveness;
        w.Value(agent, Traits, 1) = traits.Openness;
        w.Value(agent, Traits, 2) = traits.Amplification;
        w.Value(agent, Traits, 3) = traits.Bias;
    }

    /// <summary>An agent's ASCRIBE traits.</summary>
    public ContagionTraits ContagionTraitsOf(AgentId agent)
    {
        var w = World;
        return new ContagionTraits(w.Value(agent, Traits, 0), w.Value(agent, Traits, 1), w.Value(agent, Traits, 2), w.Value(agent, Traits, 3));
    }

    /// <summary>
    /// Replaces the contagion network; call between ticks only (the contagion pass reads it). Edges are stored by receiver in canonical order
    /// (receiver slot, then sender slot), so the result does not depend on the order they are given in.
    /// Edges naming agents that are not alive are refused.
    /// </summary>
    public void SetNetwork(IReadOnlyList<ContagionEdge> edges)
    {
        Guard.NotNull(edges);
        var w = World;
        var state = _contagion;
        if (state is null || !state.Network)
        {
            throw new InvalidOperationException("Contagion over a network is not enabled (set Contagion.Neighbours to Network or Both).");
        }

        var list = new ContagionEdge[edges.Count];
        for (var i = 0; i < list.Length; i++)
        {
            var e = edges[i];
            if (!w.IsAlive(e.From) || !w.IsAlive(e.To))
            {
                throw new ArgumentException($"network edge {i}: {e.From} → {e.To} names an agent that is not alive.", nameof(edges));
            }

            if (float.IsNaN(e.Weight) || e.Weight < 0f || e.Weight > 1f)
            {
                throw new ArgumentException($"network edge {i}: weight must be in [0, 1]; got {e.Weight}.", nameof(edges));
            }

            list[i] = e;
        }

        Array.Sort(list, static (a, b) => a.To.Slot != b.To.Slot ? a.To.Slot.CompareTo(b.To.Slot) : a.From.Slot.CompareTo(b.From.Slot));
        var slots = Math.Max(w.SlotCount, 1);
        var offsets = new int[slots + 1];
        var from = new int[list.Length];
        var weight = new float[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            offsets[list[i].To.Slot + 1]++;
            from[i] = list[i].From.Slot;
            weight[i] = list[i].Weight;
        }

        for (var s = 0; s < slots; s++)
        {
            offsets[s + 1] += offsets[s];
        }

        state.Offsets = offsets;
        state.EdgeFrom = from;
        state.EdgeWeight = weight;
        state.NetworkChanged();
    }

    /// <summary>
    /// Records what an event made <paramref name="owner"/> feel (the appraisal side's entry point): stores
    /// the episode in memory and, when another agent caused it, updates the owner's relation to that
    /// agent from each emotion (<see cref="RelationStore.ApplyEmotion"/>). Call from the Appraise or
    /// Social stage (single-threaded) or between ticks. Returns true when the episode was kept.
    /// <paramref name="obj"/> is the object the event involved, if any (a later cue by that object recalls it).
    /// </summary>
    public bool RecordEpisode(AgentId owner, int kind, AgentId actor, AgentId target, ReadOnlySpan<FeltEmotion> emotions, ObjectId obj = default)
    {
        var kept = Memory.Store(owner, World.Tick, kind, actor, target, emotions, obj);
        if (!actor.IsNone && actor != owner)
        {
            var any = false;
            for (var i = 0; i < emotions.Length; i++)
            {
                if (RelationStore.Direction(emotions[i].Type) != 0)
                {
                    Relations.ApplyEmotion(owner, actor, emotions[i].Type, emotions[i].Intensity);
                    any = true;
                }
            }

            if (!any)
            {
                Relations.Encounter(owner, actor);
            }
        }

        return kept;
    }

    /// <summary>
    /// Recalls <paramref name="owner"/>'s episodes matching <paramref name="cue"/> now: re-elicits their
    /// emotions, attenuated, into the agent's emotion intensities and rehearses them. Returns how many were recalled.
    /// </summary>
    public int Recall(AgentId owner, MemoryCue cue)
    {
        var w = World;
        if (!w.IsAlive(owner))
        {
            return 0;
        }

        // The agent's 24 intensities are lanes of its block, 8 floats apart.
        var span = w.Lanes(owner.Slot >> 3, _emotion).Slice(owner.Slot & 7);
        return Memory.Recall(owner, cue, w.Tick, span, AgentBlocks.LanesPerBlock);
    }

    /// <summary>
    /// The appraisal bias of <paramref name="owner"/> for an event matching <paramref name="cue"/> that would
    /// elicit <paramref name="type"/>: a multiplier in [1, 1 + gain] (see <see cref="EpisodicMemory.AppraisalBias"/>).
    /// </summary>
    public float AppraisalBias(AgentId owner, MemoryCue cue, EmotionType type) => Memory.AppraisalBias(owner, cue, type, World.Tick);

    /// <summary>Bytes of cold storage per agent slot (memory + relations at their capacities).</summary>
    public int ColdBytesPerAgent => Memory.BytesPerAgent + Relations.BytesPerAgent;

    /// <inheritdoc />
    public void OnAgentAdded(AgentId agent)
    {
        Memory.OnAgentAdded(agent);
        Relations.OnAgentAdded(agent);
        if (_world is not null)
        {
            var d = ContagionTraits.Default;
            _world.Value(agent, Traits, 0) = d.Expressiveness;
            _world.Value(agent, Traits, 1) = d.Openness;
            _world.Value(agent, Traits, 2) = d.Amplification;
            _world.Value(agent, Traits, 3) = d.Bias;
        }
    }

    /// <inheritdoc />
    public void OnAgentRemoved(AgentId agent)
    {
        Memory.OnAgentRemoved(agent);
        Relations.OnAgentRemoved(agent);
    }

    /// <summary>
    /// Applies the tick's <see cref="EncounterInput"/>s in canonical order: recall, then familiarity.
    /// Transparent to the contagion capture (so the dynamics pass can run it fused, before this system): the
    /// capture reads a block's ε, positions and contagious emotions and this system writes only emotions (by
    /// recall) and relations, so after each recall it re-takes that agent's record when the capture ran early.
    /// </summary>
    private sealed class EncounterSystem : IWorldSystem, IFusionTransparent
    {
        private readonly SocialModule _module;

        public EncounterSystem(SocialModule module) => _module = module;

        public string Name => "social.encounters";

        public TickStage Stage => TickStage.Social;

        public bool IsTransparentTo(IFusablePass pass) => _module._capture is { } capture && ReferenceEquals(pass, capture);

        public void Execute(in TickContext context)
        {
            var w = _module.World;
            var inputs = w.Inputs.Current;
            var capture = _module._capture is { } c && _module._simulation!.IsFused(c) ? c : null;
            for (var i = 0; i < inputs.Length; i++)
            {
                if (inputs[i] is not EncounterInput e || !w.IsAlive(e.Agent))
                {
                    continue;
                }

                if (!e.Object.IsNone)
                {
                    _module.Recall(e.Agent, MemoryCue.OfObject(e.Object));
                    capture?.Retake(e.Agent.Slot);
                }
                else if (w.IsAlive(e.Other))
                {
                    _module.Recall(e.Agent, new MemoryCue(e.Other));
                    capture?.Retake(e.Agent.Slot);
                    _module.Relations.Encounter(e.Agent, e.Other);
                }
            }
        }
    }
}
