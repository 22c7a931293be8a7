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
/// Autobiographical memory per agent, in flat arrays indexed by slot × capacity (no allocation after
/// the pool is sized). Forgetting rule: salience s(t) = s₀·(1 + (t − t_r)/τ)^(−d), where s₀ is the
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
    private int[] _count = new int[64];
    private int[] _ownerGen = new int[64];
    private long[] _tick = [];
    private long[] _rehearsed = [];
    private int[] _kind = [];
    private int[] _actorSlot = [];
    private int[] _actorGen = [];
    private int[] _targetSlot = [];
    private int[] _targetGen = [];
    private int[] _object = [];
    private float[] _strength = [];
    private byte[] _emotionCount = [];
    private byte[] _emotionType = [];
    private float[] _emotionIntensity = [];

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
    /// target handles (16), strength (4), emotion count (1), 3 × (type 1 + intensity 4); plus count and owner generation.
    /// </summary>
    public int BytesPerAgent => (_cap * (8 + 8 + 4 + 16 + 4 + 4 + 1 + (EmotionsPerEpisode * 5))) + 8;

    /// <summary>The fixed step (set when the module attaches), to turn ticks into seconds.</summary>
    internal double StepSeconds
    {
        get => _step;
        set => _step = value;
    }

    /// <summary>Episodes the agent holds.</summary>
    public int Count(AgentId agent) => Owns(agent) ? _count[agent.Slot] : 0;

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
        var n = _count[s];
        if (n == _cap)
        {
            var victim = LeastSalient(b, n, tick, out var victimSalience);
            // Ties keep the older memory: a new episode must be strictly more salient to displace one.
            if (strength <= victimSalience)
            {
                return false;
            }

            Shift(b, victim, n);
            n--;
        }

        var e = b + n;
        _tick[e] = tick;
        _rehearsed[e] = tick;
        _kind[e] = kind;
        _actorSlot[e] = actor.Slot;
        _actorGen[e] = actor.Generation;
        _targetSlot[e] = target.Slot;
        _targetGen[e] = target.Generation;
        _object[e] = obj.Value;
        _strength[e] = strength;
        KeepStrongest(e, emotions);
        _count[s] = n + 1;
        return true;
    }

    /// <summary>Salience of stored episode <paramref name="index"/> of an agent at <paramref name="tick"/>.</summary>
    public float Salience(AgentId owner, int index, long tick)
    {
        if ((uint)index >= (uint)Count(owner))
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{owner} holds {Count(owner)} episodes.");
        }

        return SalienceAt((owner.Slot * _cap) + index, tick);
    }

    /// <summary>Copies the agent's episodes (oldest first) with their salience at <paramref name="tick"/>; returns how many were written.</summary>
    public int CopyEpisodes(AgentId owner, long tick, Span<Episode> destination)
    {
        var n = Math.Min(Count(owner), destination.Length);
        var b = owner.Slot * _cap;
        for (var i = 0; i < n; i++)
        {
            destination[i] = Read(b + i, tick);
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
            var e = b + i;
            var x = e * EmotionsPerEpisode;
            var k = _emotionCount[e];
            destination[i] = new StoredEpisode(
                _tick[e],
                _rehearsed[e],
                _kind[e],
                new AgentId(_actorSlot[e], _actorGen[e]),
                new AgentId(_targetSlot[e], _targetGen[e]),
                _strength[e],
                k > 0 ? new FeltEmotion((EmotionType)_emotionType[x], _emotionIntensity[x]) : default,
                k > 1 ? new FeltEmotion((EmotionType)_emotionType[x + 1], _emotionIntensity[x + 1]) : default,
                k > 2 ? new FeltEmotion((EmotionType)_emotionType[x + 2], _emotionIntensity[x + 2]) : default,
                k,
                new ObjectId(_object[e]));
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

            var e = b + i;
            _tick[e] = ep.Tick;
            _rehearsed[e] = ep.Rehearsed;
            _kind[e] = ep.Kind;
            _actorSlot[e] = ep.Actor.Slot;
            _actorGen[e] = ep.Actor.Generation;
            _targetSlot[e] = ep.Target.Slot;
            _targetGen[e] = ep.Target.Generation;
            _object[e] = ep.Object.Value;
            _strength[e] = ep.Strength;
            _emotionCount[e] = (byte)ep.EmotionCount;
            var x = e * EmotionsPerEpisode;
            for (var j = 0; j < ep.EmotionCount; j++)
            {
                var impulse = j == 0 ? ep.First : j == 1 ? ep.Second : ep.Third;
                if ((uint)impulse.Type >= Emotions.Count)
                {
                    throw new ArgumentException($"episode {i}: unknown emotion type {(int)impulse.Type}.", nameof(episodes));
                }

                Guard.Unit(impulse.Intensity, "intensity");
                _emotionType[x + j] = (byte)impulse.Type;
                _emotionIntensity[x + j] = impulse.Intensity;
            }
        }

        _count[owner.Slot] = episodes.Length;
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
        var n = _count[owner.Slot];
        var recalled = 0;
        var attenuation = _settings.RecallAttenuation;
        var gain = _settings.RehearsalGain;
        for (var e = b; e < b + n; e++)
        {
            if (!Matches(e, cue))
            {
                continue;
            }

            var s0 = _strength[e];
            var now = SalienceAt(e, tick);
            var scale = s0 > 0f ? attenuation * now / s0 : 0f;
            var k = _emotionCount[e];
            for (var j = 0; j < k; j++)
            {
                var x = e * EmotionsPerEpisode + j;
                var impulse = Math.Min(1f, _emotionIntensity[x] * scale);
                ref var v = ref emotions[_emotionType[x] * laneStride];
                v = AffectModule.Combine(v, impulse);
            }

            _strength[e] = now + (gain * (s0 - now));
            _rehearsed[e] = tick;
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

        var b = owner.Slot * _cap;
        var n = _count[owner.Slot];
        var best = 0f;
        for (var e = b; e < b + n; e++)
        {
            if (!Matches(e, cue) || !(_strength[e] > 0f))
            {
                continue;
            }

            for (var j = 0; j < _emotionCount[e]; j++)
            {
                var x = e * EmotionsPerEpisode + j;
                if (_emotionType[x] == (byte)type)
                {
                    best = Math.Max(best, _emotionIntensity[x] * SalienceAt(e, tick) / _strength[e]);
                }
            }
        }

        return 1f + (_settings.BiasGain * best);
    }

    internal void OnAgentAdded(AgentId agent)
    {
        if (agent.Slot >= _count.Length)
        {
            Resize(agent.Slot + 1);
        }

        _count[agent.Slot] = 0;
        _ownerGen[agent.Slot] = agent.Generation;
    }

    internal void OnAgentRemoved(AgentId agent)
    {
        if (Owns(agent))
        {
            _count[agent.Slot] = 0;
            _ownerGen[agent.Slot] = 0;
        }
    }

    internal void EnsureSlots(int slots)
    {
        if (slots > _count.Length)
        {
            Resize(slots);
        }
    }

    /// <inheritdoc />
    public void WriteState(IStateWriter writer)
    {
        Guard.NotNull(writer);
        var slots = _count.Length;
        while (slots > 0 && _count[slots - 1] == 0 && _ownerGen[slots - 1] == 0)
        {
            slots--;
        }

        writer.WriteInt32(_cap);
        writer.WriteInt32(slots);
        for (var s = 0; s < slots; s++)
        {
            writer.WriteInt32(_ownerGen[s]);
            var n = _count[s];
            writer.WriteInt32(n);
            for (var e = s * _cap; e < (s * _cap) + n; e++)
            {
                writer.WriteInt64(_tick[e]);
                writer.WriteInt64(_rehearsed[e]);
                writer.WriteInt32(_kind[e]);
                writer.WriteInt32(_actorSlot[e]);
                writer.WriteInt32(_actorGen[e]);
                writer.WriteInt32(_targetSlot[e]);
                writer.WriteInt32(_targetGen[e]);
                writer.WriteInt32(_object[e]);
                writer.WriteSingle(_strength[e]);
                writer.WriteInt32(_emotionCount[e]);
                for (var j = 0; j < _emotionCount[e]; j++)
                {
                    writer.WriteInt32(_emotionType[(e * EmotionsPerEpisode) + j]);
                    writer.WriteSingle(_emotionIntensity[(e * EmotionsPerEpisode) + j]);
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
        Array.Clear(_count, 0, _count.Length);
        Array.Clear(_ownerGen, 0, _ownerGen.Length);
        for (var s = 0; s < slots; s++)
        {
            _ownerGen[s] = reader.ReadInt32();
            var n = reader.ReadInt32();
            if (n < 0 || n > _cap)
            {
                throw new FormatException($"Snapshot episode count {n} of slot {s} exceeds the capacity {_cap}.");
            }

            _count[s] = n;
            for (var e = s * _cap; e < (s * _cap) + n; e++)
            {
                _tick[e] = reader.ReadInt64();
                _rehearsed[e] = reader.ReadInt64();
                _kind[e] = reader.ReadInt32();
                _actorSlot[e] = reader.ReadInt32();
                _actorGen[e] = reader.ReadInt32();
                _targetSlot[e] = reader.ReadInt32();
                _targetGen[e] = reader.ReadInt32();
                _object[e] = reader.ReadInt32();
                _strength[e] = reader.ReadSingle();
                var k = reader.ReadInt32();
                if (k < 0 || k > EmotionsPerEpisode)
                {
                    throw new FormatException($"Snapshot episode of slot {s} has {k} emotions; at most {EmotionsPerEpisode} are stored.");
                }

                _emotionCount[e] = (byte)k;
                for (var j = 0; j < k; j++)
                {
                    var type = reader.ReadInt32();
                    if ((uint)type >= Emotions.Count)
                    {
                        throw new FormatException($"Snapshot episode of slot {s} has unknown emotion type {type}.");
                    }

                    _emotionType[(e * EmotionsPerEpisode) + j] = (byte)type;
                    _emotionIntensity[(e * EmotionsPerEpisode) + j] = reader.ReadSingle();
                }
            }
        }
    }

    private bool Owns(AgentId agent) =>
        !agent.IsNone && (uint)agent.Slot < (uint)_count.Length && _ownerGen[agent.Slot] == agent.Generation;

    private bool Matches(int e, in MemoryCue cue)
    {
        if (cue.Kind >= 0 && _kind[e] != cue.Kind)
        {
            return false;
        }

        if (!cue.Object.IsNone && _object[e] != cue.Object.Value)
        {
            return false;
        }

        if (cue.Agent.IsNone)
        {
            return true;
        }

        return (_actorSlot[e] == cue.Agent.Slot && _actorGen[e] == cue.Agent.Generation)
            || (_targetSlot[e] == cue.Agent.Slot && _targetGen[e] == cue.Agent.Generation);
    }

    private float SalienceAt(int e, long tick)
    {
        var age = Math.Max(0L, tick - _rehearsed[e]) * _step;
        return (float)(_strength[e] * Math.Pow(1.0 + (age / _settings.TimeScaleSeconds), -_settings.Decay));
    }

    /// <summary>The least salient episode; ties go to the earliest stored (lowest index), so forgetting is canonical.</summary>
    private int LeastSalient(int b, int n, long tick, out float salience)
    {
        var victim = 0;
        salience = float.MaxValue;
        for (var i = 0; i < n; i++)
        {
            var s = SalienceAt(b + i, tick);
            if (s < salience)
            {
                salience = s;
                victim = i;
            }
        }

        return victim;
    }

    /// <summary>Removes entry <paramref name="index"/> of a row, keeping the rest in storage order.</summary>
    private void Shift(int b, int index, int n)
    {
        for (var i = b + index; i < b + n - 1; i++)
        {
            _tick[i] = _tick[i + 1];
            _rehearsed[i] = _rehearsed[i + 1];
            _kind[i] = _kind[i + 1];
            _actorSlot[i] = _actorSlot[i + 1];
            _actorGen[i] = _actorGen[i + 1];
            _targetSlot[i] = _targetSlot[i + 1];
            _targetGen[i] = _targetGen[i + 1];
            _object[i] = _object[i + 1];
            _strength[i] = _strength[i + 1];
            _emotionCount[i] = _emotionCount[i + 1];
            for (var j = 0; j < EmotionsPerEpisode; j++)
            {
                _emotionType[(i * EmotionsPerEpisode) + j] = _emotionType[((i + 1) * EmotionsPerEpisode) + j];
                _emotionIntensity[(i * EmotionsPerEpisode) + j] = _emotionIntensity[((i + 1) * EmotionsPerEpisode) + j];
            }
        }
    }

    /// <summary>Keeps up to three emotions, the strongest first (ties: the earlier in the span).</summary>
    private void KeepStrongest(int e, ReadOnlySpan<FeltEmotion> emotions)
    {
        var kept = 0;
        var x = e * EmotionsPerEpisode;
        for (var i = 0; i < emotions.Length; i++)
        {
            var cur = emotions[i];
            if (cur.Intensity <= 0f || (uint)cur.Type >= Emotions.Count)
            {
                continue;
            }

            // Insertion into a sorted list of at most three.
            var pos = kept;
            while (pos > 0 && _emotionIntensity[x + pos - 1] < cur.Intensity)
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
                _emotionType[x + j] = _emotionType[x + j - 1];
                _emotionIntensity[x + j] = _emotionIntensity[x + j - 1];
            }

            _emotionType[x + pos] = (byte)cur.Type;
            _emotionIntensity[x + pos] = cur.Intensity;
            kept = Math.Min(kept + 1, EmotionsPerEpisode);
        }

        _emotionCount[e] = (byte)kept;
    }

    private Episode Read(int e, long tick)
    {
        var x = e * EmotionsPerEpisode;
        var k = _emotionCount[e];
        return new Episode(
            _tick[e],
            _kind[e],
            new AgentId(_actorSlot[e], _actorGen[e]),
            new AgentId(_targetSlot[e], _targetGen[e]),
            k > 0 ? new FeltEmotion((EmotionType)_emotionType[x], _emotionIntensity[x]) : default,
            k > 1 ? new FeltEmotion((EmotionType)_emotionType[x + 1], _emotionIntensity[x + 1]) : default,
            k > 2 ? new FeltEmotion((EmotionType)_emotionType[x + 2], _emotionIntensity[x + 2]) : default,
            k,
            SalienceAt(e, tick),
            new ObjectId(_object[e]));
    }

    private void Resize(int slots)
    {
        var newSlots = Math.Max(slots, _count.Length * 2);
        Array.Resize(ref _count, newSlots);
        Array.Resize(ref _ownerGen, newSlots);
        var len = checked(newSlots * _cap);
        Array.Resize(ref _tick, len);
        Array.Resize(ref _rehearsed, len);
        Array.Resize(ref _kind, len);
        Array.Resize(ref _actorSlot, len);
        Array.Resize(ref _actorGen, len);
        Array.Resize(ref _targetSlot, len);
        Array.Resize(ref _targetGen, len);
        Array.Resize(ref _object, len);
        Array.Resize(ref _strength, len);
        Array.Resize(ref _emotionCount, len);
        Array.Resize(ref _emotionType, checked(len * EmotionsPerEpisode));
        Array.Resize(ref _emotionIntensity, checked(len * EmotionsPerEpisode));
    }
}
