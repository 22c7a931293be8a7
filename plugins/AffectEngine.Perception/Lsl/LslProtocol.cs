using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace AffectEngine.Perception.Lsl;

/// <summary>What a stream announces about itself (LSL's stream_info, the "shortinfo"/"fullinfo" XML).</summary>
internal sealed record LslStreamInfo
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public required int ChannelCount { get; init; }

    public double NominalRate { get; init; }

    public string ChannelFormat { get; init; } = "float32";

    public string SourceId { get; init; } = string.Empty;

    public required string Uid { get; init; }

    public double CreatedAt { get; init; }

    public string SessionId { get; init; } = "default";

    public string Hostname { get; init; } = "localhost";

    public int DataPort { get; init; }

    public int ServicePort { get; init; }

    public IReadOnlyList<string> ChannelLabels { get; init; } = Array.Empty<string>();

    public string ToXml(bool full)
    {
        var info = new XElement(
            "info",
            new XElement("name", Name),
            new XElement("type", Type),
            new XElement("channel_count", ChannelCount.ToString(CultureInfo.InvariantCulture)),
            new XElement("channel_format", ChannelFormat),
            new XElement("source_id", SourceId),
            new XElement("nominal_srate", NominalRate.ToString("R", CultureInfo.InvariantCulture)),
            new XElement("version", "1.1000000000000001"), // protocol 110 / 100, as liblsl writes it
            new XElement("created_at", CreatedAt.ToString("R", CultureInfo.InvariantCulture)),
            new XElement("uid", Uid),
            new XElement("session_id", SessionId),
            new XElement("hostname", Hostname),
            new XElement("v4address"),
            new XElement("v4data_port", DataPort.ToString(CultureInfo.InvariantCulture)),
            new XElement("v4service_port", ServicePort.ToString(CultureInfo.InvariantCulture)),
            new XElement("v6address"),
            new XElement("v6data_port", "0"),
            new XElement("v6service_port", "0"),
            full && ChannelLabels.Count > 0
                ? new XElement("desc", new XElement("channels", ChannelLabels.Select(l => new XElement("channel", new XElement("label", l), new XElement("type", Type)))))
                : new XElement("desc"));
        return "<?xml version=\"1.0\"?>\n" + info.ToString(SaveOptions.None) + "\n";
    }

    public static LslStreamInfo Parse(string xml)
    {
        var start = xml.IndexOf('<', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException("LSL stream info is not XML.");
        }

        var root = XDocument.Parse(xml.Substring(start)).Root ?? throw new FormatException("LSL stream info has no root element.");
        string V(string name) => root.Element(name)?.Value ?? string.Empty;
        int I(string name) => int.TryParse(V(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : 0;
        double D(string name) => double.TryParse(V(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
        var labels = root.Element("desc")?.Element("channels")?.Elements("channel").Select(c => c.Element("label")?.Value ?? string.Empty).ToArray()
            ?? Array.Empty<string>();
        return new LslStreamInfo
        {
            Name = V("name"),
            Type = V("type"),
            ChannelCount = I("channel_count"),
            ChannelFormat = V("channel_format"),
            SourceId = V("source_id"),
            NominalRate = D("nominal_srate"),
            Uid = V("uid"),
            CreatedAt = D("created_at"),
            SessionId = V("session_id"),
            Hostname = V("hostname"),
            DataPort = I("v4data_port"),
            ServicePort = I("v4service_port"),
            ChannelLabels = labels,
        };
    }

    public string? Field(string name) => name switch
    {
        "name" => Name,
        "type" => Type,
        "channel_count" => ChannelCount.ToString(CultureInfo.InvariantCulture),
        "channel_format" => ChannelFormat,
        "source_id" => SourceId,
        "nominal_srate" => NominalRate.ToString("R", CultureInfo.InvariantCulture),
        "uid" => Uid,
        "session_id" => SessionId,
        "hostname" => Hostname,
        _ => null,
    };
}

/// <summary>
/// The Lab Streaming Layer wire protocol 1.10 (as implemented by liblsl: udp_server.cpp,
/// tcp_server.cpp, sample.cpp): UDP "LSL:shortinfo" discovery with an XML reply, "LSL:timedata"
/// clock probes, and the TCP "LSL:streamfeed/110" data feed. Our own managed implementation.
/// </summary>
internal static class LslProtocol
{
    /// <summary>liblsl's multicast/broadcast discovery port.</summary>
    public const int MulticastPort = 16571;

    /// <summary>First port of liblsl's range for data and service ports (16572 … 16572 + 32).</summary>
    public const int BasePort = 16572;

    /// <summary>Size of liblsl's port range.</summary>
    public const int PortRange = 32;

    /// <summary>Sample tag: the timestamp is deduced (not transmitted).</summary>
    public const byte TagDeducedTimestamp = 1;

    /// <summary>Sample tag: an 8-byte timestamp follows.</summary>
    public const byte TagTransmittedTimestamp = 2;

    /// <summary>Timestamp of the test-pattern samples sent after the feed header.</summary>
    public const double TestPatternTimestamp = 123456.789;

    /// <summary>LSL's clock: monotonic seconds (steady_clock; CLOCK_MONOTONIC on Linux, i.e. since boot).</summary>
    public static double LocalClock() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    public static byte[] ShortInfoQuery(string query, int returnPort, string queryId) =>
        Encoding.ASCII.GetBytes($"LSL:shortinfo\r\n{query}\r\n{returnPort.ToString(CultureInfo.InvariantCulture)} {queryId}\r\n");

    public static byte[] TimeDataQuery(int waveId, double t0) =>
        Encoding.ASCII.GetBytes($"LSL:timedata\r\n{waveId.ToString(CultureInfo.InvariantCulture)} {t0.ToString("R", CultureInfo.InvariantCulture)}\r\n");

    public static string TimeDataReply(int waveId, double t0, double t1, double t2) =>
        string.Create(CultureInfo.InvariantCulture, $" {waveId} {t0:R} {t1:R} {t2:R}");

    public static string StreamFeedRequest(string uid, string hostname, int valueSize = 4) =>
        $"LSL:streamfeed/110 {uid}\r\n" +
        "Native-Byte-Order: 1234\r\n" +
        "Endian-Performance: 0\r\n" +
        "Has-IEEE754-Floats: 1\r\n" +
        "Supports-Subnormals: 1\r\n" +
        $"Value-Size: {valueSize.ToString(CultureInfo.InvariantCulture)}\r\n" +
        "Data-Protocol-Version: 110\r\n" +
        "Max-Buffer-Length: 360\r\n" +
        "Max-Chunk-Length: 0\r\n" +
        $"Hostname: {hostname}\r\n" +
        "Source-Id: \r\n" +
        "Session-Id: default\r\n" +
        "\r\n";

    public static string StreamFeedResponse(string uid) =>
        "LSL/110 200 OK\r\n" +
        $"UID: {uid}\r\n" +
        "Byte-Order: 1234\r\n" +
        "Suppress-Subnormals: 0\r\n" +
        "Data-Protocol-Version: 110\r\n" +
        "\r\n";

    /// <summary>Bytes per value of an LSL channel format (0 for unsupported formats such as string).</summary>
    public static int ValueSize(string format) => format switch
    {
        "float32" or "int32" => 4,
        "double64" => 8,
        "int16" => 2,
        "int8" => 1,
        _ => 0,
    };

    /// <summary>Reads one value of a channel format from little-endian bytes.</summary>
    public static double ReadValue(string format, ReadOnlySpan<byte> b) => format switch
    {
        "float32" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(b)),
        "double64" => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(b)),
        "int32" => BinaryPrimitives.ReadInt32LittleEndian(b),
        "int16" => BinaryPrimitives.ReadInt16LittleEndian(b),
        "int8" => (sbyte)b[0],
        _ => double.NaN,
    };

    /// <summary>liblsl's test pattern for numeric formats (sample.cpp): channel k holds k + offset (+ a per-format constant), negated on odd k.</summary>
    public static double TestPatternValue(string format, int k, int offset)
    {
        double baseValue = format switch
        {
            "double64" => 16777217,
            "int32" => 65537,
            "int16" => 257,
            "int8" => 1,
            _ => 0,
        };
        var v = k + offset + baseValue;
        return k % 2 == 0 ? v : -v;
    }

    /// <summary>liblsl's float32 test pattern: channel k holds (k + offset), negated on odd k.</summary>
    public static float[] TestPattern(int channels, int offset)
    {
        var v = new float[channels];
        for (var k = 0; k < channels; k++)
        {
            v[k] = (k + offset) * (k % 2 == 0 ? 1f : -1f);
        }

        return v;
    }

    /// <summary>Protocol 110 sample: tag 2, little-endian double timestamp, little-endian float32 values.</summary>
    public static byte[] EncodeSample(double timestamp, ReadOnlySpan<float> values)
    {
        var bytes = new byte[1 + 8 + (4 * values.Length)];
        bytes[0] = TagTransmittedTimestamp;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(1), BitConverter.DoubleToInt64Bits(timestamp));
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(9 + (4 * i)), BitConverter.SingleToInt32Bits(values[i]));
        }

        return bytes;
    }

    /// <summary>
    /// Evaluates the XPath predicates resolvers send (liblsl evaluates them on /info[...]) for the
    /// forms labs use: field='v', field!='v', starts-with(field,'v'), contains(field,'v'), joined by
    /// "and" / "or" (and binds tighter). An empty query matches every stream.
    /// </summary>
    public static bool Matches(LslStreamInfo info, string query)
    {
        query = query.Trim();
        if (query.Length == 0)
        {
            return true;
        }

        foreach (var alternative in SplitKeyword(query, "or"))
        {
            var all = true;
            foreach (var term in SplitKeyword(alternative, "and"))
            {
                all &= Term(info, term.Trim());
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks a predicate's syntax; returns a message naming the problem, or null.</summary>
    public static string? Validate(string query)
    {
        foreach (var alternative in SplitKeyword(query.Trim(), "or"))
        {
            foreach (var term in SplitKeyword(alternative, "and"))
            {
                if (ParseTerm(term.Trim()) is null)
                {
                    return $"unsupported predicate term \"{term.Trim()}\" (use name='X', type='Emotion', source_id='...', starts-with(name,'X'), contains(name,'X'), joined by and/or)";
                }
            }
        }

        return null;
    }

    private static bool Term(LslStreamInfo info, string term)
    {
        var parsed = ParseTerm(term);
        if (parsed is not { } t)
        {
            return false;
        }

        var value = info.Field(t.Field);
        return value is not null && t.Op switch
        {
            "=" => value == t.Value,
            "!=" => value != t.Value,
            "starts-with" => value.StartsWith(t.Value, StringComparison.Ordinal),
            "contains" => value.Contains(t.Value, StringComparison.Ordinal),
            _ => false,
        };
    }

    private static (string Field, string Op, string Value)? ParseTerm(string term)
    {
        foreach (var fn in new[] { "starts-with", "contains" })
        {
            if (term.StartsWith(fn + "(", StringComparison.Ordinal) && term.EndsWith(')'))
            {
                var inner = term.Substring(fn.Length + 1, term.Length - fn.Length - 2);
                var comma = inner.IndexOf(',', StringComparison.Ordinal);
                if (comma < 0)
                {
                    return null;
                }

                var lit = Literal(inner.Substring(comma + 1).Trim());
                return lit is null ? null : (inner.Substring(0, comma).Trim(), fn, lit);
            }
        }

        var ne = term.IndexOf("!=", StringComparison.Ordinal);
        var eq = term.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }

        var op = ne > 0 && ne == eq - 1 ? "!=" : "=";
        var field = term.Substring(0, op == "!=" ? ne : eq).Trim();
        var literal = Literal(term.Substring(eq + 1).Trim());
        return literal is null || field.Length == 0 ? null : (field, op, literal);
    }

    private static string? Literal(string s) =>
        s.Length >= 2 && (s[0] == '\'' || s[0] == '"') && s[s.Length - 1] == s[0] ? s.Substring(1, s.Length - 2) : null;

    private static IEnumerable<string> SplitKeyword(string s, string keyword)
    {
        // Split on the keyword outside quotes and parentheses.
        var start = 0;
        var depth = 0;
        char quote = '\0';
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (depth == 0 && c == ' ' && string.CompareOrdinal(s, i + 1, keyword + " ", 0, keyword.Length + 1) == 0)
            {
                yield return s.Substring(start, i - start);
                i += keyword.Length + 1;
                start = i + 1;
            }
        }

        yield return s.Substring(start);
    }

    /// <summary>Reads an ASCII line ending in "\n" (the "\r" is stripped); null at end of stream. Lines are capped at 16 KiB.</summary>
    public static async Task<string?> ReadLineAsync(Stream stream, CancellationToken ct)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one, ct).ConfigureAwait(false);
            if (n == 0)
            {
                return sb.Length == 0 ? null : sb.ToString();
            }

            if (one[0] == (byte)'\n')
            {
                return sb.ToString().TrimEnd('\r');
            }

            if (sb.Length > 16384)
            {
                throw new InvalidDataException("LSL header line is too long.");
            }

            sb.Append((char)one[0]);
        }
    }
}
