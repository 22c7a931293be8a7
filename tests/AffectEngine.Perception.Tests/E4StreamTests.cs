using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception.Sources;

namespace AffectEngine.Perception.Tests;

/// <summary>
/// A fake Empatica E4 streaming server on loopback, driven by the fixture's E4 EDA recording: it
/// answers the text commands, streams E4_Gsr lines, injects a garbage line, drops the connection
/// half-way, and serves the rest after the client reconnects.
/// </summary>
internal sealed class FakeE4Server : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly (double Ts, double Value)[] _samples;
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    public FakeE4Server(string edaCsv)
    {
        var lines = File.ReadAllLines(edaCsv);
        var start = double.Parse(lines[0], CultureInfo.InvariantCulture);
        var rate = double.Parse(lines[1], CultureInfo.InvariantCulture);
        _samples = lines.Skip(2).Select((l, i) => (start + (i / rate), double.Parse(l, CultureInfo.InvariantCulture))).ToArray();
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public (double Ts, double Value)[] Samples => _samples;

    public ConcurrentQueue<string> Commands { get; } = new();

    public ValueTask DisposeAsync() => LoopbackServer.StopAsync(_listener, _cts, _loop);

    private async Task ServeAsync()
    {
        var half = _samples.Length / 2;
        for (var connection = 0; connection < 2; connection++)
        {
            using var client = await _listener.AcceptTcpClientAsync(_cts.Token);
            var stream = client.GetStream();
            var reader = new StreamReader(stream);
            var writer = new StreamWriter(stream) { NewLine = "\n", AutoFlush = true };
            while (true)
            {
                var cmd = await reader.ReadLineAsync(_cts.Token);
                if (cmd is null)
                {
                    return;
                }

                Commands.Enqueue(cmd);
                if (cmd == "device_discover_list")
                {
                    await writer.WriteLineAsync("R device_discover_list 1 | 9ff167 Empatica_E4 allowed");
                }
                else if (cmd.StartsWith("device_connect", StringComparison.Ordinal))
                {
                    await writer.WriteLineAsync("R device_connect OK");
                }
                else if (cmd == "device_subscribe gsr ON")
                {
                    await writer.WriteLineAsync("R device_subscribe gsr OK");
                }
                else if (cmd == "device_subscribe ibi ON")
                {
                    await writer.WriteLineAsync("R device_subscribe ibi OK");
                    break;
                }
            }

            var (from, to) = connection == 0 ? (0, half) : (half, _samples.Length);
            for (var i = from; i < to; i++)
            {
                if (i == from + 5)
                {
                    await writer.WriteLineAsync("%%garbage line from a flaky bridge%%");
                    await writer.WriteLineAsync("E4_Gsr not-a-time 0.3");
                }

                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"E4_Gsr {_samples[i].Ts:0.000000} {_samples[i].Value:0.000000}"));
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"E4_Temperature {_samples[i].Ts:0.000000} 33.1"));
            }

            // Connection 0 ends abruptly; connection 1 stays open until the test ends.
            if (connection == 1)
            {
                await Task.Delay(Timeout.Infinite, _cts.Token);
            }
        }
    }
}

/// <summary>
/// A loopback E4 streaming server that answers the handshake and then sends one scripted session:
/// 30 s of EDA (4 Hz), ACC (32 Hz, 1/64 g) and skin temperature (4 Hz) with the wrist shaken during
/// seconds 10–15 and the sensor off the skin (room temperature) during seconds 20–25.
/// </summary>
internal sealed class ScriptedE4Server : IAsyncDisposable
{
    public const double Start = 1_700_000_000;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _loop;

    public ScriptedE4Server()
    {
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Commands { get; } = new();

    public static bool Shaking(double t) => t is >= 10 and < 15;

    public static bool OffSkin(double t) => t is >= 20 and < 25;

    public ValueTask DisposeAsync() => LoopbackServer.StopAsync(_listener, _cts, _loop);

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync(_cts.Token);
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream) { NewLine = "\r\n", AutoFlush = false };
        string? cmd;
        while ((cmd = await reader.ReadLineAsync(_cts.Token)) is not null)
        {
            Commands.Enqueue(cmd);
            await writer.WriteLineAsync(cmd.StartsWith("device_discover_list", StringComparison.Ordinal) ? "R device_discover_list 1 | 9ff167 Empatica_E4 allowed" : "R " + cmd.Replace(" ON", " OK", StringComparison.Ordinal));
            await writer.FlushAsync();
            if (cmd == "device_subscribe tmp ON")
            {
                break;
            }
        }

        // Lines in time order, as the server interleaves them: 32 ACC samples a second, EDA and TEMP at 4 Hz.
        for (var k = 0; k < 30 * 32; k++)
        {
            var t = k / 32.0;
            var ts = Start + t;
            var swing = Shaking(t) ? 100 * Math.Sin(2 * Math.PI * 3 * t) : 0; // a 3 Hz shake of ±1.6 g
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"E4_Acc {ts:0.000} {Math.Round(swing)} {-8} {63}"));
            if (k % 8 == 0)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"E4_Temperature {ts:0.000} {(OffSkin(t) ? 24.5 : 33.2)}"));
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"E4_Gsr {ts:0.000} {0.8 + (0.01 * t):0.000}"));
            }
        }

        await writer.FlushAsync();
        await Task.Delay(Timeout.Infinite, _cts.Token);
    }
}

