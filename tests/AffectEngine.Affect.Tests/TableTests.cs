using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace AffectEngine.Affect.Tests;

/// <summary>Published constants, cell by cell, and the catalogue that reports them.</summary>
public sealed class TableTests
{
    [Theory]
    [InlineData("admiration", 0.50f, 0.30f, -0.20f)]
    [InlineData("anger", -0.51f, 0.59f, 0.25f)]
    [InlineData("disliking", -0.40f, 0.20f, 0.10f)]
    [InlineData("disappointment", -0.30f, 0.10f, -0.40f)]
    [InlineData("distress", -0.40f, -0.20f, -0.50f)]
    [InlineData("fear", -0.64f, 0.60f, -0.43f)]
    [InlineData("fears-confirmed", -0.50f, -0.30f, -0.70f)]
    [InlineData("gloating", 0.30f, -0.30f, -0.10f)]
    [InlineData("gratification", 0.60f, 0.50f, 0.40f)]
    [InlineData("gratitude", 0.40f, 0.20f, -0.30f)]
    [InlineData("happy-for", 0.40f, 0.20f, 0.20f)]
    [InlineData("hate", -0.60f, 0.60f, 0.30f)]
    [InlineData("hope", 0.20f, 0.20f, -0.10f)]
    [InlineData("joy", 0.40f, 0.20f, 0.10f)]
    [InlineData("liking", 0.40f, 0.16f, -0.24f)]
    [InlineData("love", 0.30f, 0.10f, 0.20f)]
    [InlineData("pity", -0.40f, -0.20f, -0.50f)]
    [InlineData("pride", 0.40f, 0.30f, 0.30f)]
    [InlineData("relief", 0.20f, -0.30f, 0.40f)]
    [InlineData("remorse", -0.30f, 0.10f, -0.60f)]
    [InlineData("reproach", -0.30f, -0.10f, 0.40f)]
    [InlineData("resentment", -0.20f, -0.30f, -0.20f)]
    [InlineData("satisfaction", 0.30f, -0.20f, 0.40f)]
    [InlineData("shame", -0.30f, 0.10f, -0.60f)]
    public void Alma_occ_to_pad_row_matches_Gebhard_2005(string name, float p, float a, float d)
    {
        Assert.True(Emotions.TryParse(name, out var type));
        var (tp, ta, td) = AlmaTables.OccToPad(type);
        Assert.Equal(p, tp);
        Assert.Equal(a, ta);
        Assert.Equal(d, td);
    }

    [Theory]
    [InlineData(0, 0f, 0f, 0.21f, 0.59f, 0.19f)]
    [InlineData(1, 0.15f, 0f, 0f, 0.30f, -0.57f)]
    [InlineData(2, 0.25f, 0.17f, 0.60f, -0.32f, 0f)]
    public void Mehrabian_1996_coefficients_match_cell_by_cell(int axis, float o, float c, float e, float a, float n)
    {
        Assert.Equal(o, Mehrabian1996.Coefficients[axis, 0]);
        Assert.Equal(c, Mehrabian1996.Coefficients[axis, 1]);
        Assert.Equal(e, Mehrabian1996.Coefficients[axis, 2]);
        Assert.Equal(a, Mehrabian1996.Coefficients[axis, 3]);
        Assert.Equal(n, Mehrabian1996.Coefficients[axis, 4]);
    }

    [Fact]
    public void Default_mood_follows_Mehrabian_including_the_published_plus_019_N_term()
    {
        var mood = Mehrabian1996.DefaultMood(new Ocean(0.4f, 0.6f, 0.7f, 0.5f, -0.2f));
        Assert.Equal((0.21f * 0.7f) + (0.59f * 0.5f) + (0.19f * -0.2f), mood.P, 5);
        Assert.Equal((0.15f * 0.4f) + (0.30f * 0.5f) - (0.57f * -0.2f), mood.A, 5);
        Assert.Equal((0.25f * 0.4f) + (0.17f * 0.6f) + (0.60f * 0.7f) - (0.32f * 0.5f), mood.D, 5);
    }

