using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception.Voice.Audio;
using AffectEngine.Perception.Voice.Features;

namespace AffectEngine.Perception.Voice;

/// <summary>
/// A WAV file: decoded, resampled to 16 kHz and analysed completely before start returns (a
/// recording). Source time is seconds from the file's start, so a replay never depends on the clock.
/// </summary>
internal sealed class VoiceFileSource : IPerceptionSource
{
    private readonly string _path;

    public VoiceFileSource(string id, string path)
    {
        Id = id;
        _path = path;
    }

    public string Id { get; }

    public Modality Modality => Modality.Voice;

    public bool IsRecording => true;

    /// <summary>The readings of the last replay (for tests and the benchmark).</summary>
    public IReadOnlyList<VoiceReading> Readings { get; private set; } = Array.Empty<VoiceReading>();

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken) =>
        Task.Run(() => Replay(sink, cancellationToken), cancellationToken);

    public Task StopAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => default;

    private void Replay(IPerceptSink sink, CancellationToken ct)
    {
        AudioClip clip;
        try
        {
            clip = WavReader.Read(_path);
        }
        catch (InvalidDataException e)
        {
            throw new IOException($"Perception source '{Id}': {e.Message}", e);
        }

        var readings = new List<VoiceReading>();
        using (var analyzer = new VoiceAnalyzer(VoiceSources.OpenDetector(Id), readings.Add))
        {
            var samples = Resampling.To16k(clip.Samples, clip.SampleRate);
            const int block = 16000;
            for (var i = 0; i < samples.Length && !ct.IsCancellationRequested; i += block)
            {
                analyzer.Push(samples.AsSpan(i, Math.Min(block, samples.Length - i)));
            }

            analyzer.Flush();
        }

        Readings = readings;
        foreach (var r in readings)
        {
            sink.Push(VoiceSources.ToPercept(Id, r));
        }

        if (readings.Count == 0)
        {
            // Silence is not a neutral voice: nothing is pushed, and the count says why.
            sink.Reject(Id, "no-speech");
        }
    }
}

/// <summary>Where a live voice stream comes from.</summary>
internal enum VoiceStreamKind
{
    Stdin,
    Udp,
    Alsa,
    Pulse,
}

/// <summary>
/// Raw PCM arriving live: on stdin, as loopback UDP datagrams (each a whole number of frames), or
/// from arecord/parec. Audio is analysed on a host thread as it arrives; source time is seconds of
/// audio received, so the timeline follows the sender's samples, not the receiver's clock.
/// </summary>
internal sealed class VoiceStreamSource : IPerceptionSource
{
    private readonly VoiceStreamKind _kind;
    private readonly PcmLayout _layout;
    private readonly IPEndPoint? _endpoint;
    private readonly string? _device;
    private readonly Func<Stream>? _openInput;
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private UdpClient? _udp;
    private Process? _process;
    private Stream? _input;

    public VoiceStreamSource(string id, VoiceStreamKind kind, PcmLayout layout, IPEndPoint? endpoint, string? device, Func<Stream>? openInput = null)
    {
        Id = id;
        _kind = kind;
        _layout = layout;
        _endpoint = endpoint;
        _device = device;
        _openInput = openInput;
    }

    public string Id { get; }

    public Modality Modality => Modality.Voice;

    public bool IsRecording => false;

    /// <summary>The UDP port actually bound (useful with port 0).</summary>
    public int BoundPort { get; private set; }

    /// <summary>Speech segments read so far.</summary>
    public int Segments { get; private set; }

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var detector = VoiceSources.OpenDetector(Id);
        try
        {
            Open();
        }
        catch
        {
            detector.Dispose();
            throw;
        }

        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stop.Token;
        var analyzer = new VoiceAnalyzer(detector, r =>
        {
            Segments++;
            sink.Push(VoiceSources.ToPercept(Id, r));
        });
        _loop = Task.Factory.StartNew(() => Loop(sink, analyzer, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _udp?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill();
        }

        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException or SocketException)
            {
                // closing the input is how a blocked read is ended
            }
        }

        _input?.Dispose();
        _process?.Dispose();
        _stop.Dispose();
        _stop = null;
        _loop = null;
        _udp = null;
        _process = null;
        _input = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Open()
    {
        switch (_kind)
        {
            case VoiceStreamKind.Stdin:
                _input = _openInput?.Invoke() ?? Console.OpenStandardInput();
                break;
            case VoiceStreamKind.Udp:
                try
                {
                    _udp = new UdpClient(_endpoint!);
                }
                catch (SocketException e)
                {
                    throw new IOException($"Perception source '{Id}': cannot listen on UDP {_endpoint}: {e.Message}", e);
                }

                BoundPort = ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;
                break;
            default:
                _input = _openInput?.Invoke() ?? StartCapture();
                break;
        }
    }

    private Stream StartCapture()
    {
        string program;
        var args = new List<string>();
        if (_kind == VoiceStreamKind.Alsa)
        {
            if (!Directory.Exists("/dev/snd"))
            {
                throw new IOException($"Perception source '{Id}': there is no ALSA sound device (/dev/snd does not exist); connect a microphone or use voice:<file.wav> or voice:stdin.");
            }

            program = "arecord";
            args.AddRange(new[] { "-q", "-t", "raw", "-f", "S16_LE", "-r", "16000", "-c", "1" });
            if (_device is not null)
            {
                args.AddRange(new[] { "-D", _device });
            }
        }
        else
        {
            program = "parec";
            args.AddRange(new[] { "--format=s16le", "--rate=16000", "--channels=1", "--raw" });
            if (_device is not null)
            {
                args.Add("--device=" + _device);
            }
        }

        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            _process = Process.Start(start) ?? throw new IOException($"{program} could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"Perception source '{Id}': {program} could not be run ({e.Message}); install {(program == "arecord" ? "alsa-utils" : "pulseaudio-utils")}.", e);
        }

        // A missing device or sound server makes the recorder exit at once with its reason.
        if (_process.WaitForExit(500))
        {
            var reason = _process.StandardError.ReadToEnd().Trim().Split('\n')[^1].Trim();
            var code = _process.ExitCode;
            _process.Dispose();
            _process = null;
            throw new IOException($"Perception source '{Id}': {program} stopped at once (exit {code}): {(reason.Length == 0 ? "no capture device" : reason)}.");
        }

        return _process.StandardOutput.BaseStream;
    }

    private void Loop(IPerceptSink sink, VoiceAnalyzer analyzer, CancellationToken ct)
    {
        using (analyzer)
        {
            var block = new AudioBlocks(_layout, analyzer);
            try
            {
                if (_udp is not null)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var result = _udp.ReceiveAsync(ct).AsTask().GetAwaiter().GetResult();
                        if (block.Add(result.Buffer, wholeFrames: true) is { } problem)
                        {
                            sink.Reject(Id, problem);
                        }
                    }
                }
                else
                {
                    var buffer = new byte[_layout.FrameBytes * 1024];
                    while (!ct.IsCancellationRequested)
                    {
                        var n = _input!.Read(buffer, 0, buffer.Length);
                        if (n == 0)
                        {
                            break;
                        }

                        if (block.Add(buffer.AsSpan(0, n), wholeFrames: false) is { } problem)
                        {
                            sink.Reject(Id, problem);
                        }
                    }

                    if (!ct.IsCancellationRequested && _kind is VoiceStreamKind.Alsa or VoiceStreamKind.Pulse)
                    {
                        sink.Reject(Id, "disconnect");
                    }
                }
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
            {
                // stopping closed the input under a blocked read
            }

            block.Flush();
            analyzer.Flush();
        }
    }
}

