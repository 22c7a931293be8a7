using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using AffectEngine.Perception.Lsl;

namespace AffectEngine.Perception.Tests;

/// <summary>
/// The reference implementation, liblsl, loaded from the machine when present (it is not in Debian,
/// NuGet or npm; set AFFECT_LIBLSL to its path). Calls go through unmanaged function pointers so the
/// test assembly builds without it.
/// </summary>
internal static unsafe class LibLsl
{
    private static readonly Lazy<nint> Handle = new(Load);

    public static bool Available => Handle.Value != 0;

    public static string Reason =>
        "liblsl is not installed on this machine (not packaged for Debian, NuGet or npm); set AFFECT_LIBLSL=/path/to/liblsl.so to run the interop tests";

    public static nint CreateStreamInfo(string name, string type, int channels, double rate, string sourceId)
    {
        var f = (delegate* unmanaged[Cdecl]<byte*, byte*, int, double, int, byte*, nint>)Export("lsl_create_streaminfo");
        fixed (byte* n = Z(name), t = Z(type), s = Z(sourceId))
        {
            return f(n, t, channels, rate, 1 /* cft_float32 */, s);
        }
    }

    public static nint CreateOutlet(nint info) =>
        ((delegate* unmanaged[Cdecl]<nint, int, int, nint>)Export("lsl_create_outlet"))(info, 0, 360);

    public static void PushSample(nint outlet, float[] values)
    {
        fixed (float* v = values)
        {
            ((delegate* unmanaged[Cdecl]<nint, float*, int>)Export("lsl_push_sample_f"))(outlet, v);
        }
    }

    public static void DestroyOutlet(nint outlet) => ((delegate* unmanaged[Cdecl]<nint, void>)Export("lsl_destroy_outlet"))(outlet);

    public static nint ResolveByName(string name, double timeout)
    {
        var f = (delegate* unmanaged[Cdecl]<nint*, uint, byte*, byte*, int, double, int>)Export("lsl_resolve_byprop");
        var buffer = stackalloc nint[4];
        fixed (byte* p = Z("name"), v = Z(name))
        {
            return f(buffer, 4, p, v, 1, timeout) > 0 ? buffer[0] : 0;
        }
    }

    public static nint CreateInlet(nint info) =>
        ((delegate* unmanaged[Cdecl]<nint, int, int, int, nint>)Export("lsl_create_inlet"))(info, 360, 0, 1);

    public static double PullSample(nint inlet, float[] buffer, double timeout)
    {
        var ec = 0;
        fixed (float* b = buffer)
        {
            return ((delegate* unmanaged[Cdecl]<nint, float*, int, double, int*, double>)Export("lsl_pull_sample_f"))(inlet, b, buffer.Length, timeout, &ec);
        }
    }

    public static void DestroyInlet(nint inlet) => ((delegate* unmanaged[Cdecl]<nint, void>)Export("lsl_destroy_inlet"))(inlet);

    private static nint Export(string name) => NativeLibrary.GetExport(Handle.Value, name);

    private static byte[] Z(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");

    private static nint Load()
    {
        // liblsl resolvers find our loopback-only outlet through KnownPeers; keep its traffic on this machine.
        var cfg = Path.Combine(Path.GetTempPath(), $"affect-lsl-{Environment.ProcessId}.cfg");
        File.WriteAllText(cfg, "[lab]\nKnownPeers = {127.0.0.1}\n[multicast]\nResolveScope = machine\n");
        Environment.SetEnvironmentVariable("LSLAPICFG", cfg);
        var candidates = new[] { Environment.GetEnvironmentVariable("AFFECT_LIBLSL"), "liblsl.so", "liblsl.so.2", "liblsl64.so" };
        foreach (var c in candidates.Where(c => !string.IsNullOrEmpty(c)))
        {
            if (NativeLibrary.TryLoad(c!, out var h))
            {
                return h;
            }
        }

        return 0;
    }
}

/// <summary>A fact that runs only where liblsl can be loaded, and says why otherwise.</summary>
public sealed class LibLslFactAttribute : FactAttribute
{
    public LibLslFactAttribute()
    {
        if (!LibLsl.Available)
        {
            Skip = LibLsl.Reason;
        }
    }
}

[Collection("lsl")]
public class LibLslInteropTests
{
    [LibLslFact]
    public async Task Liblsl_outlet_streams_to_our_inlet()
    {
        var name = $"LibLslOut-{Guid.NewGuid():N}";
        var outlet = LibLsl.CreateOutlet(LibLsl.CreateStreamInfo(name, "Emotion", 2, 0, "affect-interop"));
        try
        {
            await using var hub = new PerceptionHub();
            var raw = new ConcurrentQueue<Percept>();
            using var sub = hub.RawPercepts.Subscribe(raw.Enqueue);
            hub.AddSource(PerceptionSourceFactory.Create($"lsl:name='{name}'"));
            await hub.StartAsync();
            Assert.True(await Net.WaitUntil(() => { LibLsl.PushSample(outlet, new[] { 0.25f, -0.5f }); return !raw.IsEmpty; }, TimeSpan.FromSeconds(20)));
            var p = raw.First();
            Assert.Equal(name, p.Person); // unlabelled 2-channel stream: valence, arousal of the stream's name
            Assert.Equal(new ValenceArousal(0.25f, -0.5f), p.Affect);
        }
        finally
        {
            LibLsl.DestroyOutlet(outlet);
        }
    }

    [LibLslFact]
    public async Task Our_outlet_streams_to_a_liblsl_inlet()
    {
        var name = $"OurOut-{Guid.NewGuid():N}";
        await using var outlet = new LslOutlet(name, "Emotion", new[] { "a.valence", "a.arousal", "a.confidence" });
        var info = await Task.Run(() => LibLsl.ResolveByName(name, 10));
        Assert.NotEqual(0, info);
        var inlet = LibLsl.CreateInlet(info);
        try
        {
            var buffer = new float[3];
            var pull = Task.Run(() => LibLsl.PullSample(inlet, buffer, 10));
            Assert.True(await outlet.WaitForConsumersAsync(1, TimeSpan.FromSeconds(10)));
            while (!pull.IsCompleted)
            {
                outlet.PushSample(new[] { 0.5f, 0.25f, 0.75f });
                await Task.Delay(20);
            }

            Assert.NotEqual(0.0, await pull);
            Assert.Equal(new[] { 0.5f, 0.25f, 0.75f }, buffer);
        }
        finally
        {
            LibLsl.DestroyInlet(inlet);
        }
    }
}
