using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Behaviour;

/// <summary>
/// The behaviour layer attached to a world: per-agent action tendencies (hot field "tendency"), action
/// selection from scenario rules, movement, mental breaks and coping. Declares its hot fields in the
/// schema; <see cref="Attach"/> registers its cold state (rule masks, cooldowns, provokers, pending
/// action events) with the hash and snapshots and attaches two systems: an Appraise-stage system that
/// appraises the actions chosen in the previous tick (so NPCs react to NPCs), and an Express-stage
/// per-agent pass that computes tendencies and chooses actions after the mood octant is known.
/// </summary>
public sealed class BehaviourModule : IStateContributor, IAgentLifecycle
{
    /// <summary>The input source number of action events (they are state, not input, but appraisal needs a stamp).</summary>
    public const int ActionEventSource = 3;

    internal const ulong RandomStreamId = 0x4245484156494F52UL; // "BEHAVIOR"
    private const int FormatVersion = 1;

    // Version 2 adds each agent's threat controllability; written only when some agent has one, so runs
    // without per-event or per-belief controllability keep the version 1 bytes (and their hashes).
    private const int FormatVersionThreatControl = 2;

    private readonly List<PendingAction> _pending = [];
    private readonly List<Happening> _happenings = [];
    private World? _world;
    private AppraisalModule? _appraisal;
    private ActionId[] _actionIds = [];
    private GoalId[][] _effectGoals = [];
    private BeliefId[] _effectBeliefs = [];

    // Cold per-slot state, grown with the world's slots.
    private ulong[] _rules = new ulong[64];
    private long[] _cooldown = new long[0];
    private AgentId[] _provoker = new AgentId[64];
    private int[] _threatGoal = new int[64];
    private int[] _threatBelief = new int[64];
    private long[] _nextCoping = new long[64];
    private byte[] _forced = new byte[64];
    private float[] _controllability = Filled(64);
    private float[] _threatControl = Filled(64);

    // The pending list by actor slot (action + 1, 0 none), so the per-agent codec reads it without a search.
    private int[] _pendingAction = new int[64];
    private AgentId[] _pendingTarget = new AgentId[64];
    private bool _pendingUnordered;

    /// <summary>Declares the behaviour fields; call <see cref="Attach"/> once the world exists.</summary>
    public BehaviourModule(AgentSchema.Builder schema, BehaviourSettings settings)
    {
        if (schema is null || settings is null)
        {
            throw new ArgumentNullException(schema is null ? nameof(schema) : nameof(settings));
        }

        Problems.ThrowIfAny(settings.Validate(), paramName: nameof(settings));

        Settings = settings;
        Tendency = schema.Add("tendency", Tendencies.Names);
        Action = schema.Add("behaviour.action");
        LowMood = schema.Add("behaviour.low");
        BreakLeft = schema.Add("behaviour.break");
        CopingField = schema.Add("coping.strategy");
        _cooldown = new long[64 * Math.Max(1, settings.Actions.Count)];
    }

    /// <summary>The settings.</summary>
    public BehaviourSettings Settings { get; }

    /// <summary>Readiness per tendency in [0, 1] (<see cref="Behaviour.Tendency"/> order).</summary>
    public FieldId Tendency { get; }

    /// <summary>The action chosen this tick: its index + 1, or 0 for none.</summary>
    public FieldId Action { get; }

    /// <summary>Consecutive ticks the mood's pleasure has been below the break threshold.</summary>
    public FieldId LowMood { get; }

    /// <summary>Ticks left in the current mental break (0 = none).</summary>
    public FieldId BreakLeft { get; }

    /// <summary>The coping strategy applied this tick (<see cref="CopingStrategy"/> value; 0 = none).</summary>
    public FieldId CopingField { get; }

    /// <summary>The world (after <see cref="Attach"/>).</summary>
    public World World => _world ?? throw new InvalidOperationException("The behaviour module is not attached to a world yet.");

    /// <summary>What the layer did in the last tick (actions, coping, breaks), in agent-slot order. Reused every tick.</summary>
    public ReadOnlySpan<Happening> Happenings => AsSpan(_happenings);

    /// <summary>Actions chosen in the last tick and still to be appraised (next tick).</summary>
    public int PendingActions => _pending.Count;

    /// <inheritdoc />
    public string StateKey => "behaviour";

    /// <summary>The Express-stage pass (after <see cref="Attach"/>).</summary>
    internal BehaviourSystem? Pass { get; private set; }

