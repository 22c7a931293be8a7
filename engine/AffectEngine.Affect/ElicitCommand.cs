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
