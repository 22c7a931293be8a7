using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Appraisal;

namespace AffectEngine.Social;

/// <summary>An emotion and its intensity, as elicited by an event or re-elicited by a recall.</summary>
/// <param name="Type">The emotion type.</param>
/// <param name="Intensity">Intensity in [0, 1].</param>
public readonly record struct FeltEmotion(EmotionType Type, float Intensity);

/// <summary>
/// One remembered episode: what happened (event kind), who did it (actor), to whom (target), the object
/// it involved (if any), and what it made the owner feel. <see cref="Salience"/> is the salience at the
/// time it was read.
/// </summary>
public readonly record struct Episode(
    long Tick,
    int Kind,
    AgentId Actor,
    AgentId Target,
    FeltEmotion First,
    FeltEmotion Second,
    FeltEmotion Third,
    int EmotionCount,
    float Salience,
    ObjectId Object = default)
{
    /// <summary>The i-th stored emotion (i &lt; <see cref="EmotionCount"/>).</summary>
    public FeltEmotion Emotion(int i) => i switch
    {
        0 => First,
        1 => Second,
        2 => Third,
        _ => throw new ArgumentOutOfRangeException(nameof(i), i, $"An episode stores {EmotionCount} emotions."),
    };
}

/// <summary>
/// One episode exactly as memory stores it (for exporting an agent's memory and importing it into another
/// world, e.g. a sharded run's snapshot): the encoding tick, the last rehearsal, the strength s₀ after
/// rehearsals, up to three emotions, strongest first, and the object involved. Unlike <see cref="Episode"/>
/// nothing is derived.
/// </summary>
public readonly record struct StoredEpisode(
    long Tick,
    long Rehearsed,
    int Kind,
    AgentId Actor,
    AgentId Target,
    float Strength,
    FeltEmotion First,
    FeltEmotion Second,
    FeltEmotion Third,
    int EmotionCount,
    ObjectId Object = default);

/// <summary>What a recall looks for. Unset parts match anything; at least one part must be set, and every set part must match.</summary>
/// <param name="Agent">Matches episodes whose actor or target is this agent (meeting someone).</param>
/// <param name="Kind">Matches episodes of this event kind (−1: any).</param>
/// <param name="Object">Matches episodes that involved this object (seeing the purse again); none: any.</param>
public readonly record struct MemoryCue(AgentId Agent, int Kind = -1, ObjectId Object = default)
{
    /// <summary>A cue by event kind only.</summary>
    public static MemoryCue OfKind(int kind) => new(AgentId.None, kind);

    /// <summary>A cue by object only.</summary>
    public static MemoryCue OfObject(ObjectId obj) => new(AgentId.None, -1, obj);

    /// <summary>True when no part is set (such a cue recalls nothing).</summary>
    public bool IsEmpty => Agent.IsNone && Kind < 0 && Object.IsNone;
}

/// <summary>Parameters of episodic memory (docs/social.md, "Episodic memory").</summary>
public sealed class MemorySettings
{
    /// <summary>Episodes kept per agent (bounded, like Dwarf Fortress's salience-ranked memories). 0 turns memory off.</summary>
    public int Capacity { get; set; } = 100;

    /// <summary>
    /// Decay exponent d of salience s(t) = s₀·(1 + Δt/τ)^(−d): the power law of forgetting of ACT-R's
    /// base-level activation, with ACT-R's default d = 0.5 (Anderson &amp; Schooler 1991, "Reflections of
    /// the environment in memory", Psychological Science 2(6)).
    /// </summary>
    public float Decay { get; set; } = 0.5f;

    /// <summary>Time scale τ in simulated seconds (this project's choice: 60 s, so salience halves after 3 minutes at d = 0.5).</summary>
    public double TimeScaleSeconds { get; set; } = 60;

    /// <summary>
    /// Fraction of the remembered intensity that a recall re-elicits, before scaling by how salient the
    /// episode still is (this project's choice, 0.5: a recalled emotion is weaker than the original).
    /// </summary>
    public float RecallAttenuation { get; set; } = 0.5f;

    /// <summary>
    /// Rehearsal: a recall restores this fraction of the salience lost since encoding and restarts its
    /// decay clock, a one-presentation simplification of ACT-R's sum over presentations (project's choice: 0.5).
    /// </summary>
    public float RehearsalGain { get; set; } = 0.5f;

