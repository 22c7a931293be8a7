using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using AffectEngine.Distributed.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Xunit.Abstractions;

namespace AffectEngine.Distributed.Tests;

/// <summary>A child process (the built <c>affect</c> CLI) whose output is collected; killed with its tree on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _out = new();
    private readonly ConcurrentQueue<string> _err = new();

    public ChildProcess(params string[] args)
    {
        var info = new ProcessStartInfo(Dotnet()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(AffectDll());
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _out.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _err.Enqueue(e.Data); } };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout => string.Join('\n', _out);

    public string Stderr => string.Join('\n', _err);

    public int ExitCode => _process.ExitCode;

    public async Task WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!_out.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the process exited ({_process.ExitCode}) before printing '{prefix}': {Stdout}\n{Stderr}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"no '{prefix}' line after {timeout.TotalSeconds} s: {Stdout}\n{Stderr}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            _process.WaitForExit(); // drains the redirected output
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    /// <summary>The affect CLI built beside this test (same configuration, else the other one).</summary>
    public static string AffectDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = dir.Parent?.Name ?? "Debug"; // .../bin/<Configuration>/net10.0/
        var root = dir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AffectEngine.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new FileNotFoundException("AffectEngine.sln not found above " + AppContext.BaseDirectory);
        }

        foreach (var c in new[] { configuration, configuration == "Release" ? "Debug" : "Release" })
        {
            var path = Path.Combine(root.FullName, "tools", "AffectEngine.Cli", "bin", c, "net10.0", "affect.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException($"affect.dll not built under {root.FullName}/tools/AffectEngine.Cli/bin/{configuration}/net10.0 (build the CLI first).");
    }

    private static string Dotnet()
    {
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}

/// <summary>Two silo processes on loopback with free ports, and the config file that names them.</summary>
internal sealed class SiloProcesses : IDisposable
{
    private readonly List<ChildProcess> _silos = [];

    private SiloProcesses(string dir, ClusterConfig config, int[] ports)
    {
        Directory = dir;
        Config = config;
        Ports = ports;
    }

    public string Directory { get; }

    public ClusterConfig Config { get; }

    public int[] Ports { get; }

    public string ConfigPath => Path.Combine(Directory, "cluster.json");

    public IReadOnlyList<ChildProcess> Silos => _silos;

    /// <summary>
    /// Starts <paramref name="silos"/> silo processes. With <paramref name="redis"/> ("host:port") the
    /// membership table is in that Redis server, no silo is the primary, and the config lists no gateways
    /// (the client finds them in the table); otherwise the first silo is the primary.
    /// </summary>
    public static async Task<SiloProcesses> StartAsync(int silos, double responseTimeoutSeconds, string extra = "", string? redis = null)
    {
        var ports = FreePorts(silos * 2);
        var dir = Path.Combine(Path.GetTempPath(), "affect-cluster-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var gateways = ports.Skip(silos).ToList();
        var membership = redis is null
            ? string.Create(CultureInfo.InvariantCulture, $"\"primaryPort\": {ports[0]}, \"gateways\": [{string.Join(", ", gateways)}]")
            : $"\"redis\": \"{redis}\", \"gateways\": []";
        var json = string.Create(CultureInfo.InvariantCulture, $$"""
            // written by the multi-process tests
            { "clusterId": "test-{{Guid.NewGuid():N}}", {{membership}},
              "silos": {{silos}}, "shards": {{silos}}, "responseTimeoutSeconds": {{responseTimeoutSeconds}}, "connectTimeoutSeconds": 120{{extra}} }
            """);
        var set = new SiloProcesses(dir, ClusterConfig.Parse(Encoding.UTF8.GetBytes(json), "cluster.json"), ports);
        await File.WriteAllTextAsync(set.ConfigPath, json);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                set._silos.Add(new ChildProcess("silo", "--port", ports[i].ToString(CultureInfo.InvariantCulture), "--gateway", gateways[i].ToString(CultureInfo.InvariantCulture), "--cluster", set.ConfigPath));
                if (i == 0)
                {
                    // The primary first: the others join it.
                    await set._silos[0].WaitForLineAsync("silo ready", TimeSpan.FromMinutes(3));
                }
            }

            foreach (var s in set._silos)
            {
                await s.WaitForLineAsync("silo ready", TimeSpan.FromMinutes(3));
            }
        }
        catch
        {
            set.Dispose();
            throw;
        }

        return set;
    }

    public void Dispose()
    {
        foreach (var s in _silos)
        {
            s.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static int[] FreePorts(int n)
    {
        // Hold every listener until all are chosen so the same port is not handed out twice.
        var listeners = Enumerable.Range(0, n).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}

public sealed class MultiProcessTests
{
    private readonly ITestOutputHelper _out;

    public MultiProcessTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public async Task Two_silo_processes_give_the_single_process_hashes()
    {
        using var silos = await SiloProcesses.StartAsync(2, responseTimeoutSeconds: 60);

        // The CLI as client: the cross-shard tavern, every tick's hash into a file.
        var scenarioPath = Path.Combine(silos.Directory, "tavern.json");
        await File.WriteAllTextAsync(scenarioPath, CrossShardScenarios.TavernJson);
        var hashesPath = Path.Combine(silos.Directory, "hashes.txt");
        var clock = Stopwatch.StartNew();
        using (var run = new ChildProcess("run", scenarioPath, "--cluster", silos.ConfigPath, "--ticks", "120", "--hashes", hashesPath))
        {
            Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(5)), "affect run --cluster did not finish: " + run.Stdout + run.Stderr);
            _out.WriteLine($"affect run --cluster ({clock.Elapsed.TotalSeconds:F1} s):\n{run.Stdout}\n{run.Stderr}");
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Contains("2 shards on 2 silos", run.Stdout);
        }

        var expected = CrossShardScenarios.SingleProcessHashes(CrossShardScenarios.Tavern(), null, 120);
        var lines = await File.ReadAllLinesAsync(hashesPath);
        Assert.Equal(121, lines.Length);
        for (var t = 0; t <= 120; t++)
        {
            Assert.Equal($"{t} {expected[t]:x16}", lines[t]);
        }

        // The bundled social sim (relations, memory, witnesses, an encounter at 80 s) through the CLI, as a user runs it.
        var sim = Path.Combine(SocialScenarios.RepoRoot(), "sims", "tavern", "tavern.json");
        var simHashesPath = Path.Combine(silos.Directory, "sim-hashes.txt");
        using (var run = new ChildProcess("run", sim, "--cluster", silos.ConfigPath, "--ticks", "850", "--hashes", simHashesPath))
        {
            Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(5)), "affect run --cluster (sims/tavern) did not finish: " + run.Stdout + run.Stderr);
            _out.WriteLine($"affect run --cluster sims/tavern:\n{run.Stdout}\n{run.Stderr}");
            Assert.True(run.ExitCode == 0, run.Stderr);
        }

        var simExpected = CrossShardScenarios.SingleProcessHashes(AffectEngine.Scenarios.ScenarioLoader.Load(sim), null, 850);
        var simLines = await File.ReadAllLinesAsync(simHashesPath);
        Assert.Equal(851, simLines.Length);
        for (var t = 0; t <= 850; t++)
        {
            Assert.Equal($"{t} {simExpected[t]:x16}", simLines[t]);
        }

        // This process as client: a social section with contagion across the border between the two silo processes.
        using var host = await ClusterHosting.ConnectAsync(silos.Config);
        var client = host.Services.GetRequiredService<IClusterClient>();
        var scenario = SocialScenarios.Crowd();
        var crowd = CrossShardScenarios.SingleProcessHashes(scenario, null, SocialScenarios.Ticks);
        var cluster = await ClusterCoordinator.StartAsync(client, scenario, 2, "mp-social-crowd");
        Assert.True(cluster.ExchangesBorders);
        Assert.Equal(2, (await cluster.SilosAsync()).Distinct().Count());
        for (var t = 1; t <= SocialScenarios.Ticks; t++)
        {
            Assert.Equal(crowd[t], await cluster.StepAsync());
        }

        _out.WriteLine($"social crowd over 2 silo processes: {cluster.TotalStepWall.TotalMilliseconds / SocialScenarios.Ticks:F3} ms per tick with border exchange");
        await cluster.StopAsync();
        await host.StopAsync();
    }

    /// <summary>Starts the cross-shard tavern through the CLI on both silos, lets it run two seconds (past the first checkpoints), then kills the second silo (shard 1 lives there: pinned placement).</summary>
    private static Task<ChildProcess> RunTavernThenKillSecondSiloAsync(SiloProcesses silos, long ticks, string hashesPath) => RunTavernThenKillAsync(silos, 1, ticks, hashesPath);

    private static async Task<ChildProcess> RunTavernThenKillAsync(SiloProcesses silos, int victim, long ticks, string hashesPath)
    {
        var scenarioPath = Path.Combine(silos.Directory, "tavern.json");
        await File.WriteAllTextAsync(scenarioPath, CrossShardScenarios.TavernJson);
        var run = new ChildProcess("run", scenarioPath, "--cluster", silos.ConfigPath, "--ticks", ticks.ToString(CultureInfo.InvariantCulture), "--hashes", hashesPath);
        await run.WaitForLineAsync("cluster ", TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(2));
        silos.Silos[victim].Kill();
        return run;
    }

    [Fact]
    public async Task A_killed_silo_process_stops_the_run_with_a_clear_error_and_no_output_when_recovery_is_off()
    {
        using var silos = await SiloProcesses.StartAsync(2, responseTimeoutSeconds: 15, extra: ", \"recoveries\": 0");
        var hashesPath = Path.Combine(silos.Directory, "hashes.txt");
        using var run = await RunTavernThenKillSecondSiloAsync(silos, 100_000_000, hashesPath);
        var killed = Stopwatch.StartNew();
        Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(4)), "the run did not notice the lost silo: " + run.Stdout);
        _out.WriteLine($"stopped {killed.Elapsed.TotalSeconds:F1} s after the kill: {run.Stderr}");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("a shard was lost at tick", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr); // one line, no stack trace
        Assert.False(File.Exists(hashesPath), "a stopped run must not leave its output");
        Assert.Empty(System.IO.Directory.GetFiles(silos.Directory, "*.tmp"));
    }

    [Fact]
    public async Task A_killed_silo_process_is_survived_from_the_last_checkpoint_with_the_hashes_of_an_undisturbed_run()
    {
        // Probes every 2 s: the dead silo is declared dead a few seconds after its calls time out.
        using var silos = await SiloProcesses.StartAsync(2, responseTimeoutSeconds: 10, extra: ", \"probeTimeoutSeconds\": 2, \"checkpointEveryTicks\": 250");
        await KillASiloAndExpectTheUndisturbedHashesAsync(silos, victim: 1);
    }

    /// <summary>
    /// Runs the tavern for 30,000 ticks, kills silo <paramref name="victim"/> two seconds in, and asserts the run
    /// resumed from a checkpoint (one recovery, no stack trace) with every tick's hash, those recomputed after
    /// the checkpoint included, equal to the single-process run's. Returns the run for further checks.
    /// </summary>
    private async Task<ChildProcess> KillASiloAndExpectTheUndisturbedHashesAsync(SiloProcesses silos, int victim)
    {
        var hashesPath = Path.Combine(silos.Directory, "hashes.txt");
        const int ticks = 30000;
        var expected = CrossShardScenarios.SingleProcessHashes(CrossShardScenarios.Tavern(), null, ticks);
        var run = await RunTavernThenKillAsync(silos, victim, ticks, hashesPath);
        var killed = Stopwatch.StartNew();
        Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(6)), $"the run did not finish after silo {victim} was lost: " + run.Stdout + run.Stderr);
        _out.WriteLine($"finished {killed.Elapsed.TotalSeconds:F1} s after killing silo {victim}:\n{run.Stdout}\n{run.Stderr}");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("a shard was lost at tick", run.Stderr);
        Assert.Contains("resuming from the checkpoint at tick", run.Stderr);
        Assert.Contains("recovered 1 time(s)", run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr);

        var lines = await File.ReadAllLinesAsync(hashesPath);
        Assert.Equal(ticks + 1, lines.Length);
        for (var t = 0; t <= ticks; t++)
        {
            Assert.Equal($"{t} {expected[t]:x16}", lines[t]);
        }

        return run;
    }

    [Fact]
    public async Task With_the_membership_table_in_redis_the_first_silo_is_not_a_single_point_of_failure()
    {
        // Under development clustering the first silo holds the membership table and its loss ends the run;
        // with the table in a real Redis server it is one silo among others.
        using var redis = await RedisServer.StartAsync();
        using var silos = await SiloProcesses.StartAsync(2, responseTimeoutSeconds: 10, extra: ", \"probeTimeoutSeconds\": 2, \"checkpointEveryTicks\": 250", redis: redis.Endpoint);
        Assert.All(silos.Silos, s => Assert.Contains($"(membership in redis {redis.Endpoint})", s.Stdout));
        using var run = await KillASiloAndExpectTheUndisturbedHashesAsync(silos, victim: 0);
        Assert.Contains("2 shards on 2 silos", run.Stdout);

        // The table really is in Redis: the surviving silo's entry is there under the cluster's key.
        Assert.Contains(silos.Config.ClusterId, await redis.CliAsync("--scan"));
    }

    [Fact]
    public async Task An_unreachable_redis_is_one_clear_line_and_exit_3()
    {
        // A port nothing listens on: the client cannot read the membership table.
        var dir = Path.Combine(Path.GetTempPath(), "affect-noredis-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            var port = RedisServer.FreePort();
            var config = Path.Combine(dir, "cluster.json");
            await File.WriteAllTextAsync(config, $"{{ \"redis\": \"127.0.0.1:{port}\", \"silos\": 1, \"connectTimeoutSeconds\": 5 }}");
            var scenario = Path.Combine(dir, "tavern.json");
            await File.WriteAllTextAsync(scenario, CrossShardScenarios.TavernJson);
            using var run = new ChildProcess("run", scenario, "--cluster", config, "--ticks", "10");
            Assert.True(await run.WaitForExitAsync(TimeSpan.FromMinutes(2)), "the run did not give up: " + run.Stdout + run.Stderr);
            _out.WriteLine(run.Stderr);
            Assert.Equal(3, run.ExitCode);
            Assert.Contains($"redis 127.0.0.1:{port}", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr);
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("silo-a")]
    public async Task A_silo_address_that_others_cannot_connect_to_is_refused(string address)
    {
        using var silo = new ChildProcess("silo", "--port", "1", "--gateway", "2", "--cluster", "unused.json", "--address", address);
        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"--address: expected this machine's IP address that the other silos can reach (e.g. 10.0.0.5), found '{address}'", silo.Stderr);
        Assert.DoesNotContain("   at ", silo.Stderr);
    }

    [Fact]
    public async Task A_killed_client_is_resumed_from_its_checkpoint_file_with_the_hashes_of_an_undisturbed_run()
    {
        using var silos = await SiloProcesses.StartAsync(2, responseTimeoutSeconds: 30, extra: ", \"checkpointEveryTicks\": 200");
        var scenarioPath = Path.Combine(silos.Directory, "tavern.json");
        await File.WriteAllTextAsync(scenarioPath, CrossShardScenarios.TavernJson);
        var checkpointPath = Path.Combine(silos.Directory, "tavern.aeck");

        // The client dies mid-run (killed, as by the OOM killer or a lost node); its silos live on.
        using (var first = new ChildProcess("run", scenarioPath, "--cluster", silos.ConfigPath, "--ticks", "100000000", "--checkpoint", checkpointPath))
        {
            await first.WaitForLineAsync("cluster ", TimeSpan.FromMinutes(3));
            var waited = Stopwatch.StartNew();
            while (!(File.Exists(checkpointPath) && ClusterCheckpointFile.Read(await File.ReadAllBytesAsync(checkpointPath)).Tick >= 400))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint past tick 400 was written: " + first.Stdout + first.Stderr);
                await Task.Delay(200);
            }

            first.Kill();
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        }

        // Replaced by rename, so whatever moment the kill came, the file is a whole checkpoint.
        var checkpoint = ClusterCheckpointFile.Read(await File.ReadAllBytesAsync(checkpointPath));
        Assert.True(checkpoint.Tick % 200 == 0, $"checkpoint at tick {checkpoint.Tick}");
        var end = (int)checkpoint.Tick + 300;
        var expected = CrossShardScenarios.SingleProcessHashes(CrossShardScenarios.Tavern(), null, end);
        var hashesPath = Path.Combine(silos.Directory, "resumed.txt");
        using (var second = new ChildProcess("run", scenarioPath, "--cluster", silos.ConfigPath, "--ticks", end.ToString(CultureInfo.InvariantCulture), "--resume", checkpointPath, "--hashes", hashesPath))
        {
            Assert.True(await second.WaitForExitAsync(TimeSpan.FromMinutes(3)), "the resumed run did not finish: " + second.Stdout + second.Stderr);
            _out.WriteLine($"resumed:\n{second.Stdout}\n{second.Stderr}");
            Assert.True(second.ExitCode == 0, second.Stderr);
            Assert.Contains($"resumed   from {checkpointPath} at tick {checkpoint.Tick}", second.Stdout);
            Assert.Contains($"cluster-hash: {expected[end]:x16}", second.Stdout);
        }

        var lines = await File.ReadAllLinesAsync(hashesPath);
        Assert.Equal(301, lines.Length);
        for (var i = 0; i <= 300; i++)
        {
            var t = (int)checkpoint.Tick + i;
            Assert.Equal($"{t} {expected[t]:x16}", lines[i]);
        }

        // A damaged checkpoint: one line naming the file and the problem, before any silo is asked to do anything.
        var damaged = Path.Combine(silos.Directory, "damaged.aeck");
        var bytes = await File.ReadAllBytesAsync(checkpointPath);
        await File.WriteAllBytesAsync(damaged, bytes.AsSpan(0, bytes.Length - 1).ToArray());
        using (var bad = new ChildProcess("run", scenarioPath, "--cluster", silos.ConfigPath, "--resume", damaged))
        {
            Assert.True(await bad.WaitForExitAsync(TimeSpan.FromMinutes(1)));
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains(damaged, bad.Stderr);
            Assert.Contains("checksum", bad.Stderr);
            Assert.DoesNotContain("   at ", bad.Stderr);
        }
    }
}

/// <summary>A real redis-server (Debian's package) on a free loopback port, no persistence; stopped on dispose.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static async Task<RedisServer> StartAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed (Debian package redis-server; .ci/apt-packages.txt lists it): " + e.Message);
        }

        var server = new RedisServer(process, port);
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Runs redis-cli against this server and returns its output.</summary>
    public async Task<string> CliAsync(params string[] args)
    {
        var info = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture) }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        using var cli = Process.Start(info)!;
        var output = await cli.StandardOutput.ReadToEndAsync();
        await cli.WaitForExitAsync();
        return output;
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
