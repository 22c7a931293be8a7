using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AffectEngine.Affect;
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

    /// <summary>Creates a world from an options JSON object (seed, step, threads, capacity; all optional; NULL = defaults).</summary>
    [UnmanagedCallersOnly(EntryPoint = "ae_world_create")]
    public static int WorldCreate(byte* optionsJson, IntPtr* world) => Guard(() =>
    {
        if (world == null)
        {
            throw new ArgumentException("world (out) must not be NULL");
        }

        var options = new AffectEngineOptions();
        if (optionsJson != null)
        {
            using var doc = JsonDocument.Parse(Marshal.PtrToStringUTF8((IntPtr)optionsJson) ?? "{}");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "seed": options.Seed = p.Value.GetUInt64(); break;
                    case "step": options.StepSeconds = p.Value.GetDouble(); break;
                    case "threads": options.Threads = p.Value.GetInt32(); break;
                    case "capacity": options.InitialCapacity = p.Value.GetInt32(); break;
                    default: throw new ArgumentException($"options: unknown field '{p.Name}' (expected seed, step, threads, capacity)");
                }
            }
        }

        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.Seed = options.Seed;
            o.StepSeconds = options.StepSeconds;
            o.Threads = options.Threads;
            o.InitialCapacity = options.InitialCapacity;
        });
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        *world = GCHandle.ToIntPtr(GCHandle.Alloc(runner));
    });

    /// <summary>
    /// Creates a world from a scenario document (the JSON of <c>affect run</c>): its agents are created and
    /// its events scheduled. Errors name line, column and JSON path (AE_INVALID_DATA).
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
        var runner = ScenarioHost.CreateRunner(scenario);
        *world = GCHandle.ToIntPtr(GCHandle.Alloc(runner));
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
        (handle.Target as SimulationRunner)?.Dispose();
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
        NotNull(actionUnits);
        for (var i = 0; i < count; i++)
        {
            actionUnits[i] = runner.World.Value(id, fields.ActionUnitIntensity, i);
        }
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

        return GCHandle.FromIntPtr(world).Target as SimulationRunner ?? throw new InvalidHandleException("not a world handle");
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
