using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// A cluster configuration file (JSON, comments and trailing commas allowed; docs/scale-out.md): where the
/// membership table lives (a primary silo, or a Redis server), the gateways a client connects to, and how
/// a run uses the cluster.
/// <code>
/// { "clusterId": "affect", "primaryPort": 11111, "gateways": [30000, 30001], "silos": 2, "shards": 2 }
/// { "redis": "10.0.0.9:6379", "silos": 4 }
/// </code>
/// </summary>
public sealed class ClusterConfig
{
    /// <summary>The cluster id every silo and client must share.</summary>
    public string ClusterId { get; set; } = "affect";

    /// <summary>The service id every silo and client must share.</summary>
    public string ServiceId { get; set; } = "affect";

    /// <summary>The silo-to-silo port of the primary silo on 127.0.0.1 (development clustering: every silo joins it).</summary>
    public int PrimaryPort { get; set; } = 11111;

    /// <summary>
    /// The primary silo as "host:port" when it is not on this machine (development clustering across
    /// machines); replaces <see cref="PrimaryPort"/>. Not used with <see cref="Redis"/>.
    /// </summary>
    public ClusterEndpoint? Primary { get; set; }

    /// <summary>
    /// Gateways a client may connect to: ports on 127.0.0.1 or "host:port" strings (one per silo). At
    /// least one, unless <see cref="Redis"/> is set: the client then finds the gateways in the membership
    /// table. Null (not in the file): 127.0.0.1:30000 without Redis, none with it (see <see cref="GatewayEndpoints"/>).
    /// </summary>
    public List<ClusterEndpoint>? Gateways { get; set; }

    /// <summary>The gateways after defaults.</summary>
    [JsonIgnore]
    public IReadOnlyList<ClusterEndpoint> GatewayEndpoints => Gateways ?? (Redis is null ? [ClusterEndpoint.Loopback(30000)] : []);

    /// <summary>
    /// A Redis server holding the membership table (a StackExchange.Redis configuration string, e.g.
    /// "10.0.0.9:6379" or "redis1:6379,password=..."). Then no silo is the primary: any silo may be lost
    /// and the run resumes on the others. Null: development clustering with a primary silo.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Silos a run waits for before placing shards (default: one per gateway).</summary>
    public int? Silos { get; set; }

    /// <summary>Shards of a run (default: one per silo).</summary>
    public int? Shards { get; set; }

    /// <summary>Threads for per-agent stages inside each shard.</summary>
    public int ThreadsPerShard { get; set; } = 1;

    /// <summary>How long a grain call may take before the run counts it as lost (seconds).</summary>
    public double ResponseTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a run waits for the gateways and the expected silos (seconds).</summary>
    public double ConnectTimeoutSeconds { get; set; } = 60;

    /// <summary>Ticks between checkpoints a run keeps to resume from after losing a shard (0: no checkpoints, a lost shard ends the run).</summary>
    public int CheckpointEveryTicks { get; set; } = 100;

    /// <summary>How many times a run may resume from its last checkpoint after losing a shard.</summary>
    public int Recoveries { get; set; } = 3;

    /// <summary>How long a run waits, after losing a shard, for the cluster to declare the silo dead (or a new one to join) before it gives up (seconds).</summary>
    public double RecoveryTimeoutSeconds { get; set; } = 120;

    /// <summary>Liveness probe period and timeout between silos (seconds); a silo missing about three probes is declared dead. Orleans' default is 5.</summary>
    public double ProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>Silos after defaults.</summary>
    [JsonIgnore]
    public int ExpectedSilos => Silos ?? GatewayEndpoints.Count;

    /// <summary>The primary silo's endpoint after defaults (development clustering).</summary>
    [JsonIgnore]
    public ClusterEndpoint PrimaryEndpoint => Primary ?? ClusterEndpoint.Loopback(PrimaryPort);

    /// <summary>Where the membership table lives, for messages: "redis host:port" or "primary silo host:port".</summary>
    [JsonIgnore]
    public string MembershipText => Redis is { } r ? "redis " + RedisEndpoints(r) : "primary silo " + PrimaryEndpoint;

    /// <summary>Shards after defaults.</summary>
    [JsonIgnore]
    public int ShardCount => Shards ?? ExpectedSilos;

