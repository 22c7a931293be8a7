using System;
using System.Collections.Generic;
using System.Linq;

namespace AffectEngine.Perception.Tests;

public class FusionTests
{
    private const double Step = 0.1;

    private static Percept Category(string person, EmotionCategory category, float confidence, Modality modality = Modality.Face)
    {
        var probs = new float[LabelTables.Canonical.Count];
        probs[LabelTables.Canonical.IndexOf(LabelTables.NameOf(category))] = 1f;
        return new Percept { SourceId = "test", Person = person, Modality = modality, Labels = LabelTables.Canonical, ClassProbabilities = probs, Confidence = confidence, Clock = ClockDomain.Arrival };
    }

    private static PerceptInput Tick(PerceptionHub hub, long tick) => hub.ProduceInputs(tick, tick * Step).Single();

    [Fact]
    public void Fresh_face_evidence_gives_its_category_and_the_PAD_of_its_label()
    {
        var hub = new PerceptionHub();
        var face = hub.AddPushSource("face", Modality.Face, person: "t");
        PerceptInput last = null!;
        for (var i = 0; i < 10; i++)
        {
            face.Push(Category("x", EmotionCategory.Happiness, 0.9f));
            last = Tick(hub, i);
        }

        Assert.Equal("t", last.Person);
        Assert.Equal(EmotionCategory.Happiness, last.Category);
        Assert.InRange(last.Confidence, 0.85f, 0.95f);
        Assert.Equal(0.40f, last.Valence, 3); // ALMA joy pleasure
        Assert.Equal(0.20f, last.Arousal, 3);
        Assert.Equal(PerceptQuality.None, last.Quality);
    }

    [Fact]
    public void Stale_face_fades_to_uncertain_never_to_neutral_and_is_flagged_stale()
    {
        var hub = new PerceptionHub();
        var face = hub.AddPushSource("face", Modality.Face, person: "t");
        face.Push(Category("x", EmotionCategory.Neutral, 1f));
        var first = Tick(hub, 0);
        Assert.Equal(EmotionCategory.Neutral, first.Category);

        var seen = new List<PerceptInput>();
        for (var i = 1; i <= 10; i++)
        {
            seen.Add(Tick(hub, i));
        }

        // Confidence decays with freshness, then the category is dropped; TTL (0.5 s) later it is stale.
        Assert.True(seen[0].Confidence < first.Confidence);
        Assert.DoesNotContain(seen.Skip(5), p => p.Category == EmotionCategory.Neutral);
        var end = seen[^1];
        Assert.Equal(EmotionCategory.Uncertain, end.Category);
        Assert.Equal(0f, end.Confidence);
        Assert.True(end.Quality.HasFlag(PerceptQuality.Stale));
    }

    [Fact]
    public void Face_dropout_is_uncertain_with_no_face_flag_at_once()
    {
        var hub = new PerceptionHub();
        var face = hub.AddPushSource("face", Modality.Face, person: "t");
        for (var i = 0; i < 5; i++)
        {
            face.Push(Category("x", EmotionCategory.Sadness, 0.9f));
            Tick(hub, i);
        }

        face.Push(new Percept { SourceId = "face", Person = "x", Modality = Modality.Face, Quality = PerceptQuality.NoFace });
        var p = Tick(hub, 5);
        Assert.Equal(EmotionCategory.Uncertain, p.Category);
        Assert.True(p.Quality.HasFlag(PerceptQuality.NoFace));
        Assert.Equal(0f, p.Confidence);
    }

    [Fact]
    public void Conflicting_sources_are_weighed_by_reliability_times_confidence()
    {
        var hub = new PerceptionHub();
        var face = hub.AddPushSource("face", Modality.Face, person: "t");     // reliability 1.0
        var voice = hub.AddPushSource("voice", Modality.Voice, person: "t");  // reliability 0.7
        PerceptInput p = null!;
        for (var i = 0; i < 5; i++)
        {
            face.Push(Category("x", EmotionCategory.Happiness, 0.8f));
            voice.Push(Category("x", EmotionCategory.Anger, 0.8f, Modality.Voice));
            p = Tick(hub, i);
        }

        Assert.Equal(EmotionCategory.Happiness, p.Category);
        // 1.0·0.8 / (1.0 + 0.7): the dissenting voice lowers confidence.
        Assert.Equal(0.8f / 1.7f, p.Confidence, 3);
        // Valence is the weighted mean of joy (+.40) and anger (−.51).
        var expected = ((0.8 * 0.40) + (0.7 * 0.8 * -0.51)) / (0.8 + (0.7 * 0.8));
        Assert.InRange(p.Valence, (float)expected - 0.02f, (float)expected + 0.02f);
    }

