using System;
using System.Collections.Generic;

namespace AffectEngine.Core.Tests;

/// <summary>Small builders for worlds and systems used across the core tests.</summary>
internal static class TestWorlds
{
    public static (World World, Simulation Simulation, FieldId Value) Create(int threads = 1, int capacity = 64, ulong seed = 1, bool hashEachStage = false)
    {
        var schema = AgentSchema.CreateBuilder();
        var value = schema.Add("value");
        schema.Add("noise");
        var world = new World(schema.Build(), new WorldOptions { Seed = seed, Threads = threads, InitialCapacity = capacity, HashEachStage = hashEachStage });
        return (world, new Simulation(world), value);
    }
}

/// <summary>A test input carrying a number to add to an agent's "value" field.</summary>
internal sealed class AddInput : TickInput
{
    public AddInput(long tick, int source, long sequence, AgentId agent, float amount)
        : base(tick, source, sequence)
    {
        Agent = agent;
        Amount = amount;
    }

    public AgentId Agent { get; }

    public float Amount { get; }

    public override string Kind => "add";

    public override void WritePayload(IStateWriter writer)
    {
        writer.WriteInt32(Agent.Slot);
        writer.WriteSingle(Amount);
    }
}

/// <summary>Applies AddInputs; also records the order it saw them in.</summary>
internal sealed class AddInputSystem(World world, FieldId field) : IWorldSystem
{
    public List<(long Tick, int Source, long Sequence)> Seen { get; } = [];

    public bool Record { get; set; }

    public string Name => "test.add";

    public TickStage Stage => TickStage.Inputs;

    public void Execute(in TickContext context)
    {
        foreach (var input in world.Inputs.Current)
        {
            if (input is AddInput add && world.IsAlive(add.Agent))
            {
                if (Record)
                {
                    Seen.Add((input.Tick, input.Source, input.Sequence));
                }

                // Order-sensitive on purpose (x' = 2x + a), so a wrong order changes the state.
                ref var v = ref world.Value(add.Agent, field);
                v = (2 * v) + add.Amount;
            }
        }
    }
}

/// <summary>Per-agent noise from the counter-based stream, in parallel over blocks.</summary>
internal sealed class NoiseSystem(World world) : IPartitionedSystem
{
    private readonly FieldId _noise = world.Field("noise");
    private readonly FieldId _value = world.Field("value");

    public string Name => "test.noise";

    public TickStage Stage => TickStage.Affect;

    public int[] BlockVisits { get; set; } = [];

    public void BeginTick(in TickContext context, int partitionCount)
    {
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        for (var b = firstBlock; b < endBlock; b++)
        {
            if (b < BlockVisits.Length)
            {
                BlockVisits[b]++;
            }

            var noise = world.Lanes(b, _noise);
            var value = world.Lanes(b, _value);
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((world.AliveMask(b) & (1 << lane)) == 0)
                {
                    continue;
                }

                var rng = context.Random(7, (b * 8) + lane);
                noise[lane] = (noise[lane] * 0.9f) + rng.NextSingle();
                value[lane] = MathF.Sqrt(value[lane] * value[lane] + noise[lane]);
            }
        }
    }
}

/// <summary>Records the stage order it is called in.</summary>
internal sealed class StageRecorder(TickStage stage, List<string> log) : IWorldSystem
{
    public string Name => "rec." + stage;

    public TickStage Stage => stage;

    public void Execute(in TickContext context)
    {
        Assert.Equal(stage, context.Stage);
        log.Add($"{context.Tick}:{stage}");
    }
}
