using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AffectEngine.Core;
using AffectEngine.Distributed.Orleans;
using AffectEngine.Hosting;
using AffectEngine.Persistence;
using AffectEngine.Scenarios;

namespace AffectEngine.Distributed.Tests;

/// <summary>
/// The module contract of docs/architecture.md ("Adding a module"), checked end to end: a module with
/// per-agent state, its own input kind and its own system is added with <c>AddModule</c> alone, and its
/// state is in the single-process hash, its inputs replay with <c>--verify</c> semantics, and its state is
/// in the cluster hash and survives a restore onto another shard count. Nothing outside this file
/// knows the module.
/// </summary>
public sealed class ToyModuleTests
{
    private const string Json = """
    {
      "name": "toy module",
      "run": { "ticks": 40, "step": "100ms", "seed": 5 },
      "ambient": { "rate": 0.3, "maxIntensity": 0.7 },
      "agents": [
        { "id": "a", "personality": { "o": 0.3, "c": 0.1, "e": 0.5, "a": 0.2, "n": -0.1 } },
        { "id": "b", "personality": { "o": -0.3, "c": 0.4, "e": -0.2, "a": 0.6, "n": 0.5 } },
        { "id": "crowd", "count": 9 }
      ],
      "events": [ { "tick": 4, "elicit": { "agent": "crowd#3", "emotion": "fear", "intensity": 0.8 } } ]
    }
    """;