    [Fact]
    public void Hysteresis_and_dwell_stop_a_near_tie_from_flickering()
    {
        var hub = new PerceptionHub();
        var a = hub.AddPushSource("a", Modality.Face, person: "t");
        var b = hub.AddPushSource("b", Modality.Face, person: "t");
        var categories = new List<EmotionCategory>();
        for (var i = 0; i < 40; i++)
        {
            // The two sources alternate which one is slightly more confident.
            var (ca, cb) = i % 2 == 0 ? (0.80f, 0.75f) : (0.75f, 0.80f);
            a.Push(Category("x", EmotionCategory.Happiness, ca));
            b.Push(Category("x", EmotionCategory.Surprise, cb));
            categories.Add(Tick(hub, i).Category);
        }

        var switches = categories.Zip(categories.Skip(1)).Count(x => x.First != x.Second);
        Assert.Equal(0, switches);
        Assert.Equal(EmotionCategory.Happiness, categories[0]);
    }

    [Fact]
    public void A_clear_change_switches_category_only_after_the_minimum_dwell()
    {
        var hub = new PerceptionHub(FusionOptions.Default with { MinDwellSeconds = 1.0 });
        var face = hub.AddPushSource("face", Modality.Face, person: "t");
        face.Push(Category("x", EmotionCategory.Happiness, 1f));
        Assert.Equal(EmotionCategory.Happiness, Tick(hub, 0).Category);
        var switchedAt = -1;
        for (var i = 1; i < 30 && switchedAt < 0; i++)
        {
            face.Push(Category("x", EmotionCategory.Fear, 1f));
            if (Tick(hub, i).Category == EmotionCategory.Fear)
            {
                switchedAt = i;
            }
        }

        Assert.Equal(10, switchedAt); // held for 1.0 s = 10 ticks of 0.1 s
    }

    [Fact]
    public void NaN_and_out_of_range_values_are_rejected_counted_and_never_reach_the_core()
    {
        var hub = new PerceptionHub();
        var s = hub.AddPushSource("s", Modality.Other, person: "t");
        s.Push(new Percept { SourceId = "s", Person = "x", Modality = Modality.Other, Affect = new ValenceArousal(float.NaN, 0.2f), Confidence = 1 });
        s.Push(new Percept { SourceId = "s", Person = "x", Modality = Modality.Other, Affect = new ValenceArousal(0.1f, 1e9f), Confidence = 1 });
        s.Push(new Percept { SourceId = "s", Person = "x", Modality = Modality.Physiology, Physiology = new PhysiologySample(PhysiologySignal.Eda, 1e12f), Confidence = 1 });
        s.Push(new Percept { SourceId = "s", Person = "x", Modality = Modality.Physiology, Physiology = new PhysiologySample(PhysiologySignal.HeartRate, float.PositiveInfinity), Confidence = 1 });
        var aus = new float[ActionUnits.Count];
        aus[0] = 7f;
        s.Push(new Percept { SourceId = "s", Person = "x", Modality = Modality.Face, ActionUnitIntensities = aus, Confidence = 1 });
        s.Push(new Percept { SourceId = "s", Person = "x", Modality = Modality.Other, Affect = new ValenceArousal(0.3f, 0.2f), Confidence = float.NaN });

        var p = Tick(hub, 0);
        Assert.Equal(3, hub.RejectionCount("nan"));
        Assert.Equal(3, hub.RejectionCount("out-of-range"));
        Assert.Equal(0, hub.AcceptedCount);
        Assert.True(float.IsFinite(p.Valence) && float.IsFinite(p.Arousal));
        Assert.Equal(EmotionCategory.Uncertain, p.Category);
        Assert.Contains(hub.Rejections(), r => r.SourceId == "s" && r.Reason == "nan" && r.Count == 3);
    }

    [Fact]
    public void Eda_is_read_against_the_persons_own_baseline_after_calibration()
    {
        var hub = new PerceptionHub(FusionOptions.Default with { BaselineSeconds = 2.0, PhysiologySettleSeconds = 0 });
        var e4 = hub.AddPushSource("e4", Modality.Physiology, person: "t");
        PerceptInput p = null!;
        var calibratingSeen = false;
        for (var i = 0; i < 40; i++)
        {
            // 2 s of a flat-ish 5 µS baseline, then a phasic rise to 6 µS.
            var eda = i < 20 ? 5f + (0.05f * (i % 3)) : 6f;
            e4.Push(new Percept { SourceId = "e4", Person = "x", Modality = Modality.Physiology, Physiology = new PhysiologySample(PhysiologySignal.Eda, eda), Confidence = 1 });
            p = Tick(hub, i);
            calibratingSeen |= p.Quality.HasFlag(PerceptQuality.Calibrating);
            if (i < 19)
            {
                Assert.Equal(0f, p.Arousal); // nothing before the baseline exists
            }
        }

        Assert.True(calibratingSeen);
        Assert.False(p.Quality.HasFlag(PerceptQuality.Calibrating));
        Assert.True(p.Arousal > 0.9f, $"arousal {p.Arousal}");
        Assert.Equal(EmotionCategory.Uncertain, p.Category); // physiology alone names no category
    }

