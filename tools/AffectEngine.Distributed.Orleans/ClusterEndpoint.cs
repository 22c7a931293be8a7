using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// A silo or gateway address in a cluster file: a bare port number (on 127.0.0.1, the single-machine form)
/// or a <c>"host:port"</c> string, where host is an IPv4 address, a bracketed IPv6 address (<c>"[fd00::5]:30000"</c>)
/// or a DNS name resolved when the cluster is joined.
/// </summary>
[JsonConverter(typeof(ClusterEndpointJsonConverter))]
public sealed record ClusterEndpoint
{
    /// <summary>An endpoint on <paramref name="host"/> and <paramref name="port"/> (checked by <see cref="Problem"/>).</summary>
    public ClusterEndpoint(string host, int port)
    {
        Host = host ?? throw new ArgumentNullException(nameof(host));
        Port = port;
    }

    /// <summary>The host: an IP address or a DNS name; empty when the text did not parse.</summary>
    public string Host { get; }

    /// <summary>The TCP port; 0 when the text did not parse.</summary>
    public int Port { get; }

    /// <summary>The text as written in the file, for messages.</summary>
    public string Text { get; private init; } = "";

    /// <summary>A port on 127.0.0.1.</summary>
    public static ClusterEndpoint Loopback(int port) => new("127.0.0.1", port) { Text = port.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Parses <c>"host:port"</c>; text that does not parse gives an endpoint whose <see cref="Problem"/> says why.</summary>
    public static ClusterEndpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return new ClusterEndpoint("", 0) { Text = text };
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return new ClusterEndpoint("", 0) { Text = text };
            }
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            // An IPv6 address must be bracketed, or its last group would read as the port.
            return new ClusterEndpoint("", 0) { Text = text };
        }

        return new ClusterEndpoint(host, port) { Text = text };
    }

    /// <summary>Why this endpoint cannot be used ("expected ..., found ..."), or null when it can.</summary>
    public string? Problem()
    {
        if (Host.Length == 0)
        {
            return $"expected a port or \"host:port\" (IPv6 in brackets), found \"{Text}\"";
        }

        if (Port is < 1 or > 65535)
        {
            return $"expected a port in 1..65535, found {Port}";
        }

        return IPAddress.TryParse(Host, out _) || Uri.CheckHostName(Host) == UriHostNameType.Dns
            ? null
            : $"expected an IP address or a DNS name before the port, found \"{Host}\"";
    }

    /// <summary>
    /// The IP endpoint: the address as written, or the first address the name resolves to (IPv4 first, so a
    /// name of a dual-stack host gives the same answer on every machine that reads the file).
    /// </summary>
    /// <exception cref="SocketException">The name does not resolve.</exception>
    public IPEndPoint Resolve()
    {
        if (IPAddress.TryParse(Host, out var ip))
        {
            return new IPEndPoint(ip, Port);
        }

        var all = Dns.GetHostAddresses(Host);
        var chosen = all.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? all.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, Port);
    }

    /// <summary><c>host:port</c> (IPv6 hosts bracketed).</summary>
    public override string ToString() => Host.Length == 0
        ? Text
        : (Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Reads a port number or a "host:port" string; writes the string form.</summary>
internal sealed class ClusterEndpointJsonConverter : JsonConverter<ClusterEndpoint>
{
    public override ClusterEndpoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        // Out-of-range numbers are kept and reported by validation with the others, not thrown here.
        JsonTokenType.Number when reader.TryGetInt32(out var port) => ClusterEndpoint.Loopback(port),
        JsonTokenType.String => ClusterEndpoint.Parse(reader.GetString()!),
        _ => throw new JsonException("expected a port or \"host:port\""),
    };

    public override void Write(Utf8JsonWriter writer, ClusterEndpoint value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
