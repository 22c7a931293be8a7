using System;
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
            return RecordReader.Open(path);
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

        return ScenarioFiles.Parse(h.Scenario, $"{path} (embedded {h.ScenarioName})");
    }

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
            throw new UserException($"{path}: {ex.Message}");
        }
    }

    public static void WarnIfIncomplete(ReplayResult result)
    {
        if (result.StopReason is not null)
        {
            Console.Error.WriteLine($"affect: warning: {result.StopReason}");
        }
    }
}
