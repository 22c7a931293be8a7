using System;
using Silk.NET.OpenGL;

namespace AffectEngine.Rendering;

/// <summary>An offscreen RGBA8 framebuffer whose pixels can be read back top row first.</summary>
public sealed class RenderTarget : IDisposable
{
    private readonly GL _gl;
    private uint _framebuffer;
    private uint _color;

    /// <summary>Creates the framebuffer with one RGBA8 colour renderbuffer.</summary>
    public RenderTarget(GL gl, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(gl);
        _gl = gl;
        Width = width;
        Height = height;
        _framebuffer = gl.GenFramebuffer();
        _color = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, _color);
        gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, InternalFormat.Rgba8, (uint)width, (uint)height);
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        gl.FramebufferRenderbuffer(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0, RenderbufferTarget.Renderbuffer, _color);
        var status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            throw new InvalidOperationException($"Offscreen framebuffer {width}x{height} is incomplete: {status}.");
        }
    }

    /// <summary>The GL framebuffer name.</summary>
    public uint Framebuffer => _framebuffer;

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Reads the pixels as RGBA bytes, top row first (GL's origin is bottom-left, images' top-left).</summary>
    public byte[] ReadPixels() => Readback.ReadRgba(_gl, _framebuffer, Width, Height);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_framebuffer != 0)
        {
            _gl.DeleteFramebuffer(_framebuffer);
            _gl.DeleteRenderbuffer(_color);
            _framebuffer = 0;
            _color = 0;
        }
    }
}

/// <summary>Reads a framebuffer back into an image-ordered RGBA buffer.</summary>
public static class Readback
{
    /// <summary>Reads <paramref name="width"/>×<paramref name="height"/> RGBA pixels of a framebuffer, top row first.</summary>
    public static unsafe byte[] ReadRgba(GL gl, uint framebuffer, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(gl);
        var stride = width * 4;
        var pixels = new byte[stride * height];
        gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, framebuffer);
        gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        fixed (byte* p = pixels)
        {
            gl.ReadPixels(0, 0, (uint)width, (uint)height, PixelFormat.Rgba, PixelType.UnsignedByte, p);
        }

        FlipRows(pixels, stride, height);
        return pixels;
    }

    /// <summary>Reverses the row order in place.</summary>
    public static void FlipRows(Span<byte> pixels, int stride, int height)
    {
        Span<byte> temp = stride <= 16384 ? stackalloc byte[stride] : new byte[stride];
        for (int top = 0, bottom = height - 1; top < bottom; top++, bottom--)
        {
            var a = pixels.Slice(top * stride, stride);
            var b = pixels.Slice(bottom * stride, stride);
            a.CopyTo(temp);
            b.CopyTo(a);
            temp.CopyTo(b);
        }
    }
}