    /// <summary>The grid the Appraise-stage witness search and the Express pass's target searches share, one per tick (after <see cref="Attach"/>).</summary>
    internal TickGrid? Grid { get; private set; }

    /// <summary>The Appraise-stage action appraisal (after <see cref="Attach"/>).</summary>
    internal ActionAppraisalSystem? Appraiser { get; private set; }

    internal AppraisalModule Appraisal => _appraisal ?? throw new InvalidOperationException("The behaviour module is not attached to a world yet.");

    /// <summary>Actions to appraise this tick, in actor-slot order (the order they were chosen).</summary>
    internal List<PendingAction> Pending
    {
        get
        {
            if (_pendingUnordered)
            {
                // Per-agent restores append in any order; choices are always made in slot order.
                _pending.Sort(static (a, b) => a.Actor.Slot.CompareTo(b.Actor.Slot));
                _pendingUnordered = false;
            }

            return _pending;
        }
    }

    internal List<Happening> HappeningList => _happenings;

    /// <summary>Set when this world is one shard of a run: who chooses, and the exchange of choices between shards (null: a whole world).</summary>
    internal ShardActions? Shards { get; private set; }

    /// <summary>
    /// Makes this world one shard of a run whose other agents live elsewhere as ghosts: only slots in
    /// [<paramref name="firstSlot"/>, <paramref name="endSlot"/>) choose, and at the end of each tick's
    /// behaviour pass <paramref name="exchange"/> (called on the tick thread) trades this shard's choices, in
    /// slot order, for every shard's, in slot order; they are then applied in that order as a single process
    /// applies its own. Ghosts' choices move them and are appraised here next tick; they are not reported.
    /// Call before the first tick.
    /// </summary>
    public void ShareChoices(int firstSlot, int endSlot, Func<long, IReadOnlyList<SharedChoice>, IReadOnlyList<SharedChoice>> exchange) =>
        Shards = new ShardActions(firstSlot, endSlot, exchange);

    internal ActionId ActionIdOf(int action) => _actionIds[action];

    internal ulong RulesOf(int slot) => _rules[slot];

    /// <summary>The rule masks of a block's eight slots.</summary>
    internal ReadOnlySpan<ulong> RulesOfBlock(int block) => new(_rules, block * AgentBlocks.LanesPerBlock, AgentBlocks.LanesPerBlock);

    internal ref long CooldownOf(int slot, int action) => ref _cooldown[CooldownIndex(slot, action)];

    /// <summary>
    /// The cooldowns of rule <paramref name="action"/> for the eight lanes of <paramref name="block"/>, side by side: the
    /// pass tests a block's lanes against the tick with one vector compare, reading one line per rule instead of one
    /// per lane (the ticks are stored block by block, rule by rule, lane by lane).
    /// </summary>
    internal ref long CooldownsOfBlock(int block, int action) => ref _cooldown[((block * Math.Max(1, Settings.Actions.Count)) + action) * AgentBlocks.LanesPerBlock];

    private int CooldownIndex(int slot, int action) =>
        ((((slot / AgentBlocks.LanesPerBlock) * Math.Max(1, Settings.Actions.Count)) + action) * AgentBlocks.LanesPerBlock) + (slot % AgentBlocks.LanesPerBlock);

    internal ref AgentId ProvokerSlot(int slot) => ref _provoker[slot];

    internal ref int ThreatGoal(int slot) => ref _threatGoal[slot];

    internal ref int ThreatBelief(int slot) => ref _threatBelief[slot];

    internal ref long NextCoping(int slot) => ref _nextCoping[slot];

    internal CopingStrategy Forced(int slot) => (CopingStrategy)_forced[slot];

    internal float Controllability(int slot) => _controllability[slot];

    internal void SetRulesUnchecked(int slot, ulong mask) => _rules[slot] = mask;

    internal void SetForcedUnchecked(int slot, CopingStrategy strategy) => _forced[slot] = (byte)strategy;

    internal void SetControllabilityUnchecked(int slot, float controllability) => _controllability[slot] = controllability;

    /// <summary>The controllability the current threat's event or belief gave (NaN: it gave none).</summary>
    internal float ThreatControllability(int slot) => _threatControl[slot];

    internal void SetThreatControllability(int slot, float controllability) => _threatControl[slot] = controllability;

