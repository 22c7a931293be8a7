using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Plugins.Shared;

namespace AffectEngine.Perception.Sources;

/// <summary>
/// A client of the Empatica E4 streaming server (a TCP text protocol): it connects (to a given
/// device, or the first one <c>device_discover_list</c> reports), subscribes to <c>gsr</c>, <c>ibi</c>,
/// <c>acc</c> and <c>tmp</c>, and turns lines <c>E4_Gsr &lt;unix_ts&gt; &lt;µS&gt;</c>, <c>E4_Hr</c>,
/// <c>E4_Ibi</c> into physiology percepts. As the export reader does with ACC.csv and TEMP.csv, the
/// live <c>E4_Acc &lt;ts&gt; x y z</c> (1/64 g) and <c>E4_Temperature &lt;ts&gt; °C</c> lines flag
/// samples taken while the wrist moves (<see cref="PerceptQuality.Motion"/>: SD of |a| over the last
/// second above <see cref="E4ExportSource.MotionThresholdG"/>) or off the skin
/// (<see cref="PerceptQuality.ContactLoss"/>: the latest temperature, at most
/// <see cref="TemperatureMaxAge"/> old, outside 30–40 °C). Live lines arrive interleaved, so the checks
/// use what has arrived up to each sample. "R …" lines are command responses. Garbage lines, server
/// errors and disconnects are counted; the client reconnects and keeps running.
/// </summary>
internal sealed class E4StreamSource : IPerceptionSource
{
    private readonly string _host;
    private readonly int _port;
    private readonly string? _device;
    private readonly BackgroundLoop _loop = new();
    private readonly Queue<(double Ts, double G)> _acc = new();
    private double _tempTs = double.NegativeInfinity;
    private double _temp = double.NaN;

    public E4StreamSource(string id, string host, int port, string? device)
    {
        Id = id;
        _host = host;
        _port = port;
        _device = device;
    }

    /// <summary>How long a temperature reading stands for the contact check (the E4 sends 4 per second).</summary>
    public const double TemperatureMaxAge = 2.0;

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
            case "E4_Acc":
                return HandleAcceleration(parts, sink);
            case "E4_Temperature":
                if (!Csv.TryNumber(parts[1], out var tts) || !Csv.TryNumber(parts[2], out var celsius))
                {
                    sink.Reject(Id, "malformed");
                    return false;
                }

                (_tempTs, _temp) = (tts, celsius);
                return true;
            default:
                return true; // other E4 streams (BVP, temperature, acceleration, tags) are not used
        }

        if (!Csv.TryNumber(parts[1], out var ts) || !Csv.TryNumber(parts[2], out var value))
        {
            sink.Reject(Id, "malformed");
            return false;
        }

        var sample = new PhysiologySample(signal, (float)value);
        sink.Push(new Percept { SourceId = Id, Person = RecordingSource.DefaultPerson, Modality = Modality.Physiology, Physiology = sample, SourceTime = ts, Clock = ClockDomain.UnixSeconds, Confidence = 1f, Quality = PhysiologyQuality.Of(sample) | Artefacts(ts) });
        return true;
    }

    private bool HandleAcceleration(string[] parts, IPerceptSink sink)
    {
        if (parts.Length < 5 || !Csv.TryNumber(parts[1], out var ts) || !Csv.TryNumber(parts[2], out var x) || !Csv.TryNumber(parts[3], out var y) || !Csv.TryNumber(parts[4], out var z))
        {
            sink.Reject(Id, "malformed");
            return false;
        }

        _acc.Enqueue((ts, Math.Sqrt((x * x) + (y * y) + (z * z)) / 64.0));
        while (_acc.Count > 0 && _acc.Peek().Ts < ts - 1.0)
        {
            _acc.Dequeue();
        }

        return true;
    }

    /// <summary>Motion and contact flags for a sample at <paramref name="ts"/> from the ACC and TEMP lines seen so far.</summary>
    private PerceptQuality Artefacts(double ts)
    {
        var q = PerceptQuality.None;
        if (ts - _tempTs <= TemperatureMaxAge && (_temp < E4ExportSource.SkinTemperatureMin || _temp > E4ExportSource.SkinTemperatureMax))
        {
            q |= PerceptQuality.ContactLoss;
        }

        // The same measure as the export reader's: SD of |a| over one second, here the second up to ts.
        double sum = 0, sum2 = 0;
        var n = 0;
        foreach (var (t, g) in _acc)
        {
            if (t <= ts && t > ts - 1.0)
            {
                sum += g;
                sum2 += g * g;
                n++;
            }
        }

        if (n > 1 && Math.Sqrt(Math.Max(0, (sum2 - (sum * sum / n)) / (n - 1))) > E4ExportSource.MotionThresholdG)
        {
            q |= PerceptQuality.Motion;
        }

        return q;
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
                await writer.WriteLineAsync("device_subscribe acc ON").ConfigureAwait(false);
                await writer.WriteLineAsync("device_subscribe tmp ON").ConfigureAwait(false);
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
