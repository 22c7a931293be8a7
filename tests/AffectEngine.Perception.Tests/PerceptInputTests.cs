using System;
using AffectEngine.Core;

namespace AffectEngine.Perception.Tests;

public class PerceptInputTests
{
    private static PerceptInput Sample(float[]? aus = null) =>
        new(12, InputSources.Perception, 3, "trainee", EmotionCategory.Happiness, 0.75f, 0.5f, -0.25f, 0.125f, PerceptQuality.Gap, aus);

    [Fact]
    public void Payload_round_trips_every_field_and_re_encodes_to_the_same_bytes()
    {
        var aus = new float[ActionUnits.Count];
        aus[ActionUnits.IndexOf(6)] = 3.5f;
        aus[ActionUnits.IndexOf(12)] = 4f;
        var input = Sample(aus);
        var w = new BufferStateWriter();
        input.WritePayload(w);
        var bytes = w.ToArray();

        var back = PerceptInput.ReadPayload(12, InputSources.Perception, 3, new BufferStateReader(bytes));
        Assert.Equal("percept", back.Kind);
        Assert.Equal("trainee", back.Person);
        Assert.Equal(EmotionCategory.Happiness, back.Category);
        Assert.Equal(0.75f, back.Confidence);
        Assert.Equal(0.5f, back.Valence);
        Assert.Equal(-0.25f, back.Arousal);
        Assert.Equal(0.125f, back.Dominance);
        Assert.Equal(PerceptQuality.Gap, back.Quality);
        Assert.Equal(aus, back.ActionUnitIntensities.ToArray());

        var w2 = new BufferStateWriter();
        back.WritePayload(w2);
        Assert.Equal(bytes, w2.ToArray());
    }

    [Fact]
    public void Payload_encoding_is_canonical_little_endian_golden_bytes()
    {
        var input = new PerceptInput(0, 16, 0, "p", EmotionCategory.Anger, 1f, -1f, 0.5f);
        var w = new BufferStateWriter();
        input.WritePayload(w);
        var expected = new byte[]
        {
            1, 0, 0, 0,             // version
            1, 0, 0, 0, (byte)'p',  // person
            6, 0, 0, 0,             // Anger
            0x00, 0x00, 0x80, 0x3F, // confidence 1
            0x00, 0x00, 0x80, 0xBF, // valence -1
            0x00, 0x00, 0x00, 0x3F, // arousal 0.5
            0, 0, 0, 0,             // no dominance
            0, 0, 0, 0,             // dominance placeholder 0
            0, 0, 0, 0,             // quality
            0, 0, 0, 0,             // no AUs
        };
        Assert.Equal(expected, w.ToArray());
    }

    [Fact]
    public void Absent_dominance_stays_absent_after_a_round_trip()
    {
        var input = new PerceptInput(1, 16, 0, "p", EmotionCategory.Uncertain, 0f, 0f, 0f, quality: PerceptQuality.Stale);
        var w = new BufferStateWriter();
        input.WritePayload(w);
        var back = PerceptInput.ReadPayload(1, 16, 0, new BufferStateReader(w.ToArray()));
        Assert.Null(back.Dominance);
        Assert.Equal(PerceptQuality.Stale, back.Quality);
        Assert.True(back.ActionUnitIntensities.IsEmpty);
    }

    [Theory]
    [InlineData(float.NaN, 0f)]
    [InlineData(0f, float.PositiveInfinity)]
    [InlineData(1.5f, 0f)]
    [InlineData(0f, -1e9f)]
    public void Constructor_refuses_non_finite_or_out_of_range_values(float valence, float arousal)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerceptInput(0, 16, 0, "p", EmotionCategory.Neutral, 0.5f, valence, arousal));
    }

    [Fact]
    public void Corrupted_payload_is_a_format_error_not_a_crash()
    {
        var w = new BufferStateWriter();
        Sample().WritePayload(w);
        var bytes = w.ToArray();
        bytes[^4] = 0x7F; // AU count (last int32) becomes 127
        Assert.Throws<FormatException>(() => PerceptInput.ReadPayload(12, 16, 3, new BufferStateReader(bytes)));
        var nan = w.ToArray();
        // Confidence bytes (after version 4 + person 4+7 + category 4) set to NaN.
        BitConverter.GetBytes(float.NaN).CopyTo(nan, 19);
        Assert.Throws<FormatException>(() => PerceptInput.ReadPayload(12, 16, 3, new BufferStateReader(nan)));
    }
}
