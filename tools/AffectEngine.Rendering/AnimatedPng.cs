using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Text;
using StbImageWriteSharp;

namespace AffectEngine.Rendering;

/// <summary>
/// Collects frames and writes them as one animated PNG (APNG, W3C PNG 3rd edition): every frame is
/// encoded as an ordinary PNG, and its compressed image data is moved into the animation's chunks
/// (the first frame's IDAT doubles as the default image; later frames go into fdAT). Frames are
/// halved in size by a 2×2 box filter so a preview of a long run stays small.
/// </summary>
public sealed class AnimatedPng
{
    private readonly List<byte[]> _frames = [];
    private readonly int _delayMs;
    private byte[]? _ihdr;

    /// <summary>Starts a preview whose frames show for <paramref name="delayMs"/> milliseconds each.</summary>
    public AnimatedPng(int delayMs = 100)
    {
        _delayMs = Math.Clamp(delayMs, 1, 65535);
    }

    /// <summary>Frames added so far.</summary>
    public int FrameCount => _frames.Count;

    /// <summary>Width of the preview (half the frames').</summary>
    public int Width { get; private set; }

    /// <summary>Height of the preview (half the frames').</summary>
    public int Height { get; private set; }

    /// <summary>Adds a frame (RGBA, top row first); all frames must have the first one's size.</summary>
    public void Add(byte[] rgba, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgba);
        var w = Math.Max(1, width / 2);
        var h = Math.Max(1, height / 2);
        if (_frames.Count > 0 && (w != Width || h != Height))
        {
            throw new ArgumentException($"Preview frames must all be {Width * 2}x{Height * 2}; got {width}x{height}.", nameof(rgba));
        }

        Width = w;
        Height = h;
        var half = Halve(rgba, width, height, w, h);
        using var png = new MemoryStream();
        new ImageWriter().WritePng(half, w, h, ColorComponents.RedGreenBlueAlpha, png);
        var (ihdr, idat) = Split(png.ToArray());
        _ihdr ??= ihdr;
        _frames.Add(idat);
    }

    /// <summary>Writes the animation (loops forever).</summary>
    public void Write(string path)
    {
        if (_ihdr is null)
        {
            throw new InvalidOperationException("An animated PNG needs at least one frame.");
        }

        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(file, "IHDR", _ihdr);
        var actl = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(actl, (uint)_frames.Count);
        BinaryPrimitives.WriteUInt32BigEndian(actl.AsSpan(4), 0);
        Chunk(file, "acTL", actl);
        uint sequence = 0;
        for (var i = 0; i < _frames.Count; i++)
        {
            var fctl = new byte[26];
            BinaryPrimitives.WriteUInt32BigEndian(fctl, sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(fctl.AsSpan(4), (uint)Width);
            BinaryPrimitives.WriteUInt32BigEndian(fctl.AsSpan(8), (uint)Height);
            // x/y offsets 0; delay = _delayMs / 1000; dispose none, blend source (frames are opaque).
            BinaryPrimitives.WriteUInt16BigEndian(fctl.AsSpan(20), (ushort)_delayMs);
            BinaryPrimitives.WriteUInt16BigEndian(fctl.AsSpan(22), 1000);
            Chunk(file, "fcTL", fctl);
            if (i == 0)
            {
                Chunk(file, "IDAT", _frames[i]);
            }
            else
            {
                var fdat = new byte[4 + _frames[i].Length];
                BinaryPrimitives.WriteUInt32BigEndian(fdat, sequence++);
                _frames[i].CopyTo(fdat, 4);
                Chunk(file, "fdAT", fdat);
            }
        }

        Chunk(file, "IEND", []);
    }

    private static byte[] Halve(byte[] src, int width, int height, int w, int h)
    {
        var dst = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
        {
            var y0 = Math.Min(2 * y, height - 1);
            var y1 = Math.Min((2 * y) + 1, height - 1);
            for (var x = 0; x < w; x++)
            {
                var x0 = Math.Min(2 * x, width - 1);
                var x1 = Math.Min((2 * x) + 1, width - 1);
                for (var c = 0; c < 4; c++)
                {
                    var sum = src[(((y0 * width) + x0) * 4) + c] + src[(((y0 * width) + x1) * 4) + c]
                        + src[(((y1 * width) + x0) * 4) + c] + src[(((y1 * width) + x1) * 4) + c];
                    dst[(((y * w) + x) * 4) + c] = (byte)((sum + 2) / 4);
                }
            }
        }

        return dst;
    }

    // Returns the IHDR payload and the concatenated IDAT payloads of an encoded PNG.
    private static (byte[] Ihdr, byte[] Idat) Split(byte[] png)
    {
        byte[]? ihdr = null;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset + 12 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                ihdr = data.ToArray();
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        return (ihdr ?? throw new InvalidDataException("Encoded PNG has no IHDR."), idat.ToArray());
    }

    private static void Chunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(header[4..]);
        crc.Append(data);
        Span<byte> sum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sum, crc.GetCurrentHashAsUInt32());
        output.Write(sum);
    }
}
