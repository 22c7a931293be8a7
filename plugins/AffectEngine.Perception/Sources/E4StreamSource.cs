using System;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Plugins.Shared;

namespace AffectEngine.Perception.Sources;

/// <summary>
/// A client of the Empatica E4 streaming server (a TCP text protocol): it connects (to a given
/// device, or the first one <c>device_discover_list</c> reports), subscribes to <c>gsr</c> and
/// <c>ibi</c>, and turns lines <c>E4_Gsr &lt;unix_ts&gt; &lt;µS&gt;</c>, <c>E4_Hr</c>, <c>E4_Ibi</c> into
/// physiology percepts. "R …" lines are command responses. Garbage lines, server errors and
/// disconnects are counted; the client reconnects and keeps running.
/// </summary>
internal sealed class E4StreamSource : IPerceptionSource
{
    private readonly string _host;
    private readonly int _port;
    private readonly string? _device;
    private readonly BackgroundLoop _loop = new();

    public E4StreamSource(string id, string host, int port, string? device)
    {
        Id = id;
        _host = host;
        _port = port;
        _device = device;
    }

    public string Id { get; }

    public Modality Modality => Modality.Physiology;

    public bool IsRecording => false;

    /// <summary>Connections made so far (reconnects count).</summary>
    public int Connections { get; private set; }

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
    {
        sink = CheckedSink.Wrap(sink, Id);
        _loop.Start(ct => RunAsync(sink, ct), cancellationToken);
        return Task.CompletedTask;
    }

    public Task StopAsync() => _loop.StopAsync();

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Parses one server line; returns true when it was data or a response, false for garbage.</summary>
    internal bool HandleLine(string line, IPerceptSink sink)
    {
        line = line.Trim();
        if (line.Length == 0)
        {
            return true;
        }

        if (line.StartsWith("R ", StringComparison.Ordinal))
        {
            if (line.Contains(" ERR", StringComparison.Ordinal) || line.Contains("connection lost", StringComparison.OrdinalIgnoreCase))
            {
                sink.Reject(Id, "server-error");
            }

            return true;
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !parts[0].StartsWith("E4_", StringComparison.Ordinal))
        {
            sink.Reject(Id, "malformed");
            return false;
        }

        PhysiologySignal signal;
        switch (parts[0])
        {
            case "E4_Gsr":
                signal = PhysiologySignal.Eda;
                break;
            case "E4_Hr":
                signal = PhysiologySignal.HeartRate;
                break;
            case "E4_Ibi":
                signal = PhysiologySignal.InterBeatInterval;
                break;
            default:
                return true; // other E4 streams (BVP, temperature, acceleration, tags) are not used
        }

        if (!Csv.TryNumber(parts[1], out var ts) || !Csv.TryNumber(parts[2], out var value))
        {
            sink.Reject(Id, "malformed");
            return false;
        }

        var sample = new PhysiologySample(signal, (float)value);
        sink.Push(new Percept { SourceId = Id, Person = RecordingSource.DefaultPerson, Modality = Modality.Physiology, Physiology = sample, SourceTime = ts, Clock = ClockDomain.UnixSeconds, Confidence = 1f, Quality = PhysiologyQuality.Of(sample) });
        return true;
    }

    private async Task RunAsync(IPerceptSink sink, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(_host, _port, ct).ConfigureAwait(false);
                Connections++;
                var stream = tcp.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                var device = _device;
                if (device is null)
                {
                    await writer.WriteLineAsync("device_discover_list").ConfigureAwait(false);
                    var reply = await reader.ReadLineAsync(ct).ConfigureAwait(false);
                    device = ParseFirstDevice(reply);
                }

                if (device is not null)
                {
                    await writer.WriteLineAsync("device_connect " + device).ConfigureAwait(false);
                }

                await writer.WriteLineAsync("device_subscribe gsr ON").ConfigureAwait(false);
                await writer.WriteLineAsync("device_subscribe ibi ON").ConfigureAwait(false);
                string? line;
                while ((line = await reader.ReadLineAsync(ct).ConfigureAwait(false)) is not null)
                {
                    HandleLine(line, sink);
                }

                sink.Reject(Id, "disconnect");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                sink.Reject(Id, "disconnect");
            }

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

    /// <summary>"R device_discover_list 1 | 9ff167 Empatica_E4 allowed" → "9ff167"; null when none.</summary>
    internal static string? ParseFirstDevice(string? reply)
    {
        if (reply is null || !reply.StartsWith("R device_discover_list", StringComparison.Ordinal))
        {
            return null;
        }

        var bar = reply.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            return null;
        }

        var first = reply.Substring(bar + 1).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return first.Length > 0 ? first[0] : null;
    }
}