    [Fact]
    public void One_euro_smoothing_follows_a_step_without_overshoot()
    {
        var hub = new PerceptionHub();
        var s = hub.AddPushSource("va", Modality.Other, person: "t");
        var values = new List<float>();
        for (var i = 0; i < 30; i++)
        {
            var v = i < 5 ? -0.5f : 0.5f;
            s.Push(new Percept { SourceId = "va", Person = "x", Modality = Modality.Other, Affect = new ValenceArousal(v, 0), Confidence = 1 });
            values.Add(Tick(hub, i).Valence);
        }

        Assert.Equal(-0.5f, values[4], 3);
        Assert.True(values[5] > -0.5f && values[5] < 0.5f, "the step is smoothed");
        Assert.True(values.All(v => v <= 0.5f + 1e-5f), "no overshoot");
        Assert.InRange(values[^1], 0.49f, 0.5f);
    }

    [Fact]
    public void Persons_are_emitted_in_ordinal_order_with_sequence_numbers()
    {
        var hub = new PerceptionHub();
        hub.AddPerson("zoe");
        var s = hub.AddPushSource("s", Modality.Face);
        s.Push(Category("adam", EmotionCategory.Anger, 1f));
        var batch = hub.ProduceInputs(0, 0);
        Assert.Equal(new[] { "adam", "zoe" }, batch.Select(b => b.Person));
        Assert.Equal(new long[] { 0, 1 }, batch.Select(b => b.Sequence));
        Assert.All(batch, b => Assert.Equal(InputSources.Perception, b.Source));
        Assert.Equal(EmotionCategory.Uncertain, batch[1].Category); // known but never observed
    }

    [Fact]
    public void Recordings_replay_on_their_own_timeline()
    {
        var hub = new PerceptionHub();
        var rec = hub.AddPushSource("file", Modality.Face, isRecording: true, person: "t");
        rec.Push(Category("x", EmotionCategory.Happiness, 1f) with { SourceTime = 100.0 });
        rec.Push(Category("x", EmotionCategory.Fear, 1f) with { SourceTime = 101.0 });
        Assert.Equal(EmotionCategory.Happiness, Tick(hub, 0).Category);
        Assert.False(hub.RecordingsFinished);
        Assert.Equal(EmotionCategory.Happiness, Tick(hub, 4).Category);
        Assert.Equal(EmotionCategory.Uncertain, Tick(hub, 9).Category); // 0.9 s: the happy frame went stale
        Assert.Equal(EmotionCategory.Fear, Tick(hub, 10).Category);
        Assert.True(hub.RecordingsFinished);
    }

    [Fact]
    public void Raw_and_fused_streams_are_observable()
    {
        var hub = new PerceptionHub();
        var raw = new List<Percept>();
        var fused = new List<PerceptInput>();
        using var r = hub.RawPercepts.Subscribe(raw.Add);
        using var f = hub.FusedPercepts.Subscribe(fused.Add);
        var s = hub.AddPushSource("s", Modality.Face, person: "t");
        s.Push(Category("x", EmotionCategory.Anger, 1f));
        s.Push(Category("x", EmotionCategory.Anger, float.NaN));
        Tick(hub, 0);
        Tick(hub, 1);
        Assert.Single(raw);
        Assert.Equal(2, fused.Count);
        Assert.Equal(EmotionCategory.Anger, fused[0].Category);
    }

    [Fact]
    public void Options_are_validated_with_the_field_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new PerceptionHub(FusionOptions.Default with { ExitConfidence = 0.9f }));
        Assert.Contains("ExitConfidence", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PerceptionHub(FusionOptions.Default with { FaceTtlSeconds = double.NaN }));
        Assert.Contains("FaceTtlSeconds", e.Message);
    }

    [Fact]
    public void Ticks_must_increase()
    {
        var hub = new PerceptionHub();
        hub.ProduceInputs(5, 0.5);
        Assert.Throws<ArgumentException>(() => hub.ProduceInputs(5, 0.5));
        Assert.Throws<ArgumentException>(() => hub.ProduceInputs(6, 0.4));
    }
}

