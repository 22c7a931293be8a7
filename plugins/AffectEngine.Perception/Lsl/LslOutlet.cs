using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AffectEngine.Perception.Lsl;

/// <summary>
/// A Lab Streaming Layer outlet (wire protocol 1.10, managed): publishes float32 samples so lab tools
/// (LabRecorder, liblsl inlets) can record the engine next to their sensors. It answers discovery and
/// clock probes on a UDP service port and streams to inlets over TCP, both bound to loopback unless
/// configured otherwise. Use <see cref="EmotionChannels"/> for the standard per-agent layout.
/// </summary>
public sealed class LslOutlet : IAsyncDisposable
{
    /// <summary>Fields per person in the emotion layout, in channel order.</summary>
    public static readonly IReadOnlyList<string> EmotionFields = new[] { "category", "confidence", "valence", "arousal", "dominance" };

    private const int QueueCapacity = 4096;
    private readonly LslStreamInfo _info;
    private readonly IPAddress _bind;
    private readonly List<Channel<byte[]>> _clients = new();
    private readonly object _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly TcpListener _tcp;
    private readonly UdpClient _service;
    private readonly UdpClient? _discovery;
    private readonly Task _tcpLoop;
    private readonly Task _serviceLoop;
    private readonly Task? _discoveryLoop;
    private bool _disposed;

    /// <summary>
    /// Opens an outlet and starts answering at once.
    /// </summary>
    /// <param name="name">Stream name (e.g. "AffectEngine").</param>
    /// <param name="type">Content type (e.g. "Emotion").</param>
    /// <param name="channelLabels">One label per float32 channel.</param>
    /// <param name="nominalRate">Samples per second, or 0 for an irregular stream.</param>
    /// <param name="sourceId">A stable id so inlets can reconnect after a restart.</param>
    /// <param name="bindAddress">Address to bind; loopback when null.</param>
    public LslOutlet(string name, string type, IReadOnlyList<string> channelLabels, double nominalRate = 0, string? sourceId = null, IPAddress? bindAddress = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An LSL stream needs a name.", nameof(name));
        }

        if (channelLabels is null || channelLabels.Count == 0)
        {
            throw new ArgumentException("An LSL stream needs at least one channel.", nameof(channelLabels));
        }

        if (!(nominalRate >= 0) || double.IsInfinity(nominalRate))
        {
            throw new ArgumentOutOfRangeException(nameof(nominalRate), nominalRate, "Nominal rate must be >= 0 (0 = irregular).");
        }

        _bind = bindAddress ?? IPAddress.Loopback;
        (_tcp, _service) = BindPorts(_bind);
        ChannelCount = channelLabels.Count;
        _info = new LslStreamInfo
        {
            Name = name,
            Type = type ?? string.Empty,
            ChannelCount = channelLabels.Count,
            NominalRate = nominalRate,
            SourceId = sourceId ?? string.Empty,
            Uid = Guid.NewGuid().ToString(),
            CreatedAt = LslProtocol.LocalClock(),
            Hostname = Dns.GetHostName(),
            DataPort = ((IPEndPoint)_tcp.LocalEndpoint).Port,
            ServicePort = ((IPEndPoint)_service.Client.LocalEndPoint!).Port,
            ChannelLabels = channelLabels.ToArray(),
        };

        // liblsl resolvers also query port 16571; share it (SO_REUSEADDR) when we can, but the unicast
        // service port in 16572.. is what loopback resolvers rely on.
        try
        {
            var d = new UdpClient(AddressFamily.InterNetwork);
            d.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            d.Client.Bind(new IPEndPoint(_bind, LslProtocol.MulticastPort));
            _discovery = d;
        }
        catch (SocketException)
        {
            _discovery = null;
        }

