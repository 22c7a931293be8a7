using System;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Benchmarks.Workloads;
using AffectEngine.Hosting;
using AffectEngine.Social;

namespace AffectEngine.Benchmarks;

/// <summary>
/// A quick, same-process comparison for a loaded machine: <c>dotnet run -c Release -- quick-social [network|ring|random|spatial|moving|none] [agents] [ticks] [profile|-] [warm-up ticks]</c>.
/// Ticks of the bare pass and of the social tick alternate, so both see the same machine load; the
/// medians are printed with their ratio and the bytes allocated per social tick. BenchmarkDotNet
/// (<see cref="SocialBenchmarks"/>) remains the reference measurement.
/// </summary>
internal static class QuickSocial
{
    /// <summary>
    /// <c>quick-social hashes [agents] [ticks]</c>: the state hash after every tick of small social runs
    /// (spatial, network, both; one and two channels; one and two threads), to check that an optimisation
    /// of the contagion passes leaves every bit as it was.
    /// </summary>
    private static void Hashes(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var agents = args.Length > 2 ? int.Parse(args[2], inv) : 3000;
        var ticks = args.Length > 3 ? int.Parse(args[3], inv) : 30;
        foreach (var kind in new[] { NeighbourKind.Spatial, NeighbourKind.Network, NeighbourKind.Spatial | NeighbourKind.Network })
        {
            foreach (var channels in new[] { new[] { EmotionType.Fear }, new[] { EmotionType.Fear, EmotionType.Joy, EmotionType.Anger } })
            {
                foreach (var threads in new[] { 1, 2 })
                {
                    SocialWorkload.Channels = channels;
                    Console.WriteLine(string.Format(inv, "{0,-16} channels {1} threads {2}: {3:x16}", kind, channels.Length, threads, HashOf(agents, ticks, threads, kind)));
                }
            }
        }

        // A crowd in motion: the spatial lists are rebuilt every tick. One channel takes the capture's vector path
        // for moved lanes, two channels its lane loop.
        SocialWorkload.Moving = true;
        SocialWorkload.Channels = [EmotionType.Fear, EmotionType.Joy];
        foreach (var threads in new[] { 1, 2 })
        {
            Console.WriteLine(string.Format(inv, "moving, both     channels 2 threads {0}: {1:x16}", threads, HashOf(agents, ticks, threads, NeighbourKind.Spatial | NeighbourKind.Network)));
        }

        SocialWorkload.Channels = [EmotionType.Fear];
        foreach (var threads in new[] { 1, 2 })
        {
            Console.WriteLine(string.Format(inv, "moving, spatial  channels 1 threads {0}: {1:x16}", threads, HashOf(agents, ticks, threads, NeighbourKind.Spatial)));
        }

        SocialWorkload.Moving = false;
    }

    /// <summary>The state hashes of every tick of one run, folded into one value.</summary>
    private static ulong HashOf(int agents, int ticks, int threads, NeighbourKind kind)
    {
        using var run = SocialWorkload.Create(agents, threads, kind);
        ulong h = 0;
        for (var t = 0; t < ticks; t++)
        {
            run.Simulation.Step();
            h = (h * 1099511628211UL) ^ run.Simulation.ComputeHash();
        }

        return h;
    }

