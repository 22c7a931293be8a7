using System;
using System.Globalization;
using System.IO;
using System.Net;
using AffectEngine.Perception.Voice.Audio;
using AffectEngine.Perception.Voice.Features;
using AffectEngine.Perception.Voice.Vad;

namespace AffectEngine.Perception.Voice;

/// <summary>How a raw PCM stream is laid out: rate, encoding and channel count.</summary>
/// <param name="SampleRate">Samples per second (8000–48000).</param>
/// <param name="Encoding">The sample encoding.</param>
/// <param name="Channels">Interleaved channels (1 or 2).</param>
public readonly record struct PcmLayout(int SampleRate, SampleEncoding Encoding, int Channels)
{
    /// <summary>16 kHz signed 16-bit mono, what <c>arecord -f S16_LE -r 16000</c> and most VoIP tools send.</summary>
    public static PcmLayout Default => new(16000, SampleEncoding.Int16, 1);

    /// <summary>Bytes of one frame (all channels of one sample instant).</summary>
    public int FrameBytes => Pcm.BytesPerSample(Encoding) * Channels;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{SampleRate},{Pcm.Name(Encoding)},{Channels}");
}

/// <summary>
/// The <c>voice:</c> sources: <c>voice:&lt;file.wav&gt;</c> (a recording), <c>voice:stdin[@rate,format,channels]</c>,
/// <c>voice:udp:[host:]port[@rate,format,channels]</c> (raw PCM datagrams), <c>voice:alsa[:device]</c>
/// and <c>voice:pulse[:source]</c> (live capture through arecord or parec). The raw layout defaults
/// to 16000,s16le,1.
/// </summary>
public static class VoiceSources
{
    /// <summary>The spec prefix.</summary>
    public const string Kind = "voice";

    /// <summary>The accepted forms, for help text.</summary>
    public const string Form = "voice:<file.wav>, voice:stdin[@rate,s16le|s24le|s32le|f32le,channels], voice:udp:[host:]port[@rate,format,channels], voice:alsa[:device], voice:pulse[:source]";

    /// <summary>Creates the source <paramref name="argument"/> (the text after <c>voice:</c>) names.</summary>
    public static IPerceptionSource Create(string spec, string argument, string? baseDirectory)
    {
        var arg = (argument ?? string.Empty).Trim();
        if (arg.Length == 0)
        {
            throw new FormatException($"Perception source '{spec}' needs a WAV path, 'stdin', 'udp:<port>', 'alsa' or 'pulse' after 'voice:'.");
        }

        var (head, layoutText) = SplitLayout(arg);
        var lower = head.ToLowerInvariant();
        if (lower == "stdin")
        {
            return new VoiceStreamSource(spec, VoiceStreamKind.Stdin, Layout(spec, layoutText), null, null);
        }

        if (lower.StartsWith("udp:", StringComparison.Ordinal))
        {
            return new VoiceStreamSource(spec, VoiceStreamKind.Udp, Layout(spec, layoutText), Endpoint(spec, head[4..]), null);
        }

        if (lower == "alsa" || lower.StartsWith("alsa:", StringComparison.Ordinal) || lower == "pulse" || lower.StartsWith("pulse:", StringComparison.Ordinal))
        {
            if (layoutText is not null)
            {
                throw new FormatException($"Perception source '{spec}': live capture always records 16000 Hz s16le mono; drop '@{layoutText}'.");
            }

            var colon = head.IndexOf(':', StringComparison.Ordinal);
            var device = colon < 0 ? null : head[(colon + 1)..].Trim();
            if (device is { Length: 0 })
            {
                throw new FormatException($"Perception source '{spec}': an empty device name after ':'; omit it for the default device.");
            }

            var kind = lower.StartsWith("alsa", StringComparison.Ordinal) ? VoiceStreamKind.Alsa : VoiceStreamKind.Pulse;
            return new VoiceStreamSource(spec, kind, PcmLayout.Default, null, device);
        }

        var path = baseDirectory is null || Path.IsPathRooted(arg) ? arg : Path.Combine(baseDirectory, arg);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Perception source '{spec}': file '{path}' does not exist.", path);
        }

        return new VoiceFileSource(spec, path);
    }

    /// <summary>Turns a reading into a percept: valence and arousal with the reading's confidence.</summary>
    internal static Percept ToPercept(string sourceId, VoiceReading r)
    {
        var quality = PerceptQuality.None;
        if (r.Confidence < VocalAffect.LowConfidence)
        {
            quality |= PerceptQuality.LowConfidence;
        }

        if (r.Calibrating)
        {
            quality |= PerceptQuality.Calibrating;
        }

        return new Percept
        {
            SourceId = sourceId,
            Person = "p0",
            Modality = Modality.Voice,
            Affect = new ValenceArousal(r.Valence, r.Arousal),
            Dominance = r.Dominance,
            SourceTime = r.Prosody.End,
            Clock = ClockDomain.Recording,
            Confidence = r.Confidence,
            Quality = quality,
        };
    }

    /// <summary>Opens the detector and says once on stderr when the energy fallback replaces Silero.</summary>
    internal static IVoiceActivityDetector OpenDetector(string sourceId)
    {
        var (detector, reason) = VadFactory.Open();
        if (reason is not null)
        {
            Console.Error.WriteLine($"note: {sourceId}: voice activity by the energy detector ({reason}).");
        }

        return detector;
    }

    private static (string Head, string? Layout) SplitLayout(string arg)
    {
        // A file path may contain '@'; only stdin and udp specs take a layout.
        var at = arg.LastIndexOf('@');
        if (at < 0)
        {
            return (arg, null);
        }

        var head = arg[..at];
        var h = head.ToLowerInvariant();
        return h == "stdin" || h.StartsWith("udp:", StringComparison.Ordinal) || h.StartsWith("alsa", StringComparison.Ordinal) || h.StartsWith("pulse", StringComparison.Ordinal)
            ? (head, arg[(at + 1)..])
            : (arg, null);
    }

    private static PcmLayout Layout(string spec, string? text)
    {
        if (text is null)
        {
            return PcmLayout.Default;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate is < 8000 or > 48000)
        {
            throw new FormatException($"Perception source '{spec}': expected '@<rate 8000..48000>[,s16le|s24le|s32le|f32le[,1|2]]' after the stream name, found '@{text}'.");
        }

        var encoding = SampleEncoding.Int16;
        if (parts.Length > 1 && !Pcm.TryParseEncoding(parts[1], out encoding))
        {
            throw new FormatException($"Perception source '{spec}': unknown sample format '{parts[1]}'; use s16le, s24le, s32le or f32le.");
        }

        var channels = 1;
        if (parts.Length > 2 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels is < 1 or > 2))
        {
            throw new FormatException($"Perception source '{spec}': channels must be 1 or 2, found '{parts[2]}'.");
        }

        return new PcmLayout(rate, encoding, channels);
    }

    private static IPEndPoint Endpoint(string spec, string rest)
    {
        var colon = rest.LastIndexOf(':');
        var hostText = colon < 0 ? "127.0.0.1" : rest[..colon].Trim('[', ']');
        var portText = colon < 0 ? rest : rest[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"Perception source '{spec}': port '{portText}' is not a number in 0..65535.");
        }

        if (string.Equals(hostText, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (!IPAddress.TryParse(hostText, out var host))
        {
            throw new FormatException($"Perception source '{spec}': host '{hostText}' must be an IP address or 'localhost'.");
        }

        return new IPEndPoint(host, port);
    }
}