    /// <summary>Largest extra weight of <see cref="EpisodicMemory.AppraisalBias"/>: the bias is in [1, 1 + gain] (project's choice: 0.5).</summary>
    public float BiasGain { get; set; } = 0.5f;

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Range(Capacity, 0, 4096, "memory.capacity");
        p.Range(Decay, 0f, 10f, "memory.decay");
        p.Positive(TimeScaleSeconds, "memory.timeScaleSeconds");
        p.Range(RecallAttenuation, 0f, 1f, "memory.recallAttenuation");
        p.Range(RehearsalGain, 0f, 1f, "memory.rehearsalGain");
        p.Range(BiasGain, 0f, 10f, "memory.biasGain");
        return p.List;
    }
}

/// <summary>
/// Autobiographical memory per agent, in one flat pool of episode records indexed by slot × capacity (no
/// allocation after the pool is sized). Forgetting rule: salience s(t) = s₀·(1 + (t − t_r)/τ)^(−d), where s₀ is the
/// strongest emotion the episode elicited and t_r its last encoding or rehearsal (ACT-R power-law decay,
/// Anderson &amp; Schooler 1991); when the memory is full, the least salient episode is forgotten first
/// (Dwarf Fortress-style salience ranking; FAtiMA keeps a comparable autobiographical memory).
/// Salience is computed when needed, so there is no per-tick pass.
/// </summary>
public sealed class EpisodicMemory : IStateContributor
{
    /// <summary>Emotions kept per episode (the strongest ones when more were elicited).</summary>
    public const int EmotionsPerEpisode = 3;

    private readonly MemorySettings _settings;
    private readonly int _cap;
    private double _step = 0.1;

    // Per slot: the episode count and the owner's generation side by side, and per episode one 60-byte
    // record. At 10^6 agents the pool is far larger than the caches, so each store or recall costs what
    // it misses: two adjacent lines per episode here, where one array per field cost one miss per field.
    private RowHeader[] _rows = new RowHeader[64];
    private Entry[] _entries = [];

    internal EpisodicMemory(MemorySettings settings)
    {
        _settings = settings;
        _cap = settings.Capacity;
        Resize(64);
    }

    /// <inheritdoc />
    public string StateKey => "social.memory";

    /// <summary>Episodes kept per agent.</summary>
    public int Capacity => _cap;

    /// <summary>
    /// Bytes of storage per agent slot: per episode tick and rehearsal tick (8 + 8), kind (4), actor and
    /// target handles (16), strength (4), object (4), emotion count (1), 3 × (type 1 + intensity 4); plus count and owner generation.
    /// </summary>
    public int BytesPerAgent => (_cap * (8 + 8 + 4 + 16 + 4 + 4 + 1 + (EmotionsPerEpisode * 5))) + 8;

    /// <summary>The fixed step (set when the module attaches), to turn ticks into seconds.</summary>
    internal double StepSeconds
    {
        get => _step;
        set => _step = value;
    }

    /// <summary>Episodes the agent holds.</summary>
    public int Count(AgentId agent) => Owns(agent) ? _rows[agent.Slot].Count : 0;

    /// <summary>
    /// Stores an episode for <paramref name="owner"/> at <paramref name="tick"/>. Its initial salience is
    /// the strongest elicited intensity. When the memory is full, the least salient of the stored
    /// episodes and the new one is forgotten (so a weak new episode may not be kept). Returns true when kept.
    /// </summary>
    public bool Store(AgentId owner, long tick, int kind, AgentId actor, AgentId target, ReadOnlySpan<FeltEmotion> emotions, ObjectId obj = default)
    {
        if (!Owns(owner) || _cap == 0)
        {
            return false;
        }

        var strength = 0f;
        for (var i = 0; i < emotions.Length; i++)
        {
            Guard.Unit(emotions[i].Intensity, "intensity");
            strength = Math.Max(strength, emotions[i].Intensity);
        }

        var s = owner.Slot;
        var b = s * _cap;
        var n = _rows[s].Count;
        if (n == _cap)
        {
            var victim = LeastSalient(b, n, tick, out var victimSalience);
            // Ties keep the older memory: a new episode must be strictly more salient to displace one.
            if (strength <= victimSalience)
            {
                return false;
            }

            Array.Copy(_entries, b + victim + 1, _entries, b + victim, n - victim - 1);
            n--;
        }

        ref var e = ref _entries[b + n];
        e.Tick = tick;
        e.Rehearsed = tick;
        e.Kind = kind;
        e.ActorSlot = actor.Slot;
        e.ActorGen = actor.Generation;
        e.TargetSlot = target.Slot;
        e.TargetGen = target.Generation;
        e.Object = obj.Value;
        e.Strength = strength;
        KeepStrongest(ref e, emotions);
        _rows[s].Count = n + 1;
        return true;
    }

