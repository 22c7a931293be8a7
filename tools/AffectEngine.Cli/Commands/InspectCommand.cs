using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect inspect &lt;file.aerec&gt;</c>: header, ticks, keyframes, inputs, size, and whether the record is complete.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("record") { Description = "The record (.aerec)." };
        var command = new Command("inspect", "Describe a record: header, ticks, keyframes, size.") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!));
        return command;
    }

    private static int Run(string path)
    {
        using var reader = RecordFiles.Open(path);
        var h = reader.Header;
        long inputs = 0, keyframeBytes = 0, tickBytes = 0;
        var kinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
        EndRecord? end = null;
        while (reader.TryRead(out var frame))
        {
            switch (frame!.Type)
            {
                case RecordFrameType.Tick:
                    tickBytes += frame.Length;
                    foreach (var i in frame.Tick!.Inputs)
                    {
                        inputs++;
                        kinds[i.Kind] = kinds.TryGetValue(i.Kind, out var n) ? n + 1 : 1;
                    }

                    break;
                case RecordFrameType.Keyframe:
                    keyframeBytes += frame.Length;
                    break;
                case RecordFrameType.End:
                    end = frame.End;
                    break;
            }
        }

        var inv = CultureInfo.InvariantCulture;
        var o = Console.Out;
        o.WriteLine($"record          {path}");
        o.WriteLine(string.Format(inv, "size            {0} bytes (ticks {1}, keyframes {2})", reader.Length, tickBytes, keyframeBytes));
        o.WriteLine(string.Format(inv, "format          {0}", h.FormatVersion));
        o.WriteLine($"engine          {h.EngineVersion}");
        o.WriteLine($"scenario        {h.ScenarioName} ({h.Scenario.Length} bytes, hash {h.ScenarioHash:x16})");
        o.WriteLine(string.Format(inv, "seed            {0}", h.Seed));
        o.WriteLine(string.Format(inv, "step            {0} s", h.StepSeconds));
        o.WriteLine(string.Format(inv, "threads         {0}", h.Threads));
        o.WriteLine($"plugins         {string.Join(", ", h.Plugins)}");
        o.WriteLine(string.Format(inv, "agents          {0}", CountNamed(h.AgentNames)));
        o.WriteLine(string.Format(inv, "fields          {0}", h.FieldNames.Count));
        o.WriteLine(string.Format(inv, "ticks           {0} of {1} planned{2}", reader.TicksRead, h.PlannedTicks, reader.TicksRead > 0 ? $" (last tick {reader.LastTick})" : ""));
        o.WriteLine(string.Format(inv, "keyframes       {0} (every {1} ticks)", reader.KeyframesRead, h.KeyframeEvery));
        o.WriteLine(string.Format(inv, "stage hashes    {0}", h.StageHashes ? "yes" : "no"));
        o.WriteLine(string.Format(inv, "inputs          {0}{1}", inputs, kinds.Count == 0 ? "" : " (" + Join(kinds) + ")"));
        if (end is not null)
        {
            o.WriteLine(string.Format(inv, "complete        yes ({0} ticks, final hash {1:x16})", end.Ticks, end.FinalHash));
        }
        else
        {
            o.WriteLine("complete        no");
        }

        if (reader.StopReason is not null)
        {
            o.WriteLine($"stopped         {reader.StopReason}");
            Console.Error.WriteLine($"affect: warning: {reader.StopReason}");
        }

        return 0;
    }

    private static int CountNamed(IReadOnlyList<string> names)
    {
        var n = 0;
        foreach (var s in names)
        {
            if (s.Length > 0)
            {
                n++;
            }
        }

        return n;
    }

    private static string Join(SortedDictionary<string, long> kinds)
    {
        var parts = new List<string>();
        foreach (var pair in kinds)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, "{0} {1}", pair.Key, pair.Value));
        }

        return string.Join(", ", parts);
    }
}