        _tcpLoop = Task.Run(() => AcceptLoop(_cts.Token));
        _serviceLoop = Task.Run(() => ServiceLoop(_service, _cts.Token));
        _discoveryLoop = _discovery is null ? null : Task.Run(() => ServiceLoop(_discovery, _cts.Token));
    }

    /// <summary>Channels per sample.</summary>
    public int ChannelCount { get; }

    /// <summary>The stream's unique id.</summary>
    public string Uid => _info.Uid;

    /// <summary>The address the outlet's sockets are bound to (loopback unless configured).</summary>
    public IPAddress BoundAddress => ((IPEndPoint)_tcp.LocalEndpoint).Address;

    /// <summary>The TCP data port.</summary>
    public int DataPort => _info.DataPort;

    /// <summary>The UDP service port (discovery and clock probes).</summary>
    public int ServicePort => _info.ServicePort;

    /// <summary>Inlets currently connected.</summary>
    public int ConsumerCount
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>The channel labels of the emotion layout: per person, "&lt;person&gt;.category", ".confidence", ".valence", ".arousal", ".dominance".</summary>
    public static IReadOnlyList<string> EmotionChannels(IEnumerable<string> persons) =>
        (persons ?? throw new ArgumentNullException(nameof(persons))).SelectMany(p => EmotionFields.Select(f => $"{p}.{f}")).ToArray();

    /// <summary>
    /// Pushes one sample to every connected inlet (dropping the oldest when an inlet falls far behind).
    /// <paramref name="timestamp"/> is on the LSL clock; the current LSL time when null.
    /// </summary>
    public void PushSample(ReadOnlySpan<float> values, double? timestamp = null)
    {
        if (values.Length != ChannelCount)
        {
            throw new ArgumentException($"This stream has {ChannelCount} channels; the sample has {values.Length}.", nameof(values));
        }

        var bytes = LslProtocol.EncodeSample(timestamp ?? LslProtocol.LocalClock(), values);
        lock (_gate)
        {
            foreach (var c in _clients)
            {
                c.Writer.TryWrite(bytes);
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> inlets are connected, or the timeout passes.</summary>
    public async Task<bool> WaitForConsumersAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (ConsumerCount < count)
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Closes the sockets and every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _cts.CancelAsync().ConfigureAwait(false);
        _tcp.Stop();
        _service.Dispose();
        _discovery?.Dispose();
        lock (_gate)
        {
            foreach (var c in _clients)
            {
                c.Writer.TryComplete();
            }
        }

        foreach (var t in new[] { _tcpLoop, _serviceLoop, _discoveryLoop })
        {
            if (t is null)
            {
                continue;
            }

            try
            {
                await t.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            catch (SocketException)
            {
            }
        }

        _cts.Dispose();
    }

    internal string ShortInfoXml => _info.ToXml(full: false);

    private static (TcpListener, UdpClient) BindPorts(IPAddress address)
    {
        // Like liblsl, take the first free port of 16572..16604 for both the TCP feed and the UDP service,
        // so resolvers that scan the range find us on loopback without multicast.
        for (var port = LslProtocol.BasePort; port < LslProtocol.BasePort + LslProtocol.PortRange; port++)
        {
            TcpListener? tcp = null;
            try
            {
                tcp = new TcpListener(address, port);
                tcp.Start();
                var udp = new UdpClient(new IPEndPoint(address, port));
                return (tcp, udp);
            }
            catch (SocketException)
            {
                tcp?.Stop();
            }
        }

        throw new IOException($"No free LSL port in {LslProtocol.BasePort}..{LslProtocol.BasePort + LslProtocol.PortRange - 1} on {address}.");
    }

    /// <summary>
    /// Receives until the outlet closes (cancelled or disposed), handing each item on; a socket error
    /// (an ICMP reply to an earlier send, a reset connection) loses only that item. The UDP service,
    /// discovery and TCP accept loops share it.
    /// </summary>
    private static async Task Listen<T>(Func<CancellationToken, ValueTask<T>> receive, Func<T, Task> handle, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            T item;
            try
            {
                item = await receive(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            await handle(item).ConfigureAwait(false);
        }
    }

    /// <summary>The stream's info XML when <paramref name="query"/> matches it, else null: one answer for UDP and TCP info requests.</summary>
    private byte[]? InfoFor(string query, bool full, string prefix = "") =>
        LslProtocol.Matches(_info, query) ? Encoding.UTF8.GetBytes(prefix + _info.ToXml(full)) : null;

    private Task ServiceLoop(UdpClient udp, CancellationToken ct) =>
        Listen(udp.ReceiveAsync, r => Answer(udp, r, ct), ct);

    private async Task Answer(UdpClient udp, UdpReceiveResult r, CancellationToken ct)
    {
        var t1 = LslProtocol.LocalClock();
        try
        {
            var lines = Encoding.ASCII.GetString(r.Buffer).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            if (lines[0] == "LSL:shortinfo" && lines.Length >= 3)
            {
                var ret = lines[2].Split(' ', 2);
                if (ret.Length == 2 && int.TryParse(ret[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                    && InfoFor(lines[1], full: false, prefix: ret[1] + "\r\n") is { } reply)
                {
                    await udp.SendAsync(reply, new IPEndPoint(r.RemoteEndPoint.Address, port), ct).ConfigureAwait(false);
                }
            }
            else if (lines[0] == "LSL:timedata" && lines.Length >= 2)
            {
                var p = lines[1].Split(' ');
                if (p.Length >= 2 && int.TryParse(p[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var wave)
                    && double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var t0))
                {
                    var reply = Encoding.ASCII.GetBytes(LslProtocol.TimeDataReply(wave, t0, t1, LslProtocol.LocalClock()));
                    await udp.SendAsync(reply, r.RemoteEndPoint, ct).ConfigureAwait(false);
                }
            }
        }
        catch (SocketException)
        {
            // A resolver that went away: nothing to answer.
        }
    }

    private Task AcceptLoop(CancellationToken ct) =>
        Listen(_tcp.AcceptTcpClientAsync, client =>
        {
            _ = Task.Run(() => Serve(client, ct), CancellationToken.None);
            return Task.CompletedTask;
        }, ct);

    private async Task Serve(TcpClient client, CancellationToken ct)
    {
        Channel<byte[]>? queue = null;
        try
        {
            client.NoDelay = true;
            var stream = client.GetStream();
            var method = await LslProtocol.ReadLineAsync(stream, ct).ConfigureAwait(false);
            if (method is null)
            {
                return;
            }

            if (method == "LSL:shortinfo" || method == "LSL:fullinfo")
            {
                var query = method == "LSL:shortinfo" ? await LslProtocol.ReadLineAsync(stream, ct).ConfigureAwait(false) ?? string.Empty : string.Empty;
                if (InfoFor(query, full: method == "LSL:fullinfo") is { } xml)
                {
                    await stream.WriteAsync(xml, ct).ConfigureAwait(false);
                }

                return;
            }

            if (!method.StartsWith("LSL:streamfeed/", StringComparison.Ordinal))
            {
                return;
            }

            var parts = method.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var version = int.TryParse(parts[0].AsSpan("LSL:streamfeed/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
            string? line;
            while ((line = await LslProtocol.ReadLineAsync(stream, ct).ConfigureAwait(false)) is { Length: > 0 })
            {
                // Feed parameters (byte order, value size, ...): we only speak little-endian IEEE floats.
            }

            if (version < 110)
            {
                // Protocol 1.00 needs Boost's portable archive; liblsl has sent 1.10 by default since 2012.
                await stream.WriteAsync(Encoding.ASCII.GetBytes("LSL/110 505 Version not supported\r\n"), ct).ConfigureAwait(false);
                return;
            }

            if (parts.Length > 1 && parts[1] != _info.Uid)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("LSL/110 404 Not found\r\n"), ct).ConfigureAwait(false);
                return;
            }

            queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            lock (_gate)
            {
                _clients.Add(queue);
            }

            var header = new List<byte>(Encoding.ASCII.GetBytes(LslProtocol.StreamFeedResponse(_info.Uid)));
            header.AddRange(LslProtocol.EncodeSample(LslProtocol.TestPatternTimestamp, LslProtocol.TestPattern(ChannelCount, 4)));
            header.AddRange(LslProtocol.EncodeSample(LslProtocol.TestPatternTimestamp, LslProtocol.TestPattern(ChannelCount, 2)));
            await stream.WriteAsync(header.ToArray(), ct).ConfigureAwait(false);
            await foreach (var sample in queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await stream.WriteAsync(sample, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            // The inlet went away or sent garbage; the outlet keeps serving others.
        }
        finally
        {
            if (queue is not null)
            {
                lock (_gate)
                {
                    _clients.Remove(queue);
                }
            }

            client.Dispose();
        }
    }
}