    /// <summary>Salience of stored episode <paramref name="index"/> of an agent at <paramref name="tick"/>.</summary>
    public float Salience(AgentId owner, int index, long tick)
    {
        if ((uint)index >= (uint)Count(owner))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{owner} holds {Count(owner)} episodes.");
        }

        return SalienceAt(in _entries[(owner.Slot * _cap) + index], tick);
    }

    /// <summary>Copies the agent's episodes (oldest first) with their salience at <paramref name="tick"/>; returns how many were written.</summary>
    public int CopyEpisodes(AgentId owner, long tick, Span<Episode> destination)
    {
        var n = Math.Min(Count(owner), destination.Length);
        var b = owner.Slot * _cap;
        for (var i = 0; i < n; i++)
        {
            destination[i] = Read(in _entries[b + i], tick);
        }

        return n;
    }

    /// <summary>Copies the agent's episodes as stored (oldest first); returns how many were written. Between ticks.</summary>
    public int CopyStored(AgentId owner, Span<StoredEpisode> destination)
    {
        var n = Math.Min(Count(owner), destination.Length);
        var b = owner.Slot * _cap;
        for (var i = 0; i < n; i++)
        {
            ref readonly var e = ref _entries[b + i];
            var k = e.EmotionCount;
            destination[i] = new StoredEpisode(
                e.Tick,
                e.Rehearsed,
                e.Kind,
                new AgentId(e.ActorSlot, e.ActorGen),
                new AgentId(e.TargetSlot, e.TargetGen),
                e.Strength,
                k > 0 ? e.Emotion(0) : default,
                k > 1 ? e.Emotion(1) : default,
                k > 2 ? e.Emotion(2) : default,
                k,
                new ObjectId(e.Object));
        }

        return n;
    }

    /// <summary>
    /// Replaces the agent's episodes with <paramref name="episodes"/> (oldest first, as <see cref="CopyStored"/>
    /// wrote them), so a world can continue from another world's memory. Between ticks. Throws when the agent
    /// is not alive here, there are more episodes than <see cref="Capacity"/>, or a value is out of range.
    /// </summary>
    public void RestoreStored(AgentId owner, ReadOnlySpan<StoredEpisode> episodes)
    {
        if (!Owns(owner))
        {
            throw new ArgumentException($"{owner} has no memory in this world.", nameof(owner));
        }

        if (episodes.Length > _cap)
        {
            throw new ArgumentException($"{episodes.Length} episodes exceed the memory capacity {_cap}.", nameof(episodes));
        }

        var b = owner.Slot * _cap;
        for (var i = 0; i < episodes.Length; i++)
        {
            var ep = episodes[i];
            if ((uint)ep.EmotionCount > EmotionsPerEpisode || float.IsNaN(ep.Strength) || ep.Strength < 0f)
            {
                throw new ArgumentException($"episode {i}: {ep.EmotionCount} emotions, strength {ep.Strength}; expected at most {EmotionsPerEpisode} emotions and a strength ≥ 0.", nameof(episodes));
            }

            ref var e = ref _entries[b + i];
            e.Tick = ep.Tick;
            e.Rehearsed = ep.Rehearsed;
            e.Kind = ep.Kind;
            e.ActorSlot = ep.Actor.Slot;
            e.ActorGen = ep.Actor.Generation;
            e.TargetSlot = ep.Target.Slot;
            e.TargetGen = ep.Target.Generation;
            e.Object = ep.Object.Value;
            e.Strength = ep.Strength;
            e.EmotionCount = (byte)ep.EmotionCount;
            for (var j = 0; j < ep.EmotionCount; j++)
            {
                var impulse = j == 0 ? ep.First : j == 1 ? ep.Second : ep.Third;
                if ((uint)impulse.Type >= Emotions.Count)
                {
                    throw new ArgumentException($"episode {i}: unknown emotion type {(int)impulse.Type}.", nameof(episodes));
                }

                Guard.Unit(impulse.Intensity, "intensity");
                e.SetEmotion(j, (byte)impulse.Type, impulse.Intensity);
            }
        }

        _rows[owner.Slot].Count = episodes.Length;
    }

    /// <summary>
    /// Recalls every episode matching <paramref name="cue"/>: each re-elicits its emotions into
    /// <paramref name="emotions"/> (the agent's 24 intensities, combined by probabilistic sum) at
    /// intensity I·a·s(t)/s₀ (attenuation a = <see cref="MemorySettings.RecallAttenuation"/>), then is
    /// rehearsed. Returns the number of episodes recalled.
    /// </summary>
    internal int Recall(AgentId owner, in MemoryCue cue, long tick, Span<float> emotions, int laneStride)
    {
        if (!Owns(owner) || cue.IsEmpty)
        {
            return 0;
        }

        var b = owner.Slot * _cap;
        var n = _rows[owner.Slot].Count;
        var recalled = 0;
        var attenuation = _settings.RecallAttenuation;
        var gain = _settings.RehearsalGain;
        var row = _entries.AsSpan(b, n);
        for (var i = 0; i < row.Length; i++)
        {
            ref var e = ref row[i];
            if (!Matches(in e, cue))
            {
                continue;
            }

            var s0 = e.Strength;
            var now = SalienceAt(in e, tick);
            var scale = s0 > 0f ? attenuation * now / s0 : 0f;
            var k = e.EmotionCount;
            for (var j = 0; j < k; j++)
            {
                var impulse = Math.Min(1f, e.IntensityAt(j) * scale);
                ref var v = ref emotions[e.TypeAt(j) * laneStride];
                v = AffectModule.Combine(v, impulse);
            }

            e.Strength = now + (gain * (s0 - now));
            e.Rehearsed = tick;
            recalled++;
        }

        return recalled;
    }

    /// <summary>
    /// A multiplier in [1, 1 + <see cref="MemorySettings.BiasGain"/>] for appraising an event of
    /// <paramref name="cue"/>'s kind (and/or involving its agent) that would elicit <paramref name="type"/>:
    /// 1 + gain·max over matching episodes that held <paramref name="type"/> of I·s(t)/s₀. An agent that
    /// was frightened by a kind of event before appraises the next one as more frightening (mood-congruent
    /// recall, Bower 1981, is the psychological motivation; the form is this project's choice).
    /// </summary>
    public float AppraisalBias(AgentId owner, in MemoryCue cue, EmotionType type, long tick)
    {
        if (!Owns(owner) || cue.IsEmpty)
        {
            return 1f;
        }

        var row = _entries.AsSpan(owner.Slot * _cap, _rows[owner.Slot].Count);
        var best = 0f;
        for (var i = 0; i < row.Length; i++)
        {
            ref readonly var e = ref row[i];
            if (!Matches(in e, cue) || !(e.Strength > 0f))
            {
                continue;
            }

            for (var j = 0; j < e.EmotionCount; j++)
            {
                if (e.TypeAt(j) == (byte)type)
                {
                    best = Math.Max(best, e.IntensityAt(j) * SalienceAt(in e, tick) / e.Strength);
                }
            }
        }

        return 1f + (_settings.BiasGain * best);
    }

    internal void OnAgentAdded(AgentId agent)
    {
        if (agent.Slot >= _rows.Length)
        {
            Resize(agent.Slot + 1);
        }

        _rows[agent.Slot] = new RowHeader { Count = 0, OwnerGen = agent.Generation };
    }

    internal void OnAgentRemoved(AgentId agent)
    {
        if (Owns(agent))
        {
            _rows[agent.Slot] = default;
        }
    }

    internal void EnsureSlots(int slots)
    {
        if (slots > _rows.Length)
        {
            Resize(slots);
        }
    }

    /// <inheritdoc />
    public void WriteState(IStateWriter writer)
    {
        Guard.NotNull(writer);
        var slots = _rows.Length;
        while (slots > 0 && _rows[slots - 1].Count == 0 && _rows[slots - 1].OwnerGen == 0)
        {
            slots--;
        }

        writer.WriteInt32(_cap);
        writer.WriteInt32(slots);
        for (var s = 0; s < slots; s++)
        {
            writer.WriteInt32(_rows[s].OwnerGen);
            var n = _rows[s].Count;
            writer.WriteInt32(n);
            for (var i = s * _cap; i < (s * _cap) + n; i++)
            {
                ref readonly var e = ref _entries[i];
                writer.WriteInt64(e.Tick);
                writer.WriteInt64(e.Rehearsed);
                writer.WriteInt32(e.Kind);
                writer.WriteInt32(e.ActorSlot);
                writer.WriteInt32(e.ActorGen);
                writer.WriteInt32(e.TargetSlot);
                writer.WriteInt32(e.TargetGen);
                writer.WriteInt32(e.Object);
                writer.WriteSingle(e.Strength);
                writer.WriteInt32(e.EmotionCount);
                for (var j = 0; j < e.EmotionCount; j++)
                {
                    writer.WriteInt32(e.TypeAt(j));
                    writer.WriteSingle(e.IntensityAt(j));
                }
            }
        }
    }

    /// <inheritdoc />
    public void ReadState(IStateReader reader)
    {
        Guard.NotNull(reader);
        var cap = reader.ReadInt32();
        if (cap != _cap)
        {
            throw new FormatException($"Snapshot memory capacity is {cap}; this world has {_cap}.");
        }

        var slots = reader.ReadInt32();
        if (slots < 0 || slots > 1 << 28)
        {
            throw new FormatException($"Snapshot memory slot count {slots} is out of range.");
        }

        EnsureSlots(slots);
        Array.Clear(_rows, 0, _rows.Length);
        for (var s = 0; s < slots; s++)
        {
            _rows[s].OwnerGen = reader.ReadInt32();
            var n = reader.ReadInt32();
            if (n < 0 || n > _cap)
            {
                throw new FormatException($"Snapshot episode count {n} of slot {s} exceeds the capacity {_cap}.");
            }

            _rows[s].Count = n;
            for (var i = s * _cap; i < (s * _cap) + n; i++)
            {
                ref var e = ref _entries[i];
                e.Tick = reader.ReadInt64();
                e.Rehearsed = reader.ReadInt64();
                e.Kind = reader.ReadInt32();
                e.ActorSlot = reader.ReadInt32();
                e.ActorGen = reader.ReadInt32();
                e.TargetSlot = reader.ReadInt32();
                e.TargetGen = reader.ReadInt32();
                e.Object = reader.ReadInt32();
                e.Strength = reader.ReadSingle();
                var k = reader.ReadInt32();
                if (k < 0 || k > EmotionsPerEpisode)
                {
                    throw new FormatException($"Snapshot episode of slot {s} has {k} emotions; at most {EmotionsPerEpisode} are stored.");
                }

                e.EmotionCount = (byte)k;
                for (var j = 0; j < k; j++)
                {
                    var type = reader.ReadInt32();
                    if ((uint)type >= Emotions.Count)
                    {
                        throw new FormatException($"Snapshot episode of slot {s} has unknown emotion type {type}.");
                    }

                    e.SetEmotion(j, (byte)type, reader.ReadSingle());
                }
            }
        }
    }

    private bool Owns(AgentId agent) =>
        !agent.IsNone && (uint)agent.Slot < (uint)_rows.Length && _rows[agent.Slot].OwnerGen == agent.Generation;

    private static bool Matches(in Entry e, in MemoryCue cue)
    {
        if (cue.Kind >= 0 && e.Kind != cue.Kind)
        {
            return false;
        }

        if (!cue.Object.IsNone && e.Object != cue.Object.Value)
        {
            return false;
        }

        if (cue.Agent.IsNone)
        {
            return true;
        }

        return (e.ActorSlot == cue.Agent.Slot && e.ActorGen == cue.Agent.Generation)
            || (e.TargetSlot == cue.Agent.Slot && e.TargetGen == cue.Agent.Generation);
    }

    private float SalienceAt(in Entry e, long tick)
    {
        var age = Math.Max(0L, tick - e.Rehearsed) * _step;
        return (float)(e.Strength * Math.Pow(1.0 + (age / _settings.TimeScaleSeconds), -_settings.Decay));
    }

    /// <summary>The least salient episode; ties go to the earliest stored (lowest index), so forgetting is canonical.</summary>
    private int LeastSalient(int b, int n, long tick, out float salience)
    {
        var victim = 0;
        salience = float.MaxValue;
        for (var i = 0; i < n; i++)
        {
            var s = SalienceAt(in _entries[b + i], tick);
            if (s < salience)
            {
                salience = s;
                victim = i;
            }
        }

        return victim;
    }

    /// <summary>Keeps up to three emotions, the strongest first (ties: the earlier in the span).</summary>
    private static void KeepStrongest(ref Entry e, ReadOnlySpan<FeltEmotion> emotions)
    {
        var kept = 0;
        for (var i = 0; i < emotions.Length; i++)
        {
            var cur = emotions[i];
            if (cur.Intensity <= 0f || (uint)cur.Type >= Emotions.Count)
            {
                continue;
            }

            // Insertion into a sorted list of at most three.
            var pos = kept;
            while (pos > 0 && e.IntensityAt(pos - 1) < cur.Intensity)
            {
                pos--;
            }

            if (pos >= EmotionsPerEpisode)
            {
                continue;
            }

            var last = Math.Min(kept, EmotionsPerEpisode - 1);
            for (var j = last; j > pos; j--)
            {
                e.SetEmotion(j, e.TypeAt(j - 1), e.IntensityAt(j - 1));
            }

            e.SetEmotion(pos, (byte)cur.Type, cur.Intensity);
            kept = Math.Min(kept + 1, EmotionsPerEpisode);
        }

        e.EmotionCount = (byte)kept;
    }

    private Episode Read(in Entry e, long tick)
    {
        var k = e.EmotionCount;
        return new Episode(
            e.Tick,
            e.Kind,
            new AgentId(e.ActorSlot, e.ActorGen),
            new AgentId(e.TargetSlot, e.TargetGen),
            k > 0 ? e.Emotion(0) : default,
            k > 1 ? e.Emotion(1) : default,
            k > 2 ? e.Emotion(2) : default,
            k,
            SalienceAt(in e, tick),
            new ObjectId(e.Object));
    }

    private void Resize(int slots)
    {
        var newSlots = Math.Max(slots, _rows.Length * 2);
        Array.Resize(ref _rows, newSlots);
        Array.Resize(ref _entries, checked(newSlots * _cap));
    }

    /// <summary>An agent's episode count and generation, together so checking the owner and reading the count is one miss.</summary>
    private struct RowHeader
    {
        public int Count;
        public int OwnerGen;
    }

    /// <summary>
    /// One stored episode, packed to 60 bytes (4-byte packing: the two longs need no 8-byte alignment on the
    /// targets this runs on), so an episode spans at most two adjacent cache lines. The emotions are kept
    /// strongest first; slots past <see cref="EmotionCount"/> are stale.
    /// </summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 4)]
    private struct Entry
    {
        public long Tick;
        public long Rehearsed;
        public int Kind;
        public int ActorSlot;
        public int ActorGen;
        public int TargetSlot;
        public int TargetGen;
        public int Object;
        public float Strength;
        public float Intensity0;
        public float Intensity1;
        public float Intensity2;
        public byte Type0;
        public byte Type1;
        public byte Type2;
        public byte EmotionCount;

        public readonly float IntensityAt(int j) => j switch
        {
            0 => Intensity0,
            1 => Intensity1,
            _ => Intensity2,
        };

        public readonly byte TypeAt(int j) => j switch
        {
            0 => Type0,
            1 => Type1,
            _ => Type2,
        };

        public readonly FeltEmotion Emotion(int j) => new((EmotionType)TypeAt(j), IntensityAt(j));

        public void SetEmotion(int j, byte type, float intensity)
        {
            switch (j)
            {
                case 0:
                    Type0 = type;
                    Intensity0 = intensity;
                    break;
                case 1:
                    Type1 = type;
                    Intensity1 = intensity;
                    break;
                default:
                    Type2 = type;
                    Intensity2 = intensity;
                    break;
            }
        }
    }
}
