using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using AffectEngine.Cli.Output;
using System.IO.Hashing;
using AffectEngine.Hosting;
using AffectEngine.Persistence;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Commands;

/// <summary>Opens records for commands and rebuilds the engine they were written with.</summary>
internal static class RecordFiles
{
    public static RecordReader Open(string path)
    {
        try
        {
            var reader = RecordReader.Open(path);
            InputFiles.Note(path, "the record");
            return reader;
        }
        catch (RecordException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    /// <summary>The embedded scenario, checked against the header's hash.</summary>
    public static Scenario ScenarioOf(RecordReader reader, string path)
    {
        var h = reader.Header;
        if (XxHash64.HashToUInt64(h.Scenario) != h.ScenarioHash)
        {
            throw new UserException($"{path}: the embedded scenario does not match its recorded hash (the record is corrupted)");
        }

        var scenario = ScenarioFiles.Parse(h.Scenario, $"{path} (embedded {h.ScenarioName})");

        // A run's action-unit output is part of its world (per tick, the units are hot fields in every hash), and
        // the scenario default changed with format 3: a version 2 record whose scenario does not say ran them per
        // tick. The recorded field names say which output the run had, for records of any version.
        if (HasField(h.FieldNames, "express."))
        {
            scenario.Run.ActionUnits = HasField(h.FieldNames, "express.au.") ? "perTick" : "onRead";
        }

        return scenario;
    }

    private static bool HasField(IReadOnlyList<string> names, string prefix) => names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>A runner built like the recorded one (seed, modules, stage hashing); threads may differ.</summary>
    public static SimulationRunner RunnerFor(RecordReader reader, string path, int? threads)
    {
        var scenario = ScenarioOf(reader, path);
        var h = reader.Header;
        if (!string.Equals(h.EngineVersion, EngineSetup.EngineVersion, StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"affect: warning: {path} was written by engine {h.EngineVersion}, this is {EngineSetup.EngineVersion}; hashes may differ");
        }

        return EngineSetup.CreateRunner(scenario, new RunOverrides { Seed = h.Seed, Threads = threads ?? h.Threads }, h.StageHashes);
    }

    /// <summary>Replays with the runner's input readers (every module's kinds), turning record problems into user errors.</summary>
    public static ReplayResult Replay(RecordReader reader, SimulationRunner runner, string path, ReplayOptions options)
    {
        try
        {
            return RecordReplayer.Replay(reader, runner.Simulation, runner.InputReaders(), options);
        }
        catch (RecordException ex)
        {
            if (reader.StopReason is not { } stop)
            {
                throw new UserException($"{path}: {ex.Message}");
            }

            // The reader stopped before the first tick: as incomplete as a record cut later, and said the same way
            // (the reader's reason names the file already).
            Console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "incomplete 0 ticks of {0} planned could be read: {1}", reader.Header.PlannedTicks, stop));
            throw new UserException(stop, ExitCodes.IncompleteRecord);
        }
    }

    /// <summary>
    /// For a record that ended early (truncated, damaged, or a run that was stopped): says on stdout what
    /// could not be read and returns <see cref="ExitCodes.IncompleteRecord"/>; 0 for a complete record.
    /// </summary>
    public static int ReportIncomplete(ReplayResult result, RecordReader reader, string path, string verb)
    {
        if (result.Complete)
        {
            return ExitCodes.Ok;
        }

        var planned = reader.Header.PlannedTicks;
        var why = result.StopReason ?? "it has no end frame (the run that wrote it did not finish)";
        Console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "incomplete {0} ticks of {1} planned could be read; {2} only those: {3}", result.Ticks, planned, verb, why));
        Console.Error.WriteLine($"affect: {path}: the record is incomplete or damaged; {verb} only its first {result.Ticks} ticks");
        return ExitCodes.IncompleteRecord;
    }
}
