using System;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect silo --port P --gateway G --cluster config.json [--address IP]</c>: hosts shard grains until stopped (Ctrl+C or SIGTERM).</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Silo-to-silo port (the config's primary endpoint makes this the primary silo, unless the membership table is in Redis).", Required = true };
        var gateway = new Option<int>("--gateway") { Description = "Gateway port for clients (list it in the config's gateways, or let clients find it in Redis).", Required = true };
        var cluster = new Option<string>("--cluster") { Description = "The cluster configuration file (JSON; see docs/scale-out.md).", Required = true };
        var address = new Option<string>("--address") { Description = "IP address this silo listens on and advertises to the others (default 127.0.0.1: this machine only).", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("silo", "Host shard grains of sharded runs (Orleans silo) until stopped.") { port, gateway, cluster, address };
        command.SetAction(parse => Run(parse.GetValue(port), parse.GetValue(gateway), parse.GetValue(cluster)!, parse.GetValue(address)!));
        return command;
    }

    private static int Run(int port, int gateway, string path, string addressText)
    {
        if (port is < 1 or > 65535 || gateway is < 1 or > 65535 || port == gateway)
        {
            throw new UserException($"--port and --gateway must be two different ports in 1..65535; got {port} and {gateway}");
        }

        // An address, not a name: it is what the other silos and clients are told to connect to.
        if (!IPAddress.TryParse(addressText, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            throw new UserException($"--address: expected this machine's IP address that the other silos can reach (e.g. 10.0.0.5), found '{addressText}'");
        }

        var config = ClusterRun.LoadConfig(path);
        IHost host;
        bool primary;
        try
        {
            host = ClusterHosting.BuildSilo(config, port, gateway, services => services.AddSingleton<IShardRunnerSetup, CliShardSetup>(), address);
            primary = ClusterHosting.IsPrimary(config, address, port);
        }
        catch (SocketException ex)
        {
            Console.Error.WriteLine($"affect: {path}: $.primary: cannot resolve {config.PrimaryEndpoint.Host}: {ex.Message}");
            return ClusterRun.ClusterFailure;
        }

        var here = new IPEndPoint(address, port);
        using (host)
        {
            try
            {
                host.StartAsync().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"affect: silo on {here} (gateway {gateway}) could not start ({config.MembershipText}): {ex.GetBaseException().Message}");
                return ClusterRun.ClusterFailure;
            }

            var role = config.Redis is not null ? "membership in " + config.MembershipText : primary ? "primary" : "joins " + config.MembershipText;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"silo ready: {here}, gateway {gateway}, cluster '{config.ClusterId}' ({role})"));
            Console.Out.Flush();
            host.WaitForShutdownAsync().GetAwaiter().GetResult();
        }

        return 0;
    }

    /// <summary>Shards in a CLI silo offer the same appraisal models as <c>affect run</c>.</summary>
    private sealed class CliShardSetup : IShardRunnerSetup
    {
        public void Configure(AffectEngineBuilder builder) => builder.Services.AddAffectEngine(o => o.AppraisalModels = EngineSetup.AppraisalModels());
    }
}