public class QualityFlagTests
{
    [Fact]
    public void Eda_at_the_sensor_floor_is_contact_loss_and_drops_physiology_evidence()
    {
        var hub = new PerceptionHub(FusionOptions.Default with { BaselineSeconds = 0.5, PhysiologySettleSeconds = 0 });
        var e4 = hub.AddPushSource("e4", Modality.Physiology, person: "t");
        PerceptInput p = null!;
        for (var i = 0; i < 20; i++)
        {
            var eda = i < 10 ? 2f + (0.1f * (i % 2)) : 3f;
            var s = new PhysiologySample(PhysiologySignal.Eda, eda);
            e4.Push(new Percept { SourceId = "e4", Person = "x", Modality = Modality.Physiology, Physiology = s, Confidence = 1, Quality = Sources.PhysiologyQuality.Of(s) });
            p = hub.ProduceInputs(i, i * 0.1).Single();
        }

        Assert.True(p.Arousal > 0.5f);
        var lost = new PhysiologySample(PhysiologySignal.Eda, 0.0f);
        Assert.Equal(PerceptQuality.ContactLoss, Sources.PhysiologyQuality.Of(lost));
        e4.Push(new Percept { SourceId = "e4", Person = "x", Modality = Modality.Physiology, Physiology = lost, Confidence = 1, Quality = PerceptQuality.ContactLoss });
        p = hub.ProduceInputs(20, 2.0).Single();
        Assert.True(p.Quality.HasFlag(PerceptQuality.ContactLoss));
        Assert.Equal(EmotionCategory.Uncertain, p.Category);
    }

    [Fact]
    public async System.Threading.Tasks.Task OpenFace_timeline_jumps_are_flagged_as_gaps_through_fusion()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"of-gap-{Environment.ProcessId}-{Guid.NewGuid():N}.csv");
        await System.IO.File.WriteAllTextAsync(path, "frame, timestamp, success, AU06_r, AU12_r\n1, 0.0, 1, 3, 4\n2, 0.033, 1, 3, 4\n3, 1.5, 1, 3, 4\n");
        try
        {
            var sink = new RecordingSink();
            await using (var source = PerceptionSourceFactory.Create("openface:" + path))
            {
                await source.StartAsync(sink, default);
            }

            Assert.Equal(new[] { PerceptQuality.None, PerceptQuality.None, PerceptQuality.Gap }, sink.Percepts.Select(p => p.Quality));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Network_listeners_bind_to_loopback_by_default()
    {
        await using var hub = new PerceptionHub();
        var osc = (Osc.OscSource)PerceptionSourceFactory.Create("osc:0");
        hub.AddSource(osc);
        await hub.StartAsync();
        Assert.NotEqual(0, osc.LocalPort);
        Assert.Equal(System.Net.IPAddress.Loopback, osc.BoundAddress);

        await using var outlet = new Lsl.LslOutlet($"Bind-{Guid.NewGuid():N}", "Emotion", new[] { "a.valence", "a.arousal" });
        Assert.Equal(System.Net.IPAddress.Loopback, outlet.BoundAddress);
    }
}

public class MixedEvidenceTests
{
    [Fact]
    public void A_sources_valence_message_does_not_erase_its_category_message()
    {
        var hub = new PerceptionHub();
        var osc = hub.AddPushSource("osc", Modality.Face, person: "t");
        var probs = new float[LabelTables.Canonical.Count];
        probs[LabelTables.Canonical.IndexOf("surprise")] = 1f;
        osc.Push(new Percept { SourceId = "osc", Person = "x", Modality = Modality.Face, Labels = LabelTables.Canonical, ClassProbabilities = probs, Confidence = 0.9f });
        osc.Push(new Percept { SourceId = "osc", Person = "x", Modality = Modality.Other, Affect = new ValenceArousal(0.1f, 0.7f), Confidence = 0.9f });
        var p = hub.ProduceInputs(0, 0).Single();
        Assert.Equal(EmotionCategory.Surprise, p.Category);
        // Surprise (0, .6) and the tool's own (.1, .7) are .05 apart (RMS over √2): confidence × .95.
        Assert.Equal(0.9f * 0.95f, p.Confidence, 3);

        // A lost face drops both kinds of face evidence of that source.
        osc.Push(new Percept { SourceId = "osc", Person = "x", Modality = Modality.Face, Quality = PerceptQuality.NoFace });
        p = hub.ProduceInputs(1, 0.1).Single();
        Assert.Equal(EmotionCategory.Uncertain, p.Category);
        Assert.True(p.Quality.HasFlag(PerceptQuality.NoFace));
    }
}
