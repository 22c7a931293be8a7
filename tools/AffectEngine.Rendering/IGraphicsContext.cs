using System;
using Silk.NET.OpenGL;

namespace AffectEngine.Rendering;

/// <summary>
/// An OpenGL 3.3 core context current on the calling thread, headless or windowed. One renderer
/// draws through this interface, so what the window shows is what the headless frames contain.
/// </summary>
public interface IGraphicsContext : IDisposable
{
    /// <summary>The GL entry points, resolved through this context's proc-address function.</summary>
    GL Gl { get; }

    /// <summary>The framebuffer a frame is drawn into: 0 for a window, an offscreen FBO when headless.</summary>
    uint TargetFramebuffer { get; }

    /// <summary>Width of the drawable in pixels.</summary>
    int Width { get; }

    /// <summary>Height of the drawable in pixels.</summary>
    int Height { get; }

    /// <summary>Finishes the frame: swaps buffers in a window, waits for the GPU when headless.</summary>
    void Present();
}
