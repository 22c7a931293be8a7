using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Benchmarks.Workloads;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect bench --agents N --ticks T [--threads T] [--json]</c>: the bare per-agent pass and the
/// machine's memory-bandwidth bound measured in the same run.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Agents.", DefaultValueFactory = _ => 1_000_000 };
        var ticks = new Option<int>("--ticks") { Description = "Measured ticks.", DefaultValueFactory = _ => 100 };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var diagnose = new Option<bool>("--diagnose")
        {
            Description = "Also measure, in the same run, the pass's traffic in the pass's own block layout and the pass on cache-resident blocks (its arithmetic alone).",
        };
        var command = new Command("bench", "Measure the per-agent pass against this machine's memory-bandwidth bound.")
        {
            agents, ticks, threads, json, diagnose,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(agents);
            var t = parse.GetValue(ticks);
            var th = parse.GetValue(threads);
            if (n < 1 || n > 20_000_000)
            {
                throw new UserException($"--agents must be between 1 and 20000000; got {n}");
            }

            if (t < 1)
            {
                throw new UserException($"--ticks must be at least 1; got {t}");
            }

            if (th < 1 || th > 256)
            {
                throw new UserException($"--threads must be between 1 and 256; got {th}");
            }

            return Run(n, t, th, parse.GetValue(json), parse.GetValue(diagnose));
        });
        return command;
    }

    private static int Run(int agents, int ticks, int threads, bool json, bool diagnose)
    {
        using var workload = new AffectPassWorkload(agents, threads);
        // Warm up until tiered compilation has settled (its bookkeeping would count as the tick's allocation).
        for (var i = 0; i < 30; i++)
        {
            workload.Tick();
        }

        System.Threading.Thread.Sleep(250);
        for (var i = 0; i < 10; i++)
        {
            workload.Tick();
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < ticks; i++)
        {
            workload.Tick();
        }

        var seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        var allocated = (GC.GetTotalAllocatedBytes(true) - allocatedBefore) / (double)ticks;
        process.Refresh();
        var cpuSeconds = Math.Max(1e-6, (process.TotalProcessorTime - cpuStart).TotalSeconds);
        var agentTicksPerSecond = (double)agents * ticks / seconds;
        var (bandwidth, cpuBandwidth) = Bandwidth.MeasureReadWriteBoth((long)agents * AffectPassWorkload.BytesPerAgentTick, threads, Math.Max(3, Math.Min(ticks, 20)));
        var bound = bandwidth / AffectPassWorkload.BytesPerAgentTick;
        var ratio = agentTicksPerSecond / bound;

        // The same ratio with both sides in CPU-seconds: on a shared machine the wall-time ratio
        // depends on what the neighbours did during each half. With threads > 1 the pool's waits count too.
        var cpuRatio = ((double)agents * ticks / cpuSeconds) / (cpuBandwidth / AffectPassWorkload.BytesPerAgentTick);
        var inv = CultureInfo.InvariantCulture;
        (string Json, string Text)? diagnosis = diagnose ? Diagnose(workload, agents, ticks, cpuSeconds) : null;
        if (json)
        {
            Console.Out.WriteLine(string.Format(
                inv,
                "{{\"agents\":{0},\"ticks\":{1},\"threads\":{2},\"agentTicksPerSecond\":{3:0.###},\"allocatedBytesPerTick\":{4:0.###},\"bandwidthBoundRatio\":{5:0.####},\"cpuTimeBoundRatio\":{6:0.####}}}",
                agents, ticks, threads, agentTicksPerSecond, allocated, ratio, cpuRatio).TrimEnd('}') + (diagnosis?.Json ?? string.Empty) + "}");
        }
        else
        {
            Console.Out.WriteLine(string.Format(inv, "agents                 {0}", agents));
            Console.Out.WriteLine(string.Format(inv, "ticks                  {0}", ticks));
            Console.Out.WriteLine(string.Format(inv, "threads                {0}", threads));
            Console.Out.WriteLine(string.Format(inv, "agent-ticks/s          {0:0.000e0}", agentTicksPerSecond));
            Console.Out.WriteLine(string.Format(inv, "ms/tick                {0:0.000}", seconds * 1000 / ticks));
            Console.Out.WriteLine(string.Format(inv, "allocated bytes/tick   {0:0.#}", allocated));
            Console.Out.WriteLine(string.Format(inv, "traffic/agent-tick     {0} B", AffectPassWorkload.BytesPerAgentTick));
            Console.Out.WriteLine(string.Format(inv, "bandwidth (r+w)        {0:0.00} GB/s", bandwidth / 1e9));
            Console.Out.WriteLine(string.Format(inv, "bound agent-ticks/s    {0:0.000e0}", bound));
            Console.Out.WriteLine(string.Format(inv, "ratio to bound         {0:0.000}", ratio));
            Console.Out.WriteLine(string.Format(inv, "ratio in CPU time      {0:0.000}", cpuRatio));
            if (diagnosis is not null)
            {
                Console.Out.Write(diagnosis.Value.Text);
            }
        }

        return 0;
    }

    /// <summary>
    /// Where the pass's time goes, every figure in CPU seconds of this process and as agent-ticks per
    /// CPU second: the contiguous bound above, the same traffic over the pass's own block layout
    /// (hot vectors at the start of each block, with and without the pass's prefetch), and the pass
    /// on a cache-resident world (its arithmetic with no memory traffic to wait for).
    /// </summary>
    private static (string Json, string Text) Diagnose(AffectPassWorkload workload, int agents, int ticks, double passCpuSeconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var blocks = (agents + 7) / 8;
        var stride = workload.World.BlockStride;
        var hot = AffectPassWorkload.HotVectors;
        var written = AffectPassWorkload.WrittenVectors;
        var repeats = Math.Max(3, Math.Min(ticks, 20));
        var layout = LayoutStream.Measure(blocks, stride, hot, written, AffectPassWorkload.PrefetchDistance, repeats);
        var layoutNoPrefetch = LayoutStream.Measure(blocks, stride, hot, written, 0, repeats);
        var packed = LayoutStream.Measure(blocks, hot * 8, hot, written, 0, repeats);

        // The arithmetic alone: 1,024 agents (about 220 KB of blocks) stay in L2 across ticks.
        const int small = 1024;
        using var cached = new AffectPassWorkload(small, 1);
        for (var i = 0; i < 50; i++)
        {
            cached.Tick();
        }

        var smallTicks = Math.Max(200, (int)((long)agents * ticks / small / 4));
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        for (var i = 0; i < smallTicks; i++)
        {
            cached.Tick();
        }

        process.Refresh();
        var cachedCpu = Math.Max(1e-6, (process.TotalProcessorTime - cpu).TotalSeconds);
        var pass = (double)agents * ticks / passCpuSeconds;
        var rate = (double)small * smallTicks / cachedCpu;
        var layoutRate = agents / layout.Cpu;
        var layoutNoPrefetchRate = agents / layoutNoPrefetch.Cpu;
        var packedRate = agents / packed.Cpu;
        var json = string.Format(
            inv,
            ",\"layoutStreamAgentTicksPerCpuSecond\":{0:0.###},\"layoutStreamNoPrefetchAgentTicksPerCpuSecond\":{1:0.###},\"packedStreamAgentTicksPerCpuSecond\":{2:0.###},\"cacheResidentPassAgentTicksPerCpuSecond\":{3:0.###},\"passAgentTicksPerCpuSecond\":{4:0.###}",
            layoutRate, layoutNoPrefetchRate, packedRate, rate, pass);
        var text = string.Format(inv, "pass, per CPU second    {0:0.000e0} agent-ticks\n", pass)
            + string.Format(inv, "same traffic, packed    {0:0.000e0}  (pass ÷ it {1:0.000}; only the hot vectors, contiguous)\n", packedRate, pass / packedRate)
            + string.Format(inv, "same traffic, layout    {0:0.000e0}  (pass ÷ it {1:0.000}; the pass's block stride and prefetch)\n", layoutRate, pass / layoutRate)
            + string.Format(inv, "  without prefetch      {0:0.000e0}\n", layoutNoPrefetchRate)
            + string.Format(inv, "pass, cache-resident    {0:0.000e0}  (pass ÷ it {1:0.000}; {2} agents, no DRAM traffic)\n", rate, pass / rate, small);
        return (json, text);
    }
}
