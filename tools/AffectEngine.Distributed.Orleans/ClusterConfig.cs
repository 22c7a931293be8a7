using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// A cluster configuration file (JSON, comments and trailing commas allowed; docs/scale-out.md):
/// development clustering on loopback with a primary silo, the gateways a client connects to, and how
/// a run uses the cluster.
/// <code>
/// { "clusterId": "affect", "primaryPort": 11111, "gateways": [30000, 30001], "silos": 2, "shards": 2 }
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

    /// <summary>Gateway ports on 127.0.0.1 a client may connect to (one per silo; at least one).</summary>
    public List<int> Gateways { get; set; } = [30000];

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
    public int ExpectedSilos => Silos ?? Gateways.Count;

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
                ? "unknown field; expected clusterId, serviceId, primaryPort, gateways, silos, shards, threadsPerShard, responseTimeoutSeconds, connectTimeoutSeconds, checkpointEveryTicks, recoveries, recoveryTimeoutSeconds, probeTimeoutSeconds"
                : "expected " + Expected(e.Path);
            throw new ArgumentException($"{name}:{where}{e.Path ?? "$"}: {what}.");
        }

        if (config is null)
        {
            throw new ArgumentException($"{name}: $: expected a JSON object, found null.");
        }

        var error = config.Validate();
        return error is null ? config : throw new ArgumentException($"{name}: {error}");
    }

    /// <summary>Null when the values are usable, else "$.field: expected ..., found ...".</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            return "$.clusterId: expected a non-empty string.";
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            return "$.serviceId: expected a non-empty string.";
        }

        if (PrimaryPort is < 1 or > 65535)
        {
            return $"$.primaryPort: expected a port in 1..65535, found {PrimaryPort}.";
        }

        if (Gateways is null || Gateways.Count == 0)
        {
            return "$.gateways: expected at least one gateway port.";
        }

        for (var i = 0; i < Gateways.Count; i++)
        {
            if (Gateways[i] is < 1 or > 65535)
            {
                return $"$.gateways[{i}]: expected a port in 1..65535, found {Gateways[i]}.";
            }
        }

        if (Silos is < 1 or > 64)
        {
            return $"$.silos: expected 1..64, found {Silos}.";
        }

        if (Shards is < 1 or > 1024)
        {
            return $"$.shards: expected 1..1024, found {Shards}.";
        }

        if (ThreadsPerShard is < 1 or > 256)
        {
            return $"$.threadsPerShard: expected 1..256, found {ThreadsPerShard}.";
        }

        if (!(ResponseTimeoutSeconds >= 1 && ResponseTimeoutSeconds <= 86400))
        {
            return $"$.responseTimeoutSeconds: expected 1..86400, found {ResponseTimeoutSeconds}.";
        }

        if (!(ConnectTimeoutSeconds >= 1 && ConnectTimeoutSeconds <= 86400))
        {
            return $"$.connectTimeoutSeconds: expected 1..86400, found {ConnectTimeoutSeconds}.";
        }

        if (CheckpointEveryTicks is < 0 or > 1_000_000_000)
        {
            return $"$.checkpointEveryTicks: expected 0..1000000000 (0: no checkpoints), found {CheckpointEveryTicks}.";
        }

        if (Recoveries is < 0 or > 1000)
        {
            return $"$.recoveries: expected 0..1000, found {Recoveries}.";
        }

        if (!(RecoveryTimeoutSeconds >= 1 && RecoveryTimeoutSeconds <= 86400))
        {
            return $"$.recoveryTimeoutSeconds: expected 1..86400, found {RecoveryTimeoutSeconds}.";
        }

        if (!(ProbeTimeoutSeconds >= 0.5 && ProbeTimeoutSeconds <= 3600))
        {
            return $"$.probeTimeoutSeconds: expected 0.5..3600, found {ProbeTimeoutSeconds}.";
        }

        return null;
    }

    private static string Expected(string? path)
    {
        var field = path ?? "$";
        if (field.StartsWith("$.gateways", StringComparison.Ordinal))
        {
            return "an array of port numbers";
        }

        return field switch
        {
            "$.clusterId" or "$.serviceId" => "a string",
            "$.responseTimeoutSeconds" or "$.connectTimeoutSeconds" or "$.recoveryTimeoutSeconds" or "$.probeTimeoutSeconds" => "a number of seconds",
            "$" => "a JSON object",
            _ => "an integer",
        };
    }
}
