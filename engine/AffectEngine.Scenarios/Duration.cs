using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AffectEngine.Scenarios;

/// <summary>A span of simulated time: a JSON number of seconds or a string such as "100ms", "12s", "2m", "1h".</summary>
[JsonConverter(typeof(DurationConverter))]
public readonly record struct Duration(double Seconds)
{
    /// <summary>From seconds.</summary>
    public static Duration FromSeconds(double seconds) => new(seconds);

    /// <summary>Parses "100ms", "12s", "1.5m", "1h" or a plain number of seconds.</summary>
    public static bool TryParse(string text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        double scale;
        string number;
        if (t.EndsWith("ms", StringComparison.Ordinal))
        {
            scale = 0.001;
            number = t.Substring(0, t.Length - 2);
        }
        else if (t.EndsWith('s'))
        {
            scale = 1;
            number = t.Substring(0, t.Length - 1);
        }
        else if (t.EndsWith('m'))
        {
            scale = 60;
            number = t.Substring(0, t.Length - 1);
        }
        else if (t.EndsWith('h'))
        {
            scale = 3600;
            number = t.Substring(0, t.Length - 1);
        }
        else
        {
            scale = 1;
            number = t;
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value))
        {
            return false;
        }

        duration = new Duration(value * scale);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Seconds.ToString("R", CultureInfo.InvariantCulture) + "s";
}

internal sealed class DurationConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new Duration(reader.GetDouble());
        }

        if (reader.TokenType == JsonTokenType.String && Duration.TryParse(reader.GetString() ?? "", out var d))
        {
            return d;
        }

        throw new JsonException("expected a number of seconds or a duration such as \"100ms\", \"12s\", \"2m\"");
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
