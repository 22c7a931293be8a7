using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Hosting.Plugins;
using AffectEngine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Conformance;

/// <summary>
/// How to exercise a plugin's systems: a world of <see cref="Agents"/> agents with seeded
/// personalities and a seeded stream of elicited emotions, run for <see cref="Ticks"/> ticks, plus
/// inputs of the plugin's own kinds built from payload bytes through its registered readers.
/// </summary>
public sealed class SystemWorkload
{
    public int Agents { get; init; } = 40;

    public long Ticks { get; init; } = 200;

    public ulong Seed { get; init; } = 7;

    /// <summary>Plugin inputs: (tick, input kind, payload writer). The payload is read back through the plugin's reader.</summary>
    public IReadOnlyList<(long Tick, string Kind, Action<IStateWriter> Payload)> PluginInputs { get; init; } = [];

    /// <summary>Inclusive bounds of fields (by name, e.g. "mood.p" or the plugin's own) that must hold after every tick.</summary>
    public IReadOnlyDictionary<string, (float Min, float Max)> Bounds { get; init; } = new Dictionary<string, (float, float)>
    {
        ["mood.p"] = (-1f, 1f),
        ["mood.a"] = (-1f, 1f),
        ["mood.d"] = (-1f, 1f),
    };
}

/// <summary>A plugin's systems under test: the catalog that loaded it, the plugin, and the workload.</summary>
public sealed record PluginSystemSubject(PluginCatalog Catalog, LoadedPlugin Plugin, SystemWorkload Workload);

/// <summary>
/// The checks every plugin system must pass (docs/determinism.md and docs/plugins.md):
/// determinism twice and at 1 vs 2 threads, determinism across snapshot save/restore, no wall clock
/// or unseeded randomness in its IL, bounds, zero allocation per tick after warm-up, and typed
/// exceptions (never a crash) for bad input payloads and for a world that lacks the fields it needs.
/// </summary>
public sealed class PluginSystemConformance : ConformanceKind<PluginSystemSubject>
{
    public override string Kind => "system";

    protected override string Describe(PluginSystemSubject subject) => subject.Plugin.Name;

    public override IEnumerable<ConformanceCheck<PluginSystemSubject>> Checks()
    {
        yield return new("systems are attached to the pipeline", SystemsAttached);
        yield return new("same inputs give the same hashes twice", s => SameHashes(s, 1, 1));
        yield return new("same hashes at 1 and 2 threads", s => SameHashes(s, 1, 2));
        yield return new("determinism under replay from a snapshot", ReplayFromSnapshot);
        yield return new("no wall clock, unseeded randomness or console in its IL", NoBannedApis);
        yield return new("fields stay finite and within bounds", Bounds);
        yield return new("zero allocation per tick after warm-up", ZeroAllocation);
        yield return new("bad input payloads give typed exceptions", BadPayloads);
        yield return new("a world without the fields it needs gives a typed exception", MissingFields);
    }