/// <summary>Stops a loopback test server: cancels its loop, closes the listener and waits for the loop to end.</summary>
internal static class LoopbackServer
{
    public static async ValueTask StopAsync(TcpListener listener, CancellationTokenSource cts, Task loop)
    {
        await cts.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        cts.Dispose();
    }
}

public class E4StreamTests
{
    [Fact]
    public async Task Live_ACC_and_TEMP_flag_motion_and_lost_contact_as_the_export_reader_does()
    {
        await using var server = new ScriptedE4Server();
        await using var source = (E4StreamSource)PerceptionSourceFactory.Create($"e4stream:127.0.0.1:{server.Port}");
        var sink = new RecordingSink();
        await source.StartAsync(sink, CancellationToken.None);
        Assert.True(await Net.WaitUntil(() => sink.Percepts.Count >= 120, TimeSpan.FromSeconds(20)), $"received {sink.Percepts.Count} of 120 EDA samples");
        await source.StopAsync();

        Assert.Contains("device_subscribe acc ON", server.Commands);
        Assert.Contains("device_subscribe tmp ON", server.Commands);
        var got = sink.Percepts.ToArray();
        Assert.Equal(120, got.Length);
        foreach (var p in got)
        {
            var t = p.SourceTime - ScriptedE4Server.Start;

            // The first ACC samples of a shake (and the last second after it) are judged on the second up to the sample.
            var moving = ScriptedE4Server.Shaking(t) && ScriptedE4Server.Shaking(t - 0.25);
            var still = !ScriptedE4Server.Shaking(t) && !ScriptedE4Server.Shaking(t - 1.0);
            if (moving)
            {
                Assert.True(p.Quality.HasFlag(PerceptQuality.Motion), $"t={t}: {p.Quality}");
            }
            else if (still)
            {
                Assert.False(p.Quality.HasFlag(PerceptQuality.Motion), $"t={t}: {p.Quality}");
            }

            Assert.Equal(ScriptedE4Server.OffSkin(t), p.Quality.HasFlag(PerceptQuality.ContactLoss));
        }

        Assert.Equal(20, got.Count(p => p.Quality.HasFlag(PerceptQuality.ContactLoss)));
        Assert.InRange(got.Count(p => p.Quality.HasFlag(PerceptQuality.Motion)), 18, 24);
    }

    [Fact]
    public async Task Client_streams_a_recording_from_a_fake_E4_server_through_garbage_and_a_disconnect()
    {
        await using var server = new FakeE4Server(Fixture.Path("e4/EDA.csv"));
        await using var hub = new PerceptionHub();
        var raw = new ConcurrentQueue<Percept>();
        using var sub = hub.RawPercepts.Subscribe(raw.Enqueue);
        var source = (E4StreamSource)PerceptionSourceFactory.Create($"e4stream:127.0.0.1:{server.Port}");
        hub.AddSource(source, person: "trainee");
        await hub.StartAsync();

        var all = server.Samples.Length;
        Assert.True(await Net.WaitUntil(() => raw.Count >= all, TimeSpan.FromSeconds(20)), $"received {raw.Count} of {all}");
        var got = raw.ToArray();
        Assert.Equal(all, got.Length);
        Assert.All(got, p => Assert.Equal(PhysiologySignal.Eda, p.Physiology!.Value.Signal));
        Assert.Equal(server.Samples.Select(s => (float)s.Value), got.Select(p => p.Physiology!.Value.Value));
        Assert.Equal(server.Samples[0].Ts, got[0].SourceTime, 5);
        Assert.Equal(ClockDomain.UnixSeconds, got[0].Clock);

        Assert.Equal(2, source.Connections);
        Assert.True(hub.RejectionCount("disconnect") >= 1);
        Assert.Equal(4, hub.RejectionCount("malformed")); // two garbage lines per connection
        Assert.Contains("device_connect 9ff167", server.Commands);
        Assert.Contains("device_subscribe gsr ON", server.Commands);

        var fused = hub.ProduceInputs(0, 0).Single();
        Assert.Equal("trainee", fused.Person);
        Assert.True(fused.Quality.HasFlag(PerceptQuality.Calibrating)); // a live baseline starts at the first tick
    }

    [Fact]
    public void Server_lines_are_parsed_and_errors_counted()
    {
        var source = new E4StreamSource("e4", "127.0.0.1", 1, null);
        var sink = new RecordingSink();
        Assert.True(source.HandleLine("E4_Hr 1495437325.5 71.5", sink));
        Assert.True(source.HandleLine("E4_Ibi 1495437326.0 0.84", sink));
        Assert.True(source.HandleLine("R device_subscribe gsr ERR the device is not connected", sink));
        Assert.True(source.HandleLine("E4_Bvp 1495437326.0 12.0", sink));
        Assert.False(source.HandleLine("E4_Gsr 1495437326.0", sink));
        Assert.Equal(2, sink.Percepts.Count);
        Assert.Equal(1, sink.RejectCount("server-error"));
        Assert.Equal(1, sink.RejectCount("malformed"));
        Assert.Equal("9ff167", E4StreamSource.ParseFirstDevice("R device_discover_list 2 | 9ff167 Empatica_E4 allowed | 7a3166 Empatica_E4 allowed"));
        Assert.Null(E4StreamSource.ParseFirstDevice("R device_discover_list 0"));
    }
}