    internal void AddPending(in PendingAction p)
    {
        _pending.Add(p);
        _pendingAction[p.Actor.Slot] = p.Action + 1;
        _pendingTarget[p.Actor.Slot] = p.Target;
    }

    internal void ClearPending()
    {
        foreach (var p in _pending)
        {
            _pendingAction[p.Actor.Slot] = 0;
            _pendingTarget[p.Actor.Slot] = AgentId.None;
        }

        _pending.Clear();
    }

    /// <summary>The action <paramref name="agent"/> chose last tick and that is still to be appraised: (index, target), or (−1, none).</summary>
    internal (int Action, AgentId Target) PendingOf(AgentId agent) =>
        _pendingAction[agent.Slot] == 0 ? (-1, AgentId.None) : (_pendingAction[agent.Slot] - 1, _pendingTarget[agent.Slot]);

    /// <summary>Replaces <paramref name="agent"/>'s pending action (−1: none); between ticks.</summary>
    internal void SetPending(AgentId agent, int action, AgentId target)
    {
        var slot = agent.Slot;
        _pending.RemoveAll(p => p.Actor.Slot == slot);
        _pendingAction[slot] = 0;
        _pendingTarget[slot] = AgentId.None;
        if (action >= 0)
        {
            AddPending(new PendingAction(agent, action, target));
            _pendingUnordered = true;
        }
    }

    /// <summary>
    /// Binds the module: needs the affect fields ("emotion", "mood", "express.octant", "personality") and
    /// "position" (x, y), and the appraisal module (actions become appraised events; coping changes goals
    /// and beliefs). Attaches the Appraise-stage action appraisal and the Express-stage behaviour pass.
    /// </summary>
    public BehaviourModule Attach(Simulation simulation, AppraisalModule appraisal)
    {
        if (simulation is null || appraisal is null)
        {
            throw new ArgumentNullException(simulation is null ? nameof(simulation) : nameof(appraisal));
        }

        if (_world is not null)
        {
            throw new InvalidOperationException("The behaviour module is already attached to a world.");
        }

        var world = simulation.World;
        _world = world;
        _appraisal = appraisal;
        var vocabulary = appraisal.Vocabulary;
        var n = Settings.Actions.Count;
        _actionIds = new ActionId[n];
        _effectGoals = new GoalId[n][];
        _effectBeliefs = new BeliefId[n];
        for (var a = 0; a < n; a++)
        {
            var rule = Settings.Actions[a];
            _actionIds[a] = vocabulary.Action(rule.Name);
            _effectGoals[a] = new GoalId[rule.Effects.Count];

            // One belief per action: a later action of the same kind confirms or disconfirms the prospect it raised.
            _effectBeliefs[a] = vocabulary.Belief("action:" + rule.Name);
            for (var k = 0; k < rule.Effects.Count; k++)
            {
                _effectGoals[a][k] = vocabulary.Goal(rule.Effects[k].Goal);
            }
        }

        Ensure(Math.Max(world.SlotCount, world.Options.InitialCapacity));
        world.AddStateContributor(this);
        world.AddAgentStateCodec(new BehaviourAgentState(this));
        world.AddLifecycleListener(this);
        Grid = new TickGrid(world.Field("position").Offset, TickGrid.CellOf(Settings));
        Appraiser = new ActionAppraisalSystem(this);
        simulation.Attach(Appraiser);
        Pass = new BehaviourSystem(this, simulation);
        simulation.Attach(Pass);
        return this;
    }

