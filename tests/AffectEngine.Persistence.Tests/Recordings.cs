using System.IO;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Persistence.Tests;

/// <summary>Builds small recorded runs in memory.</summary>
internal static class Recordings
{
    public const string Json = """
        {
          "name": "persistence test",
          "run": { "ticks": 60, "step": "100ms", "seed": 7 },
          "ambient": { "rate": 0.2, "maxIntensity": 0.6 },
          "agents": [
            { "id": "a", "personality": { "o": 0.3, "c": 0.1, "e": 0.5, "a": 0.2, "n": -0.1 } },
            { "id": "b", "personality": { "o": -0.3, "c": 0.4, "e": -0.2, "a": 0.6, "n": 0.5 } },
            { "id": "crowd", "count": 13 },
          ],
          "events": [
            { "tick": 3, "elicit": { "agent": "a", "emotion": "joy", "intensity": 0.9 } },
            { "tick": 30, "elicit": { "agent": "crowd#4", "emotion": "fear", "intensity": 0.7 } },
          ],
        }
        """;

    public static byte[] ScenarioBytes => Encoding.UTF8.GetBytes(Json);

    public static Scenario Scenario => ScenarioLoader.Parse(ScenarioBytes, "test.json");

    public static SimulationRunner Runner(int threads, bool stageHashes, ActionUnitOutput actionUnits = ActionUnitOutput.OnRead) =>
        ScenarioHost.CreateRunner(Scenario, new RunOverrides { Threads = threads }, b =>
        {
            b.Services.AddAffectEngine(o =>
            {
                o.World.HashEachStage = stageHashes;
                o.Affect.ActionUnits = actionUnits;
            });
        });

    public static RecordHeader Header(SimulationRunner runner, long ticks, int keyframeEvery, bool stageHashes) => new()
    {
        EngineVersion = "test",
        Seed = runner.World.Seed,
        Threads = runner.Simulation.Threads,
        StepSeconds = runner.World.Options.StepSeconds,
        PlannedTicks = ticks,
        KeyframeEvery = keyframeEvery,
        StageHashes = stageHashes,
        ScenarioName = "test.json",
        ScenarioHash = System.IO.Hashing.XxHash64.HashToUInt64(ScenarioBytes),
        Scenario = ScenarioBytes,
        Plugins = ["spatial", "affect"],
        AgentNames = ["a", "b"],
        FieldNames = runner.World.Schema.FieldNames,
    };

    /// <summary>Records <paramref name="ticks"/> ticks, with a host command sent mid-run (not in the scenario).</summary>
    public static (byte[] Record, ulong FinalHash) Record(int threads = 1, bool stageHashes = true, long ticks = 60, int keyframeEvery = 20, ActionUnitOutput actionUnits = ActionUnitOutput.OnRead)
    {
        using var runner = Runner(threads, stageHashes, actionUnits);
        var stream = new MemoryStream();
        using (var writer = new RecordWriter(stream, Header(runner, ticks, keyframeEvery, stageHashes)))
        {
            var recorder = RunRecorder.Attach(runner.Simulation, writer);
            runner.Run(ticks / 2);
            runner.TryGetAgent("b", out var b);
            runner.Elicit(b, EmotionType.Anger, 0.8f);
            runner.Run(ticks - (ticks / 2));
            recorder.Complete();
        }

        return (stream.ToArray(), runner.LastHash);
    }

    public static TickInputRegistry Registry() => new TickInputRegistry().Register("elicit", ElicitCommand.ReadPayload);

    public static RecordReader Reader(byte[] bytes) => new(new MemoryStream(bytes, writable: false), "test.aerec", ownsStream: true);

    public static ReplayResult Replay(byte[] bytes, int threads, bool verify = true)
    {
        using var reader = Reader(bytes);
        using var runner = Runner(threads, reader.Header.StageHashes);
        return RecordReplayer.Replay(reader, runner.Simulation, Registry(), new ReplayOptions { Verify = verify });
    }
}