    [Fact]
    public void Alma_table_rows_fall_in_the_octants_their_signs_name()
    {
        // Every row must be consistent with its valence class (OCC positive emotions have P > 0).
        foreach (var type in new[] { EmotionType.Joy, EmotionType.Hope, EmotionType.Gloating, EmotionType.Relief, EmotionType.Liking })
        {
            Assert.True(AppraisalSettings.IsPositive(type));
        }

        foreach (var type in new[] { EmotionType.Distress, EmotionType.Fear, EmotionType.Resentment, EmotionType.Anger, EmotionType.Disliking })
        {
            Assert.False(AppraisalSettings.IsPositive(type));
        }
    }

    [Fact]
    public void Catalogue_json_uses_kebab_names_and_the_published_tables()
    {
        using var stream = new MemoryStream();
        ModelCatalog.WriteJson(stream, Fixture.Models());
        var text = Encoding.UTF8.GetString(stream.ToArray());
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        var joy = root.GetProperty("occToPad").GetProperty("joy");
        Assert.Equal(3, joy.GetArrayLength());
        Assert.Equal(0.40, joy[0].GetDouble(), 10);
        Assert.Equal(0.20, joy[1].GetDouble(), 10);
        Assert.Equal(0.10, joy[2].GetDouble(), 10);
        Assert.Contains("0.40", text, StringComparison.Ordinal);
        Assert.True(root.GetProperty("occToPad").TryGetProperty("fears-confirmed", out _));
        Assert.True(root.GetProperty("occToPad").TryGetProperty("happy-for", out _));
        var p = root.GetProperty("personalityToMood").GetProperty("p");
        Assert.Equal("0", p.GetProperty("o").GetRawText());
        Assert.Equal("0.21", p.GetProperty("e").GetRawText());
        Assert.Equal("0.59", p.GetProperty("a").GetRawText());
        Assert.Equal("0.19", p.GetProperty("n").GetRawText());
        Assert.Equal("-0.57", root.GetProperty("personalityToMood").GetProperty("a").GetProperty("n").GetRawText());
        Assert.Equal("-0.32", root.GetProperty("personalityToMood").GetProperty("d").GetProperty("a").GetRawText());
        Assert.Equal("linear", root.GetProperty("decay").GetProperty("joy").GetProperty("kind").GetString());
        Assert.Equal(20, root.GetProperty("decay").GetProperty("joy").GetProperty("seconds").GetDouble());
        Assert.Equal("0.1", root.GetProperty("thresholds").GetProperty("anger").GetRawText());
        var gamygdala = root.GetProperty("appraisalModels").GetProperty("gamygdala").GetProperty("gamygdalaToPad");
        Assert.Equal(0.76, gamygdala.GetProperty("joy")[0].GetDouble(), 10);
        Assert.Equal("happiness", root.GetProperty("expression").GetProperty("occToExpression").GetProperty("joy").GetString());
        Assert.True(root.GetProperty("appraisalModels").TryGetProperty("occ", out _));
    }

    [Fact]
    public void Catalogue_text_names_every_citation()
    {
        using var writer = new StringWriter();
        ModelCatalog.WriteText(writer, Fixture.Models());
        var text = writer.ToString();
        Assert.Contains("Gebhard", text, StringComparison.Ordinal);
        Assert.Contains("Mehrabian", text, StringComparison.Ordinal);
        Assert.Contains("Friesen", text, StringComparison.Ordinal);
        Assert.Contains("Popescu", text, StringComparison.Ordinal);
        Assert.Contains("Dias", text, StringComparison.Ordinal);
        Assert.Contains("Larsen", text, StringComparison.Ordinal);
        Assert.Contains("fears-confirmed", text, StringComparison.Ordinal);
    }
}