    /// <summary>Sets which action rules apply to an agent: bit i = <see cref="BehaviourSettings.Actions"/>[i]. Between ticks.</summary>
    public void SetRules(AgentId agent, ulong mask)
    {
        RequireLive(agent);
        var n = Settings.Actions.Count;
        if (n < 64 && (mask >> n) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mask), mask, $"The mask names actions beyond the {n} declared.");
        }

        _rules[agent.Slot] = mask;
    }

    /// <summary>Sets an agent's coping potential (controllability) in [0, 1], replacing the personality default.</summary>
    public void SetControllability(AgentId agent, float controllability)
    {
        RequireLive(agent);
        if (!(controllability is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(controllability), controllability, "Controllability must be in [0, 1].");
        }

        _controllability[agent.Slot] = controllability;
    }

    /// <summary>Makes an agent always use <paramref name="strategy"/> when it copes (None: choose by EMA's order and personality).</summary>
    public void ForceStrategy(AgentId agent, CopingStrategy strategy)
    {
        RequireLive(agent);
        _forced[agent.Slot] = (byte)strategy;
    }

    /// <summary>The agent's readiness for one tendency after the last tick.</summary>
    public float Readiness(AgentId agent, Tendency tendency) => World.Value(agent, Tendency, (int)tendency);

    /// <summary>The action the agent chose in the last tick (index into the settings' actions), or -1.</summary>
    public int ChosenAction(AgentId agent) => (int)World.Value(agent, Action) - 1;

    /// <summary>
    /// The name of a behaviour event's code: the action ("shove") for actions and breaks, the strategy
    /// ("distancing") for coping; null for the affect model's events (see <c>EngineEventNames</c>).
    /// </summary>
    public string? CodeName(in EngineEvent e) => e.Kind switch
    {
        EngineEventKind.ActionChosen or EngineEventKind.BreakStarted or EngineEventKind.BreakEnded when e.Code > 0 && e.Code <= Appraisal.Vocabulary.Actions.Count => Appraisal.Vocabulary.Actions.NameOf(e.Code),
        EngineEventKind.CopingApplied when e.Code >= 0 && e.Code <= (int)CopingStrategy.ShiftingBlame => ((CopingStrategy)e.Code).Name(),
        _ => null,
    };

    /// <summary>The last agent whose action or event hurt one of this agent's goals, or none.</summary>
    public AgentId Provoker(AgentId agent)
    {
        RequireLive(agent);
        return _provoker[agent.Slot];
    }

    /// <inheritdoc />
    public void OnAgentAdded(AgentId agent)
    {
        Ensure(agent.Slot + 1);
        Reset(agent.Slot);
    }

    /// <inheritdoc />
    public void OnAgentRemoved(AgentId agent)
    {
        if ((uint)agent.Slot < (uint)_rules.Length)
        {
            Reset(agent.Slot);
        }
    }

    /// <inheritdoc />
    public void WriteState(IStateWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        var actions = Math.Max(1, Settings.Actions.Count);
        var slots = _world?.SlotCount ?? 0;
        var extended = false;
        for (var slot = 0; slot < slots && !extended; slot++)
        {
            extended = !float.IsNaN(_threatControl[slot]);
        }

        writer.WriteInt32(extended ? FormatVersionThreatControl : FormatVersion);
        for (var slot = 0; slot < slots; slot++)
        {
            if (IsDefault(slot, actions))
            {
                continue;
            }

            writer.WriteInt32(slot);
            writer.WriteInt64((long)_rules[slot]);
            writer.WriteInt32(_provoker[slot].Slot);
            writer.WriteInt32(_provoker[slot].Generation);
            writer.WriteInt32(_threatGoal[slot]);
            writer.WriteInt32(_threatBelief[slot]);
            writer.WriteInt64(_nextCoping[slot]);
            writer.WriteInt32(_forced[slot]);
            writer.WriteSingle(_controllability[slot]);
            if (extended)
            {
                writer.WriteSingle(_threatControl[slot]);
            }

            for (var a = 0; a < actions; a++)
            {
                writer.WriteInt64(CooldownOf(slot, a));
            }
        }

        writer.WriteInt32(-1);
        writer.WriteInt32(_pending.Count);
        foreach (var p in _pending)
        {
            writer.WriteInt32(p.Actor.Slot);
            writer.WriteInt32(p.Actor.Generation);
            writer.WriteInt32(p.Action);
            writer.WriteInt32(p.Target.Slot);
            writer.WriteInt32(p.Target.Generation);
        }
    }

    /// <inheritdoc />
    public void ReadState(IStateReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        var version = reader.ReadInt32();
        if (version != FormatVersion && version != FormatVersionThreatControl)
        {
            throw new FormatException($"behaviour: format version {version} is not supported (expected {FormatVersion}).");
        }

        for (var slot = 0; slot < _rules.Length; slot++)
        {
            Reset(slot);
        }

        var actions = Math.Max(1, Settings.Actions.Count);
        while (true)
        {
            var slot = reader.ReadInt32();
            if (slot < 0)
            {
                break;
            }

            if (slot > 1 << 28)
            {
                throw new FormatException($"behaviour: slot {slot} is out of range.");
            }

            Ensure(slot + 1);
            _rules[slot] = (ulong)reader.ReadInt64();
            _provoker[slot] = new AgentId(reader.ReadInt32(), reader.ReadInt32());
            _threatGoal[slot] = reader.ReadInt32();
            _threatBelief[slot] = reader.ReadInt32();
            _nextCoping[slot] = reader.ReadInt64();
            _forced[slot] = (byte)reader.ReadInt32();
            _controllability[slot] = reader.ReadSingle();
            _threatControl[slot] = version == FormatVersionThreatControl ? reader.ReadSingle() : float.NaN;
            for (var a = 0; a < actions; a++)
            {
                CooldownOf(slot, a) = reader.ReadInt64();
            }
        }

        var n = reader.ReadInt32();
        if (n < 0 || n > 1 << 28)
        {
            throw new FormatException($"behaviour: pending action count {n} is out of range.");
        }

        ClearPending();
        for (var i = 0; i < n; i++)
        {
            var actor = new AgentId(reader.ReadInt32(), reader.ReadInt32());
            var action = reader.ReadInt32();
            var target = new AgentId(reader.ReadInt32(), reader.ReadInt32());
            if ((uint)action >= (uint)Settings.Actions.Count)
            {
                throw new FormatException($"behaviour: pending action {action} is not one of the {Settings.Actions.Count} actions.");
            }

            Ensure(Math.Max(actor.Slot, target.Slot) + 1);
            AddPending(new PendingAction(actor, action, target));
        }

        _happenings.Clear();
    }

    internal void Ensure(int slots)
    {
        if (slots <= _rules.Length)
        {
            return;
        }

        // Whole blocks, so the pass can read a block's eight rule masks at once.
        var size = (Math.Max(slots, _rules.Length * 2) + AgentBlocks.LanesPerBlock - 1) & ~(AgentBlocks.LanesPerBlock - 1);
        var old = _rules.Length;
        Array.Resize(ref _rules, size);
        Array.Resize(ref _cooldown, size * Math.Max(1, Settings.Actions.Count));
        Array.Resize(ref _provoker, size);
        Array.Resize(ref _threatGoal, size);
        Array.Resize(ref _threatBelief, size);
        Array.Resize(ref _nextCoping, size);
        Array.Resize(ref _forced, size);
        Array.Resize(ref _controllability, size);
        Array.Resize(ref _threatControl, size);
        Array.Resize(ref _pendingAction, size);
        Array.Resize(ref _pendingTarget, size);
        for (var i = old; i < size; i++)
        {
            _controllability[i] = float.NaN;
            _threatControl[i] = float.NaN;
        }
    }

    private static ReadOnlySpan<Happening> AsSpan(List<Happening> list)
    {
#if NET
        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
#else
        return list.ToArray();
#endif
    }

    private static float[] Filled(int n)
    {
        var a = new float[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = float.NaN;
        }

        return a;
    }

    private bool IsDefault(int slot, int actions)
    {
        if (_rules[slot] != 0 || !_provoker[slot].IsNone || _threatGoal[slot] != 0 || _threatBelief[slot] != 0
            || _nextCoping[slot] != 0 || _forced[slot] != 0 || !float.IsNaN(_controllability[slot])
            || !float.IsNaN(_threatControl[slot]))
        {
            return false;
        }

        for (var a = 0; a < actions; a++)
        {
            if (CooldownOf(slot, a) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private void Reset(int slot)
    {
        _rules[slot] = 0;
        _provoker[slot] = AgentId.None;
        _threatGoal[slot] = 0;
        _threatBelief[slot] = 0;
        _nextCoping[slot] = 0;
        _forced[slot] = 0;
        _controllability[slot] = float.NaN;
        _threatControl[slot] = float.NaN;
        _pendingAction[slot] = 0;
        _pendingTarget[slot] = AgentId.None;
        for (var a = 0; a < Math.Max(1, Settings.Actions.Count); a++)
        {
            CooldownOf(slot, a) = 0;
        }
    }

    private void RequireLive(AgentId agent)
    {
        if (!World.IsAlive(agent))
        {
            throw new ArgumentException($"{agent} is not a live agent.", nameof(agent));
        }
    }

    internal GoalId EffectGoal(int action, int k) => _effectGoals[action][k];

    internal BeliefId EffectBelief(int action) => _effectBeliefs[action];
}

/// <summary>An action chosen in one tick and appraised in the next.</summary>
internal readonly record struct PendingAction(AgentId Actor, int Action, AgentId Target);
