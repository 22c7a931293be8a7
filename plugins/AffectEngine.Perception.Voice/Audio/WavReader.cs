using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;

namespace AffectEngine.Perception.Voice.Audio;

/// <summary>Mono audio in [-1, 1] at a known rate, with a description of what it was decoded from.</summary>
/// <param name="Samples">The samples (channels averaged).</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Description">What the source held, e.g. "WAV 24-bit PCM, 2 ch, 44100 Hz".</param>
public sealed record AudioClip(float[] Samples, int SampleRate, string Description)
{
    /// <summary>Length in seconds.</summary>
    public double Seconds => Samples.Length / (double)SampleRate;
}

/// <summary>A sample encoding of raw or WAV PCM.</summary>
public enum SampleEncoding
{
    /// <summary>Unsigned 8-bit (WAV only).</summary>
    UInt8,

    /// <summary>Signed 16-bit little-endian integers.</summary>
    Int16,

    /// <summary>Signed 24-bit little-endian integers (packed in 3 bytes).</summary>
    Int24,

    /// <summary>Signed 32-bit little-endian integers.</summary>
    Int32,

    /// <summary>IEEE 754 32-bit little-endian floats.</summary>
    Float32,
}

/// <summary>Decodes interleaved little-endian PCM into mono floats.</summary>
public static class Pcm
{
    /// <summary>Bytes one sample of <paramref name="encoding"/> takes.</summary>
    public static int BytesPerSample(SampleEncoding encoding) => encoding switch
    {
        SampleEncoding.UInt8 => 1,
        SampleEncoding.Int16 => 2,
        SampleEncoding.Int24 => 3,
        _ => 4,
    };

    /// <summary>
    /// Decodes whole frames of <paramref name="data"/> (channels interleaved) and appends their channel
    /// mean to <paramref name="output"/>; returns the number of frames decoded.
    /// A non-finite float sample is decoded as 0 and counted in <paramref name="nonFinite"/>.
    /// </summary>
    public static int DecodeMono(ReadOnlySpan<byte> data, SampleEncoding encoding, int channels, Span<float> output, ref int nonFinite)
    {
        var width = BytesPerSample(encoding);
        var frameBytes = width * channels;
        var frames = Math.Min(data.Length / frameBytes, output.Length);
        var scale = 1f / channels;
        for (var f = 0; f < frames; f++)
        {
            var sum = 0f;
            for (var c = 0; c < channels; c++)
            {
                var s = data.Slice((f * channels + c) * width, width);
                float v = encoding switch
                {
                    SampleEncoding.UInt8 => (s[0] - 128) / 128f,
                    SampleEncoding.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                    SampleEncoding.Int24 => ((s[0] | (s[1] << 8) | (s[2] << 16)) << 8 >> 8) / 8388608f,
                    SampleEncoding.Int32 => (float)(BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0),
                    _ => BinaryPrimitives.ReadSingleLittleEndian(s),
                };
                if (!float.IsFinite(v))
                {
                    nonFinite++;
                    v = 0;
                }

                sum += Math.Clamp(v, -1f, 1f);
            }

            output[f] = sum * scale;
        }

        return frames;
    }

