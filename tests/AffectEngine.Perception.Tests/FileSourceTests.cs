using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Perception.Tests;

public class FileSourceTests
{
    private static async Task<RecordingSink> Replay(string spec)
    {
        var sink = new RecordingSink();
        await using var source = PerceptionSourceFactory.Create(spec);
        Assert.True(source.IsRecording);
        await source.StartAsync(sink, CancellationToken.None);
        return sink;
    }

    private static async Task<PerceptInput[]> Fuse(string spec, string person = "t", FusionOptions? options = null)
    {
        await using var hub = new PerceptionHub(options);
        hub.AddSource(PerceptionSourceFactory.Create(spec), person: person);
        await hub.StartAsync();
        var outputs = new System.Collections.Generic.List<PerceptInput>();
        for (long tick = 0; tick < 10_000 && !hub.RecordingsFinished; tick++)
        {
            hub.ProduceInputs(tick, tick * 0.1, outputs);
        }

        return outputs.ToArray();
    }

    [Fact]
    public void Emfacs_prototype_of_a_smile_is_happiness_and_a_slack_face_is_neutral()
    {
        var aus = new float[ActionUnits.Count];
        aus[ActionUnits.IndexOf(6)] = 3f;
        aus[ActionUnits.IndexOf(12)] = 3.5f;
        var probs = new float[LabelTables.Emfacs.Count];
        EmfacsPrototypes.Score(aus, probs);
        var best = Array.IndexOf(probs, probs.Max());
        Assert.Equal(EmotionCategory.Happiness, LabelTables.Emfacs[best].Category);
        Assert.True(probs[LabelTables.Emfacs.IndexOf("contempt")] < probs[best] / 2, "AU12 without AU14 is not contempt");
        Assert.Equal(1f, probs.Sum(), 3);

        EmfacsPrototypes.Score(new float[ActionUnits.Count], probs);
        Assert.Equal(1f, probs[LabelTables.Emfacs.IndexOf("neutral")], 3);
    }

    [Fact]
    public async Task OpenFace_2_2_clip_of_smiles_yields_happiness()
    {
        var sink = await Replay("openface:" + Fixture.Path("openface_smile_v22.csv"));
        var percepts = sink.Percepts.ToArray();
        Assert.Equal(90, percepts.Length);
        Assert.Equal(2, percepts.Count(p => p.Quality.HasFlag(PerceptQuality.NoFace))); // success = 0 rows
        Assert.All(percepts, p => Assert.Equal("face0", p.Person));
        Assert.Equal(1.0 / 30, percepts[1].SourceTime, 3);

        var fused = await Fuse("openface:" + Fixture.Path("openface_smile_v22.csv"));
        Assert.Equal(EmotionCategory.Happiness, fused[^1].Category);
        Assert.True(fused[^1].Valence > 0.2f);
        Assert.False(fused[^1].ActionUnitIntensities.IsEmpty);
        Assert.True(fused[^1].ActionUnitIntensities[ActionUnits.IndexOf(12)] > 3f);
        Assert.Equal(EmotionCategory.Neutral, fused[1].Category); // the first half second is a still face
    }

    [Fact]
    public async Task OpenFace_2_0_header_with_double_space_separators_and_presence_only_AUs_parses()
    {
        var sink = await Replay("openface:" + Fixture.Path("openface_smile_v20_presence.csv"));
        Assert.Equal(60, sink.Percepts.Count);
        Assert.All(sink.Percepts, p => Assert.Equal("p0", p.Person));
        var fused = await Fuse("openface:" + Fixture.Path("openface_smile_v20_presence.csv"));
        Assert.Equal(EmotionCategory.Happiness, fused[^1].Category);
    }

    [Fact]
    public async Task OpenFace_with_reordered_AU_only_columns_and_CRLF_gives_a_neutral_face()
    {
        var fused = await Fuse("openface:" + Fixture.Path("openface_neutral_aus_only.csv"));
        Assert.Equal(EmotionCategory.Neutral, fused[^1].Category);
    }

