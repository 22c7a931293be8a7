using System;
using System.IO;
using StbImageWriteSharp;

namespace AffectEngine.Rendering;

/// <summary>Writes RGBA pixel buffers (top row first) as PNG files.</summary>
public static class Png
{
    /// <summary>Writes a PNG file; the directory must exist.</summary>
    public static void Write(string path, byte[] rgba, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgba);
        if (rgba.Length != width * height * 4)
        {
            throw new ArgumentException($"Expected {width * height * 4} bytes for a {width}x{height} RGBA image; got {rgba.Length}.", nameof(rgba));
        }

        using var stream = File.Create(path);
        new ImageWriter().WritePng(rgba, width, height, ColorComponents.RedGreenBlueAlpha, stream);
    }
}