    private static Scenario Scenario => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Json), "toy.json");

    private static SimulationRunner Runner(bool withTally = true) =>
        ScenarioHost.CreateRunner(Scenario, null, b =>
        {
            if (withTally)
            {
                b.AddModule(_ => new TallyModule());
            }
        });

    [Fact]
    public void The_modules_state_is_in_the_world_hash_and_its_inputs_replay_and_verify()
    {
        var stream = new MemoryStream();
        ulong recordedHash;
        using (var runner = Runner())
        {
            runner.TryGetAgent("b", out var b);
            runner.TryGetAgent("a", out var a);
            using var writer = new RecordWriter(stream, Header(runner, 30));
            var recorder = RunRecorder.Attach(runner.Simulation, writer);
            runner.Run(10);
            runner.Enqueue(new NudgeInput(runner.Tick, InputSources.Host, 0, b, a, 2.5f));
            runner.Run(20);
            recorder.Complete();
            recordedHash = runner.LastHash;
            Assert.Equal(2.5f + Sum(runner, b, withoutNudges: true), runner.Module<TallyModule>().State.SumOf(b), 3);
            Assert.Equal(a, runner.Module<TallyModule>().State.LastOf(b));
        }

        using (var plain = Runner(withTally: false))
        {
            plain.Run(30);
            Assert.NotEqual(recordedHash, plain.LastHash); // the tally is hashed, not only carried
        }

        using var reader = new RecordReader(new MemoryStream(stream.ToArray(), writable: false), "toy.aerec", ownsStream: true);
        using var replay = Runner();
        Assert.Contains(NudgeInput.KindName, replay.InputReaders().Kinds);
        var result = RecordReplayer.Replay(reader, replay.Simulation, replay.InputReaders(), new ReplayOptions { Verify = true });
        Assert.Null(result.Mismatch);
        Assert.True(result.Complete);
        Assert.Equal(recordedHash, result.FinalHash);
    }

    [Fact]
    public void A_replay_without_the_nudge_would_not_verify()
    {
        // Guards the test above: the recorded nudge changes the hash, so a replay that lost it must fail.
        var stream = new MemoryStream();
        using (var runner = Runner())
        {
            runner.TryGetAgent("b", out var b);
            using var writer = new RecordWriter(stream, Header(runner, 12));
            var recorder = RunRecorder.Attach(runner.Simulation, writer);
            runner.Run(5);
            runner.Enqueue(new NudgeInput(runner.Tick, InputSources.Host, 0, b, b, 1f));
            runner.Run(7);
            recorder.Complete();
        }

        using var reader = new RecordReader(new MemoryStream(stream.ToArray(), writable: false), "toy.aerec", ownsStream: true);
        using var replay = Runner();
        var ignoring = new TickInputRegistry()
            .Register("elicit", Affect.ElicitCommand.ReadPayload)
            .Register(NudgeInput.KindName, static (tick, source, sequence, payload) =>
            {
                var read = (NudgeInput)NudgeInput.Read(tick, source, sequence, payload);
                return new NudgeInput(tick, source, sequence, read.Agent, read.From, 0f);
            });
        var result = RecordReplayer.Replay(reader, replay.Simulation, ignoring, new ReplayOptions { Verify = true });
        Assert.NotNull(result.Mismatch);
        Assert.InRange(result.Mismatch!.Tick, 5, 6); // the tick the nudge applied at
    }

    [Fact]
    public async Task Two_shards_give_the_single_process_cluster_hash_and_restore_onto_three()
    {
        var json = ScenarioLoader.ToJson(Scenario);
        static void Tally(AffectEngineBuilder b) => b.AddModule(_ => new TallyModule());
        using var single = Runner();
        var shards = new[] { new LocalShard(new ShardSpec(json, 2, 0, 1), Tally), new LocalShard(new ShardSpec(json, 2, 1, 1), Tally) };
        try
        {
            var agents = single.World.AgentCount;
            byte[] state = [], side = [];
            for (var t = 0; t < 20; t++)
            {
                var results = new List<ShardStepResult>();
                foreach (var shard in shards)
                {
                    results.Add(await shard.StepAsync(t, ShardInbox.Empty, collectState: true));
                }

                single.Step();
                state = results.SelectMany(r => r.AgentState).ToArray();
                side = results.SelectMany(r => r.SideState!).ToArray();
                Assert.True(ClusterHash.Of(single) == ClusterHash.Of(t + 1, agents, state, side), $"tick {t + 1}");
            }

            using (var plain = Runner(withTally: false))
            {
                plain.Run(20);
                Assert.True(ClusterHash.SideState(single, 0, single.World.SlotCount, s => s).Length > ClusterHash.SideState(plain, 0, plain.World.SlotCount, s => s).Length, "the tally travels in the side state");
            }

            // N → M: the 2-shard state restored on 3 shards, then all continue in step with the single process.
            var three = Enumerable.Range(0, 3).Select(i => new LocalShard(new ShardSpec(json, 3, i, 1), Tally)).ToArray();
            try
            {
                var perAgent = state.Length / agents;
                for (var i = 0; i < 3; i++)
                {
                    var (first, count) = ShardLayout.Range(agents, 3, i);
                    await three[i].RestoreAsync(20, state.AsSpan(first * perAgent, count * perAgent).ToArray(), ClusterHash.SliceSideState(side, first, count));
                }

                for (var t = 20; t < 35; t++)
                {
                    var results = new List<ShardStepResult>();
                    foreach (var shard in three)
                    {
                        results.Add(await shard.StepAsync(t, ShardInbox.Empty, collectState: true));
                    }

                    single.Step();
                    var hash = ClusterHash.Of(t + 1, agents, results.SelectMany(r => r.AgentState).ToArray(), results.SelectMany(r => r.SideState!).ToArray());
                    Assert.True(ClusterHash.Of(single) == hash, $"tick {t + 1} after the restore");
                }
            }
            finally
            {
                foreach (var s in three)
                {
                    s.Dispose();
                }
            }
        }
        finally
        {
            foreach (var s in shards)
            {
                s.Dispose();
            }
        }
    }

    private static float Sum(SimulationRunner runner, AgentId agent, bool withoutNudges) =>
        withoutNudges ? runner.Module<TallyModule>().State.PleasureSumOf(agent) : runner.Module<TallyModule>().State.SumOf(agent);

    private static RecordHeader Header(SimulationRunner runner, long ticks) => new()
    {
        EngineVersion = "test",
        Seed = runner.World.Seed,
        Threads = runner.Simulation.Threads,
        StepSeconds = runner.World.Options.StepSeconds,
        PlannedTicks = ticks,
        KeyframeEvery = 10,
        StageHashes = false,
        ScenarioName = "toy.json",
        Scenario = Encoding.UTF8.GetBytes(Json),
        ScenarioHash = System.IO.Hashing.XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(Json)),
        Plugins = runner.Modules.Select(m => m.Name).ToArray(),
        AgentNames = [],
        FieldNames = runner.World.Schema.FieldNames,
    };

    /// <summary>
    /// The toy module: per agent, the ticks it lived, the running sum of its mood's pleasure, nudges
    /// added to that sum, and who nudged it last (itself until nudged: an agent reference that must be
    /// remapped between shard layouts).
    /// </summary>
    private sealed class TallyModule : IEngineModule, IInputReaders
    {
        public string Name => "tally";

        public TallyState State { get; private set; } = null!;

        public void Declare(AgentSchema.Builder schema)
        {
        }

        public void Attach(Simulation simulation)
        {
            var world = simulation.World;
            if (!world.TryGetField("mood", out var mood))
            {
                throw new InvalidOperationException("The tally needs the affect module's mood.");
            }

            State = new TallyState(world);
            world.AddLifecycleListener(State);
            world.AddAgentStateCodec(State);
            world.AddStateContributor(new AgentStateContributor(world, State));
            simulation.Attach(new TallySystem(world, State, mood));
        }

        public void AddInputReaders(TickInputRegistry registry) => registry.Register(NudgeInput.KindName, NudgeInput.Read);
    }

    private sealed class TallyState(World world) : IAgentStateCodec, IAgentLifecycle
    {
        private readonly Dictionary<int, (int Ticks, float Pleasure, float Nudges, AgentId Last)> _bySlot = [];

        public string AgentStateKey => "tally";

        public float SumOf(AgentId agent) => _bySlot[agent.Slot].Pleasure + _bySlot[agent.Slot].Nudges;

        public float PleasureSumOf(AgentId agent) => _bySlot[agent.Slot].Pleasure;

        public AgentId LastOf(AgentId agent) => _bySlot[agent.Slot].Last;

        public void Tick(AgentId agent, float pleasure)
        {
            var e = _bySlot[agent.Slot];
            _bySlot[agent.Slot] = (e.Ticks + 1, e.Pleasure + pleasure, e.Nudges, e.Last);
        }

        public void Nudge(AgentId agent, AgentId from, float amount)
        {
            if (world.IsAlive(agent))
            {
                var e = _bySlot[agent.Slot];
                _bySlot[agent.Slot] = (e.Ticks, e.Pleasure, e.Nudges + amount, from);
            }
        }

        public void OnAgentAdded(AgentId agent) => _bySlot[agent.Slot] = (0, 0f, 0f, agent);

        public void OnAgentRemoved(AgentId agent) => _bySlot.Remove(agent.Slot);

        public void WriteAgent(AgentId agent, IStateWriter writer, AgentRefMap agents)
        {
            var e = _bySlot[agent.Slot];
            writer.WriteInt32(e.Ticks);
            writer.WriteSingle(e.Pleasure);
            writer.WriteSingle(e.Nudges);
            agents.Write(writer, e.Last);
        }

        public void ReadAgent(AgentId agent, IStateReader reader, AgentRefMap agents) =>
            _bySlot[agent.Slot] = (reader.ReadInt32(), reader.ReadSingle(), reader.ReadSingle(), agents.Read(reader));
    }

    private sealed class TallySystem(World world, TallyState state, FieldId mood) : IWorldSystem
    {
        public string Name => "tally.count";

        public TickStage Stage => TickStage.Express;

        public void Execute(in TickContext context)
        {
            foreach (var input in world.Inputs.Current)
            {
                if (input is NudgeInput n)
                {
                    state.Nudge(n.Agent, n.From, n.Amount);
                }
            }

            for (var slot = 0; slot < world.SlotCount; slot++)
            {
                var agent = world.AgentAt(slot);
                if (!agent.IsNone)
                {
                    state.Tick(agent, world.Value(agent, mood, 0));
                }
            }
        }
    }

    private sealed class NudgeInput(long tick, int source, long sequence, AgentId agent, AgentId from, float amount) : TickInput(tick, source, sequence)
    {
        public const string KindName = "tally.nudge";

        public AgentId Agent { get; } = agent;

        public AgentId From { get; } = from;

        public float Amount { get; } = amount;

        public override string Kind => KindName;

        public static TickInput Read(long tick, int source, long sequence, IStateReader payload) =>
            new NudgeInput(tick, source, sequence, new AgentId(payload.ReadInt32(), payload.ReadInt32()), new AgentId(payload.ReadInt32(), payload.ReadInt32()), payload.ReadSingle());

        public override void WritePayload(IStateWriter writer)
        {
            writer.WriteInt32(Agent.Slot);
            writer.WriteInt32(Agent.Generation);
            writer.WriteInt32(From.Slot);
            writer.WriteInt32(From.Generation);
            writer.WriteSingle(Amount);
        }
    }
}
