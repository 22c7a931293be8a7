using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Silk.NET.OpenGL;

namespace AffectEngine.Rendering;

/// <summary>What the user did, as read from the window's event queue.</summary>
public enum WindowInputKind
{
    /// <summary>A printable character was typed (<see cref="WindowInput.Character"/>).</summary>
    Character,

    /// <summary>Escape was pressed.</summary>
    Escape,

    /// <summary>The left mouse button was pressed at (<see cref="WindowInput.X"/>, <see cref="WindowInput.Y"/>), framebuffer pixels from the top-left.</summary>
    Click,
}

/// <summary>One user input event.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Character">The typed character for <see cref="WindowInputKind.Character"/>.</param>
/// <param name="X">Click x in framebuffer pixels.</param>
/// <param name="Y">Click y in framebuffer pixels, from the top.</param>
public readonly record struct WindowInput(WindowInputKind Kind, char Character, float X, float Y);

/// <summary>
/// A GLFW window with an OpenGL 3.3 core context, current on the creating thread. GLFW delivers
/// input through callbacks during <see cref="PollEvents"/>; they are queued and handed out by
/// <see cref="DrainInput"/> so the host handles them between frames on the GL thread.
/// </summary>
public sealed unsafe class GlfwWindow : IGraphicsContext
{
    // GLFW callbacks are static C functions; one window per process is all the visualizer needs,
    // so the queue of the window that is open is reached through this field.
    private static GlfwWindow? s_current;
    private readonly List<WindowInput> _input = [];
    private nint _window;

    /// <summary>Opens a window; throws with GLFW's message when there is no display or no libglfw.</summary>
    public GlfwWindow(int width, int height, string title)
    {
        if (s_current is not null)
        {
            throw new InvalidOperationException("Only one GlfwWindow can be open at a time.");
        }

        if (Glfw.Init() == 0)
        {
            throw new InvalidOperationException($"glfwInit failed: {LastError()}. A window needs an X display (use xvfb-run on servers) and Debian's libglfw3.");
        }

        Glfw.WindowHint(Glfw.ContextVersionMajor, 3);
        Glfw.WindowHint(Glfw.ContextVersionMinor, 3);
        Glfw.WindowHint(Glfw.OpenGLProfile, Glfw.OpenGLCoreProfile);
        Glfw.WindowHint(Glfw.OpenGLForwardCompat, 1);
        Glfw.WindowHint(Glfw.Resizable, 0);
        _window = Glfw.CreateWindow(width, height, title, 0, 0);
        if (_window == 0)
        {
            var error = LastError();
            Glfw.Terminate();
            throw new InvalidOperationException($"glfwCreateWindow({width}x{height}) failed: {error}.");
        }

        Glfw.MakeContextCurrent(_window);
        Glfw.SwapInterval(0);
        s_current = this;
        Glfw.SetCharCallback(_window, &OnChar);
        Glfw.SetKeyCallback(_window, &OnKey);
        Glfw.SetMouseButtonCallback(_window, &OnMouseButton);
        Gl = GL.GetApi(Glfw.GetProcAddress);
        Glfw.GetFramebufferSize(_window, out var w, out var h);
        Width = w;
        Height = h;
    }

    /// <inheritdoc />
    public GL Gl { get; }

    /// <inheritdoc />
    public uint TargetFramebuffer => 0;

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <summary>True once the user closed the window or <see cref="Close"/> was called.</summary>
    public bool ShouldClose => _window == 0 || Glfw.WindowShouldClose(_window) != 0;

    /// <summary>Asks the window to close at the end of the frame.</summary>
    public void Close()
    {
        if (_window != 0)
        {
            Glfw.SetWindowShouldClose(_window, 1);
        }
    }

    /// <summary>Processes window-system events; input callbacks fill the queue.</summary>
    public void PollEvents() => Glfw.PollEvents();

    /// <summary>Moves the queued input events into <paramref name="into"/> and clears the queue.</summary>
    public void DrainInput(List<WindowInput> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.AddRange(_input);
        _input.Clear();
    }

    /// <summary>Reads the window's back buffer (what the last frame drew), top row first.</summary>
    public byte[] ReadPixels() => Readback.ReadRgba(Gl, 0, Width, Height);

    /// <inheritdoc />
    public void Present() => Glfw.SwapBuffers(_window);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_window != 0)
        {
            Gl.Dispose();
            Glfw.DestroyWindow(_window);
            _window = 0;
            s_current = null;
            Glfw.Terminate();
        }
    }

    private static string LastError()
    {
        var code = Glfw.GetError(out var description);
        return description == 0 ? $"GLFW error 0x{code:X}" : $"GLFW error 0x{code:X}: {Marshal.PtrToStringUTF8(description)}";
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnChar(nint window, uint codepoint)
    {
        if (s_current is { } w && codepoint < 0x10000)
        {
            w._input.Add(new WindowInput(WindowInputKind.Character, (char)codepoint, 0, 0));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnKey(nint window, int key, int scancode, int action, int mods)
    {
        if (s_current is { } w && key == Glfw.KeyEscape && action == Glfw.Press)
        {
            w._input.Add(new WindowInput(WindowInputKind.Escape, '\0', 0, 0));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMouseButton(nint window, int button, int action, int mods)
    {
        if (s_current is { } w && button == Glfw.MouseButtonLeft && action == Glfw.Press)
        {
            Glfw.GetCursorPos(window, out var x, out var y);
            // Cursor positions are in screen coordinates; scale to framebuffer pixels (HiDPI).
            Glfw.GetWindowSize(window, out var ww, out var wh);
            var sx = ww > 0 ? (float)w.Width / ww : 1f;
            var sy = wh > 0 ? (float)w.Height / wh : 1f;
            w._input.Add(new WindowInput(WindowInputKind.Click, '\0', (float)x * sx, (float)y * sy));
        }
    }
}