    /// <summary>A runner with the affect model and every plugin of the subject's catalog.</summary>
    public static SimulationRunner CreateRunner(PluginSystemSubject subject, int threads)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = subject.Workload.Seed;
            o.World.Threads = threads;
            o.World.InitialCapacity = subject.Workload.Agents;
        }).AddPlugins(subject.Catalog);
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var w = subject.Workload;
        for (var i = 0; i < w.Agents; i++)
        {
            var id = runner.AddAgent("a" + i.ToString(CultureInfo.InvariantCulture));
            var r = new RandomStream(w.Seed, 0xC0FF, 0, i);
            runner.Affect.SetPersonality(id, new Ocean(Trait(ref r), Trait(ref r), Trait(ref r), Trait(ref r), Trait(ref r)));
        }

        // A seeded stream of elicited emotions: enough activity for mood to move, the same every run.
        var agents = runner.World.Agents.ToArray();
        for (long t = 0; t < w.Ticks; t += 3)
        {
            var r = new RandomStream(w.Seed, 0xE11C, t, 0);
            var agent = agents[r.NextInt(agents.Length)];
            runner.Elicit(agent, (EmotionType)r.NextInt(Emotions.Count), r.NextSingle(), t);
        }

        var sequence = 0L;
        foreach (var (tick, kind, payload) in w.PluginInputs)
        {
            runner.Enqueue(ReadInput(subject, tick, InputSources.Host + 100, sequence++, kind, payload));
        }

        return runner;
    }

    private static float Trait(ref RandomStream r) => (r.NextSingle() * 2f) - 1f;

    private static TickInput ReadInput(PluginSystemSubject subject, long tick, int source, long sequence, string kind, Action<IStateWriter> payload)
    {
        if (!subject.Catalog.TryGetInputReader(kind, out var reader) || reader is null)
        {
            throw Fail($"no plugin registers a reader for input kind '{kind}'");
        }

        var writer = new BufferStateWriter();
        payload(writer);
        return reader(tick, source, sequence, new BufferStateReader(writer.ToArray()));
    }

    private static ulong[] Hashes(PluginSystemSubject subject, int threads)
    {
        using var runner = CreateRunner(subject, threads);
        var hashes = new ulong[subject.Workload.Ticks];
        for (var t = 0; t < hashes.Length; t++)
        {
            runner.Step();
            hashes[t] = runner.LastHash;
        }

        return hashes;
    }

    private static string SystemsAttached(PluginSystemSubject s)
    {
        using var runner = CreateRunner(s, 1);
        var attached = Enum.GetValues<TickStage>().SelectMany(st => runner.Simulation.SystemsOf(st)).Select(x => x.Name).ToHashSet();
        var missing = s.Plugin.Systems.Where(n => !attached.Contains(n)).ToArray();
        if (missing.Length > 0)
        {
            throw Fail($"registered but not attached (or attached under another Name): {string.Join(", ", missing)}");
        }

        return $"{s.Plugin.Systems.Count} system(s) attached";
    }

    private static string SameHashes(PluginSystemSubject s, int threadsA, int threadsB)
    {
        var a = Hashes(s, threadsA);
        var b = Hashes(s, threadsB);
        for (var t = 0; t < a.Length; t++)
        {
            if (a[t] != b[t])
            {
                throw Fail($"hashes differ first after tick {t}: {a[t]:x16} at {threadsA} thread(s) vs {b[t]:x16} at {threadsB}");
            }
        }

        return $"{a.Length} ticks, final hash {a[^1]:x16}";
    }

    private static string ReplayFromSnapshot(PluginSystemSubject s)
    {
        var ticks = s.Workload.Ticks;
        var half = ticks / 2;
        using var original = CreateRunner(s, 1);
        original.Run(half);
        var snapshot = original.Simulation.SaveSnapshot();
        original.Run(ticks - half);

        // A fresh world restored from the snapshot gets the inputs still due (the snapshot drops pending inputs).
        using var restored = CreateRunner(s, 1);
        restored.Simulation.LoadSnapshot(snapshot);
        using var source = CreateRunner(s, 1);
        foreach (var input in source.World.Inputs.PendingSnapshot())
        {
            if (input.Tick >= half)
            {
                restored.Enqueue(input);
            }
        }

        restored.Run(ticks - half);
        if (restored.LastHash != original.LastHash)
        {
            throw Fail($"after restoring the tick-{half} snapshot, tick {ticks} hashes {restored.LastHash:x16}, the uninterrupted run {original.LastHash:x16}");
        }

        return $"snapshot at tick {half} ({snapshot.Length} bytes) resumes to the same hash";
    }

    private static string NoBannedApis(PluginSystemSubject s)
    {
        var found = BannedApiScanner.Scan(s.Plugin.AssemblyPath);
        if (found.Count > 0)
        {
            throw Fail("uses " + string.Join(", ", found));
        }

        return "no banned member references";
    }

    private static string Bounds(PluginSystemSubject s)
    {
        using var runner = CreateRunner(s, 1);
        var world = runner.World;
        var bounds = s.Workload.Bounds.Select(kv => (Name: kv.Key, Field: world.Field(kv.Key), kv.Value.Min, kv.Value.Max)).ToArray();
        for (var t = 0; t < s.Workload.Ticks; t++)
        {
            runner.Step();
            foreach (var agent in world.Agents)
            {
                foreach (var fieldName in world.Schema.FieldNames)
                {
                    var v = world.Value(agent, world.Field(fieldName));
                    if (!float.IsFinite(v))
                    {
                        throw Fail($"after tick {t}, {agent} {fieldName} = {v}");
                    }
                }

                foreach (var (name, field, min, max) in bounds)
                {
                    var v = world.Value(agent, field);
                    if (v < min || v > max)
                    {
                        throw Fail($"after tick {t}, {agent} {name} = {v} outside [{min}, {max}]");
                    }
                }
            }
        }

        return $"{world.Schema.FieldCount} fields finite, {bounds.Length} bounded, over {s.Workload.Ticks} ticks";
    }

    private static string ZeroAllocation(PluginSystemSubject s)
    {
        using var runner = CreateRunner(s, 1);

        // Warm up past the scheduled inputs (their objects were allocated up front, not by the tick).
        runner.Run(s.Workload.Ticks);
        long bytes = -1;
        for (var window = 0; window < 30 && bytes != 0; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            runner.Run(20);
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            if (bytes != 0)
            {
                // Tiered compilation may still be swapping code in; give it time, then measure again.
                Thread.Sleep(50);
            }
        }

        if (bytes != 0)
        {
            throw Fail($"{bytes} bytes allocated over 20 ticks in steady state");
        }

        return "0 bytes over 20 ticks";
    }

    private static string BadPayloads(PluginSystemSubject s)
    {
        var checkedKinds = 0;
        foreach (var kind in s.Plugin.InputKinds)
        {
            s.Catalog.TryGetInputReader(kind, out var reader);
            var payloads = new[] { Array.Empty<byte>(), new byte[] { 1 }, Enumerable.Repeat((byte)0xFF, 64).ToArray(), Enumerable.Repeat((byte)0x7F, 64).ToArray() };
            foreach (var payload in payloads)
            {
                try
                {
                    reader!(0, InputSources.Host, 0, new BufferStateReader(payload));
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException or System.IO.EndOfStreamException or System.IO.InvalidDataException)
                {
                    // A typed refusal: what a record reader can report and skip.
                }
                catch (Exception ex)
                {
                    throw Fail($"reader of '{kind}' given {payload.Length} bytes threw {ex.GetType().Name} ({ex.Message}); expected FormatException or ArgumentException");
                }
            }

            checkedKinds++;
        }

        return $"{checkedKinds} input kind(s) refuse bad payloads with typed exceptions";
    }

    private static string MissingFields(PluginSystemSubject s)
    {
        var created = 0;
        var refused = 0;
        foreach (var (name, factory) in s.Plugin.SystemFactories)
        {
            var world = new World(AgentSchema.CreateBuilder().Build(), new WorldOptions());
            try
            {
                factory(new BareWorld(world));
                created++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                refused++;
            }
            catch (Exception ex)
            {
                throw Fail($"system '{name}' given a world without fields threw {ex.GetType().Name} ({ex.Message}); expected ArgumentException or InvalidOperationException");
            }
        }

        return $"{refused} refused with a typed exception, {created} need no fields";
    }

    /// <summary>A world with no fields, to see how a system's factory reacts to missing ones.</summary>
    private sealed class BareWorld : IPluginWorld
    {
        private readonly World _world;

        public BareWorld(World world) => _world = world;

        public IAgentStore Agents => _world;

        public ulong Seed => _world.Seed;

        public double StepSeconds => _world.Options.StepSeconds;

        public ReadOnlySpan<TickInput> CurrentInputs => _world.Inputs.Current;

        public void AddStateContributor(IStateContributor contributor) => _world.AddStateContributor(contributor);
    }
}