    /// <summary>Reads and validates a configuration file; every problem is an <see cref="ArgumentException"/> naming the file, the position or field, and what was expected.</summary>
    public static ClusterConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{path}: cannot read the cluster configuration: {e.Message}");
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses and validates configuration text (<paramref name="name"/> names it in messages).</summary>
    public static ClusterConfig Parse(ReadOnlySpan<byte> json, string name)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };
        ClusterConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ClusterConfig>(json, options);
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines and bytes from 0.
            var where = e.LineNumber is { } line ? $"{line + 1}:{(e.BytePositionInLine ?? 0) + 1}: " : "";
            var what = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? "unknown field; expected clusterId, serviceId, primaryPort, primary, gateways, redis, silos, shards, threadsPerShard, responseTimeoutSeconds, connectTimeoutSeconds, checkpointEveryTicks, recoveries, recoveryTimeoutSeconds, probeTimeoutSeconds"
                : "expected " + Expected(e.Path);
            throw new ArgumentException($"{name}:{where}{e.Path ?? "$"}: {what}.");
        }

        if (config is null)
        {
            throw new ArgumentException($"{name}: $: expected a JSON object, found null.");
        }

        Problems.ThrowIfAny(config.Validate(), name + ": ");
        return config;
    }

    /// <summary>Every problem, each as "$.field: expected ..., found ..."; empty when the values are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Require(!string.IsNullOrWhiteSpace(ClusterId), "$.clusterId: expected a non-empty string.");
        p.Require(!string.IsNullOrWhiteSpace(ServiceId), "$.serviceId: expected a non-empty string.");
        p.Require(PrimaryPort is >= 1 and <= 65535, $"$.primaryPort: expected a port in 1..65535, found {PrimaryPort}.");
        if (Primary?.Problem() is { } primary)
        {
            p.Add($"$.primary: {primary}.");
        }

        var gateways = GatewayEndpoints;
        if (gateways.Count == 0 && Redis is null)
        {
            p.Add("$.gateways: expected at least one gateway port (or a \"redis\" membership table, where clients find them).");
        }

        for (var i = 0; i < gateways.Count; i++)
        {
            if (gateways[i].Problem() is { } problem)
            {
                p.Add($"$.gateways[{i}]: {problem}.");
            }
        }

        if (Redis is not null)
        {
            p.Require(RedisEndpoints(Redis).Length > 0, $"$.redis: expected a Redis configuration string naming at least one \"host:port\", found \"{Redis}\".");
            p.Require(Primary is null, "$.primary: a primary silo is not used when the membership table is in Redis; remove one of the two.");
            p.Require(Silos is not null || gateways.Count > 0, "$.silos: expected the number of silos a run waits for (with \"redis\" and no gateways listed there is nothing to count).");
        }

        p.Require(Silos is null or (>= 1 and <= 64), $"$.silos: expected 1..64, found {Silos}.");
        p.Require(Shards is null or (>= 1 and <= 1024), $"$.shards: expected 1..1024, found {Shards}.");
        p.Require(ThreadsPerShard is >= 1 and <= 256, $"$.threadsPerShard: expected 1..256, found {ThreadsPerShard}.");
        p.Require(ResponseTimeoutSeconds >= 1 && ResponseTimeoutSeconds <= 86400, $"$.responseTimeoutSeconds: expected 1..86400, found {ResponseTimeoutSeconds}.");
        p.Require(ConnectTimeoutSeconds >= 1 && ConnectTimeoutSeconds <= 86400, $"$.connectTimeoutSeconds: expected 1..86400, found {ConnectTimeoutSeconds}.");
        p.Require(CheckpointEveryTicks is >= 0 and <= 1_000_000_000, $"$.checkpointEveryTicks: expected 0..1000000000 (0: no checkpoints), found {CheckpointEveryTicks}.");
        p.Require(Recoveries is >= 0 and <= 1000, $"$.recoveries: expected 0..1000, found {Recoveries}.");
        p.Require(RecoveryTimeoutSeconds >= 1 && RecoveryTimeoutSeconds <= 86400, $"$.recoveryTimeoutSeconds: expected 1..86400, found {RecoveryTimeoutSeconds}.");
        p.Require(ProbeTimeoutSeconds >= 0.5 && ProbeTimeoutSeconds <= 3600, $"$.probeTimeoutSeconds: expected 0.5..3600, found {ProbeTimeoutSeconds}.");
        return p.List;
    }

    private static string Expected(string? path)
    {
        var field = path ?? "$";
        if (field.StartsWith("$.gateways", StringComparison.Ordinal))
        {
            return "an array of ports or \"host:port\" strings";
        }

        return field switch
        {
            "$.clusterId" or "$.serviceId" or "$.redis" => "a string",
            "$.primary" => "a \"host:port\" string",
            "$.responseTimeoutSeconds" or "$.connectTimeoutSeconds" or "$.recoveryTimeoutSeconds" or "$.probeTimeoutSeconds" => "a number of seconds",
            "$" => "a JSON object",
            _ => "an integer",
        };
    }

    // The endpoints named by a StackExchange.Redis configuration string: its comma-separated parts without '='.
    private static string RedisEndpoints(string configuration) => string.Join(",", configuration
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(part => !part.Contains('=', StringComparison.Ordinal)));
}
