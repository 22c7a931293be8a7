using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace AffectEngine.Perception.Osc;

/// <summary>One OSC argument: its type tag and value (numbers widened to double/long, strings, blobs).</summary>
internal readonly record struct OscArg(char Tag, long Integer, double Real, string? Text, byte[]? Blob)
{
    public static OscArg Int(int v) => new('i', v, v, null, null);

    public static OscArg Long(long v) => new('h', v, v, null, null);

    public static OscArg Float(float v) => new('f', 0, v, null, null);

    public static OscArg Double(double v) => new('d', 0, v, null, null);

    public static OscArg String(string v) => new('s', 0, 0, v, null);

    public static OscArg Bool(bool v) => new(v ? 'T' : 'F', v ? 1 : 0, v ? 1 : 0, null, null);

    public static OscArg Nil() => new('N', 0, 0, null, null);

    public bool IsNumber => Tag is 'i' or 'h' or 'f' or 'd';

    public double AsDouble => Tag is 'i' or 'h' ? Integer : Real;
}

/// <summary>An OSC message: an address pattern and its arguments.</summary>
internal sealed record OscMessage(string Address, IReadOnlyList<OscArg> Args);

/// <summary>
/// Our own OSC 1.0 codec (Wright 2002, "The Open Sound Control 1.0 Specification"): OSC-strings are
/// NUL-terminated and padded to 4 bytes, numbers are big-endian; types i f s b h d t T F N I; bundles
/// ("#bundle", a time tag, size-prefixed elements) nest. Decoding never throws on bad input: it
/// reports an error so the listener can count the packet and keep running.
/// </summary>
internal static class OscCodec
{
    /// <summary>The OSC time tag meaning "immediately".</summary>
    public const ulong Immediately = 1;
    private const int MaxDepth = 8;
    private static readonly byte[] BundleTag = Encoding.ASCII.GetBytes("#bundle\0");

    public static byte[] Encode(OscMessage message)
    {
        using var ms = new MemoryStream();
        WriteMessage(ms, message);
        return ms.ToArray();
    }

    public static byte[] EncodeBundle(ulong timeTag, IEnumerable<OscMessage> messages)
    {
        using var ms = new MemoryStream();
        ms.Write(BundleTag);
        WriteUInt64(ms, timeTag);
        foreach (var m in messages)
        {
            var body = Encode(m);
            WriteInt32(ms, body.Length);
            ms.Write(body);
        }

        return ms.ToArray();
    }

    /// <summary>Decodes a packet (message or bundle, flattened in order) into <paramref name="into"/>; null on success, else the reason.</summary>
    public static string? TryDecode(ReadOnlySpan<byte> packet, List<OscMessage> into) => Decode(packet, into, 0);

