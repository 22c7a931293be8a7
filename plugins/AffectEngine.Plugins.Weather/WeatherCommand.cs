using System;

namespace AffectEngine.Plugins.Weather;

/// <summary>The weather of one simulated day.</summary>
public enum WeatherKind
{
    /// <summary>More pleasure, a little more arousal.</summary>
    Sunny = 0,

    /// <summary>A little less arousal.</summary>
    Cloudy = 1,

    /// <summary>Less pleasure, less arousal.</summary>
    Rain = 2,
}

/// <summary>A host command that forces the weather for the rest of the simulated day it applies in.</summary>
public sealed class WeatherCommand : TickInput
{
    /// <summary>The input kind recorded for this command.</summary>
    public const string KindName = "weather.set";

    /// <summary>Creates the command; <paramref name="weather"/> must be a defined <see cref="WeatherKind"/>.</summary>
    public WeatherCommand(long tick, int source, long sequence, WeatherKind weather)
        : base(tick, source, sequence)
    {
        if (weather is < WeatherKind.Sunny or > WeatherKind.Rain)
        {
            throw new ArgumentOutOfRangeException(nameof(weather), weather, "Weather must be Sunny, Cloudy or Rain.");
        }

        Weather = weather;
    }

    /// <summary>The forced weather.</summary>
    public WeatherKind Weather { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void WritePayload(IStateWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteInt32((int)Weather);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>; an unknown weather value throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static TickInput Read(long tick, int source, long sequence, IStateReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return new WeatherCommand(tick, source, sequence, (WeatherKind)reader.ReadInt32());
    }
}
