using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception.Osc;

namespace AffectEngine.Perception.Tests;

public class OscTests
{
    [Fact]
    public void Message_encoding_matches_OSC_1_0_golden_bytes()
    {
        var bytes = OscCodec.Encode(new OscMessage("/affect/p1/va", new[] { OscArg.Float(0.5f), OscArg.Float(0.25f) }));
        var expected = new List<byte>();
        expected.AddRange("/affect/p1/va"u8.ToArray());
        expected.AddRange(new byte[] { 0, 0, 0 });           // NUL + pad to 16
        expected.AddRange(",ff"u8.ToArray());
        expected.Add(0);                                      // pad to 4
        expected.AddRange(new byte[] { 0x3F, 0x00, 0x00, 0x00 }); // 0.5f big-endian
        expected.AddRange(new byte[] { 0x3E, 0x80, 0x00, 0x00 }); // 0.25f big-endian
        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void Bundles_round_trip_and_flatten_in_order()
    {
        var a = new OscMessage("/a", new[] { OscArg.Int(-3), OscArg.String("hé"), OscArg.Double(2.5), OscArg.Bool(true), OscArg.Bool(false), OscArg.Nil(), OscArg.Long(1L << 40) });
        var b = new OscMessage("/b", Array.Empty<OscArg>());
        var bundle = OscCodec.EncodeBundle(OscCodec.Immediately, new[] { a, b });
        Assert.Equal("#bundle\0"u8.ToArray(), bundle.Take(8).ToArray());
        var list = new List<OscMessage>();
        Assert.Null(OscCodec.TryDecode(bundle, list));
        Assert.Equal(new[] { "/a", "/b" }, list.Select(m => m.Address));
        Assert.Equal("ishdTFN".ToCharArray().OrderBy(c => c), list[0].Args.Select(x => x.Tag).OrderBy(c => c));
        Assert.Equal(-3, list[0].Args[0].Integer);
        Assert.Equal("hé", list[0].Args[1].Text);
        Assert.Equal(2.5, list[0].Args[2].Real);
        Assert.Equal(1L << 40, list[0].Args[6].Integer);
    }

    [Fact]
    public void Garbage_packets_are_reported_not_thrown()
    {
        var list = new List<OscMessage>();
        Assert.NotNull(OscCodec.TryDecode(new byte[] { 1, 2, 3 }, list));
        Assert.NotNull(OscCodec.TryDecode("noslash\0"u8.ToArray(), list));
        Assert.NotNull(OscCodec.TryDecode("/a\0\0,fff"u8.ToArray(), list)); // unterminated tags
        Assert.NotNull(OscCodec.TryDecode("/a\0\0,f\0\0"u8.ToArray(), list)); // missing float
        Assert.NotNull(OscCodec.TryDecode("#bundle\0\0\0\0\0\0\0\0\0\x7F\0\0\0"u8.ToArray(), list));
        var rng = new Random(5);
        var buffer = new byte[64];
        for (var i = 0; i < 5000; i++)
        {
            rng.NextBytes(buffer);
            buffer[0] = (byte)(i % 2 == 0 ? '/' : '#');
            OscCodec.TryDecode(buffer.AsSpan(0, 4 * rng.Next(1, 16)), list);
        }
    }

    [Fact]
    public async Task Oscsend_from_liblo_tools_reaches_our_listener()
    {
        var oscsend = ExternalProcess.RequireTool("oscsend");
        var port = Net.FreeUdpPort();
        await using var hub = new PerceptionHub();
        var raw = new ConcurrentQueue<Percept>();
        using var sub = hub.RawPercepts.Subscribe(raw.Enqueue);
        hub.AddSource(PerceptionSourceFactory.Create($"osc:127.0.0.1:{port}"));
        await hub.StartAsync();

        async Task Send(params string[] args)
        {
            using var p = new ExternalProcess(oscsend, new[] { "127.0.0.1", port.ToString() }.Concat(args).ToArray());
            await p.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(p.ExitCode == 0, p.ToString());
        }

        await Send("/affect/anna/category", "sf", "happiness", "0.9");
        await Send("/affect/anna/va", "ff", "0.5", "0.2");
        await Send("/affect/anna/au/12", "f", "4.0");
        await Send("/affect/anna/probs", "sfffffff", "fer7", "0.05", "0", "0", "0.05", "0.8", "0.05", "0.05");
        await Send("/affect/anna/eda", "d", "4.5");
        await Send("/nowhere", "i", "1");

        // Garbage from a raw socket is counted and the listener keeps going.
        using (var udp = new UdpClient())
        {
            await udp.SendAsync(new byte[] { 0xde, 0xad, 0xbe }, new IPEndPoint(IPAddress.Loopback, port));
        }

        await Send("/affect/ben/category", "s", "anger");
        Assert.True(await Net.WaitUntil(() => raw.Count >= 6, TimeSpan.FromSeconds(10)), $"got {raw.Count} percepts");
        var list = raw.ToArray();
        var cat = list.Single(p => p.Person == "anna" && p.LabelSet == "canonical");
        Assert.Equal(0.9f, cat.Confidence, 3);
        Assert.Equal(1f, cat.ClassProbabilities.Span[LabelTables.Canonical.IndexOf("happiness")]);
        Assert.Equal(new ValenceArousal(0.5f, 0.2f), list.Single(p => p.Affect is not null).Affect);
        Assert.Equal(4f, list.Single(p => !p.ActionUnitIntensities.IsEmpty).ActionUnitIntensities.Span[ActionUnits.IndexOf(12)]);
        Assert.Equal(0.8f, list.Single(p => p.LabelSet == "fer7").ClassProbabilities.Span[4], 3);
        Assert.Equal(4.5f, list.Single(p => p.Physiology is not null).Physiology!.Value.Value);
        Assert.Contains(list, p => p.Person == "ben");
        Assert.True(await Net.WaitUntil(() => hub.RejectionCount("malformed") == 1 && hub.RejectionCount("unknown-address") == 1, TimeSpan.FromSeconds(5)));

        var fused = hub.ProduceInputs(0, 0);
        Assert.Equal(EmotionCategory.Anger, fused.Single(f => f.Person == "ben").Category);
    }

    [Fact]
    public async Task Oscsend_types_i_f_s_d_T_F_N_decode_with_our_codec()
    {
        var oscsend = ExternalProcess.RequireTool("oscsend");
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;
        using (var p = new ExternalProcess(oscsend, "127.0.0.1", port.ToString(), "/t", "ifsdTFN", "7", "1.5", "hi", "2.25"))
        {
            await p.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var r = await udp.ReceiveAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        var list = new List<OscMessage>();
        Assert.Null(OscCodec.TryDecode(r.Buffer, list));
        var args = list.Single().Args;
        Assert.Equal("ifsdTFN", new string(args.Select(a => a.Tag).ToArray()));
        Assert.Equal(7, args[0].Integer);
        Assert.Equal(1.5, args[1].Real);
        Assert.Equal("hi", args[2].Text);
        Assert.Equal(2.25, args[3].Real);
    }

    [Fact]
    public async Task Our_sender_is_understood_by_oscdump()
    {
        var oscdump = ExternalProcess.RequireTool("oscdump");
        var port = Net.FreeUdpPort();
        using var dump = new ExternalProcess(oscdump, "-L", port.ToString());
        using var sender = new OscSender("127.0.0.1", port);
        var ok = await Net.WaitUntil(
            () =>
            {
                // oscdump may not be bound yet; UDP just drops until it is.
                sender.Send("/affect/anna/va", 0.5f, 0.25f, 7, "x", 2.5, true, false, null);
                sender.SendEmotion("ben", EmotionCategory.Fear, 0.75f, -0.5f, 0.5f);
                return dump.Lines.Any(l => l.Contains("/affect/anna/va")) && dump.Lines.Any(l => l.Contains("/affect/ben/va"));
            },
            TimeSpan.FromSeconds(10));
        Assert.True(ok, dump.ToString());
        var va = dump.Lines.First(l => l.Contains("/affect/anna/va"));
        Assert.Contains("/affect/anna/va ffisdTFN 0.500000 0.250000 7 \"x\" 2.500000 #T #F Nil", va);
        Assert.Contains(dump.Lines, l => l.Contains("/affect/ben/category sf \"fear\" 0.750000"));
    }
}