    [Fact]
    public async Task OpenFace_without_timestamp_column_is_a_clear_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"of-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "frame, AU12_r\n1, 2.0\n");
        try
        {
            await using var source = PerceptionSourceFactory.Create("openface:" + path);
            var e = await Assert.ThrowsAsync<FormatException>(() => source.StartAsync(new RecordingSink(), CancellationToken.None));
            Assert.Contains("'timestamp'", e.Message);
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task OpenFace_garbage_rows_are_counted_and_the_rest_still_replays()
    {
        var path = Path.Combine(Path.GetTempPath(), $"of-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "frame, timestamp, success, AU06_r, AU12_r\n1, 0.0, 1, 3, 4\nthis is not a row\n2, 0.033, 1, nan, 4\n3, 0.066, 1, 3, 99\n4, 0.1, 1, 3, 4\n");
        try
        {
            await using var hub = new PerceptionHub();
            hub.AddSource(PerceptionSourceFactory.Create("openface:" + path));
            await hub.StartAsync();
            hub.ProduceInputs(0, 0);
            hub.ProduceInputs(1, 0.1);
            Assert.Equal(1, hub.RejectionCount("malformed"));
            Assert.Equal(1, hub.RejectionCount("nan"));
            Assert.Equal(1, hub.RejectionCount("out-of-range"));
            Assert.Equal(2, hub.AcceptedCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task E4_export_replays_EDA_HR_and_IBI_in_time_order()
    {
        var sink = await Replay("e4:" + Fixture.Path("e4"));
        var p = sink.Percepts.ToArray();
        Assert.Equal(280, p.Count(x => x.Physiology!.Value.Signal == PhysiologySignal.Eda));
        Assert.Equal(60, p.Count(x => x.Physiology!.Value.Signal == PhysiologySignal.HeartRate));
        Assert.True(p.Count(x => x.Physiology!.Value.Signal == PhysiologySignal.InterBeatInterval) > 50);
        Assert.Equal(1495437325.0, p[0].SourceTime, 6);
        Assert.All(p.Zip(p.Skip(1)), pair => Assert.True(pair.First.SourceTime <= pair.Second.SourceTime));
        Assert.Equal(ClockDomain.UnixSeconds, p[0].Clock);
    }

    [Fact]
    public async Task E4_export_arousal_rises_above_the_persons_baseline()
    {
        // The fixture is 70 s long and starts settled: no settling period to discard.
        var fused = await Fuse("e4:" + Fixture.Path("e4"), options: FusionOptions.Default with { PhysiologySettleSeconds = 0 });
        var at = (double s) => fused[(int)(s / 0.1)];
        Assert.True(at(20).Quality.HasFlag(PerceptQuality.Calibrating));
        Assert.InRange(at(35).Arousal, -0.6f, 0.6f);
        Assert.True(at(55).Arousal > 0.8f, $"arousal after the EDA rise: {at(55).Arousal}");
    }

    [Fact]
    public async Task IMotions_affdex_export_maps_joy_to_happiness_and_empty_rows_to_no_face()
    {
        var sink = await Replay("imotions:" + Fixture.Path("imotions_affdex.csv"));
        Assert.Equal(50, sink.Percepts.Count);
        Assert.Equal(2, sink.Percepts.Count(p => p.Quality.HasFlag(PerceptQuality.NoFace)));
        Assert.All(sink.Percepts, p => Assert.Equal("T01", p.Person));
        var fused = await Fuse("imotions:" + Fixture.Path("imotions_affdex.csv"));
        Assert.Equal(EmotionCategory.Neutral, fused[5].Category);
        Assert.Equal(EmotionCategory.Uncertain, fused[21].Category); // no face for 0.2 s
        Assert.Equal(EmotionCategory.Happiness, fused[^1].Category);
    }

    [Fact]
    public async Task Generic_csv_carries_persons_categories_and_valence_arousal_and_counts_bad_rows()
    {
        await using var hub = new PerceptionHub();
        hub.AddSource(PerceptionSourceFactory.Create("csv:" + Fixture.Path("generic.csv")));
        await hub.StartAsync();
        var outputs = new System.Collections.Generic.List<PerceptInput>();
        for (long tick = 0; !hub.RecordingsFinished; tick++)
        {
            outputs.Clear();
            hub.ProduceInputs(tick, tick * 0.1, outputs);
        }

        Assert.Equal(new[] { "anna", "ben" }, outputs.Select(o => o.Person));
        Assert.Equal(EmotionCategory.Happiness, outputs[0].Category);
        Assert.Equal(EmotionCategory.Anger, outputs[1].Category);
        Assert.InRange(outputs[0].Valence, 0.55f, 0.61f);
        Assert.Equal(1, hub.RejectionCount("nan"));
        Assert.Equal(1, hub.RejectionCount("unknown-label"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("openface", "no '<kind>:' prefix")]
    [InlineData("webcam:0", "unknown kind 'webcam'")]
    [InlineData("openface:/nonexistent/x.csv", "does not exist")]
    [InlineData("e4:/nonexistent-dir", "does not exist")]
    [InlineData("osc:127.0.0.1", "<host>:<port>")]
    [InlineData("osc:127.0.0.1:99999", "port '99999'")]
    [InlineData("osc:my-host:9000", "must be an IP address")]
    [InlineData("e4stream:127.0.0.1:0", "port '0'")]
    [InlineData("lsl:", "needs a stream predicate")]
    [InlineData("lsl:type=Emotion", "unsupported predicate term")]
    public void Bad_specs_are_clear_errors(string spec, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => PerceptionSourceFactory.Create(spec));
        Assert.True(e is FormatException or IOException, e.GetType().Name);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Good_specs_create_the_named_sources()
    {
        Assert.Equal(Modality.Face, PerceptionSourceFactory.Create("openface:" + Fixture.Path("openface_smile_v22.csv")).Modality);
        Assert.Equal(Modality.Physiology, PerceptionSourceFactory.Create("e4:" + Fixture.Path("e4")).Modality);
        Assert.False(PerceptionSourceFactory.Create("osc:127.0.0.1:0").IsRecording);
        Assert.False(PerceptionSourceFactory.Create("lsl:type='Emotion' and starts-with(name,'Affect')").IsRecording);
        Assert.Equal(Modality.Physiology, PerceptionSourceFactory.Create("e4stream:localhost:28000").Modality);
    }

    [Fact]
    public async Task Inspector_replays_a_file_and_writes_the_fused_csv()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"percepts-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        var output = new StringWriter();
        try
        {
            var rc = await PerceptsInspector.RunAsync("openface:" + Fixture.Path("openface_smile_v22.csv"), 0, csv, output, CancellationToken.None);
            Assert.Equal(0, rc);
            var text = output.ToString();
            Assert.Contains("raw t=", text);
            Assert.Contains("fused t=", text);
            var lines = await File.ReadAllLinesAsync(csv);
            Assert.StartsWith("time,person,source,category,confidence,valence,arousal", lines[0]);
            Assert.Contains(lines, l => l.Contains(",face0,") && l.Contains(",happiness,"));
            Assert.False(File.Exists(csv + ".tmp"));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Inspector_runs_a_live_OSC_source_for_the_given_wall_time()
    {
        var port = Net.FreeUdpPort();
        var csv = Path.Combine(Path.GetTempPath(), $"percepts-osc-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        var output = new StringWriter();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var run = PerceptsInspector.RunAsync($"osc:127.0.0.1:{port}", 2.0, csv, output, CancellationToken.None);
            using (var sender = new Osc.OscSender("127.0.0.1", port))
            {
                while (!run.IsCompleted)
                {
                    sender.SendEmotion("anna", EmotionCategory.Surprise, 0.9f, 0.1f, 0.7f);
                    await Task.Delay(50);
                }
            }

            Assert.Equal(0, await run);
            Assert.InRange(clock.Elapsed.TotalSeconds, 1.9, 10);
            string text;
            lock (output)
            {
                text = output.ToString();
            }

            Assert.Contains("raw t=", text);
            Assert.True(text.Contains("anna: Surprise", StringComparison.Ordinal), text);
            var lines = await File.ReadAllLinesAsync(csv);
            Assert.Contains(lines, l => l.Contains(",anna,") && l.Contains(",surprise,"));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Inspector_reports_a_bad_spec_without_throwing()
    {
        var output = new StringWriter();
        var rc = await PerceptsInspector.RunAsync("nope:x", 1, null, output, CancellationToken.None);
        Assert.Equal(2, rc);
        Assert.Contains("unknown kind 'nope'", output.ToString());
    }
}
