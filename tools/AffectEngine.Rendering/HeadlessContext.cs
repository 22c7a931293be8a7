using System;
using Silk.NET.OpenGL;

namespace AffectEngine.Rendering;

/// <summary>
/// A headless OpenGL 3.3 core context on Mesa's surfaceless EGL platform (llvmpipe when there is no
/// GPU), rendering into an offscreen <see cref="RenderTarget"/>. Create, use and dispose it on one thread.
/// </summary>
public sealed class HeadlessContext : IGraphicsContext
{
    private nint _display;
    private nint _context;
    private RenderTarget? _target;

    /// <summary>Creates the context and an offscreen target of the given size, and makes it current.</summary>
    public HeadlessContext(int width, int height)
    {
        if (width < 1 || height < 1 || width > 16384 || height > 16384)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Frame size must be within 1..16384 pixels; got {width}x{height}.");
        }

        _display = Egl.GetPlatformDisplay(Egl.PlatformSurfacelessMesa, 0, 0);
        Egl.Check(_display != 0, "eglGetPlatformDisplay(SURFACELESS_MESA)");
        Egl.Check(Egl.Initialize(_display, out _, out _) != 0, "eglInitialize");
        Egl.Check(Egl.BindApi(Egl.OpenGLApi) != 0, "eglBindAPI(OPENGL)");

        // The surfaceless platform lists no window configs: asking for PBUFFER is what returns configs.
        int[] configAttribs =
        [
            Egl.SurfaceType, Egl.PbufferBit,
            Egl.RenderableType, Egl.OpenGLBit,
            Egl.RedSize, 8, Egl.GreenSize, 8, Egl.BlueSize, 8, Egl.AlphaSize, 8,
            Egl.None,
        ];
        var configs = new nint[1];
        Egl.Check(Egl.ChooseConfig(_display, configAttribs, configs, 1, out var count) != 0 && count > 0, "eglChooseConfig");

        int[] contextAttribs =
        [
            Egl.ContextMajorVersion, 3,
            Egl.ContextMinorVersion, 3,
            Egl.ContextOpenGLProfileMask, Egl.ContextOpenGLCoreProfileBit,
            Egl.None,
        ];
        _context = Egl.CreateContext(_display, configs[0], 0, contextAttribs);
        Egl.Check(_context != 0, "eglCreateContext(3.3 core)");
        Egl.Check(Egl.MakeCurrent(_display, 0, 0, _context) != 0, "eglMakeCurrent(surfaceless)");

        Gl = GL.GetApi(Egl.GetProcAddress);
        Width = width;
        Height = height;
        _target = new RenderTarget(Gl, width, height);
    }

    /// <inheritdoc />
    public GL Gl { get; }

    /// <inheritdoc />
    public uint TargetFramebuffer => Target.Framebuffer;

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <summary>The offscreen target frames are drawn into.</summary>
    public RenderTarget Target => _target ?? throw new ObjectDisposedException(nameof(HeadlessContext));

    /// <summary>The GL renderer string (e.g. "llvmpipe (LLVM 15.0.6, 256 bits)").</summary>
    public string Renderer => Gl.GetStringS(StringName.Renderer);

    /// <inheritdoc />
    public void Present() => Gl.Finish();

    /// <inheritdoc />
    public void Dispose()
    {
        // GL objects go first: Silk.NET resolves entry points lazily through the live context.
        _target?.Dispose();
        _target = null;
        if (_context != 0)
        {
            Egl.MakeCurrent(_display, 0, 0, 0);
            Egl.DestroyContext(_display, _context);
            _context = 0;
        }

        if (_display != 0)
        {
            Egl.Terminate(_display);
            _display = 0;
        }

        Gl.Dispose();
    }
}
