using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Core;

namespace AffectEngine.Perception.Tests;

/// <summary>A minimal Inputs-stage system: writes the fused percept of its person into agent fields.</summary>
internal sealed class PerceptApplier : IWorldSystem
{
    private readonly World _world;
    private readonly AgentId _agent;
    private readonly FieldId _valence;
    private readonly FieldId _arousal;
    private readonly FieldId _category;
    private readonly FieldId _confidence;

    public PerceptApplier(World world, AgentId agent)
    {
        _world = world;
        _agent = agent;
        _valence = world.Field("valence");
        _arousal = world.Field("arousal");
        _category = world.Field("category");
        _confidence = world.Field("confidence");
    }

    public string Name => "percept-applier";

    public TickStage Stage => TickStage.Inputs;

    public void Execute(in TickContext context)
    {
        foreach (var input in _world.Inputs.Current)
        {
            if (input is PerceptInput p && p.Person == "trainee")
            {
                _world.Value(_agent, _valence) = p.Valence;
                _world.Value(_agent, _arousal) = p.Arousal;
                _world.Value(_agent, _category) = (float)p.Category;
                _world.Value(_agent, _confidence) = p.Confidence;
            }
        }
    }
}

public class ReplayTests
{
    private static (Simulation Sim, World World) NewWorld()
    {
        var b = AgentSchema.CreateBuilder();
        b.Add("valence");
        b.Add("arousal");
        b.Add("category");
        b.Add("confidence");
        var world = new World(b.Build(), new WorldOptions { Seed = 42, StepSeconds = 0.1 });
        var agent = world.AddAgent();
        var sim = new Simulation(world);
        sim.Attach(new PerceptApplier(world, agent));
        return (sim, world);
    }

    [Fact]
    public async Task A_recorded_live_session_replays_to_the_same_hashes()
    {
        // Live: a host thread pushes noisy percepts (some NaN) while the tick loop runs.
        await using var hub = new PerceptionHub();
        var sink = hub.AddPushSource("live", Modality.Face, person: "trainee");
        using var stop = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        var pusher = new Thread(() =>
        {
            var rng = new Random(3);
            var n = 0;
            var cats = new[] { EmotionCategory.Happiness, EmotionCategory.Sadness, EmotionCategory.Surprise };
            while (!stop.IsCancellationRequested)
            {
                var probs = new float[LabelTables.Canonical.Count];
                probs[LabelTables.Canonical.IndexOf(LabelTables.NameOf(cats[rng.Next(3)]))] = 1f;
                var va = new ValenceArousal(n++ % 10 == 0 ? float.NaN : (float)((rng.NextDouble() * 2) - 1), (float)((rng.NextDouble() * 2) - 1));
                sink.Push(new Percept { SourceId = "live", Person = "x", Modality = Modality.Face, Labels = LabelTables.Canonical, ClassProbabilities = probs, Affect = va, Confidence = (float)rng.NextDouble() });
                started.Set();
                Thread.Sleep(1);
            }
        })
        { IsBackground = true, Name = "percept-pusher" };
        pusher.Start();
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        var (sim, world) = NewWorld();
        var record = new List<(long Tick, int Source, long Sequence, byte[] Payload)>();
        var hashes = new List<ulong>();
        var batch = new List<PerceptInput>();
        for (var t = 0; t < 150; t++)
        {
            batch.Clear();
            hub.ProduceInputs(world.Tick, world.Tick * world.Options.StepSeconds, batch);
            foreach (var p in batch)
            {
                var w = new BufferStateWriter();
                p.WritePayload(w);
                record.Add((p.Tick, p.Source, p.Sequence, w.ToArray()));
                world.Inputs.Enqueue(p);
            }

            sim.Step();
            hashes.Add(sim.LastHash);
            Thread.Sleep(1); // let the host thread interleave with ticks, as in a live session
        }

        await stop.CancelAsync();
        pusher.Join();
        Assert.True(hub.RejectionCount("nan") > 0, "the live feed had NaNs; they were counted and dropped");

        // Replay from the record alone: no hub, no threads.
        var (replaySim, replayWorld) = NewWorld();
        var next = 0;
        for (var t = 0; t < 150; t++)
        {
            while (next < record.Count && record[next].Tick == replayWorld.Tick)
            {
                var r = record[next++];
                replayWorld.Inputs.Enqueue(PerceptInput.ReadPayload(r.Tick, r.Source, r.Sequence, new BufferStateReader(r.Payload)));
            }

            replaySim.Step();
            Assert.Equal(hashes[t], replaySim.LastHash);
        }

        Assert.NotEqual(hashes[10], hashes[140]); // the percepts did change the state
    }
}