    /// <summary>Parses a raw PCM encoding name: s16le, s24le, s32le or f32le.</summary>
    public static bool TryParseEncoding(string text, out SampleEncoding encoding)
    {
        switch ((text ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "s16le" or "s16":
                encoding = SampleEncoding.Int16;
                return true;
            case "s24le" or "s24":
                encoding = SampleEncoding.Int24;
                return true;
            case "s32le" or "s32":
                encoding = SampleEncoding.Int32;
                return true;
            case "f32le" or "f32" or "float":
                encoding = SampleEncoding.Float32;
                return true;
            default:
                encoding = default;
                return false;
        }
    }

    /// <summary>The raw-PCM name of an encoding.</summary>
    public static string Name(SampleEncoding encoding) => encoding switch
    {
        SampleEncoding.UInt8 => "u8",
        SampleEncoding.Int16 => "s16le",
        SampleEncoding.Int24 => "s24le",
        SampleEncoding.Int32 => "s32le",
        _ => "f32le",
    };
}

/// <summary>
/// Reads RIFF/WAVE files: PCM 8/16/24/32-bit, IEEE float 32-bit, WAVE_FORMAT_EXTENSIBLE with either
/// subformat, 1–8 channels, 8–192 kHz. Every problem is an <see cref="InvalidDataException"/> naming
/// the file and the byte offset.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Reads and decodes <paramref name="path"/> to mono.</summary>
    public static AudioClip Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot be read: {e.Message}", e);
        }

        return Decode(bytes, path);
    }

    /// <summary>Decodes WAV bytes; <paramref name="name"/> is used in messages.</summary>
    public static AudioClip Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw Bad(name, 0, "not a WAV file (no RIFF/WAVE header)" + (bytes.Length >= 4 && bytes[..4].SequenceEqual("RIFX"u8) ? "; big-endian RIFX is not supported" : string.Empty));
        }

        var pos = 12;
        ushort format = 0, channels = 0, bits = 0;
        var rate = 0;
        var haveFmt = false;
        var fmtAt = 0;
        while (pos + 8 <= bytes.Length)
        {
            var id = bytes.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(pos + 4, 4));
            var body = pos + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > bytes.Length)
                {
                    throw Bad(name, pos, $"the 'fmt ' chunk is {size} bytes; at least 16 are needed");
                }

                fmtAt = pos;
                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 2, 2));
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(body + 4, 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 14, 2));
                if (format == FormatExtensible)
                {
                    if (size < 40 || body + 26 > bytes.Length)
                    {
                        throw Bad(name, pos, "WAVE_FORMAT_EXTENSIBLE without its 40-byte format");
                    }

                    // The sub-format GUID starts with the ordinary format tag.
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(body + 24, 2));
                }

                haveFmt = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFmt)
                {
                    throw Bad(name, pos, "the 'data' chunk comes before any 'fmt ' chunk");
                }

                var encoding = Encoding(name, fmtAt, format, bits);
                if (channels is < 1 or > 8)
                {
                    throw Bad(name, fmtAt, $"{channels} channels; 1 to 8 are supported");
                }

                if (rate is < 8000 or > 192000)
                {
                    throw Bad(name, fmtAt, $"sample rate {rate} Hz; 8000 to 192000 Hz are supported");
                }

                // A streamed WAV may carry 0 or 0xFFFFFFFF as its data size: read to the end then.
                var available = bytes.Length - body;
                var length = size == 0 || size == uint.MaxValue || size > available ? available : (int)size;
                var frameBytes = Pcm.BytesPerSample(encoding) * channels;
                var samples = new float[length / frameBytes];
                var nonFinite = 0;
                Pcm.DecodeMono(bytes.Slice(body, samples.Length * frameBytes), encoding, channels, samples, ref nonFinite);
                if (nonFinite > 0)
                {
                    throw Bad(name, body, $"{nonFinite} float samples are NaN or infinite");
                }

                var what = encoding == SampleEncoding.Float32 ? "32-bit float" : $"{bits}-bit PCM";
                return new AudioClip(samples, rate, string.Create(CultureInfo.InvariantCulture, $"WAV {what}, {channels} ch, {rate} Hz, {samples.Length / (double)rate:0.00} s"));
            }

            // Chunks are word-aligned; a pad byte follows an odd size.
            var next = (long)body + size + (size & 1);
            if (next > bytes.Length)
            {
                break;
            }

            pos = (int)next;
        }

        throw Bad(name, pos, haveFmt ? "no 'data' chunk (the file is truncated or holds no audio)" : "no 'fmt ' chunk (the file is truncated or not audio)");
    }

    private static SampleEncoding Encoding(string name, int at, ushort format, ushort bits) => (format, bits) switch
    {
        (FormatPcm, 8) => SampleEncoding.UInt8,
        (FormatPcm, 16) => SampleEncoding.Int16,
        (FormatPcm, 24) => SampleEncoding.Int24,
        (FormatPcm, 32) => SampleEncoding.Int32,
        (FormatFloat, 32) => SampleEncoding.Float32,
        _ => throw Bad(name, at, $"format tag {format} with {bits} bits per sample; supported are PCM 8/16/24/32-bit and IEEE float 32-bit (convert with: sox in.wav -b 16 out.wav)"),
    };

    private static InvalidDataException Bad(string name, int offset, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{name}: byte {offset}: {what}."));
}
