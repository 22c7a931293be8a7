using System;
using AffectEngine.Benchmarks.Workloads;
using System.Globalization;
using System.IO;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Benchmarks;

/// <summary>
/// <c>quick-record [agents] [ticks]</c>: what recording costs at scale. Four worlds of the same
/// agents (affect + appraisal, as <c>affect run</c> builds them) tick in alternating rounds in one
/// process: no hash, a hash every tick (the engine default), a record with one hash per tick
/// (<c>affect run --record</c>'s default), a record with per-stage hashes (<c>--stage-hashes</c>). Prints thread-CPU ms per tick
/// (median) and each as a ratio to the hash-every-tick world, plus one keyframe's cost.
/// </summary>
internal static class QuickRecord
{
    public static void Run(string[] args)
    {
        var agents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var ticks = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var dir = Path.Combine(Path.GetTempPath(), "affect-quick-record-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var names = new[] { "no hash", "hash every tick (default)", "record, tick hash", "record, stage hashes" };
            var runners = new SimulationRunner[4];
            var writers = new RecordWriter?[4];
            for (var m = 0; m < 4; m++)
            {
                runners[m] = Create(agents, hash: m >= 1, stages: m == 3);
                if (m >= 2)
                {
                    var header = new RecordHeader { Seed = 1, Threads = 1, StepSeconds = runners[m].World.Options.StepSeconds, PlannedTicks = ticks, KeyframeEvery = 1000, StageHashes = m == 3 };
                    writers[m] = RecordWriter.Create(Path.Combine(dir, m + ".aerec"), header);
                    RunRecorder.Attach(runners[m].Simulation, writers[m]!);
                }
            }

            var cpu = new long[4][];
            for (var m = 0; m < 4; m++)
            {
                cpu[m] = new long[ticks];
                runners[m].Simulation.Run(3);
            }

            // Alternate tick by tick so that what the neighbours do on this shared machine hits every mode alike.
            for (var t = 0; t < ticks; t++)
            {
                for (var m = 0; m < 4; m++)
                {
                    var c0 = CpuClock.ThreadNanos();
                    runners[m].Simulation.Step();
                    cpu[m][t] = CpuClock.ThreadNanos() - c0;
                }
            }

            // As RunRecorder does: one snapshot buffer for the run. The first keyframe grows and first-touches
            // it; the second, a tick later, is what every keyframe after the run's first costs.
            var buffer = new BufferStateWriter();
            var k0 = CpuClock.ThreadNanos();
            runners[2].Simulation.SaveSnapshot(buffer);
            writers[2]!.WriteKeyframe(runners[2].World.Tick, buffer.Written);
            var firstKeyframe = CpuClock.ThreadNanos() - k0;
            runners[2].Simulation.Step();
            k0 = CpuClock.ThreadNanos();
            runners[2].Simulation.SaveSnapshot(buffer);
            writers[2]!.WriteKeyframe(runners[2].World.Tick, buffer.Written);
            var keyframe = CpuClock.ThreadNanos() - k0;
            var snapshotBytes = buffer.Written.Length;

            var inv = CultureInfo.InvariantCulture;
            var reference = (double)Stats.Median<long>(cpu[1]);
            Console.WriteLine(string.Format(inv, "{0} agents, {1} ticks per mode, thread CPU time per tick (median); ratio to the hash-every-tick world:", agents, ticks));
            for (var m = 0; m < 4; m++)
            {
                var med = (double)Stats.Median<long>(cpu[m]);
                Console.WriteLine(string.Format(inv, "  {0,-28} {1,9:0.00} ms  {2:0.000}", names[m], med / 1e6, med / reference));
            }

            Console.WriteLine(string.Format(inv, "  one keyframe ({0:0.0} MB snapshot + write): {1:0.0} ms = {2:0.000} of a tick per tick at one keyframe per 1000 ticks (the run's first, which sizes the reused buffer: {3:0.0} ms)", snapshotBytes / 1e6, keyframe / 1e6, keyframe / 1000.0 / reference, firstKeyframe / 1e6));
            foreach (var r in runners)
            {
                r.Dispose();
            }

            foreach (var w in writers)
            {
                w?.Dispose();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static SimulationRunner Create(int agents, bool hash, bool stages)
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = 1;
            o.World.Threads = 1;
            o.World.InitialCapacity = agents;
            o.World.HashEveryTick = hash;
            o.World.HashEachStage = stages;
            o.Affect.SetDecayAll(new DecaySetting(DecayKind.Exponential, 3600));
        });
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var e0 = runner.Affect.Fields.Emotion;
        for (var i = 0; i < agents; i++)
        {
            var id = runner.World.AddAgent();
            var rng = new RandomStream(1, 99, 0, i);
            runner.Affect.SetPersonality(id, new Ocean(
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1,
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1));
            for (var e = 0; e < Emotions.Count; e++)
            {
                runner.World.Value(id, e0, e) = rng.NextSingle() < 0.25f ? rng.NextSingle() : 0f;
            }
        }

        return runner;
    }
}
