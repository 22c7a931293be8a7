using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace AffectEngine.Distributed.Orleans;

/// <summary>Silo and client hosts for multi-process runs: Orleans development clustering with a primary silo (loopback by default), or a membership table in Redis.</summary>
public static class ClusterHosting
{
    /// <summary>Largest grain message: a shard's state at 10^6 agents is about 200 MB, above Orleans' 100 MB default.</summary>
    private const int MaxMessageBytes = 1 << 30;

    /// <summary>
    /// A silo host listening on <paramref name="address"/>:<paramref name="port"/> (silo-to-silo) and
    /// <paramref name="address"/>:<paramref name="gateway"/> (clients), the address also being the one it
    /// advertises to the others (default 127.0.0.1). It joins the cluster through the membership table of
    /// <paramref name="config"/>: in Redis when <see cref="ClusterConfig.Redis"/> is set, else held by the
    /// primary silo (the silo at the primary endpoint is the primary). Not started.
    /// </summary>
    public static IHost BuildSilo(ClusterConfig config, int port, int gateway, Action<IServiceCollection>? services = null, IPAddress? address = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ip = address ?? IPAddress.Loopback;
        var primary = config.Redis is null ? config.PrimaryEndpoint.Resolve() : null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services?.Invoke(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.UseOrleans(silo =>
        {
            if (config.Redis is { } redis)
            {
                // The table lives outside the silos, so losing any one of them (the first included) leaves the cluster whole.
                silo.UseRedisClustering(redis);
                UseCluster(silo, config, ip, port, gateway);
            }
            else if (IPAddress.IsLoopback(ip) && IPAddress.IsLoopback(primary!.Address))
            {
                silo.UseLocalhostClustering(port, gateway, primary, config.ServiceId, config.ClusterId);
            }
            else
            {
                silo.UseDevelopmentClustering(primary!);
                UseCluster(silo, config, ip, port, gateway);
            }

            silo.Configure<SiloMessagingOptions>(o =>
            {
                o.ResponseTimeout = TimeSpan.FromSeconds(config.ResponseTimeoutSeconds);
                o.MaxMessageBodySize = MaxMessageBytes;
            });
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // How soon a dead silo is declared dead (about three missed probes), which is how soon a run can resume without it.
                o.ProbeTimeout = TimeSpan.FromSeconds(config.ProbeTimeoutSeconds);
            });
            silo.AddAffectEngineShards();
        });
        return builder.Build();
    }

    /// <summary>True when a silo at <paramref name="address"/>:<paramref name="port"/> is the primary of development clustering.</summary>
    public static bool IsPrimary(ClusterConfig config, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(address);
        if (config.Redis is not null)
        {
            return false;
        }

        var primary = config.PrimaryEndpoint.Resolve();
        return primary.Port == port && (primary.Address.Equals(address) || (IPAddress.IsLoopback(primary.Address) && IPAddress.IsLoopback(address)));
    }

    private static void UseCluster(ISiloBuilder silo, ClusterConfig config, IPAddress address, int port, int gateway)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = config.ClusterId;
            o.ServiceId = config.ServiceId;
        });
        silo.ConfigureEndpoints(address, port, gateway);
    }

    /// <summary>
    /// Starts a client host connected to the configured gateways and waits until
    /// <see cref="ClusterConfig.ExpectedSilos"/> silos are active (so pinned placement spreads shards
    /// over all of them). Throws <see cref="TimeoutException"/> naming what was missing.
    /// </summary>
    public static async Task<IHost> ConnectAsync(ClusterConfig config, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(config.ConnectTimeoutSeconds);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (config.Redis is { } redis)
            {
                // The client reads the live gateways from the membership table, so a lost silo's gateway is simply left out.
                client.UseRedisClustering(redis);
            }
            else
            {
                client.UseStaticClustering(config.GatewayEndpoints.Select(g => g.Resolve()).ToArray());
            }

            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = config.ClusterId;
                o.ServiceId = config.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(o =>
            {
                o.ResponseTimeout = TimeSpan.FromSeconds(config.ResponseTimeoutSeconds);
                o.MaxMessageBodySize = MaxMessageBytes;
            });
            client.UseConnectionRetryFilter(async (_, ct) =>
            {
                // Silos may still be starting: retry until the connect timeout.
                if (DateTime.UtcNow > deadline)
                {
                    return false;
                }

                await Task.Delay(500, ct).ConfigureAwait(false);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation).ConfigureAwait(false);
            var grains = host.Services.GetRequiredService<IClusterClient>();
            var management = grains.GetGrain<IManagementGrain>(0);
            var active = 0;
            while (true)
            {
                active = (await management.GetHosts(onlyActive: true).ConfigureAwait(false)).Count;
                if (active >= config.ExpectedSilos)
                {
                    return host;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{active} of {config.ExpectedSilos} silos were active after {config.ConnectTimeoutSeconds} s.");
                }

                await Task.Delay(250, cancellation).ConfigureAwait(false);
            }
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The silos the cluster counts as active now (by address), as seen by a silo's membership.</summary>
    public static async Task<IReadOnlyCollection<string>> ActiveSilosAsync(IGrainFactory grains, TimeSpan callTimeout)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(callTimeout).ConfigureAwait(false);
        return hosts.Keys.Select(k => k.ToParsableString()).OrderBy(k => k, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// After a shard was lost: waits until the cluster's active silos differ from <paramref name="before"/>
    /// (the dead silo declared dead, or a restarted one joined), so that new shards are placed only on
    /// silos that answer. Returns the active silos, or null when nothing changed within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>?> WaitForMembershipChangeAsync(IGrainFactory grains, IReadOnlyCollection<string> before, TimeSpan timeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(before);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var now = await ActiveSilosAsync(grains, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
                if (now.Count > 0 && !now.SequenceEqual(before, StringComparer.Ordinal))
                {
                    return now;
                }
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException && !cancellation.IsCancellationRequested)
            {
                // The management grain may have lived on the dead silo; it is activated again once the silo is declared dead.
            }

            await Task.Delay(250, cancellation).ConfigureAwait(false);
        }

        return null;
    }
}