    public static void Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "hashes")
        {
            Hashes(args);
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var kind = args.Length > 1 ? args[1] : "network";
        var agents = args.Length > 2 ? int.Parse(args[2], inv) : 1_000_000;
        var ticks = args.Length > 3 ? int.Parse(args[3], inv) : 15;
        var neighbours = kind switch
        {
            "spatial" or "moving" => NeighbourKind.Spatial,
            "none" => NeighbourKind.None,
            _ => NeighbourKind.Network,
        };
        SocialWorkload.RingOnly = kind == "ring";
        SocialWorkload.Moving = kind == "moving";
        SocialWorkload.RandomNetwork = kind == "random";
        using var bare = new AffectPassWorkload(agents, 1);
        using var social = SocialWorkload.Create(agents, 1, neighbours);
        if (args.Length > 4 && args[4] == "paths")
        {
            Paths(bare, social, kind, agents, ticks, inv);
            return;
        }

        if (args.Length > 4 && args[4].StartsWith("runs:", StringComparison.Ordinal))
        {
            Paths(bare, social, kind, agents, ticks, inv, Array.ConvertAll(args[4].Substring(5).Split(','), r => int.Parse(r, inv)));
            return;
        }

        var profiler = args.Length > 4 && args[4] == "profile" ? new AffectEngine.Cli.Output.SystemProfile() : null;
        social.Simulation.Observer = profiler;
        // Warm-up: 100 ticks is one rotation of the event load (1% of agents per tick), after which every
        // agent's memory and relation rows have been touched once; before that each store is also a page
        // fault of freshly allocated memory, a start-up cost rather than the per-tick one.
        var warmup = args.Length > 5 ? int.Parse(args[5], inv) : 105;
        for (var i = 0; i < warmup; i++)
        {
            if (i < 3)
            {
                bare.Tick();
            }

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
        Console.WriteLine("  " + ActionUnitMode.Describe());
        profiler?.Print(Console.Out);
        Console.WriteLine(string.Format(inv, "  fastest bare {0:0.0} ms, fastest social tick {1:0.0} ms, ratio {2:0.00}x", b[0], s[0], s[0] / b[0]));
        if (social.Social().Contagion is { Network: true } st && st.NetworkLists.Blocks > 0)
        {
            GatherBound(st, ticks, b[0], inv);
        }
    }

    /// <summary>
    /// <c>quick-social [kind] [agents] [ticks] paths</c>: the contagion pass's code paths in one process, tick
    /// by tick in turn (paired 512-bit, one-block, paired reading an unweighted network's weights, paired hinting every
    /// network sender's record, not only the far ones, paired addressing one-channel records through the stride as
    /// larger records are), each after a bare pass, timed in thread CPU time, so
    /// each path sees the same load; prints the median social tick of each and its ratio to the median bare pass.
    /// </summary>
    private static void Paths(AffectPassWorkload bare, SimulationRunner social, string kind, int agents, int ticks, IFormatProvider inv, int[]? runs = null)
    {
        var names = runs is null ? new[] { "paired", "one-block", "weights read", "all hinted", "generic head" } : Array.ConvertAll(runs, r => r == 0 ? "runs " + AffectDynamicsSystem.FusedRunOf(social.World).Blocks : "runs " + r);
        for (var i = 0; i < 105; i++)
        {
            social.Simulation.Step();
        }

        // After the warm-up, which built the network's lists: whether they are unweighted.
        var unit = social.Social().Contagion is { Network: true } c && c.NetworkLists.UnitWeights;
        var hintEvery = social.Social().Contagion is { Network: true } ch && ch.NetworkLists.HintEverySender;
        var b = new double[names.Length][];
        var s = new double[names.Length][];
        for (var v = 0; v < names.Length; v++)
        {
            b[v] = new double[ticks];
            s[v] = new double[ticks];
        }

        try
        {
            for (var i = 0; i < ticks; i++)
            {
                for (var v = 0; v < names.Length; v++)
                {
                    if (runs is null)
                    {
                        ContagionSystem.ForceOneBlock = v == 1;
                        ContagionSystem.GenericHead = v == 4;
                        if (social.Social().Contagion is { Network: true } net)
                        {
                            net.NetworkLists.UnitWeights = v != 2 && unit;
                            net.NetworkLists.HintEverySender = v == 3 || hintEvery;
                        }
                    }
                    else
                    {
                        social.World.Options.FusedRunBlocks = runs[v];
                    }

                    var t0 = CpuClock.ThreadSeconds();
                    bare.Tick();
                    var t1 = CpuClock.ThreadSeconds();
                    social.Simulation.Step();
                    var t2 = CpuClock.ThreadSeconds();
                    b[v][i] = (t1 - t0) * 1000.0;
                    s[v][i] = (t2 - t1) * 1000.0;
                }
            }
        }
        finally
        {
            ContagionSystem.ForceOneBlock = false;
            ContagionSystem.GenericHead = false;
            if (social.Social().Contagion is { Network: true } net)
            {
                net.NetworkLists.UnitWeights = unit;
                net.NetworkLists.HintEverySender = hintEvery;
            }
            social.World.Options.FusedRunBlocks = 0;
        }

        for (var v = 0; v < names.Length; v++)
        {
            Array.Sort(b[v]);
            Array.Sort(s[v]);
            Console.WriteLine(string.Format(inv, "{0} agents, {1}, {2,-12}: bare {3:0.00} ms, social tick {4:0.00} ms (thread CPU medians), whole/bare {5:0.00}x; fastest {6:0.00} / {7:0.00} ms",
                agents, kind, names[v], b[v][ticks / 2], s[v][ticks / 2], s[v][ticks / 2] / b[v][ticks / 2], b[v][0], s[v][0]));
        }
    }

    /// <summary>
    /// What the network contagion pass cannot go below: only its gathers, the same sender lists over the same
    /// record array with the same prefetch, summed and nothing else; then the same number of reads in sender
    /// order, which shows what the randomness of the graph costs. Printed beside the bare pass.
    /// </summary>
    private static unsafe void GatherBound(AffectEngine.Social.ContagionState st, int ticks, double bare, IFormatProvider inv)
    {
        var lists = st.NetworkLists;
        var sorted = lists.Sender.AsSpan(0, lists.Length).ToArray();
        Array.Sort(sorted);
        var random = new double[ticks];
        var ordered = new double[ticks];
        var sink = 0f;
        for (var i = 0; i < ticks; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            sink += Gather(st, lists.Sender);
            var t1 = Stopwatch.GetTimestamp();
            sink += Gather(st, sorted);
            var t2 = Stopwatch.GetTimestamp();
            random[i] = (t1 - t0) * 1000.0 / Stopwatch.Frequency;
            ordered[i] = (t2 - t1) * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(random);
        Array.Sort(ordered);
        Console.WriteLine(string.Format(inv, "  gather bound: {0} records of {1} B, fastest {2:0.0} ms as the graph reads them ({3:0.00}x the fastest bare pass), {4:0.0} ms in sender order (checksum {5:0.###})",
            lists.Length, st.NetStride * sizeof(float), random[0], random[0] / bare, ordered[0], sink));
    }

    private static unsafe float Gather(AffectEngine.Social.ContagionState st, int[] senders)
    {
        var lists = st.NetworkLists;
        var ns = st.NetStride;
        const int L = AgentBlocks.LanesPerBlock;
        var sum = 0f;
        var acc = System.Runtime.Intrinsics.Vector256<float>.Zero;
        fixed (float* net = st.Net)
        fixed (int* start = lists.SliceStart, width = lists.SliceWidth, sender = senders)
        {
            for (var b = 0; b < lists.Blocks; b++)
            {
                if (System.Runtime.Intrinsics.X86.Sse.IsSupported && b + 2 < lists.Blocks)
                {
                    var end = start[b + 2] + (width[b + 2] * L);
                    for (var e = start[b + 2]; e < end; e++)
                    {
                        System.Runtime.Intrinsics.X86.Sse.Prefetch0(net + ((long)sender[e] * ns));
                    }
                }

                var stop = start[b] + (width[b] * L);
                if (ns == 2)
                {
                    // One 8-byte load per record, as the pass does, eight records summed into one vector (an add per
                    // eight records, so no chain of scalar adds bounds the loop instead of the reads).
                    for (var e = start[b]; e < stop; e += L)
                    {
                        var v = System.Runtime.Intrinsics.Vector256.Create(
                            *(long*)(net + ((long)sender[e] * ns)), *(long*)(net + ((long)sender[e + 1] * ns)),
                            *(long*)(net + ((long)sender[e + 2] * ns)), *(long*)(net + ((long)sender[e + 3] * ns)));
                        var w = System.Runtime.Intrinsics.Vector256.Create(
                            *(long*)(net + ((long)sender[e + 4] * ns)), *(long*)(net + ((long)sender[e + 5] * ns)),
                            *(long*)(net + ((long)sender[e + 6] * ns)), *(long*)(net + ((long)sender[e + 7] * ns)));
                        acc += System.Runtime.Intrinsics.Vector256.AsSingle(v) + System.Runtime.Intrinsics.Vector256.AsSingle(w);
                    }

                    continue;
                }

                for (var e = start[b]; e < stop; e++)
                {
                    var r = net + ((long)sender[e] * ns);
                    for (var c = 0; c < ns; c++)
                    {
                        sum += r[c];
                    }
                }
            }
        }

        return sum + System.Runtime.Intrinsics.Vector256.Sum(acc);
    }
}
