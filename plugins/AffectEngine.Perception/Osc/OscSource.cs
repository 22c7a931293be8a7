using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Plugins.Shared;

namespace AffectEngine.Perception.Osc;

/// <summary>
/// Listens for OSC over UDP (bound to loopback unless the spec names another address) and turns the
/// /affect address space (docs/perception.md, "OSC") into percepts. Malformed packets and unknown
/// addresses are counted; the listener keeps running.
/// </summary>
internal sealed class OscSource : IPerceptionSource
{
    private readonly IPEndPoint _bind;
    private readonly Dictionary<string, float[]> _aus = new(StringComparer.Ordinal);
    private readonly BackgroundLoop _loop = new();
    private UdpClient? _udp;

    public OscSource(string id, IPEndPoint bind)
    {
        Id = id;
        _bind = bind;
    }

    public string Id { get; }

    public Modality Modality => Modality.Face;

    public bool IsRecording => false;

    /// <summary>The bound port (useful when the spec asked for port 0).</summary>
    public int LocalPort => (_udp?.Client.LocalEndPoint as IPEndPoint)?.Port ?? 0;

    /// <summary>The bound address (loopback unless the spec named another).</summary>
    public IPAddress? BoundAddress => (_udp?.Client.LocalEndPoint as IPEndPoint)?.Address;

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
    {
        sink = CheckedSink.Wrap(sink, Id);
        _udp = new UdpClient(_bind);
        _loop.Start(ct => ReceiveLoop(sink, ct), cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Closing the socket ends a pending receive, which cancellation alone would not on every platform.</summary>
    public Task StopAsync() => _loop.StopAsync(() => _udp?.Dispose());

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task ReceiveLoop(IPerceptSink sink, CancellationToken ct)
    {
        var messages = new List<OscMessage>();
        while (!ct.IsCancellationRequested)
        {
            UdpReceiveResult packet;
            try
            {
                packet = await _udp!.ReceiveAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                sink.Reject(Id, "socket-error");
                continue;
            }

            messages.Clear();
            if (OscCodec.TryDecode(packet.Buffer, messages) is not null)
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            // AU messages of one packet (a bundle) make one percept per person.
            HashSet<string>? auPersons = null;
            foreach (var m in messages)
            {
                var person = Handle(m, sink);
                if (person is not null)
                {
                    (auPersons ??= new HashSet<string>(StringComparer.Ordinal)).Add(person);
                }
            }

            if (auPersons is not null)
            {
                foreach (var person in auPersons)
                {
                    sink.Push(new Percept { SourceId = Id, Person = person, Modality = Modality.Face, ActionUnitIntensities = (float[])_aus[person].Clone(), SourceTime = 0, Clock = ClockDomain.Arrival, Confidence = 1f });
                }
            }
        }
    }

    /// <summary>Handles one message; returns the person when it was an AU update to be emitted with its packet.</summary>
    internal string? Handle(OscMessage m, IPerceptSink sink)
    {
        var parts = m.Address.Split('/');
        // "", "affect", person, kind[, n]
        if (parts.Length < 4 || parts[1] != "affect" || parts[2].Length == 0)
        {
            sink.Reject(Id, "unknown-address");
            return null;
        }

        var person = parts[2];
        var kind = parts[3];
        var args = m.Args;
        var basePercept = new Percept { SourceId = Id, Person = person, Modality = Modality.Face, SourceTime = 0, Clock = ClockDomain.Arrival, Confidence = 1f };
        switch (kind)
        {
            case "category" when parts.Length == 4 && args.Count >= 1 && args[0].Tag == 's' && (args.Count == 1 || args[1].IsNumber):
                if (!LabelTables.TryParseCategory(args[0].Text!, out var cat))
                {
                    sink.Reject(Id, "unknown-label");
                    return null;
                }

                if (cat == EmotionCategory.Uncertain)
                {
                    sink.Push(basePercept with { Quality = PerceptQuality.NoFace });
                    return null;
                }

                var one = new float[LabelTables.Canonical.Count];
                one[LabelTables.Canonical.IndexOf(LabelTables.NameOf(cat))] = 1f;
                sink.Push(basePercept with { Labels = LabelTables.Canonical, ClassProbabilities = one, Confidence = args.Count > 1 ? (float)args[1].AsDouble : 1f });
                return null;
            case "va" when parts.Length == 4 && args.Count is 2 or 3 && AllNumbers(args):
                sink.Push(basePercept with { Modality = Modality.Other, Affect = new ValenceArousal((float)args[0].AsDouble, (float)args[1].AsDouble), Confidence = args.Count > 2 ? (float)args[2].AsDouble : 1f });
                return null;
            case "probs" when parts.Length == 4 && args.Count >= 2 && args[0].Tag == 's':
                var table = TableByName(args[0].Text!);
                if (table is null)
                {
                    sink.Reject(Id, "unknown-label-set");
                    return null;
                }

                if (args.Count != table.Count + 1 || !AllNumbers(args, 1))
                {
                    sink.Reject(Id, "malformed");
                    return null;
                }

                var probs = new float[table.Count];
                for (var i = 0; i < probs.Length; i++)
                {
                    probs[i] = (float)args[i + 1].AsDouble;
                }

                sink.Push(basePercept with { Labels = table, ClassProbabilities = probs });
                return null;
            case "au" when parts.Length == 5 && args.Count == 1 && args[0].IsNumber
                && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                var index = ActionUnits.IndexOf(n);
                if (index < 0)
                {
                    sink.Reject(Id, "unknown-au");
                    return null;
                }

                var v = (float)args[0].AsDouble;
                if (!(v >= 0 && v <= ActionUnits.MaxIntensity))
                {
                    sink.Reject(Id, float.IsNaN(v) || float.IsInfinity(v) ? "nan" : "out-of-range");
                    return null;
                }

                if (!_aus.TryGetValue(person, out var vector))
                {
                    _aus[person] = vector = new float[ActionUnits.Count];
                }

                vector[index] = v;
                return person;
            case "noface" when parts.Length == 4:
                sink.Push(basePercept with { Quality = PerceptQuality.NoFace, Confidence = 0 });
                return null;
            case "eda" or "hr" or "ibi" when parts.Length == 4 && args.Count == 1 && args[0].IsNumber:
                var signal = kind == "eda" ? PhysiologySignal.Eda : kind == "hr" ? PhysiologySignal.HeartRate : PhysiologySignal.InterBeatInterval;
                var sample = new PhysiologySample(signal, (float)args[0].AsDouble);
                sink.Push(basePercept with { Modality = Modality.Physiology, Physiology = sample, Quality = Sources.PhysiologyQuality.Of(sample) });
                return null;
            default:
                sink.Reject(Id, "unknown-address");
                return null;
        }
    }

    internal static LabelTable? TableByName(string name)
    {
        foreach (var t in new[] { LabelTables.Canonical, LabelTables.Fer7, LabelTables.Affdex, LabelTables.Emfacs })
        {
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return t;
            }
        }

        return null;
    }

    private static bool AllNumbers(IReadOnlyList<OscArg> args, int from = 0)
    {
        for (var i = from; i < args.Count; i++)
        {
            if (!args[i].IsNumber)
            {
                return false;
            }
        }

        return true;
    }
}
