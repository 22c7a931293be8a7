using System;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>
/// A host command that elicits an emotion directly (a game's scripted reaction, a trainer's
/// override), applied in the Inputs stage of its tick like every other outside input.
/// </summary>
public sealed class ElicitCommand : TickInput
{
    /// <summary>Creates the command; the intensity must be in [0, 1].</summary>
    public ElicitCommand(long tick, int source, long sequence, AgentId agent, EmotionType emotion, float intensity)
        : base(tick, source, sequence)
    {
        if (float.IsNaN(intensity) || intensity < 0f || intensity > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(intensity), intensity, $"intensity must be in [0, 1]; got {intensity}.");
        }

        if ((uint)emotion >= Emotions.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(emotion), emotion, "Unknown emotion type.");
        }

        Agent = agent;
        Emotion = emotion;
        Intensity = intensity;
    }

    /// <summary>The agent that feels it.</summary>
    public AgentId Agent { get; }

    /// <summary>The emotion type.</summary>
    public EmotionType Emotion { get; }

    /// <summary>The impulse intensity in [0, 1].</summary>
    public float Intensity { get; }

    /// <inheritdoc />
    public override string Kind => "elicit";

    /// <inheritdoc />
    public override void WritePayload(IStateWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteInt32(Agent.Slot);
        writer.WriteInt32(Agent.Generation);
        writer.WriteInt32((int)Emotion);
        writer.WriteSingle(Intensity);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>.</summary>
    public static ElicitCommand ReadPayload(long tick, int source, long sequence, IStateReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        var slot = reader.ReadInt32();
        var generation = reader.ReadInt32();
        var emotion = reader.ReadInt32();
        var intensity = reader.ReadSingle();
        return new ElicitCommand(tick, source, sequence, new AgentId(slot, generation), (EmotionType)emotion, intensity);
    }
}

/// <summary>Applies <see cref="ElicitCommand"/>s of the tick's batch; commands for agents no longer alive are ignored.</summary>
internal sealed class ElicitSystem : IWorldSystem
{
    private readonly World _world;
    private readonly AffectFields _fields;

    public ElicitSystem(World world, AffectFields fields)
    {
        _world = world;
        _fields = fields;
    }

    public string Name => "affect.elicit";

    public TickStage Stage => TickStage.Inputs;

    public void Execute(in TickContext context)
    {
        var inputs = _world.Inputs.Current;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is ElicitCommand c && _world.IsAlive(c.Agent))
            {
                ref var v = ref _world.Value(c.Agent, _fields.Emotion, (int)c.Emotion);
                v = AffectModule.Combine(v, c.Intensity);
            }
        }
    }
}

/// <summary>
/// Background stimuli: each tick, each live agent receives with probability <see cref="AmbientSettings.Rate"/>
/// an impulse of a random emotion type with a random intensity up to <see cref="AmbientSettings.MaxIntensity"/>.
/// Draws come from the counter-based stream (seed, stream 1, tick, agent), so results are the same at any thread count.
/// </summary>
internal sealed class AmbientStimulusSystem : IPartitionedSystem
{
    private const ulong Stream = 1;
    private readonly IAgentStore _store;
    private readonly AffectFields _fields;
    private readonly AmbientSettings _settings;

    public AmbientStimulusSystem(IAgentStore store, AffectFields fields, AmbientSettings settings)
    {
        _store = store;
        _fields = fields;
        _settings = settings;
    }

    public string Name => "affect.ambient";

    public TickStage Stage => TickStage.Appraise;

    public void BeginTick(in TickContext context, int partitionCount)
    {
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        var rate = _settings.Rate;
        var max = _settings.MaxIntensity;
        var e0 = _fields.Emotion.Offset;
        for (var b = firstBlock; b < endBlock; b++)
        {
            var alive = _store.AliveMask(b);
            if (alive == 0)
            {
                continue;
            }

            var block = _store.Block(b);
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((alive & (1 << lane)) == 0)
                {
                    continue;
                }

                var rng = context.Random(Stream, (b * AgentBlocks.LanesPerBlock) + lane);
                if (rng.NextSingle() >= rate)
                {
                    continue;
                }

                var type = rng.NextInt(Emotions.Count);
                var impulse = rng.NextSingle() * max;
                ref var v = ref block[e0 + (type * AgentBlocks.LanesPerBlock) + lane];
                v = AffectModule.Combine(v, impulse);
            }
        }
    }
}

/// <summary>Background stimulus settings (off by default).</summary>
public sealed class AmbientSettings
{
    /// <summary>Probability per agent per tick of an impulse, in [0, 1].</summary>
    public float Rate { get; set; }

    /// <summary>Largest impulse intensity, in [0, 1].</summary>
    public float MaxIntensity { get; set; } = 0.5f;

    /// <summary>Null when valid, else a message naming the bad field.</summary>
    public string? Validate()
    {
        if (float.IsNaN(Rate) || Rate < 0f || Rate > 1f)
        {
            return $"ambient.rate must be in [0, 1]; got {Rate}.";
        }

        if (float.IsNaN(MaxIntensity) || MaxIntensity < 0f || MaxIntensity > 1f)
        {
            return $"ambient.maxIntensity must be in [0, 1]; got {MaxIntensity}.";
        }

        return null;
    }
}

/// <summary>Attaches the affect module's input and background systems (kept apart from the core dynamics).</summary>
public static class AffectInputs
{
    /// <summary>Attaches the elicit-command system (Inputs stage) and, when the rate is above zero, ambient stimuli (Appraise stage).</summary>
    public static void Attach(Simulation simulation, AffectModule module, AmbientSettings ambient)
    {
        if (simulation is null || module is null || ambient is null)
        {
            throw new ArgumentNullException(simulation is null ? nameof(simulation) : module is null ? nameof(module) : nameof(ambient));
        }

        var error = ambient.Validate();
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(ambient));
        }

        simulation.Attach(new ElicitSystem(simulation.World, module.Fields));
        if (ambient.Rate > 0f)
        {
            simulation.Attach(new AmbientStimulusSystem(simulation.World, module.Fields, ambient));
        }
    }
}
