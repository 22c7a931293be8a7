using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Native;

/// <summary>Result codes of every <c>ae_*</c> function (mirrored in affectengine.h).</summary>
internal enum AeStatus
{
    Ok = 0,
    InvalidArgument = 1,
    InvalidHandle = 2,
    BufferTooSmall = 3,
    InvalidData = 4,
    Internal = 5,
}

/// <summary>
/// The exported C functions. Every call catches every exception at the boundary (an exception must
/// never unwind into C), stores its message for <c>ae_last_error</c> on the calling thread, and
/// returns a status code. Worlds are opaque handles (GCHandle) the caller must destroy.
/// </summary>
internal static unsafe class NativeApi
{
    [ThreadStatic]
    private static string? _lastError;

    [UnmanagedCallersOnly(EntryPoint = "ae_api_version")]
    public static int ApiVersion() => (Plugins.PluginApi.Major * 1000) + Plugins.PluginApi.Minor;

    /// <summary>Copies the calling thread's last error (UTF-8, NUL-terminated) into buffer; returns the bytes needed without the NUL.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_last_error")]
    public static int LastError(byte* buffer, int capacity)
    {
        var bytes = Encoding.UTF8.GetBytes(_lastError ?? "");
        if (buffer != null && capacity > 0)
        {
            var n = Math.Min(bytes.Length, capacity - 1);
            bytes.AsSpan(0, n).CopyTo(new Span<byte>(buffer, n));
            buffer[n] = 0;
        }

        return bytes.Length;
    }

