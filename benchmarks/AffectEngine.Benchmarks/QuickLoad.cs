using System;
using AffectEngine.Benchmarks.Workloads;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AffectEngine.Scenarios;

namespace AffectEngine.Benchmarks;

/// <summary>
/// <c>quick-load [agents] [events] [rounds]</c>: the scenario loader (read + parse + check, what
/// <c>affect validate</c> does) on a generated file (<see cref="LargeScenario"/>, default 1,000 agents
/// and 100,000 events, about 24 MB). Prints MB/s (wall and thread CPU, medians), bytes allocated per
/// load ÷ file size, and the peak resident memory the load added ÷ file size.
/// </summary>
internal static class QuickLoad
{
    public static void Run(string[] args)
    {
        var agents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var events = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        var path = Path.Combine(Path.GetTempPath(), $"affect-quick-load-{Environment.ProcessId}.json");
        File.WriteAllBytes(path, LargeScenario.Create(agents, events, 1));
        var warm = Path.Combine(Path.GetTempPath(), $"affect-quick-load-{Environment.ProcessId}-warm.json");
        File.WriteAllBytes(warm, LargeScenario.Create(20, 200, 2));
        try
        {
            var size = new FileInfo(path).Length;

            var peak = PeakInChild(path, warm);
            ScenarioLoader.Load(warm);
            var wall = new double[rounds];
            var cpu = new double[rounds];
            long allocated = 0;
            for (var r = 0; r < rounds; r++)
            {
                GC.Collect();
                var a0 = GC.GetAllocatedBytesForCurrentThread();
                var c0 = CpuClock.ThreadNanos();
                var t0 = Stopwatch.GetTimestamp();
                GC.KeepAlive(ScenarioLoader.Load(path));
                wall[r] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                cpu[r] = (CpuClock.ThreadNanos() - c0) / 1e9;
                allocated = GC.GetAllocatedBytesForCurrentThread() - a0;
            }

            // The same file with two errors deep inside (one a value the shape walk removes, one a reference
            // the checks refuse): the path the loader takes to report them with their lines and columns.
            var bad = LargeScenario.Create(agents, events, 1, badLikelihoodAt: events - 10, unknownActorAt: events * 7 / 9);
            var badCpu = new double[rounds];
            var errorCount = 0;
            for (var r = 0; r < rounds; r++)
            {
                GC.Collect();
                var c0 = CpuClock.ThreadNanos();
                try
                {
                    ScenarioLoader.Parse(bad, "bad.json");
                }
                catch (ScenarioException ex)
                {
                    errorCount = ex.Errors.Count;
                }

                badCpu[r] = (CpuClock.ThreadNanos() - c0) / 1e9;
            }

            Array.Sort(badCpu);
            Array.Sort(wall);
            Array.Sort(cpu);
            var mb = size / 1e6;
            Console.WriteLine(FormattableString.Invariant($"file: {agents} agents, {events} events, {mb:F1} MB"));
            Console.WriteLine(FormattableString.Invariant($"load+validate: median {wall[rounds / 2] * 1000:F0} ms wall = {mb / wall[rounds / 2]:F1} MB/s; {cpu[rounds / 2] * 1000:F0} ms thread CPU = {mb / cpu[rounds / 2]:F1} MB/s (fastest {mb / wall[0]:F1} MB/s wall)"));
            Console.WriteLine(FormattableString.Invariant($"allocated per load: {allocated / 1e6:F1} MB = {(double)allocated / size:F2} x file"));
            Console.WriteLine(FormattableString.Invariant($"parse of the same file with {errorCount} errors deep inside: median {badCpu[rounds / 2] * 1000:F0} ms thread CPU = {bad.Length / 1e6 / badCpu[rounds / 2]:F1} MB/s"));
            Console.WriteLine(peak > 0
                ? FormattableString.Invariant($"peak resident memory added by one load in a fresh process: {peak / 1e6:F1} MB = {(double)peak / size:F2} x file")
                : "peak resident memory: not measured (needs Linux /proc/self/clear_refs)");
        }
        finally
        {
            File.Delete(path);
            File.Delete(warm);
        }
    }

    /// <summary>
    /// <c>quick-load-peak file warm-file</c>, run in a fresh process: loads the small file (so the
    /// loader's code is compiled and the runtime's own memory is in place), then the large one, and
    /// prints how far the peak resident set rose above the resident set before the load.
    /// </summary>
    public static void Peak(string[] args)
    {
        ScenarioLoader.Load(args[2]);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (!ResetPeakResident())
        {
            Console.WriteLine("0");
            return;
        }

        var before = Resident("VmRSS:");
        var loaded = ScenarioLoader.Load(args[1]);
        var peak = Resident("VmHWM:") - before;
        GC.KeepAlive(loaded);
        Console.WriteLine(peak.ToString(CultureInfo.InvariantCulture));
    }

    private static long PeakInChild(string path, string warm)
    {
        var self = typeof(QuickLoad).Assembly.Location;
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (!string.Equals(Path.GetFileNameWithoutExtension(host), Path.GetFileNameWithoutExtension(self), StringComparison.Ordinal))
        {
            start.ArgumentList.Add(self);
        }

        start.ArgumentList.Add("quick-load-peak");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(warm);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return long.TryParse(output.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var peak) ? peak : 0;
    }

    /// <summary>Linux: writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one.</summary>
    private static bool ResetPeakResident()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A /proc/self/status field in bytes.</summary>
    private static long Resident(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line.Substring(field.Length).Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
