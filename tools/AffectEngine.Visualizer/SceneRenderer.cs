using System;
using System.Collections.Generic;
using AffectEngine.Rendering;
using Silk.NET.OpenGL;

namespace AffectEngine.Visualizer;

/// <summary>
/// The GL side of a frame: relation lines, instanced faces (one quad per agent, features drawn in
/// the fragment shader) and the text/panel overlay as one premultiplied texture. Owns its GL
/// objects; dispose before the context.
/// </summary>
internal sealed unsafe class SceneRenderer : IDisposable
{
    private readonly GL _gl;
    private readonly ShaderProgram _faces;
    private readonly ShaderProgram _lines;
    private readonly ShaderProgram _overlay;
    private readonly uint _quadVbo;
    private readonly uint _instanceVbo;
    private readonly uint _faceVao;
    private readonly uint _lineVbo;
    private readonly uint _lineVao;
    private readonly uint _overlayVao;
    private readonly uint _overlayTexture;
    private readonly int _width;
    private readonly int _height;
    private nuint _instanceBytes;
    private nuint _lineBytes;
    private bool _disposed;

    public SceneRenderer(GL gl, int width, int height)
    {
        _gl = gl;
        _width = width;
        _height = height;
        _faces = new ShaderProgram(gl, "faces", Shaders.FaceVertex, Shaders.FaceFragment);
        _lines = new ShaderProgram(gl, "relations", Shaders.LineVertex, Shaders.LineFragment);
        _overlay = new ShaderProgram(gl, "overlay", Shaders.OverlayVertex, Shaders.OverlayFragment);

        ReadOnlySpan<float> quad = [-1f, -1f, 1f, -1f, -1f, 1f, 1f, 1f];
        _quadVbo = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _quadVbo);
        gl.BufferData(BufferTargetARB.ArrayBuffer, quad, BufferUsageARB.StaticDraw);

