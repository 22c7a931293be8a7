using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Plugins.Shared;

namespace AffectEngine.Perception.Lsl;

/// <summary>
/// An LSL inlet as a perception source (<c>lsl:&lt;predicate&gt;</c>). It resolves the stream over UDP
/// on loopback (port 16571 and liblsl's unicast range 16572…), reads the channel labels from the
/// full info, subscribes to the TCP feed (protocol 1.10), checks liblsl's test pattern, estimates the
/// clock offset with LSL:timedata probes and maps labelled channels ("&lt;person&gt;.valence", …) to
/// percepts. Disconnects are counted and followed by a new resolve; the source keeps running.
/// </summary>
internal sealed class LslInletSource : IPerceptionSource
{
    private static readonly string[] Fields = { "category", "confidence", "valence", "arousal", "dominance", "eda", "hr" };
    private readonly string _predicate;
    private readonly IPAddress _peer;
    private readonly BackgroundLoop _loop = new();
    private double _offset;

    public LslInletSource(string id, string predicate, IPAddress? peer = null)
    {
        Id = id;
        _predicate = predicate;
        _peer = peer ?? IPAddress.Loopback;
    }

    public string Id { get; }

    public Modality Modality => Modality.Other;

    public bool IsRecording => false;

    /// <summary>The last estimated offset of the outlet's clock relative to ours (remote − local, seconds).</summary>
    public double ClockOffset => Volatile.Read(ref _offset);

    /// <summary>True while a feed is connected.</summary>
    public bool Connected { get; private set; }

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
    {
        sink = CheckedSink.Wrap(sink, Id);
        _loop.Start(ct => RunAsync(sink, ct), cancellationToken);
        return Task.CompletedTask;
    }

