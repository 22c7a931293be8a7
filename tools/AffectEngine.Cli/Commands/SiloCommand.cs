using System;
using System.CommandLine;
using System.Globalization;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect silo --port P --gateway G --cluster config.json</c>: hosts shard grains until stopped (Ctrl+C or SIGTERM).</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Silo-to-silo port on 127.0.0.1 (the config's primaryPort makes this the primary silo).", Required = true };
        var gateway = new Option<int>("--gateway") { Description = "Gateway port on 127.0.0.1 for clients (list it in the config's gateways).", Required = true };
        var cluster = new Option<string>("--cluster") { Description = "The cluster configuration file (JSON; see docs/scale-out.md).", Required = true };
        var command = new Command("silo", "Host shard grains of sharded runs (Orleans silo on loopback) until stopped.") { port, gateway, cluster };
        command.SetAction(parse => Run(parse.GetValue(port), parse.GetValue(gateway), parse.GetValue(cluster)!));
        return command;
    }

    private static int Run(int port, int gateway, string path)
    {
        if (port is < 1 or > 65535 || gateway is < 1 or > 65535 || port == gateway)
        {
            throw new UserException($"--port and --gateway must be two different ports in 1..65535; got {port} and {gateway}");
        }

        var config = ClusterRun.LoadConfig(path);
        using var host = ClusterHosting.BuildSilo(config, port, gateway, services => services.AddSingleton<IShardRunnerSetup, CliShardSetup>());
        try
        {
            host.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"affect: silo on 127.0.0.1:{port} (gateway {gateway}) could not start: {ex.GetBaseException().Message}");
            return ClusterRun.ClusterFailure;
        }

        var role = port == config.PrimaryPort ? "primary" : string.Create(CultureInfo.InvariantCulture, $"joins primary 127.0.0.1:{config.PrimaryPort}");
        Console.Out.WriteLine($"silo ready: 127.0.0.1:{port}, gateway {gateway}, cluster '{config.ClusterId}' ({role})");
        Console.Out.Flush();
        host.WaitForShutdownAsync().GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>Shards in a CLI silo offer the same appraisal models as <c>affect run</c>.</summary>
    private sealed class CliShardSetup : IShardRunnerSetup
    {
        public void Configure(AffectEngineBuilder builder) => builder.Services.AddAffectEngine(o => o.AppraisalModels = EngineSetup.AppraisalModels());
    }
}
