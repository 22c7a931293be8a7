using System.Collections.Generic;

namespace AffectEngine.Affect;

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

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Range(Rate, 0f, 1f, "ambient.rate");
        p.Range(MaxIntensity, 0f, 1f, "ambient.maxIntensity");
        return p.List;
    }
}
