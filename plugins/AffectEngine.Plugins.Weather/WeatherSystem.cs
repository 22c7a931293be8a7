using System;

namespace AffectEngine.Plugins.Weather;

/// <summary>
/// Applies the day's weather to moods in the Affect stage. Today's weather is a pure function of
/// (seed, day) through the counter-based random stream, unless a <see cref="WeatherCommand"/> forced
/// it; the forced day is world state (hashed and saved). Per agent: P += k·dt·ΔP and A += k·dt·ΔA,
/// clamped to the PAD cube [-1, 1] (Mehrabian 1996), so the push is gentle and bounded.
/// </summary>
internal sealed class WeatherSystem : IPartitionedSystem, IStateContributor
{
    public const string SystemName = "weather.mood";

    /// <summary>Simulated seconds per weather day (ten minutes: several days fit in a short run).</summary>
    private const double DaySeconds = 600;

    /// <summary>Mood drift rate per simulated second at full influence.</summary>
    private const float Rate = 0.05f;

    /// <summary>Random stream id of the weather draw ("WEAT").</summary>
    private const ulong Stream = 0x5745_4154;

    // Pleasure and arousal pushes of sunny, cloudy and rain.
    private static readonly float[] PleasurePush = [0.3f, 0f, -0.3f];
    private static readonly float[] ArousalPush = [0.1f, -0.05f, -0.1f];

    private readonly IAgentStore _store;
    private readonly FieldId _mood;
    private readonly FieldId _felt;
    private long _forcedDay = -1;
    private WeatherKind _forced;
    private float _dp;
    private float _da;

    public WeatherSystem(IPluginWorld world)
    {
        _store = world.Agents;

        // Field throws ArgumentException naming the field when the affect model is not present.
        _mood = _store.Field("mood");
        _felt = _store.Field(WeatherPlugin.FeltField);
        if (_mood.Width < 2)
        {
            throw new ArgumentException($"Field 'mood' must have pleasure and arousal components; it has width {_mood.Width}.", nameof(world));
        }

        World = world;
        world.AddStateContributor(this);
    }

    public string Name => SystemName;

    public TickStage Stage => TickStage.Affect;

    public string StateKey => "plugin.weather";

    private IPluginWorld World { get; }

    /// <summary>The weather of a day when nothing forces it.</summary>
    public static WeatherKind Draw(ulong seed, long day)
    {
        var rng = new RandomStream(seed, Stream, day, 0);
        var u = rng.NextSingle();
        return u < 0.5f ? WeatherKind.Sunny : u < 0.8f ? WeatherKind.Cloudy : WeatherKind.Rain;
    }

    public void BeginTick(in TickContext context, int partitionCount)
    {
        var day = (long)Math.Floor(context.TimeSeconds / DaySeconds);
        var inputs = World.CurrentInputs;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is WeatherCommand c)
            {
                _forcedDay = day;
                _forced = c.Weather;
            }
        }

        var weather = _forcedDay == day ? _forced : Draw(context.Seed, day);
        var k = (float)(Rate * context.StepSeconds);
        _dp = k * PleasurePush[(int)weather];
        _da = k * ArousalPush[(int)weather];
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        var p0 = _mood.ComponentOffset(0);
        var a0 = _mood.ComponentOffset(1);
        var f0 = _felt.Offset;
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

                ref var p = ref block[p0 + lane];
                ref var a = ref block[a0 + lane];
                p = Math.Clamp(p + _dp, -1f, 1f);
                a = Math.Clamp(a + _da, -1f, 1f);
                block[f0 + lane] = _dp;
            }
        }
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
    }

    public void WriteState(IStateWriter writer)
    {
        writer.WriteInt64(_forcedDay);
        writer.WriteInt32((int)_forced);
    }

    public void ReadState(IStateReader reader)
    {
        var day = reader.ReadInt64();
        var kind = reader.ReadInt32();
        if (kind is < 0 or > (int)WeatherKind.Rain)
        {
            throw new FormatException($"Weather state holds unknown weather {kind}.");
        }

        _forcedDay = day;
        _forced = (WeatherKind)kind;
    }
}