    /// <summary>Creates a world from an options JSON object (seed, step, threads, capacity, events, actionUnits; all optional; NULL = defaults).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_world_create")]
    public static int WorldCreate(byte* optionsJson, IntPtr* world) => Guard(() =>
    {
        if (world == null)
        {
            throw new ArgumentException("world (out) must not be NULL");
        }

        var options = new AffectEngineOptions();
        var events = true;
        var actionUnits = ActionUnitOutput.OnRead;
        if (optionsJson != null)
        {
            using var doc = JsonDocument.Parse(Marshal.PtrToStringUTF8((IntPtr)optionsJson) ?? "{}");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "seed": options.World.Seed = p.Value.GetUInt64(); break;
                    case "step": options.World.StepSeconds = p.Value.GetDouble(); break;
                    case "threads": options.World.Threads = p.Value.GetInt32(); break;
                    case "capacity": options.World.InitialCapacity = p.Value.GetInt32(); break;
                    case "events": events = p.Value.GetBoolean(); break;
                    case "actionUnits":
                        actionUnits = p.Value.GetString() switch
                        {
                            "onRead" => ActionUnitOutput.OnRead,
                            "perTick" => ActionUnitOutput.PerTick,
                            var v => throw new ArgumentException($"options: actionUnits must be \"onRead\" or \"perTick\"; got \"{v}\""),
                        };
                        break;
                    default: throw new ArgumentException($"options: unknown field '{p.Name}' (expected seed, step, threads, capacity, events, actionUnits)");
                }
            }
        }

        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = options.World.Seed;
            o.World.StepSeconds = options.World.StepSeconds;
            o.World.Threads = options.World.Threads;
            o.World.InitialCapacity = options.World.InitialCapacity;
            o.Affect.Events.Enabled = events;
            o.Affect.ActionUnits = actionUnits;
        });
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        *world = GCHandle.ToIntPtr(GCHandle.Alloc(new NativeWorld(runner)));
    });

    /// <summary>
    /// Creates a world from a scenario document (the JSON of <c>affect run</c>): its agents are created, its
    /// events scheduled and its event generators fire as in <c>affect run</c>. Errors name line, column and
    /// JSON path (AE_INVALID_DATA).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_world_create_scenario")]
    public static int WorldCreateScenario(byte* scenarioJson, IntPtr* world) => Guard(() =>
    {
        if (world == null || scenarioJson == null)
        {
            throw new ArgumentException("scenario_json and world (out) must not be NULL");
        }

        var length = 0;
        while (scenarioJson[length] != 0)
        {
            length++;
        }

        var scenario = ScenarioLoader.Parse(new ReadOnlySpan<byte>(scenarioJson, length), "scenario");
        // A document from memory has no folder: event files ("eventGenerators" of kind "file") resolve against the working directory.
        var runner = ScenarioHost.CreateRun(scenario, System.IO.Directory.GetCurrentDirectory(), extend: b => b.Services.AddAffectEngine(o => o.Affect.Events.Enabled = true));
        *world = GCHandle.ToIntPtr(GCHandle.Alloc(new NativeWorld(runner)));
    });

    /// <summary>Finds an agent by name (a scenario's agent id); AE_INVALID_ARGUMENT when there is none.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_agent_find")]
    public static int AgentFind(IntPtr world, byte* name, long* agent) => Guard(() =>
    {
        var text = Marshal.PtrToStringUTF8((IntPtr)name) ?? throw new ArgumentException("name must not be NULL");
        if (!Runner(world).TryGetAgent(text, out var id))
        {
            throw new ArgumentException($"no agent named '{text}'");
        }

        *NotNull(agent) = (long)(uint)id.Slot | ((long)id.Generation << 32);
    });

    [UnmanagedCallersOnly(EntryPoint = "ae_world_destroy")]
    public static void WorldDestroy(IntPtr world)
    {
        if (world == IntPtr.Zero)
        {
            return;
        }

        var handle = GCHandle.FromIntPtr(world);
        (handle.Target as NativeWorld)?.Runner.Dispose();
        handle.Free();
    }

    /// <summary>Adds a named agent; <paramref name="agent"/> receives its handle (slot | generation &lt;&lt; 32).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_agent_add")]
    public static int AgentAdd(IntPtr world, byte* name, long* agent) => Guard(() =>
    {
        var runner = Runner(world);
        var id = runner.AddAgent(Marshal.PtrToStringUTF8((IntPtr)name) ?? throw new ArgumentException("name must not be NULL"));
        if (agent == null)
        {
            throw new ArgumentException("agent (out) must not be NULL");
        }

        *agent = (long)(uint)id.Slot | ((long)id.Generation << 32);
    });

    [UnmanagedCallersOnly(EntryPoint = "ae_agent_set_personality")]
    public static int SetPersonality(IntPtr world, long agent, float o, float c, float e, float a, float n) =>
        Guard(() => Runner(world).Affect.SetPersonality(Agent(world, agent), new Ocean(o, c, e, a, n)));

    /// <summary>Elicits an emotion (index as in affectengine.h) with intensity in [0, 1] at the next tick.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_elicit")]
    public static int Elicit(IntPtr world, long agent, int emotion, float intensity) => Guard(() =>
    {
        if ((uint)emotion >= Emotions.Count)
        {
            throw new ArgumentException($"emotion must be in [0, {Emotions.Count}); got {emotion}");
        }

        Runner(world).Elicit(Agent(world, agent), (EmotionType)emotion, intensity);
    });

    [UnmanagedCallersOnly(EntryPoint = "ae_step")]
    public static int Step(IntPtr world, int ticks) => Guard(() =>
    {
        if (ticks < 0)
        {
            throw new ArgumentException($"ticks must be >= 0; got {ticks}");
        }

        Runner(world).Run(ticks);
    });

    [UnmanagedCallersOnly(EntryPoint = "ae_tick")]
    public static int Tick(IntPtr world, long* tick) => Guard(() => *NotNull(tick) = Runner(world).Tick);

    /// <summary>Writes mood P, A, D into pad[0..3].</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_get_mood")]
    public static int GetMood(IntPtr world, long agent, float* pad) => Guard(() =>
    {
        var m = Runner(world).Affect.Mood(Agent(world, agent));
        NotNull(pad);
        pad[0] = m.P;
        pad[1] = m.A;
        pad[2] = m.D;
    });

    [UnmanagedCallersOnly(EntryPoint = "ae_get_emotion")]
    public static int GetEmotion(IntPtr world, long agent, int emotion, float* intensity) => Guard(() =>
    {
        if ((uint)emotion >= Emotions.Count)
        {
            throw new ArgumentException($"emotion must be in [0, {Emotions.Count}); got {emotion}");
        }

        *NotNull(intensity) = Runner(world).Affect.Intensity(Agent(world, agent), (EmotionType)emotion);
    });

    /// <summary>Dominant emotion index (-1 = none) and facial action-unit intensities (AE_ACTION_UNITS order).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_get_expression")]
    public static int GetExpression(IntPtr world, long agent, int* dominant, float* actionUnits, int capacity) => Guard(() =>
    {
        var runner = Runner(world);
        var id = Agent(world, agent);
        var fields = runner.Affect.Fields;
        var count = AffectFields.ActionUnits.Count;
        if (capacity < count)
        {
            throw new BufferTooSmallException($"actionUnits needs {count} floats; capacity is {capacity}");
        }

        *NotNull(dominant) = (int)runner.World.Value(id, fields.Dominant);

        // Through the expression API: stored per tick, or computed now when the run computes them on read.
        runner.Affect.Expression(id).CopyActionUnits(new Span<float>(NotNull(actionUnits), count));
    });

    [UnmanagedCallersOnly(EntryPoint = "ae_hash")]
    public static int Hash(IntPtr world, ulong* hash) => Guard(() => *NotNull(hash) = Runner(world).Simulation.ComputeHash());

    /// <summary>Saves a snapshot into buffer; <paramref name="size"/> receives the bytes needed (AE_BUFFER_TOO_SMALL when capacity is less).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_snapshot_save")]
    public static int SnapshotSave(IntPtr world, byte* buffer, int capacity, int* size) => Guard(() =>
    {
        var bytes = Runner(world).Simulation.SaveSnapshot();
        *NotNull(size) = bytes.Length;
        if (buffer == null || capacity < bytes.Length)
        {
            throw new BufferTooSmallException($"the snapshot needs {bytes.Length} bytes; capacity is {capacity}");
        }

        bytes.CopyTo(new Span<byte>(buffer, capacity));
    });

    [UnmanagedCallersOnly(EntryPoint = "ae_snapshot_load")]
    public static int SnapshotLoad(IntPtr world, byte* buffer, int length) => Guard(() =>
    {
        if (buffer == null || length < 0)
        {
            throw new ArgumentException("buffer must not be NULL and length must be >= 0");
        }

        Runner(world).Simulation.LoadSnapshot(new ReadOnlySpan<byte>(buffer, length).ToArray());
    });

    /// <summary>Removes an agent (between steps); its handle becomes invalid and its slot may be reused by a later agent.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_agent_remove")]
    public static int AgentRemove(IntPtr world, long agent) => Guard(() => Runner(world).World.RemoveAgent(Agent(world, agent)));

    /// <summary>Declares (or re-declares) a goal of an agent with its utility in [-1, 1].</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_goal_declare")]
    public static int GoalDeclare(IntPtr world, long agent, byte* goal, float utility) =>
        Guard(() => Appraisal(world).DeclareGoal(Agent(world, agent), Text(goal, "goal"), utility));

    /// <summary>Declares how praiseworthy (−1 blameworthy .. 1) the agent finds an action.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_standard_declare")]
    public static int StandardDeclare(IntPtr world, long agent, byte* action, float praiseworthiness) =>
        Guard(() => Appraisal(world).DeclareStandard(Agent(world, agent), Text(action, "action"), praiseworthiness));

    /// <summary>Declares how appealing (−1 .. 1) the agent finds an object.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_attitude_declare")]
    public static int AttitudeDeclare(IntPtr world, long agent, byte* obj, float appeal) =>
        Guard(() => Appraisal(world).DeclareAttitude(Agent(world, agent), Text(obj, "object"), appeal));

    /// <summary>Sets how much <paramref name="agent"/> likes <paramref name="other"/> (−1 .. 1).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_relation_set")]
    public static int RelationSet(IntPtr world, long agent, long other, float liking) =>
        Guard(() => Appraisal(world).SetLiking(Agent(world, agent), Agent(world, other), liking));

    /// <summary>
    /// Schedules an appraisable event for the next tick: an action (judged against standards), its
    /// actor, targets and witnesses, and its effects on agents' goals (judged against goals; the
    /// first effect's goal names the belief, so a later event about it confirms or disconfirms).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_event")]
    public static int Event(IntPtr world, AeEventDesc* desc) => Guard(() =>
    {
        var d = NotNull(desc);
        var effects = Effects(world, d->Effects, d->EffectCount, sizeof(AeGoalEffect), out var belief);
        Schedule(world, d->Action, d->Actor, d->Targets, d->TargetCount, d->Witnesses, d->WitnessCount, effects, belief, null);
    });

    /// <summary>
    /// <c>ae_event</c> with controllability (EMA coping potential) for the event and per effect. The
    /// description starts with its own size and the size of an effect entry, so a later version of the
    /// header can append fields: this library accepts exactly the sizes it was built with and refuses
    /// others rather than read past what the caller allocated or ignore fields it does not know.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_event_ex")]
    public static int EventEx(IntPtr world, AeEventDescEx* desc) => Guard(() =>
    {
        var d = NotNull(desc);
        if (d->Size != (uint)sizeof(AeEventDescEx))
        {
            throw new ArgumentException($"desc.size must be sizeof(ae_event_desc_ex) = {sizeof(AeEventDescEx)} for this library; got {d->Size}");
        }

        if (d->EffectSize != (uint)sizeof(AeGoalEffectEx))
        {
            throw new ArgumentException($"desc.effect_size must be sizeof(ae_goal_effect_ex) = {sizeof(AeGoalEffectEx)} for this library; got {d->EffectSize}");
        }

        // Every flag and range is checked before any name is interned: a refused event leaves the world as it was.
        if ((d->Flags & ~AeFlags.HasControllability) != 0)
        {
            throw new ArgumentException($"desc.flags: unknown bits 0x{d->Flags & ~AeFlags.HasControllability:x} (expected AE_HAS_CONTROLLABILITY or 0)");
        }

        var controllability = (d->Flags & AeFlags.HasControllability) != 0 ? Controllability(d->Controllability, "desc.controllability") : (float?)null;
        var given = new float?[Math.Max(0, d->EffectCount)];
        for (var i = 0; d->Effects != null && i < given.Length; i++)
        {
            var e = d->Effects[i];
            if ((e.Flags & ~AeFlags.HasControllability) != 0)
            {
                throw new ArgumentException($"desc.effects[{i}].flags: unknown bits 0x{e.Flags & ~AeFlags.HasControllability:x} (expected AE_HAS_CONTROLLABILITY or 0)");
            }

            given[i] = (e.Flags & AeFlags.HasControllability) != 0 ? Controllability(e.Controllability, $"desc.effects[{i}].controllability") : null;
        }

        var effects = Effects(world, d->Effects, d->EffectCount, sizeof(AeGoalEffectEx), out var belief);
        for (var i = 0; i < effects.Length; i++)
        {
            effects[i] = effects[i] with { Controllability = given[i] };
        }

        Schedule(world, d->Action, d->Actor, d->Targets, d->TargetCount, d->Witnesses, d->WitnessCount, effects, belief, controllability);
    });

    /// <summary>
    /// The goal effects of an event description (the leading fields every effect struct version shares,
    /// read with the caller's stride); the first effect's goal names the belief, so a later event about it
    /// confirms or disconfirms.
    /// </summary>
    private static GoalEffect[] Effects(IntPtr world, void* entries, int count, int stride, out BeliefId belief)
    {
        if (count < 0 || (count > 0 && entries == null))
        {
            throw new ArgumentException("desc.effects must hold desc.effect_count entries");
        }

        var runner = Runner(world);
        var vocabulary = Appraisal(world).Vocabulary;
        var effects = new GoalEffect[count];
        belief = default;
        for (var i = 0; i < effects.Length; i++)
        {
            var e = (AeGoalEffect*)((byte*)entries + ((long)i * stride));
            var owner = Agent(world, e->Owner);
            var goal = Text(e->Goal, $"desc.effects[{i}].goal");
            effects[i] = new GoalEffect(owner, vocabulary.Goal(goal), new Congruence(e->Congruence, $"desc.effects[{i}].congruence"), new Likelihood(e->Likelihood, $"desc.effects[{i}].likelihood"));
            if (i == 0)
            {
                belief = vocabulary.Belief(runner.NameOf(owner) + "/" + goal);
            }
        }

        return effects;
    }

    private static float Controllability(float value, string name) =>
        value is >= 0f and <= 1f ? value : throw new ArgumentException($"{name} must be in [0, 1]; got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static void Schedule(IntPtr world, byte* actionName, long actorHandle, long* targetHandles, int targetCount, long* witnessHandles, int witnessCount, GoalEffect[] effects, BeliefId belief, float? controllability)
    {
        var runner = Runner(world);
        var appraisal = Appraisal(world);
        var action = actionName == null ? default : appraisal.Vocabulary.Action(Text(actionName, "desc.action"));
        var actor = actorHandle == 0 ? AgentId.None : Agent(world, actorHandle);
        var targets = Agents(world, targetHandles, targetCount, "desc.targets");
        var witnesses = Agents(world, witnessHandles, witnessCount, "desc.witnesses");
        appraisal.Enqueue(new AppraisalEvent(runner.Tick, InputSources.Host, runner.NextHostSequence(), action, actor, effects, belief, targets, witnesses)
        {
            Controllability = controllability,
        });
    }

    /// <summary>
    /// Moves up to <paramref name="capacity"/> of the engine events that happened since the last poll
    /// (every tick stepped since) into <paramref name="buffer"/>, oldest first; <paramref name="count"/>
    /// receives how many. Events that did not fit stay for the next call.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_poll_events")]
    public static int PollEvents(IntPtr world, EngineEvent* buffer, int capacity, int* count) => Guard(() =>
    {
        NotNull(count);
        if (capacity < 0 || (capacity > 0 && buffer == null))
        {
            throw new ArgumentException("buffer must hold capacity events");
        }

        *count = Native(world).Poll(new Span<EngineEvent>(buffer, capacity));
    });

    /// <summary>
    /// Copies every slot's mood (P, A, D; zeros for empty slots) into <paramref name="pad"/>, slot by
    /// slot (an agent handle's low 32 bits are its slot); <paramref name="slots"/> receives the slot count.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_get_moods")]
    public static int GetMoods(IntPtr world, float* pad, int capacity, int* slots) => Guard(() =>
    {
        var runner = Runner(world);
        CopyField(runner.World, runner.Affect.Fields.Mood, pad, capacity, slots, "pad");
    });

    /// <summary>Copies every slot's emotion intensities (AE_EMOTION_COUNT floats per slot) into <paramref name="intensities"/>.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_get_emotions")]
    public static int GetEmotions(IntPtr world, float* intensities, int capacity, int* slots) => Guard(() =>
    {
        var runner = Runner(world);
        CopyField(runner.World, runner.Affect.Fields.Emotion, intensities, capacity, slots, "intensities");
    });

    private static void CopyField(Core.World w, FieldId field, float* output, int capacity, int* slots, string name)
    {
        *NotNull(slots) = w.SlotCount;
        var needed = (long)w.SlotCount * field.Width;
        if (output == null || capacity < needed)
        {
            throw new BufferTooSmallException($"{name} needs {needed} floats ({w.SlotCount} slots x {field.Width}); capacity is {capacity}");
        }

        for (var slot = 0; slot < w.SlotCount; slot++)
        {
            var lanes = w.Block(slot >> 3);
            for (var c = 0; c < field.Width; c++)
            {
                output[((long)slot * field.Width) + c] = lanes[field.ComponentOffset(c) + (slot & 7)];
            }
        }
    }

    private static AgentId[] Agents(IntPtr world, long* handles, int count, string name)
    {
        if (count < 0 || (count > 0 && handles == null))
        {
            throw new ArgumentException($"{name} must hold {name}_count agents");
        }

        var agents = new AgentId[count];
        for (var i = 0; i < count; i++)
        {
            agents[i] = Agent(world, handles[i]);
        }

        return agents;
    }

    private static AppraisalModule Appraisal(IntPtr world) => Runner(world).Module<AffectEngineModule>().Appraisal;

    private static string Text(byte* text, string name) =>
        (text == null ? null : Marshal.PtrToStringUTF8((IntPtr)text)) ?? throw new ArgumentException($"{name} must not be NULL");

    private static int Guard(Action action)
    {
        try
        {
            action();
            _lastError = null;
            return (int)AeStatus.Ok;
        }
        catch (Exception ex)
        {
            _lastError = ex.Message;
            return (int)(ex switch
            {
                InvalidHandleException => AeStatus.InvalidHandle,
                BufferTooSmallException => AeStatus.BufferTooSmall,
                ArgumentException or JsonException or InvalidOperationException => AeStatus.InvalidArgument,
                FormatException or ScenarioException => AeStatus.InvalidData,
                _ => AeStatus.Internal,
            });
        }
    }

    private static SimulationRunner Runner(IntPtr world)
    {
        if (world == IntPtr.Zero)
        {
            throw new InvalidHandleException("world handle is NULL");
        }

        return Native(world).Runner;
    }

    private static NativeWorld Native(IntPtr world)
    {
        if (world == IntPtr.Zero)
        {
            throw new InvalidHandleException("world handle is NULL");
        }

        return GCHandle.FromIntPtr(world).Target as NativeWorld ?? throw new InvalidHandleException("not a world handle");
    }

    private static AgentId Agent(IntPtr world, long handle)
    {
        var id = new AgentId((int)(handle & 0xFFFF_FFFF), (int)(handle >> 32));
        return Runner(world).World.IsAlive(id) ? id : throw new InvalidHandleException($"{id} is not a live agent of this world");
    }

    private static T* NotNull<T>(T* pointer, [CallerArgumentExpression(nameof(pointer))] string? name = null)
        where T : unmanaged =>
        pointer != null ? pointer : throw new ArgumentException($"{name} must not be NULL");
}