    private static string? Decode(ReadOnlySpan<byte> packet, List<OscMessage> into, int depth)
    {
        if (packet.Length == 0 || packet.Length % 4 != 0)
        {
            return "size not a multiple of 4";
        }

        if (packet[0] == (byte)'#')
        {
            if (depth >= MaxDepth)
            {
                return "bundles nested too deep";
            }

            if (packet.Length < 16 || !packet.Slice(0, 8).SequenceEqual(BundleTag))
            {
                return "bad bundle header";
            }

            var pos = 16;
            while (pos < packet.Length)
            {
                if (pos + 4 > packet.Length)
                {
                    return "truncated bundle element size";
                }

                var size = BinaryPrimitives.ReadInt32BigEndian(packet.Slice(pos, 4));
                pos += 4;
                if (size <= 0 || size % 4 != 0 || size > packet.Length - pos)
                {
                    return "bad bundle element size";
                }

                var error = Decode(packet.Slice(pos, size), into, depth + 1);
                if (error is not null)
                {
                    return error;
                }

                pos += size;
            }

            return null;
        }

        var p = 0;
        if (!ReadString(packet, ref p, out var address) || address.Length == 0 || address[0] != '/')
        {
            return "bad address";
        }

        if (p == packet.Length)
        {
            // OSC 1.0 allows (old) messages without a type tag string.
            into.Add(new OscMessage(address, Array.Empty<OscArg>()));
            return null;
        }

        if (!ReadString(packet, ref p, out var tags) || tags.Length == 0 || tags[0] != ',')
        {
            return "bad type tag string";
        }

        var args = new List<OscArg>(tags.Length - 1);
        for (var i = 1; i < tags.Length; i++)
        {
            var t = tags[i];
            switch (t)
            {
                case 'i':
                    if (p + 4 > packet.Length)
                    {
                        return "truncated int32";
                    }

                    args.Add(OscArg.Int(BinaryPrimitives.ReadInt32BigEndian(packet.Slice(p, 4))));
                    p += 4;
                    break;
                case 'f':
                    if (p + 4 > packet.Length)
                    {
                        return "truncated float32";
                    }

                    args.Add(OscArg.Float(BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadInt32BigEndian(packet.Slice(p, 4)))));
                    p += 4;
                    break;
                case 'h':
                case 't':
                    if (p + 8 > packet.Length)
                    {
                        return "truncated int64";
                    }

                    var l = BinaryPrimitives.ReadInt64BigEndian(packet.Slice(p, 8));
                    args.Add(t == 'h' ? OscArg.Long(l) : new OscArg('t', l, 0, null, null));
                    p += 8;
                    break;
                case 'd':
                    if (p + 8 > packet.Length)
                    {
                        return "truncated float64";
                    }

                    args.Add(OscArg.Double(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64BigEndian(packet.Slice(p, 8)))));
                    p += 8;
                    break;
                case 's':
                case 'S':
                    if (!ReadString(packet, ref p, out var s))
                    {
                        return "bad string argument";
                    }

                    args.Add(OscArg.String(s));
                    break;
                case 'b':
                    if (p + 4 > packet.Length)
                    {
                        return "truncated blob size";
                    }

                    var n = BinaryPrimitives.ReadInt32BigEndian(packet.Slice(p, 4));
                    p += 4;
                    if (n < 0 || n > packet.Length - p)
                    {
                        return "bad blob size";
                    }

                    args.Add(new OscArg('b', 0, 0, null, packet.Slice(p, n).ToArray()));
                    p += Pad4(n);
                    break;
                case 'T':
                    args.Add(OscArg.Bool(true));
                    break;
                case 'F':
                    args.Add(OscArg.Bool(false));
                    break;
                case 'N':
                    args.Add(OscArg.Nil());
                    break;
                case 'I':
                    args.Add(new OscArg('I', 0, double.PositiveInfinity, null, null));
                    break;
                default:
                    return $"unsupported type tag '{t}'";
            }
        }

        if (p > packet.Length)
        {
            return "truncated arguments";
        }

        into.Add(new OscMessage(address, args));
        return null;
    }

    private static bool ReadString(ReadOnlySpan<byte> data, ref int pos, out string value)
    {
        var end = data.Slice(pos).IndexOf((byte)0);
        if (end < 0)
        {
            value = string.Empty;
            return false;
        }

        value = Encoding.UTF8.GetString(data.Slice(pos, end));
        var next = pos + Pad4(end + 1);
        if (next > data.Length)
        {
            return false;
        }

        pos = next;
        return true;
    }

    private static int Pad4(int n) => (n + 3) & ~3;

    private static void WriteMessage(Stream s, OscMessage m)
    {
        WriteString(s, m.Address);
        var tags = new StringBuilder(",");
        foreach (var a in m.Args)
        {
            tags.Append(a.Tag);
        }

        WriteString(s, tags.ToString());
        foreach (var a in m.Args)
        {
            switch (a.Tag)
            {
                case 'i':
                    WriteInt32(s, (int)a.Integer);
                    break;
                case 'h':
                case 't':
                    WriteUInt64(s, unchecked((ulong)a.Integer));
                    break;
                case 'f':
                    WriteInt32(s, BitConverter.SingleToInt32Bits((float)a.Real));
                    break;
                case 'd':
                    WriteUInt64(s, unchecked((ulong)BitConverter.DoubleToInt64Bits(a.Real)));
                    break;
                case 's':
                case 'S':
                    WriteString(s, a.Text ?? string.Empty);
                    break;
                case 'b':
                    var blob = a.Blob ?? Array.Empty<byte>();
                    WriteInt32(s, blob.Length);
                    s.Write(blob);
                    s.Write(new byte[Pad4(blob.Length) - blob.Length]);
                    break;
                case 'T':
                case 'F':
                case 'N':
                case 'I':
                    break;
                default:
                    throw new ArgumentException($"Unsupported OSC type tag '{a.Tag}'.", nameof(m));
            }
        }
    }

    private static void WriteString(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new ArgumentException("OSC strings cannot contain NUL characters.", nameof(value));
        }

        s.Write(bytes);
        s.Write(new byte[Pad4(bytes.Length + 1) - bytes.Length]);
    }

    private static void WriteInt32(Stream s, int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, v);
        s.Write(b);
    }

    private static void WriteUInt64(Stream s, ulong v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, v);
        s.Write(b);
    }
}