/// <summary>
/// Turns raw PCM bytes into 16 kHz mono for the analyzer: carries a partial frame across reads,
/// and resamples other rates in half-second blocks (NWaves band-limited resampling).
/// </summary>
internal sealed class AudioBlocks
{
    private readonly PcmLayout _layout;
    private readonly VoiceAnalyzer _analyzer;
    private readonly byte[] _partial;
    private readonly float[] _decoded;
    private readonly float[] _pending;
    private int _partialLength;
    private int _pendingLength;

    public AudioBlocks(PcmLayout layout, VoiceAnalyzer analyzer)
    {
        _layout = layout;
        _analyzer = analyzer;
        _partial = new byte[layout.FrameBytes];
        _decoded = new float[8192];
        _pending = new float[layout.SampleRate / 2];
    }

    /// <summary>Adds bytes; returns a reject reason ("malformed", "nan") when a datagram had to be dropped.</summary>
    public string? Add(ReadOnlySpan<byte> data, bool wholeFrames)
    {
        if (wholeFrames && (data.Length == 0 || data.Length % _layout.FrameBytes != 0))
        {
            return "malformed";
        }

        if (wholeFrames && _layout.Encoding == SampleEncoding.Float32)
        {
            // A datagram with a NaN is dropped whole: half a datagram of audio would fake a pause.
            for (var i = 0; i + 4 <= data.Length; i += 4)
            {
                if (!float.IsFinite(System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(data[i..])))
                {
                    return "nan";
                }
            }
        }

        if (_partialLength > 0)
        {
            var take = Math.Min(_partial.Length - _partialLength, data.Length);
            data[..take].CopyTo(_partial.AsSpan(_partialLength));
            _partialLength += take;
            data = data[take..];
            if (_partialLength < _partial.Length)
            {
                return null;
            }

            var bad = Decode(_partial);
            _partialLength = 0;
            if (bad)
            {
                return "nan";
            }
        }

        var whole = data.Length / _layout.FrameBytes * _layout.FrameBytes;
        var rest = data[whole..];
        rest.CopyTo(_partial);
        _partialLength = rest.Length;
        return Decode(data[..whole]) ? "nan" : null;
    }

    public void Flush()
    {
        if (_pendingLength > 0)
        {
            Emit(_pending.AsSpan(0, _pendingLength));
            _pendingLength = 0;
        }
    }

    private bool Decode(ReadOnlySpan<byte> data)
    {
        var nonFinite = 0;
        while (data.Length > 0)
        {
            var frames = Math.Min(data.Length / _layout.FrameBytes, _decoded.Length);
            Pcm.DecodeMono(data[..(frames * _layout.FrameBytes)], _layout.Encoding, _layout.Channels, _decoded, ref nonFinite);
            data = data[(frames * _layout.FrameBytes)..];
            if (_layout.SampleRate == Vad.VadTiming.SampleRate)
            {
                _analyzer.Push(_decoded.AsSpan(0, frames));
                continue;
            }

            var span = _decoded.AsSpan(0, frames);
            while (span.Length > 0)
            {
                var n = Math.Min(_pending.Length - _pendingLength, span.Length);
                span[..n].CopyTo(_pending.AsSpan(_pendingLength));
                _pendingLength += n;
                span = span[n..];
                if (_pendingLength == _pending.Length)
                {
                    Emit(_pending);
                    _pendingLength = 0;
                }
            }
        }

        return nonFinite > 0;
    }

    private void Emit(ReadOnlySpan<float> block) => _analyzer.Push(Resampling.To16k(block.ToArray(), _layout.SampleRate));
}