/// <summary>The event description of <c>ae_event</c> (mirrors <c>ae_event_desc</c> in affectengine.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AeEventDesc
{
    public byte* Action;
    public long Actor;
    public long* Targets;
    public int TargetCount;
    public long* Witnesses;
    public int WitnessCount;
    public AeGoalEffect* Effects;
    public int EffectCount;
}

/// <summary>One effect of an event on a goal (mirrors <c>ae_goal_effect</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AeGoalEffect
{
    public long Owner;
    public byte* Goal;
    public float Congruence;
    public float Likelihood;
}

/// <summary>Flag bits of <c>ae_event_desc_ex</c> and <c>ae_goal_effect_ex</c> (mirrors affectengine.h).</summary>
internal static class AeFlags
{
    /// <summary><c>AE_HAS_CONTROLLABILITY</c>: the controllability field is given (a zeroed struct means "not given", not 0).</summary>
    public const uint HasControllability = 1;
}

/// <summary>The versioned event description of <c>ae_event_ex</c> (mirrors <c>ae_event_desc_ex</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AeEventDescEx
{
    public uint Size;
    public uint EffectSize;
    public byte* Action;
    public long Actor;
    public long* Targets;
    public int TargetCount;
    public long* Witnesses;
    public int WitnessCount;
    public AeGoalEffectEx* Effects;
    public int EffectCount;
    public uint Flags;
    public float Controllability;
}

