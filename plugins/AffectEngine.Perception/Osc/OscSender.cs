using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace AffectEngine.Perception.Osc;

/// <summary>
/// Sends OSC 1.0 messages over UDP: to drive an avatar or a lab tool with the engine's emotions, or to
/// feed a perception listener. Uses the /affect address space of docs/perception.md.
/// </summary>
public sealed class OscSender : IDisposable
{
    private readonly UdpClient _udp;
    private readonly IPEndPoint _target;

    /// <summary>Creates a sender to <paramref name="host"/>:<paramref name="port"/> (an IP address or "localhost").</summary>
    public OscSender(string host, int port)
    {
        if (port <= 0 || port > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A UDP port is in 1..65535.");
        }

        var address = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(host);
        _target = new IPEndPoint(address, port);
        _udp = new UdpClient(address.AddressFamily);
    }

    /// <summary>
    /// Sends one message. Arguments map to OSC types: int → i, long → h, float → f, double → d,
    /// string → s, bool → T/F, null → N.
    /// </summary>
    public void Send(string address, params object?[] args)
    {
        var message = new OscMessage(address, Convert(args));
        var bytes = OscCodec.Encode(message);
        _udp.Send(bytes, bytes.Length, _target);
    }

    /// <summary>
    /// Sends a person's emotion as one bundle: /affect/&lt;person&gt;/category s f and
    /// /affect/&lt;person&gt;/va f f f.
    /// </summary>
    public void SendEmotion(string person, EmotionCategory category, float confidence, float valence, float arousal)
    {
        if (string.IsNullOrEmpty(person) || person.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("A person id must be non-empty and contain no '/'.", nameof(person));
        }

        var bytes = OscCodec.EncodeBundle(OscCodec.Immediately, new[]
        {
            new OscMessage($"/affect/{person}/category", new[] { OscArg.String(LabelTables.NameOf(category)), OscArg.Float(confidence) }),
            new OscMessage($"/affect/{person}/va", new[] { OscArg.Float(valence), OscArg.Float(arousal), OscArg.Float(confidence) }),
        });
        _udp.Send(bytes, bytes.Length, _target);
    }

    /// <inheritdoc />
    public void Dispose() => _udp.Dispose();

    private static List<OscArg> Convert(object?[] args)
    {
        var list = new List<OscArg>(args?.Length ?? 0);
        foreach (var a in args ?? Array.Empty<object?>())
        {
            list.Add(a switch
            {
                null => OscArg.Nil(),
                int i => OscArg.Int(i),
                long l => OscArg.Long(l),
                float f => OscArg.Float(f),
                double d => OscArg.Double(d),
                string s => OscArg.String(s),
                bool b => OscArg.Bool(b),
                _ => throw new ArgumentException($"OSC cannot carry a {a.GetType().Name}.", nameof(args)),
            });
        }

        return list;
    }
}