        _faceVao = gl.GenVertexArray();
        gl.BindVertexArray(_faceVao);
        _instanceVbo = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _instanceVbo);
        const uint stride = SceneSampler.InstanceFloats * sizeof(float);
        for (uint attribute = 1; attribute <= 4; attribute++)
        {
            gl.EnableVertexAttribArray(attribute);
            gl.VertexAttribPointer(attribute, 4, VertexAttribPointerType.Float, false, stride, (void*)((attribute - 1) * 16));
        }

        _lineVao = gl.GenVertexArray();
        gl.BindVertexArray(_lineVao);
        _lineVbo = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _lineVbo);
        gl.EnableVertexAttribArray(0);
        gl.VertexAttribPointer(0, 2, VertexAttribPointerType.Float, false, 24, (void*)0);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribPointer(1, 4, VertexAttribPointerType.Float, false, 24, (void*)8);

        _overlayVao = gl.GenVertexArray();
        gl.BindVertexArray(_overlayVao);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _quadVbo);
        gl.EnableVertexAttribArray(0);
        gl.VertexAttribPointer(0, 2, VertexAttribPointerType.Float, false, 8, (void*)0);
        gl.BindVertexArray(0);

        _overlayTexture = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, _overlayTexture);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)width, (uint)height, 0, PixelFormat.Rgba, PixelType.UnsignedByte, null);
    }

    /// <summary>Clears the target and draws lines, faces and the overlay.</summary>
    public void Draw(uint framebuffer, ReadOnlySpan<float> instances, int instanceCount, ReadOnlySpan<float> lineVertices, ReadOnlySpan<byte> overlayRgba, IReadOnlyList<PixelRect> overlayRegions)
    {
        var gl = _gl;
        var overlay = overlayRgba.Length == _width * _height * 4 && overlayRegions.Count > 0;
        if (overlay)
        {
            // Upload before any draw of this frame: on llvmpipe, changing a texture that queued draws
            // may read forces those draws to finish first (it cost 90 ms a frame at 10,000 faces).
            gl.ActiveTexture(TextureUnit.Texture0);
            gl.BindTexture(TextureTarget.Texture2D, _overlayTexture);
            gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
            gl.PixelStore(PixelStoreParameter.UnpackRowLength, _width);
            fixed (byte* p = overlayRgba)
            {
                foreach (var r in overlayRegions)
                {
                    // Only the painted regions: the texture's other texels are never sampled.
                    int x = (int)r.X, y = (int)r.Y, w = (int)r.Width, h = (int)r.Height;
                    gl.PixelStore(PixelStoreParameter.UnpackSkipPixels, x);
                    gl.PixelStore(PixelStoreParameter.UnpackSkipRows, y);
                    gl.TexSubImage2D(TextureTarget.Texture2D, 0, x, y, (uint)w, (uint)h, PixelFormat.Rgba, PixelType.UnsignedByte, p);
                }
            }

            gl.PixelStore(PixelStoreParameter.UnpackRowLength, 0);
            gl.PixelStore(PixelStoreParameter.UnpackSkipPixels, 0);
            gl.PixelStore(PixelStoreParameter.UnpackSkipRows, 0);
        }

        gl.BindFramebuffer(FramebufferTarget.Framebuffer, framebuffer);
        gl.Viewport(0, 0, (uint)_width, (uint)_height);
        gl.Disable(EnableCap.DepthTest);
        gl.Disable(EnableCap.CullFace);
        var bg = Palette.Background;
        gl.ClearColor(bg.R, bg.G, bg.B, 1f);
        gl.Clear(ClearBufferMask.ColorBufferBit);
        gl.Enable(EnableCap.Blend);
        // Alpha of the target stays opaque (One, OneMinusSrcAlpha on alpha), or PNGs come out translucent.
        gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);

        if (lineVertices.Length > 0)
        {
            _lines.Use();
            _lines.Set("uViewport", _width, _height);
            gl.BindVertexArray(_lineVao);
            gl.BindBuffer(BufferTargetARB.ArrayBuffer, _lineVbo);
            Upload(lineVertices, ref _lineBytes);
            gl.DrawArrays(PrimitiveType.Lines, 0, (uint)(lineVertices.Length / 6));
        }

        if (instanceCount > 0)
        {
            _faces.Use();
            _faces.Set("uViewport", _width, _height);
            gl.BindVertexArray(_faceVao);
            gl.BindBuffer(BufferTargetARB.ArrayBuffer, _instanceVbo);
            Upload(instances, ref _instanceBytes);
            gl.Enable(EnableCap.ProgramPointSize);
            gl.DrawArrays(PrimitiveType.Points, 0, (uint)instanceCount);
        }

        if (overlay)
        {
            // Skia paints premultiplied colour.
            gl.BlendFuncSeparate(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
            _overlay.Use();
            _overlay.Set("uOverlay", 0);
            _overlay.Set("uViewport", _width, _height);
            gl.BindVertexArray(_overlayVao);
            foreach (var r in overlayRegions)
            {
                _overlay.Set("uRect", r.X, r.Y, r.Width, r.Height);
                gl.DrawArrays(PrimitiveType.TriangleStrip, 0, 4);
            }
        }

        gl.BindVertexArray(0);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _gl.DeleteTexture(_overlayTexture);
        _gl.DeleteVertexArray(_faceVao);
        _gl.DeleteVertexArray(_lineVao);
        _gl.DeleteVertexArray(_overlayVao);
        _gl.DeleteBuffer(_quadVbo);
        _gl.DeleteBuffer(_instanceVbo);
        _gl.DeleteBuffer(_lineVbo);
        _faces.Dispose();
        _lines.Dispose();
        _overlay.Dispose();
    }

    // Grows the buffer when needed, otherwise rewrites it in place (no reallocation per frame).
    private void Upload(ReadOnlySpan<float> data, ref nuint capacity)
    {
        var bytes = (nuint)(data.Length * sizeof(float));
        fixed (float* p = data)
        {
            if (bytes > capacity)
            {
                capacity = Math.Max(bytes, capacity * 2);
                _gl.BufferData(BufferTargetARB.ArrayBuffer, capacity, null, BufferUsageARB.StreamDraw);
            }

            _gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, bytes, p);
        }
    }
}