/// <summary>One effect of <c>ae_event_ex</c> (mirrors <c>ae_goal_effect_ex</c>): <see cref="AeGoalEffect"/>'s fields first, then controllability.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AeGoalEffectEx
{
    public long Owner;
    public byte* Goal;
    public float Congruence;
    public float Likelihood;
    public uint Flags;
    public float Controllability;
}

/// <summary>
/// A world behind a C handle: the runner, and the engine events of the ticks stepped since the
/// caller last polled (a C host may step many ticks per call, so one tick's buffer is not enough).
/// The queue keeps its array, so polling in a steady game loop allocates nothing.
/// </summary>
internal sealed class NativeWorld
{
    private EngineEvent[] _queue = new EngineEvent[256];
    private int _head;
    private int _count;

    public NativeWorld(SimulationRunner runner)
    {
        Runner = runner;
        runner.TickCompleted += (_, _) => Enqueue(runner.World.Events.Events);
    }

    public SimulationRunner Runner { get; }

    public int Poll(Span<EngineEvent> output)
    {
        var n = Math.Min(output.Length, _count);
        _queue.AsSpan(_head, n).CopyTo(output);
        _head += n;
        _count -= n;
        if (_count == 0)
        {
            _head = 0;
        }

        return n;
    }

    private void Enqueue(ReadOnlySpan<EngineEvent> events)
    {
        if (_head + _count + events.Length > _queue.Length)
        {
            // Compact first; grow only when the unread events themselves do not fit.
            Array.Copy(_queue, _head, _queue, 0, _count);
            _head = 0;
            if (_count + events.Length > _queue.Length)
            {
                Array.Resize(ref _queue, Math.Max(_queue.Length * 2, _count + events.Length));
            }
        }

        events.CopyTo(_queue.AsSpan(_head + _count));
        _count += events.Length;
    }
}

internal sealed class InvalidHandleException : Exception
{
    public InvalidHandleException(string message)
        : base(message)
    {
    }
}

internal sealed class BufferTooSmallException : Exception
{
    public BufferTooSmallException(string message)
        : base(message)
    {
    }
}