    public Task StopAsync() => _loop.StopAsync();

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Sends one resolve wave and collects the matching streams' info with the address that answered.</summary>
    internal static async Task<List<(LslStreamInfo Info, IPAddress Address)>> ResolveAsync(string predicate, IPAddress peer, TimeSpan wait, CancellationToken ct)
    {
        var found = new List<(LslStreamInfo, IPAddress)>();
        using var udp = new UdpClient(new IPEndPoint(peer.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        var queryId = port.ToString(CultureInfo.InvariantCulture) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var query = LslProtocol.ShortInfoQuery(predicate, port, queryId);
        for (var p = LslProtocol.MulticastPort; p < LslProtocol.BasePort + LslProtocol.PortRange; p++)
        {
            try
            {
                await udp.SendAsync(query, new IPEndPoint(peer, p), ct).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send can surface here; keep scanning.
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            UdpReceiveResult r;
            try
            {
                r = await udp.ReceiveAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ct.ThrowIfCancellationRequested();
                return found;
            }
            catch (SocketException)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(r.Buffer);
            var nl = text.IndexOf('\n', StringComparison.Ordinal);
            if (nl < 0 || text.Substring(0, nl).TrimEnd('\r') != queryId)
            {
                continue;
            }

            try
            {
                var info = LslStreamInfo.Parse(text.Substring(nl + 1));
                if (seen.Add(info.Uid))
                {
                    found.Add((info, r.RemoteEndPoint.Address));
                }
            }
            catch (System.Xml.XmlException)
            {
                // A garbled reply: ignore it, others may answer.
            }
            catch (FormatException)
            {
            }
        }
    }

    /// <summary>Estimates remote − local clock offset with LSL:timedata probes; the probe with the shortest round trip wins (as in NTP).</summary>
    internal static async Task<double?> EstimateOffsetAsync(IPAddress address, int servicePort, int probes, CancellationToken ct)
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        double? best = null;
        var bestRtt = double.MaxValue;
        for (var wave = 1; wave <= probes; wave++)
        {
            var t0 = LslProtocol.LocalClock();
            await udp.SendAsync(LslProtocol.TimeDataQuery(wave, t0), new IPEndPoint(address, servicePort), ct).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                var r = await udp.ReceiveAsync(timeout.Token).ConfigureAwait(false);
                var t3 = LslProtocol.LocalClock();
                var p = Encoding.ASCII.GetString(r.Buffer).Trim().Split(' ');
                if (p.Length == 4 && p[0] == wave.ToString(CultureInfo.InvariantCulture)
                    && double.TryParse(p[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var t1)
                    && double.TryParse(p[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var t2))
                {
                    var rtt = (t3 - t0) - (t2 - t1);
                    if (rtt < bestRtt)
                    {
                        bestRtt = rtt;
                        best = ((t1 - t0) + (t2 - t3)) / 2;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                ct.ThrowIfCancellationRequested();
            }
            catch (SocketException)
            {
            }
        }

        return best;
    }

    internal static async Task<LslStreamInfo?> FetchFullInfoAsync(IPAddress address, int dataPort, CancellationToken ct)
    {
        using var tcp = new TcpClient(address.AddressFamily);
        await tcp.ConnectAsync(address, dataPort, ct).ConfigureAwait(false);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("LSL:fullinfo\r\n"), ct).ConfigureAwait(false);
        using var ms = new MemoryStream();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        await stream.CopyToAsync(ms, timeout.Token).ConfigureAwait(false);
        return ms.Length == 0 ? null : LslStreamInfo.Parse(Encoding.UTF8.GetString(ms.ToArray()));
    }

    private async Task RunAsync(IPerceptSink sink, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var streams = await ResolveAsync(_predicate, _peer, TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
                if (streams.Count == 0)
                {
                    continue; // keep looking; the outlet may start later
                }

                var (info, address) = streams[0];
                var full = await FetchFullInfoAsync(address, info.DataPort, ct).ConfigureAwait(false) ?? info;
                if (await EstimateOffsetAsync(address, info.ServicePort, 4, ct).ConfigureAwait(false) is { } offset)
                {
                    Volatile.Write(ref _offset, offset);
                }

                await FeedAsync(full, address, sink, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidDataException or FormatException or System.Xml.XmlException or OperationCanceledException)
            {
                Connected = false;
                sink.Reject(Id, "disconnect");
                try
                {
                    await Task.Delay(500, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task FeedAsync(LslStreamInfo info, IPAddress address, IPerceptSink sink, CancellationToken ct)
    {
        var format = info.ChannelFormat;
        var size = LslProtocol.ValueSize(format);
        if (size == 0)
        {
            sink.Reject(Id, "unsupported-format");
            throw new InvalidDataException($"LSL stream '{info.Name}' has channel format '{format}'; numeric formats are supported.");
        }

        using var tcp = new TcpClient(address.AddressFamily) { NoDelay = true };
        await tcp.ConnectAsync(address, info.DataPort, ct).ConfigureAwait(false);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(LslProtocol.StreamFeedRequest(info.Uid, Dns.GetHostName(), size)), ct).ConfigureAwait(false);
        var status = await LslProtocol.ReadLineAsync(stream, ct).ConfigureAwait(false);
        if (status is null || !status.StartsWith("LSL/", StringComparison.Ordinal) || !status.Contains(" 200 ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"LSL outlet refused the feed: {status ?? "connection closed"}.");
        }

        string? line;
        while ((line = await LslProtocol.ReadLineAsync(stream, ct).ConfigureAwait(false)) is { Length: > 0 })
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon > 0 ? line.Substring(0, colon).Trim().ToLowerInvariant() : string.Empty;
            var value = colon > 0 ? line.Substring(colon + 1).Trim() : string.Empty;
            if ((key == "byte-order" && value != "1234") || (key == "data-protocol-version" && value != "110"))
            {
                throw new InvalidDataException($"LSL feed header '{line}' is not supported (little-endian protocol 110 only).");
            }
        }

        var n = info.ChannelCount;
        var values = new double[n];
        var buffer = new byte[Math.Max(8, n * size)];
        var map = ChannelMap.Build(info);
        if (map.Unmapped > 0)
        {
            sink.Reject(Id, "unmapped-channels");
        }

        var last = 0.0;
        for (var i = 0; ; i++)
        {
            await stream.ReadExactlyAsync(buffer.AsMemory(0, 1), ct).ConfigureAwait(false);
            double ts;
            if (buffer[0] == LslProtocol.TagTransmittedTimestamp)
            {
                await stream.ReadExactlyAsync(buffer.AsMemory(0, 8), ct).ConfigureAwait(false);
                ts = BitConverter.Int64BitsToDouble(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(buffer));
            }
            else if (buffer[0] == LslProtocol.TagDeducedTimestamp)
            {
                ts = last + (info.NominalRate > 0 ? 1.0 / info.NominalRate : 0);
            }
            else
            {
                throw new InvalidDataException($"LSL sample tag {buffer[0]} is not 1 or 2.");
            }

            last = ts;
            await stream.ReadExactlyAsync(buffer.AsMemory(0, n * size), ct).ConfigureAwait(false);
            for (var k = 0; k < n; k++)
            {
                values[k] = LslProtocol.ReadValue(format, buffer.AsSpan(k * size, size));
            }

            if (i < 2)
            {
                // liblsl sends test patterns with offsets 4 then 2; a mismatch means we misread the format.
                var offset = i == 0 ? 4 : 2;
                for (var k = 0; k < n; k++)
                {
                    if (values[k] != LslProtocol.TestPatternValue(format, k, offset))
                    {
                        sink.Reject(Id, "bad-test-pattern");
                        throw new InvalidDataException("LSL test pattern mismatch.");
                    }
                }

                if (i == 1)
                {
                    Connected = true;
                }

                continue;
            }

            map.Emit(Id, info.Name, values, ts - ClockOffset, sink);
        }
    }

    /// <summary>Which channel feeds which field of which person ("&lt;person&gt;.&lt;field&gt;" labels).</summary>
    private sealed class ChannelMap
    {
        private readonly List<(string Person, int[] Channels)> _persons = new();

        public int Unmapped { get; private set; }

        public static ChannelMap Build(LslStreamInfo info)
        {
            var map = new ChannelMap();
            var labels = info.ChannelLabels;
            if (labels.Count != info.ChannelCount)
            {
                if (info.ChannelCount == 2)
                {
                    // An unlabelled two-channel stream is read as valence, arousal of the stream's name.
                    map._persons.Add((info.Name, new[] { -1, -1, 0, 1, -1, -1, -1 }));
                }
                else
                {
                    map.Unmapped = info.ChannelCount;
                }

                return map;
            }

            for (var c = 0; c < labels.Count; c++)
            {
                var dot = labels[c].LastIndexOf('.');
                var field = dot > 0 ? Array.IndexOf(Fields, labels[c].Substring(dot + 1).ToLowerInvariant()) : -1;
                if (field < 0)
                {
                    map.Unmapped++;
                    continue;
                }

                var person = labels[c].Substring(0, dot);
                var entry = map._persons.Find(p => p.Person == person);
                if (entry.Channels is null)
                {
                    entry = (person, new[] { -1, -1, -1, -1, -1, -1, -1 });
                    map._persons.Add(entry);
                }

                entry.Channels[field] = c;
            }

            return map;
        }

        public void Emit(string id, string stream, double[] v, double time, IPerceptSink sink)
        {
            foreach (var (person, ch) in _persons)
            {
                double Get(int f) => ch[f] >= 0 ? v[ch[f]] : double.NaN;
                var p = new Percept { SourceId = id, Person = person, Modality = Modality.Other, SourceTime = time, Clock = ClockDomain.LslLocal, Confidence = ch[1] >= 0 ? (float)Get(1) : 1f };
                var has = false;
                if (ch[0] >= 0)
                {
                    var c = Get(0);
                    if (c != Math.Floor(c) || c < 0 || c > (int)EmotionCategory.Contempt)
                    {
                        sink.Reject(id, double.IsNaN(c) ? "nan" : "out-of-range");
                        continue;
                    }

                    if (c >= (int)EmotionCategory.Neutral)
                    {
                        var probs = new float[LabelTables.Canonical.Count];
                        probs[LabelTables.Canonical.IndexOf(LabelTables.NameOf((EmotionCategory)(int)c))] = 1f;
                        p = p with { Labels = LabelTables.Canonical, ClassProbabilities = probs };
                        has = true;
                    }
                }

                if (ch[2] >= 0 && ch[3] >= 0)
                {
                    p = p with { Affect = new ValenceArousal((float)Get(2), (float)Get(3)) };
                    has = true;
                }

                if (has)
                {
                    sink.Push(p);
                }

                if (ch[5] >= 0)
                {
                    sink.Push(p with { Labels = null, ClassProbabilities = default, Affect = null, Modality = Modality.Physiology, Physiology = new PhysiologySample(PhysiologySignal.Eda, (float)Get(5)), Confidence = 1f });
                }

                if (ch[6] >= 0)
                {
                    sink.Push(p with { Labels = null, ClassProbabilities = default, Affect = null, Modality = Modality.Physiology, Physiology = new PhysiologySample(PhysiologySignal.HeartRate, (float)Get(6)), Confidence = 1f });
                }
            }
        }
    }
}
