using System;
using System.Runtime.InteropServices;

namespace AffectEngine.Rendering;

/// <summary>
/// The few EGL 1.5 entry points a surfaceless Mesa context needs (libEGL.so.1 is part of Mesa on
/// every Debian install, so headless rendering needs no window system).
/// </summary>
internal static partial class Egl
{
    private const string Library = "libEGL.so.1";

    public const int PlatformSurfacelessMesa = 0x31DD;
    public const int OpenGLApi = 0x30A2;
    public const int SurfaceType = 0x3033;
    public const int PbufferBit = 0x0001;
    public const int RenderableType = 0x3040;
    public const int OpenGLBit = 0x0008;
    public const int RedSize = 0x3024;
    public const int GreenSize = 0x3023;
    public const int BlueSize = 0x3022;
    public const int AlphaSize = 0x3021;
    public const int None = 0x3038;
    public const int ContextMajorVersion = 0x3098;
    public const int ContextMinorVersion = 0x30FB;
    public const int ContextOpenGLProfileMask = 0x30FD;
    public const int ContextOpenGLCoreProfileBit = 0x0001;

    [LibraryImport(Library, EntryPoint = "eglGetPlatformDisplay")]
    public static partial nint GetPlatformDisplay(int platform, nint nativeDisplay, nint attribList);

    [LibraryImport(Library, EntryPoint = "eglInitialize")]
    [return: MarshalAs(UnmanagedType.U4)]
    public static partial uint Initialize(nint display, out int major, out int minor);

    [LibraryImport(Library, EntryPoint = "eglBindAPI")]
    public static partial uint BindApi(int api);

    [LibraryImport(Library, EntryPoint = "eglChooseConfig")]
    public static partial uint ChooseConfig(nint display, [In] int[] attribList, [Out] nint[] configs, int configSize, out int numConfig);

    [LibraryImport(Library, EntryPoint = "eglCreateContext")]
    public static partial nint CreateContext(nint display, nint config, nint shareContext, [In] int[] attribList);

    [LibraryImport(Library, EntryPoint = "eglMakeCurrent")]
    public static partial uint MakeCurrent(nint display, nint draw, nint read, nint context);

    [LibraryImport(Library, EntryPoint = "eglDestroyContext")]
    public static partial uint DestroyContext(nint display, nint context);

    [LibraryImport(Library, EntryPoint = "eglTerminate")]
    public static partial uint Terminate(nint display);

    [LibraryImport(Library, EntryPoint = "eglGetError")]
    public static partial int GetError();

    [LibraryImport(Library, EntryPoint = "eglGetProcAddress", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint GetProcAddress(string name);

    /// <summary>Throws with the EGL error code when a call failed.</summary>
    public static void Check(bool ok, string call)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{call} failed with EGL error 0x{GetError():X4}. Headless rendering needs Mesa's libEGL (Debian: libegl1, libgl1-mesa-dri).");
        }
    }
}
