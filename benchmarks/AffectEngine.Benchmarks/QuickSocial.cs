using System;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Benchmarks.Workloads;
using AffectEngine.Hosting;
using AffectEngine.Social;

namespace AffectEngine.Benchmarks;

/// <summary>
/// A quick, same-process comparison for a loaded machine: <c>dotnet run -c Release -- quick-social [network|ring|random|spatial|none] [agents] [ticks]</c>.
/// Ticks of the bare pass and of the social tick alternate, so both see the same machine load; the
/// medians are printed with their ratio and the bytes allocated per social tick. BenchmarkDotNet
/// (<see cref="SocialBenchmarks"/>) remains the reference measurement.
/// </summary>
internal static class QuickSocial
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var kind = args.Length > 1 ? args[1] : "network";
        var agents = args.Length > 2 ? int.Parse(args[2], inv) : 1_000_000;
        var ticks = args.Length > 3 ? int.Parse(args[3], inv) : 15;
        var neighbours = kind switch
        {
            "spatial" => NeighbourKind.Spatial,
            "none" => NeighbourKind.None,
            _ => NeighbourKind.Network,
        };
        SocialWorkload.RingOnly = kind == "ring";
        SocialWorkload.RandomNetwork = kind == "random";
        using var bare = new AffectPassWorkload(agents, 1);
        using var social = SocialWorkload.Create(agents, 1, neighbours);
        for (var i = 0; i < 3; i++)
        {
            bare.Tick();
            social.Simulation.Step();
        }

        var b = new double[ticks];
        var s = new double[ticks];
        long allocated = 0;
        for (var i = 0; i < ticks; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            bare.Tick();
            var t1 = Stopwatch.GetTimestamp();
            var before = GC.GetAllocatedBytesForCurrentThread();
            social.Simulation.Step();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            var t2 = Stopwatch.GetTimestamp();
            b[i] = (t1 - t0) * 1000.0 / Stopwatch.Frequency;
            s[i] = (t2 - t1) * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(b);
        Array.Sort(s);
        var mb = b[ticks / 2];
        var ms = s[ticks / 2];
        Console.WriteLine(string.Format(inv, "{0} agents, {1}: bare {2:0.0} ms, social tick {3:0.0} ms, whole/bare {4:0.00}x, (social - bare)/bare {5:0.00}x, {6} B allocated per social tick, cold bytes/agent {7}",
            agents, kind, mb, ms, ms / mb, (ms - mb) / mb, allocated / ticks, social.Social().ColdBytesPerAgent));
    }
}
