using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Benchmarks.Workloads;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect bench --agents N --ticks T [--threads T] [--rounds R] [--json] [--diagnose]</c>: the bare
/// per-agent pass and the machine's memory-bandwidth bound measured in the same run, in interleaved rounds.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Agents.", DefaultValueFactory = _ => 1_000_000 };
        var ticks = new Option<int>("--ticks") { Description = "Measured ticks.", DefaultValueFactory = _ => 100 };
        var threads = new Option<int>("--threads") { Description = "Threads.", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int?>("--rounds")
        {
            Description = "Rounds of ticks and bound sweeps, interleaved (default: min(ticks, 20)); at least 3 sweeps in all.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var diagnose = new Option<bool>("--diagnose")
        {
            Description = "Also measure, in the same run, the pass's traffic in the pass's own block layout and the pass on cache-resident blocks (its arithmetic alone).",
        };
        var command = new Command("bench", "Measure the per-agent pass against this machine's memory-bandwidth bound.")
        {
            agents, ticks, threads, rounds, json, diagnose,
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

            var r = parse.GetValue(rounds) ?? Math.Min(t, 20);
            if (r < 1 || r > t)
            {
                throw new UserException($"--rounds must be between 1 and --ticks ({t}); got {r}");
            }

            return Run(n, t, th, r, parse.GetValue(json), parse.GetValue(diagnose));
        });
        return command;
    }

    private static int Run(int agents, int ticks, int threads, int rounds, bool json, bool diagnose)
    {
        var loadStart = LoadAverage();
        using var workload = new AffectPassWorkload(agents, threads);
        var buffer = Bandwidth.CreateBuffer((long)agents * AffectPassWorkload.BytesPerAgentTick, threads);
        var sweepBytes = buffer.Length * (double)sizeof(float) * 2;

        // Warm up until tiered compilation has settled (its bookkeeping would count as the tick's allocation).
        for (var i = 0; i < 30; i++)
        {
            workload.Tick();
        }

        Bandwidth.Sweep(buffer, threads);
        System.Threading.Thread.Sleep(250);
        for (var i = 0; i < 10; i++)
        {
            workload.Tick();
        }

        Bandwidth.Sweep(buffer, threads);

        // One thread: the pass runs on this thread (the worker pool runs partition 0 inline) and so does
        // the sweep, so this thread's clock is exactly their CPU time. More threads: the pass's other
        // partitions and the sweep's Parallel.For run on other threads, so only the process clock counts
        // them (and also their spin-waits and the runtime's own threads).
        var threadClock = threads == 1 && CpuClock.HasThreadClock;
        var plan = BenchPlan.Create(ticks, rounds);
        var tickWall = new double[ticks];
        var tickCpu = new double[ticks];
        var sweepWall = new double[plan.Sweeps];
        var sweepCpu = new double[plan.Sweeps];
        var sweepProcessCpu = new double[plan.Sweeps];
        var passProcessCpu = 0.0;
        var allocatedBytes = 0L;
        var tick = 0;
        var sweep = 0;

        // Interleaved rounds (ticks, sweep, ticks, sweep...): on a shared machine the neighbours' load
        // changes within seconds, and measuring all ticks and then all sweeps compared two different machines.
        for (var r = 0; r < plan.Rounds; r++)
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(true);
            var processBefore = CpuClock.ProcessSeconds();
            for (var k = plan.TicksInRound(r); k > 0; k--)
            {
                var cpu = threadClock ? CpuClock.ThreadSeconds() : CpuClock.ProcessSeconds();
                var start = Stopwatch.GetTimestamp();
                workload.Tick();
                tickWall[tick] = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
                tickCpu[tick] = (threadClock ? CpuClock.ThreadSeconds() : CpuClock.ProcessSeconds()) - cpu;
                tick++;
            }

            passProcessCpu += CpuClock.ProcessSeconds() - processBefore;
            allocatedBytes += GC.GetTotalAllocatedBytes(true) - allocatedBefore;
            for (var k = 0; k < plan.SweepsPerRound; k++)
            {
                var process = CpuClock.ProcessSeconds();
                var cpu = threadClock ? CpuClock.ThreadSeconds() : process;
                var start = Stopwatch.GetTimestamp();
                Bandwidth.Sweep(buffer, threads);
                sweepWall[sweep] = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
                var processAfter = CpuClock.ProcessSeconds();
                sweepCpu[sweep] = (threadClock ? CpuClock.ThreadSeconds() : processAfter) - cpu;
                sweepProcessCpu[sweep] = processAfter - process;
                sweep++;
            }
        }

        GC.KeepAlive(buffer);
        var loadEnd = LoadAverage();
        const double Floor = 1e-9;
        const double TrafficPerAgentTick = AffectPassWorkload.BytesPerAgentTick;
        var seconds = Sum(tickWall);
        var allocated = allocatedBytes / (double)ticks;
        var agentTicksPerSecond = (double)agents * ticks / seconds;
        var bandwidth = sweepBytes / Min(sweepWall);
        var bound = bandwidth / TrafficPerAgentTick;
        var ratio = agentTicksPerSecond / bound;

        // The same ratio with both sides in the process's CPU-seconds, all ticks against the best sweep (as before).
        var cpuRatio = ((double)agents * ticks / Math.Max(Floor, passProcessCpu)) / (sweepBytes / Math.Max(Floor, Min(sweepProcessCpu)) / TrafficPerAgentTick);

        // Fastest against fastest: interference only ever adds time, so the minima are the least disturbed samples.
        var fastestTick = Min(tickWall);
        var fastestSweep = Min(sweepWall);
        var fastestRatio = (agents / fastestTick) / bound;
        var fastestTickCpu = Math.Max(Floor, Min(tickCpu));
        var fastestSweepCpu = Math.Max(Floor, Min(sweepCpu));
        var boundPerCpuSecond = sweepBytes / fastestSweepCpu / TrafficPerAgentTick;
        var passPerCpuSecond = agents / fastestTickCpu;
        var fastestCpuRatio = passPerCpuSecond / boundPerCpuSecond;
        var medianCpuRatio = (agents / Math.Max(Floor, Median(tickCpu))) / (sweepBytes / Math.Max(Floor, Median(sweepCpu)) / TrafficPerAgentTick);
        var clockName = threadClock ? "thread" : "process";
        var inv = CultureInfo.InvariantCulture;
        (string Json, string Text)? diagnosis = diagnose ? Diagnose(workload, agents, ticks, passPerCpuSecond, boundPerCpuSecond) : null;
        if (json)
        {
            var old = string.Format(
                inv,
                "{{\"agents\":{0},\"ticks\":{1},\"threads\":{2},\"agentTicksPerSecond\":{3:0.###},\"allocatedBytesPerTick\":{4:0.###},\"bandwidthBoundRatio\":{5:0.####},\"cpuTimeBoundRatio\":{6:0.####}",
                agents, ticks, threads, agentTicksPerSecond, allocated, ratio, cpuRatio);
            var added = string.Format(
                inv,
                ",\"rounds\":{0},\"sweeps\":{1},\"fastestTickMs\":{2:0.####},\"fastestSweepMs\":{3:0.####},\"fastestTickBoundRatio\":{4:0.####},\"cpuClock\":\"{5}\",\"fastestTickCpuMs\":{6:0.####},\"fastestSweepCpuMs\":{7:0.####},\"fastestTickCpuBoundRatio\":{8:0.####},\"medianTickCpuBoundRatio\":{9:0.####},\"loadAverageStart\":{10},\"loadAverageEnd\":{11}",
                plan.Rounds, plan.Sweeps, fastestTick * 1000, fastestSweep * 1000, fastestRatio, clockName, fastestTickCpu * 1000, fastestSweepCpu * 1000, fastestCpuRatio, medianCpuRatio, JsonNumber(loadStart), JsonNumber(loadEnd));
            Console.Out.WriteLine(old + added + (diagnosis?.Json ?? string.Empty) + "}");
        }
        else
        {
            Console.Out.WriteLine(string.Format(inv, "agents                 {0}", agents));
            Console.Out.WriteLine(string.Format(inv, "ticks                  {0}", ticks));
            Console.Out.WriteLine(string.Format(inv, "threads                {0}", threads));
            Console.Out.WriteLine(string.Format(inv, "rounds                 {0} (ticks and {1} bound sweeps interleaved)", plan.Rounds, plan.Sweeps));
            Console.Out.WriteLine(string.Format(inv, "load average           {0} -> {1}", Text(loadStart), Text(loadEnd)));
            Console.Out.WriteLine(string.Format(inv, "agent-ticks/s          {0:0.000e0}", agentTicksPerSecond));
            Console.Out.WriteLine(string.Format(inv, "ms/tick                {0:0.000}", seconds * 1000 / ticks));
            Console.Out.WriteLine(string.Format(inv, "allocated bytes/tick   {0:0.#}", allocated));
            Console.Out.WriteLine(string.Format(inv, "traffic/agent-tick     {0} B", AffectPassWorkload.BytesPerAgentTick));
            Console.Out.WriteLine(string.Format(inv, "bandwidth (r+w)        {0:0.00} GB/s", bandwidth / 1e9));
            Console.Out.WriteLine(string.Format(inv, "bound agent-ticks/s    {0:0.000e0}", bound));
            Console.Out.WriteLine(string.Format(inv, "ratio to bound         {0:0.000}", ratio));
            Console.Out.WriteLine(string.Format(inv, "ratio in CPU time      {0:0.000}  (process clock, all ticks vs the fastest sweep)", cpuRatio));
            Console.Out.WriteLine(string.Format(inv, "fastest tick, sweep    {0:0.000} ms, {1:0.000} ms wall; ratio {2:0.000}", fastestTick * 1000, fastestSweep * 1000, fastestRatio));
            Console.Out.WriteLine(string.Format(inv, "fastest, in CPU time   {0:0.000} ms, {1:0.000} ms; ratio {2:0.000}  (median tick vs median sweep {3:0.000})", fastestTickCpu * 1000, fastestSweepCpu * 1000, fastestCpuRatio, medianCpuRatio));
            Console.Out.WriteLine(threadClock
                ? "cpu clock              thread (one thread: pass and sweep run on this thread; waits for a core and the runtime's threads not counted)"
                : threads == 1
                    ? "cpu clock              process (no thread CPU clock on this OS)"
                    : "cpu clock              process (the pass and sweep run on several threads; counts their spin-waits and the runtime's threads too)");
            if (diagnosis is not null)
            {
                Console.Out.Write(diagnosis.Value.Text);
            }
        }

        return 0;
    }

    /// <summary>The 1-minute load average (Linux <c>/proc/loadavg</c>), or null where there is none.</summary>
    private static double? LoadAverage()
    {
        try
        {
            var text = System.IO.File.ReadAllText("/proc/loadavg");
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            return double.Parse(end < 0 ? text : text[..end], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static string JsonNumber(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "null";

    private static string Text(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static double Sum(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    private static double Min(double[] values)
    {
        var min = double.MaxValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
        }

        return min;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Where the pass's time goes, every figure as agent-ticks per CPU second (this thread's clock
    /// where there is one; the pass's figure in the clock the ratio used): the contiguous bound, the
    /// same traffic over the pass's own block layout (hot vectors at the start of each block, with and
    /// without the pass's prefetch), and the pass on a cache-resident world (its arithmetic with no
    /// memory traffic to wait for). The last, divided by the bound, is the highest ratio the pass
    /// could reach if its memory traffic cost nothing.
    /// </summary>
    private static (string Json, string Text) Diagnose(AffectPassWorkload workload, int agents, int ticks, double pass, double bound)
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

        // The arithmetic alone: 1,024 agents (about 220 KB of blocks) stay in L2 across ticks. Timed in
        // chunks of ticks (one tick is ~10 µs, near the clock's own cost), fastest chunk, single-threaded.
        const int small = 1024;
        const int chunk = 64;
        using var cached = new AffectPassWorkload(small, 1);
        for (var i = 0; i < 50; i++)
        {
            cached.Tick();
        }

        var chunks = Math.Max(20, (int)((long)agents * ticks / small / 4 / chunk));
        var fastestChunk = double.MaxValue;
        for (var c = 0; c < chunks; c++)
        {
            var cpu = CpuClock.ThreadSeconds();
            for (var i = 0; i < chunk; i++)
            {
                cached.Tick();
            }

            fastestChunk = Math.Min(fastestChunk, CpuClock.ThreadSeconds() - cpu);
        }

        var rate = (double)small * chunk / Math.Max(1e-9, fastestChunk);
        var layoutRate = agents / layout.Cpu;
        var layoutNoPrefetchRate = agents / layoutNoPrefetch.Cpu;
        var packedRate = agents / packed.Cpu;
        var json = string.Format(
            inv,
            ",\"layoutStreamAgentTicksPerCpuSecond\":{0:0.###},\"layoutStreamNoPrefetchAgentTicksPerCpuSecond\":{1:0.###},\"packedStreamAgentTicksPerCpuSecond\":{2:0.###},\"cacheResidentPassAgentTicksPerCpuSecond\":{3:0.###},\"passAgentTicksPerCpuSecond\":{4:0.###},\"boundAgentTicksPerCpuSecond\":{5:0.###},\"cacheResidentBoundRatio\":{6:0.####}",
            layoutRate, layoutNoPrefetchRate, packedRate, rate, pass, bound, rate / bound);
        var text = string.Format(inv, "bound, per CPU second   {0:0.000e0} agent-ticks  (fastest sweep)\n", bound)
            + string.Format(inv, "pass, per CPU second    {0:0.000e0}  (fastest tick)\n", pass)
            + string.Format(inv, "same traffic, packed    {0:0.000e0}  (pass ÷ it {1:0.000}; only the hot vectors, contiguous)\n", packedRate, pass / packedRate)
            + string.Format(inv, "same traffic, layout    {0:0.000e0}  (pass ÷ it {1:0.000}; the pass's block stride and prefetch)\n", layoutRate, pass / layoutRate)
            + string.Format(inv, "  without prefetch      {0:0.000e0}\n", layoutNoPrefetchRate)
            + string.Format(inv, "pass, cache-resident    {0:0.000e0}  (pass ÷ it {1:0.000}; {2} agents, no DRAM traffic, fastest of {3} × {4} ticks)\n", rate, pass / rate, small, chunks, chunk)
            + string.Format(inv, "cache-resident ÷ bound  {0:0.000}  (the ratio's ceiling if memory traffic cost nothing: the arithmetic's limit)\n", rate / bound);
        return (json, text);
    }
}

/// <summary>
/// How <c>affect bench</c> splits its measured ticks into rounds, each followed by bound sweeps: the
/// ticks spread as evenly as they go (earlier rounds take the remainder), and at least three sweeps in
/// all so the fastest sweep is a minimum over several samples.
/// </summary>
internal readonly record struct BenchPlan(int Ticks, int Rounds, int SweepsPerRound)
{
    /// <summary>Bound sweeps in the whole run.</summary>
    public int Sweeps => Rounds * SweepsPerRound;

    /// <summary>A plan of <paramref name="ticks"/> ticks in <paramref name="rounds"/> rounds (1 ≤ rounds ≤ ticks).</summary>
    public static BenchPlan Create(int ticks, int rounds)
    {
        if (ticks < 1 || rounds < 1 || rounds > ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(rounds), $"need 1 <= rounds <= ticks; got {rounds} rounds of {ticks} ticks");
        }

        return new BenchPlan(ticks, rounds, (3 + rounds - 1) / rounds);
    }

    /// <summary>Ticks measured in round <paramref name="round"/> before its sweeps.</summary>
    public int TicksInRound(int round) => (Ticks / Rounds) + (round < Ticks % Rounds ? 1 : 0);
}
