using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using AffectEngine.Cli.Output;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect run &lt;scenario&gt; --cluster config.json [--hashes out.txt]</c>: the scenario sharded over
/// running silos, in lockstep. A lost shard is resumed from the last checkpoint on the silos left (the
/// config's checkpointEveryTicks and recoveries); when it cannot be, the run stops with exit code 3 and no output file.
/// </summary>
internal static class ClusterRun
{
    /// <summary>Exit code when the cluster fails the run (a silo lost, the cluster unreachable).</summary>
    internal const int ClusterFailure = 3;

    public static ClusterConfig LoadConfig(string path)
    {
        try
        {
            return ClusterConfig.Load(path);
        }
        catch (ArgumentException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    public static int Run(string scenarioPath, string configPath, RunOverrides overrides, string? hashesPath, bool quiet, string? checkpointPath = null, string? resumePath = null)
    {
        var config = LoadConfig(configPath);
        var scenario = ScenarioFiles.Load(scenarioPath);
        if (checkpointPath is not null)
        {
            if (config.CheckpointEveryTicks == 0)
            {
                throw new UserException($"--checkpoint: {configPath} sets checkpointEveryTicks to 0 (no checkpoints); set an interval to write them");
            }

            _ = OutputPaths.CheckFile(checkpointPath, "--checkpoint");
        }

        var resume = resumePath is null ? null : ReadCheckpoint(resumePath);

        // Checked before connecting: the coordinator refuses it too, but only after the silos are up.
        if (ShardLayout.Unsupported(scenario) is { } why)
        {
            throw new UserException($"{scenarioPath}: {why} (--cluster)");
        }

        if (overrides.Seed is { } seed)
        {
            scenario.Run.Seed = seed;
        }

        // Silos open generator files themselves: give them the path this client resolves (the scenario's folder).
        foreach (var g in scenario.EventGenerators)
        {
            if (g.Kind == "file")
            {
                g.File = Path.GetFullPath(AffectEngine.Scenarios.EventFileReader.Resolve(g, ScenarioFiles.DirectoryOf(scenarioPath)));
            }
        }

        var total = ScenarioHost.TicksOf(scenario, overrides);
        if (resume is not null && resume.Tick > total)
        {
            throw new UserException($"{resumePath}: the checkpoint is at tick {resume.Tick}, after the run's last tick {total} (--ticks)");
        }

        var threads = overrides.Threads ?? config.ThreadsPerShard;
        using var hashes = hashesPath is null ? null : AtomicFile.Create(hashesPath);
        try
        {
            return RunAsync(scenario, config, total, threads, hashes, quiet, checkpointPath, resume, resumePath).GetAwaiter().GetResult();
        }
        catch (ShardLostException ex)
        {
            Console.Error.WriteLine($"affect: cluster run stopped: a shard was lost at tick {ex.Tick} (a silo died or stopped answering: {ex.InnerException?.GetBaseException().Message}). Nothing was written; run again once the silos are up.");
            return ClusterFailure;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or System.Net.Sockets.SocketException or StackExchange.Redis.RedisException)
        {
            Console.Error.WriteLine($"affect: cannot use the cluster of {configPath} ({(config.Redis is null ? "gateways " + string.Join(", ", config.GatewayEndpoints) : config.MembershipText)}): {ex.GetBaseException().Message}");
            return ClusterFailure;
        }
    }

    private static ClusterCheckpoint ReadCheckpoint(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{path}: cannot read the checkpoint ({OutputPaths.Reason(ex)})");
        }

        try
        {
            return ClusterCheckpointFile.Read(bytes);
        }
        catch (InvalidDataException ex)
        {
            throw new UserException($"{path}: {ex.Message}");
        }
    }

    // Written whole under a temporary name and renamed, so a client killed while writing leaves the previous checkpoint.
    private static void WriteCheckpoint(string path, ClusterCheckpoint checkpoint)
    {
        using var file = AtomicFile.Create(path, "--checkpoint");
        ClusterCheckpointFile.Write(file.Stream, checkpoint);
        file.Commit();
    }

    private static async Task<int> RunAsync(Scenarios.Scenario scenario, ClusterConfig config, long total, int threads, AtomicFile? hashes, bool quiet, string? checkpointPath, ClusterCheckpoint? resume, string? resumePath)
    {
        var clock = Stopwatch.StartNew();
        using var host = await ClusterHosting.ConnectAsync(config).ConfigureAwait(false);
        var client = host.Services.GetRequiredService<IClusterClient>();
        var runId = "run-" + Guid.NewGuid().ToString("N");
        ClusterCoordinator run;
        try
        {
            run = resume is null
                ? await ClusterCoordinator.StartAsync(client, scenario, config.ShardCount, runId, threads, hashInitialState: hashes is not null).ConfigureAwait(false)
                : await ClusterCoordinator.ResumeAsync(client, scenario, resume, runId, threads).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new UserException(resume is null ? ex.Message : $"{resumePath}: {ex.Message}");
        }

        var inv = CultureInfo.InvariantCulture;
        var silos = await run.SilosAsync().ConfigureAwait(false);
        if (!quiet)
        {
            Console.Out.WriteLine(string.Format(inv, "cluster   {0} shards on {1} silos ({2}){3}", run.ShardCount, config.ExpectedSilos, string.Join(", ", silos), run.ExchangesBorders ? string.Format(inv, "; {0} border agents exchanged per tick", run.BorderAgentsPerTick) : ""));
            Console.Out.Flush();
        }

        if (resume is not null && !quiet)
        {
            Console.Out.WriteLine(string.Format(inv, "resumed   from {0} at tick {1}", resumePath, resume.Tick));
        }

        var setup = clock.Elapsed;
        var text = hashes is null ? null : new StreamWriter(hashes.Stream, new UTF8Encoding(false));
        text?.WriteLine(string.Format(inv, "{0} {1:x16}", run.Tick, resume?.Snapshot.Hash ?? run.LastHash));

        // Hash lines after the last checkpoint stay in memory: a resumed run computes those ticks again.
        var unsaved = new List<string>();
        var every = config.CheckpointEveryTicks;
        var active = every > 0 ? await ClusterHosting.ActiveSilosAsync(client, TimeSpan.FromSeconds(config.ResponseTimeoutSeconds)).ConfigureAwait(false) : [];
        var checkpoint = every == 0 ? null : resume ?? await run.CheckpointAsync().ConfigureAwait(false);
        if (checkpointPath is not null && checkpoint is not null && resume is null)
        {
            WriteCheckpoint(checkpointPath, checkpoint);
        }

        var recoveries = 0;
        var stepping = TimeSpan.Zero;
        var checkpointing = TimeSpan.Zero;
        var checkpoints = 0;
        while (run.Tick < total)
        {
            try
            {
                var hash = await run.StepAsync(collectState: text is not null).ConfigureAwait(false);
                if (text is not null)
                {
                    unsaved.Add(string.Format(inv, "{0} {1:x16}", run.Tick, hash));
                }

                if (checkpoint is not null && run.Tick % every == 0 && run.Tick < total)
                {
                    var taking = Stopwatch.GetTimestamp();
                    checkpoint = await run.CheckpointAsync().ConfigureAwait(false);
                    if (checkpointPath is not null)
                    {
                        WriteCheckpoint(checkpointPath, checkpoint);
                    }

                    checkpointing += Stopwatch.GetElapsedTime(taking);
                    checkpoints++;
                    Flush(unsaved, text);
                }
            }
            catch (ShardLostException lost) when (checkpoint is not null && recoveries < config.Recoveries)
            {
                recoveries++;
                stepping += run.TotalStepWall;
                Console.Error.WriteLine(string.Format(inv, "affect: a shard was lost at tick {0} ({1}); resuming from the checkpoint at tick {2} (recovery {3} of {4})", lost.Tick, lost.InnerException?.GetBaseException().Message, checkpoint.Tick, recoveries, config.Recoveries));
                _ = run.StopAsync(); // frees the surviving shards' memory; the lost one cannot answer
                var now = await ClusterHosting.WaitForMembershipChangeAsync(client, active, TimeSpan.FromSeconds(config.RecoveryTimeoutSeconds)).ConfigureAwait(false)
                    ?? throw new ShardLostException(lost.Tick, new TimeoutException(string.Format(inv, "no silo was declared dead or joined within {0} s, so there is nowhere new to place the lost shard", config.RecoveryTimeoutSeconds)));
                active = now;
                unsaved.Clear();
                run = await ClusterCoordinator.ResumeAsync(client, scenario, checkpoint, string.Format(inv, "{0}-r{1}", runId, recoveries), threads).ConfigureAwait(false);
                if (!quiet)
                {
                    var on = await run.SilosAsync().ConfigureAwait(false);
                    Console.Error.WriteLine(string.Format(inv, "affect: resumed at tick {0}: {1} shards on {2} silos ({3})", run.Tick, run.ShardCount, on.Distinct().Count(), string.Join(", ", on)));
                }
            }
        }

        Flush(unsaved, text);

        // Without per-tick hashes the state is gathered once, after the timed ticks.
        var final = text is null ? (await run.SnapshotAsync().ConfigureAwait(false)).Hash : run.LastHash;
        stepping += run.TotalStepWall;

        await run.StopAsync().ConfigureAwait(false);
        if (text is not null)
        {
            text.Flush();
            hashes!.Commit();
        }

        clock.Stop();
        if (!quiet)
        {
            var seconds = stepping.TotalSeconds;
            Console.Out.WriteLine(string.Format(inv, "scenario  {0}", scenario.Name));
            Console.Out.WriteLine(string.Format(inv, "ticks     {0} (seed {1})", total, scenario.Run.Seed));
            Console.Out.WriteLine(string.Format(inv, "wall      {0:0.000} s (connect and set up {1:0.000} s; ticks {2:0.000} s, {3:0.000} ms/tick)", clock.Elapsed.TotalSeconds, setup.TotalSeconds, seconds, total == 0 ? 0 : seconds * 1000 / total));
            if (run.HaloTicks > 0)
            {
                Console.Out.WriteLine(string.Format(inv, "halo      {0:0} bytes per tick ({1:0} as full records every tick) over {2} ticks since the last (re)start", (double)run.HaloBytes / run.HaloTicks, (double)run.HaloKeyFrameBytes / run.HaloTicks, run.HaloTicks));
            }

            if (checkpoints > 0)
            {
                Console.Out.WriteLine(string.Format(inv, "checkpoints {0} every {1} ticks, {2:0.000} s in all (state gathered to the client, {3})", checkpoints, every, checkpointing.TotalSeconds, checkpointPath is null ? "kept in memory" : "kept in memory and written to " + checkpointPath));
            }

            if (recoveries > 0)
            {
                Console.Out.WriteLine(string.Format(inv, "recovered {0} time(s) from a lost shard; the hashes are those of an undisturbed run", recoveries));
            }
            if (hashes is not null)
            {
                Console.Out.WriteLine(string.Format(inv, "hashes    {0}", hashes.Path));
            }
        }

        Console.Out.WriteLine(string.Format(inv, "cluster-hash: {0:x16}", final));
        return 0;
    }

    private static void Flush(List<string> lines, StreamWriter? text)
    {
        if (text is null)
        {
            return;
        }

        foreach (var line in lines)
        {
            text.WriteLine(line);
        }

        lines.Clear();
    }
}
