using System;
using System.Collections.Generic;
using System.Linq;

namespace AffectEngine.Perception.Tests;

/// <summary>Fusion that knows when it does not know: confidence, disagreement, dropout, abstention.</summary>
public class UncertaintyTests
{
    private static Percept Cat(EmotionCategory c, float confidence, Modality m = Modality.Face)
    {
        var probs = new float[LabelTables.Canonical.Count];
        probs[LabelTables.Canonical.IndexOf(LabelTables.NameOf(c))] = 1f;
        return new Percept { SourceId = "s", Person = "x", Modality = m, Labels = LabelTables.Canonical, ClassProbabilities = probs, Confidence = confidence, Clock = ClockDomain.Arrival };
    }

    private static Percept Va(float v, float a, float confidence, Modality m, float? dominance = null) =>
        new() { SourceId = "s", Person = "x", Modality = m, Affect = new ValenceArousal(v, a), Dominance = dominance, Confidence = confidence, Clock = ClockDomain.Arrival };

    [Fact]
    public void A_whisper_of_confidence_moves_valence_only_a_little()
    {
        PerceptInput Run(float confidence)
        {
            var hub = new PerceptionHub();
            var face = hub.AddPushSource("face", Modality.Face, person: "t");
            PerceptInput last = null!;
            for (var i = 0; i < 20; i++)
            {
                face.Push(Cat(EmotionCategory.Happiness, confidence));
                last = hub.ProduceInputs(i, i * 0.1).Single();
            }

            return last;
        }

        var sure = Run(1f);
        var whisper = Run(0.05f);
        Assert.Equal(0.40f, sure.Valence, 2);
        Assert.InRange(whisper.Valence, 0f, 0.05f); // 0.4 × 0.05 / 0.5
        Assert.True(whisper.Quality.HasFlag(PerceptQuality.LowConfidence) || whisper.Quality.HasFlag(PerceptQuality.Abstained));
    }

    [Fact]
    public void Modalities_that_contradict_each_other_make_the_fusion_abstain_and_agreement_does_not()
    {
        (PerceptInput Last, List<ModalitySnapshot> Snaps) Run(float bodyValence, float bodyArousal)
        {
            var hub = new PerceptionHub();
            var snaps = new List<ModalitySnapshot>();
            using var sub = hub.ModalityReadings.Subscribe(snaps.Add);
            var face = hub.AddPushSource("face", Modality.Face, person: "t");
            var body = hub.AddPushSource("body", Modality.Body, person: "t");
            PerceptInput last = null!;
            for (var i = 0; i < 30; i++)
            {
                face.Push(Cat(EmotionCategory.Happiness, 0.9f));
                body.Push(Va(bodyValence, bodyArousal, 1f, Modality.Body));
                last = hub.ProduceInputs(i, i * 0.1).Single();
            }

            return (last, snaps);
        }

        var agree = Run(0.4f, 0.2f);
        var clash = Run(-0.7f, 0.9f);
        Assert.Equal(EmotionCategory.Happiness, agree.Last.Category);
        Assert.False(agree.Last.Quality.HasFlag(PerceptQuality.Abstained));
        Assert.True(agree.Snaps[^1].Disagreement < 0.05f);
        Assert.True(clash.Snaps[^1].Disagreement > 0.35f, $"disagreement {clash.Snaps[^1].Disagreement}");
        Assert.True(clash.Last.Quality.HasFlag(PerceptQuality.Abstained));
        Assert.True(clash.Last.Confidence < agree.Last.Confidence * 0.7f);

        // Each modality's own reading is reported beside the fused one.
        var readings = clash.Snaps[^1].Readings;
        Assert.Equal(new[] { Modality.Face, Modality.Body }, readings.Select(r => r.Modality).ToArray());
        Assert.Equal(-0.7f, readings[1].Valence!.Value, 3);
        Assert.All(readings, r => Assert.True(r.Live));
    }

    [Fact]
    public void A_modality_that_drops_out_is_reported_as_dropped_and_the_rest_carry_on()
    {
        var hub = new PerceptionHub();
        var snaps = new List<ModalitySnapshot>();
        using var sub = hub.ModalityReadings.Subscribe(snaps.Add);
        var face = hub.AddPushSource("face", Modality.Face, person: "t");
        var body = hub.AddPushSource("body", Modality.Body, person: "t");
        PerceptInput last = null!;
        for (var i = 0; i < 40; i++)
        {
            face.Push(Cat(EmotionCategory.Sadness, 0.9f));
            if (i < 10)
            {
                body.Push(Va(-0.3f, -0.2f, 1f, Modality.Body, dominance: -0.4f));
            }

            last = hub.ProduceInputs(i, i * 0.1).Single();
        }

        Assert.Equal(EmotionCategory.Sadness, last.Category);
        var bodyReading = snaps[^1].Readings.Single(r => r.Modality == Modality.Body);
        Assert.False(bodyReading.Live);
        Assert.Null(bodyReading.Valence);
        Assert.True(snaps[^1].Readings.Single(r => r.Modality == Modality.Face).Live);
    }

    [Fact]
    public void A_lagging_modality_is_not_counted_against_a_category_younger_than_its_latency()
    {
        var hub = new PerceptionHub();
        var snaps = new List<ModalitySnapshot>();
        using var sub = hub.ModalityReadings.Subscribe(snaps.Add);
        var face = hub.AddPushSource("face", Modality.Face, person: "t");
        var voice = hub.AddPushSource("voice", Modality.Voice, person: "t");
        for (var i = 0; i < 30; i++)
        {
            face.Push(Cat(EmotionCategory.Happiness, 0.9f));
            voice.Push(Va(-0.6f, 0.6f, 0.9f, Modality.Voice));
            hub.ProduceInputs(i, i * 0.1);
        }

        Assert.Equal(0f, snaps[5].Disagreement); // 0.5 s: within the voice's 1 s latency
        Assert.True(snaps[^1].Disagreement > 0.2f);
    }

    [Fact]
    public void A_neutral_face_alone_is_uncorroborated_and_is_not_read_as_disengagement()
    {
        var hub = new PerceptionHub();
        var face = hub.AddPushSource("face", Modality.Face, person: "t");
        PerceptInput last = null!;
        for (var i = 0; i < 10; i++)
        {
            face.Push(Cat(EmotionCategory.Neutral, 0.95f));
            last = hub.ProduceInputs(i, i * 0.1).Single();
        }

        Assert.Equal(EmotionCategory.Neutral, last.Category);
        Assert.True(last.Quality.HasFlag(PerceptQuality.Uncorroborated));
        Assert.Equal(0f, Affect.PerceivedPersonRules.Congruence(last));

        // The same face with a slumped, still body (low arousal, negative valence) is corroborated.
        var hub2 = new PerceptionHub();
        var face2 = hub2.AddPushSource("face", Modality.Face, person: "t");
        var body2 = hub2.AddPushSource("body", Modality.Body, person: "t");
        for (var i = 0; i < 10; i++)
        {
            face2.Push(Cat(EmotionCategory.Neutral, 0.95f));
            body2.Push(Va(-0.05f, -0.1f, 0.8f, Modality.Body));
            last = hub2.ProduceInputs(i, i * 0.1).Single();
        }

        Assert.False(last.Quality.HasFlag(PerceptQuality.Uncorroborated));
        Assert.True(Affect.PerceivedPersonRules.Congruence(last) < 0f);
    }

    [Fact]
    public void An_abstained_percept_gives_no_reaction_impulse()
    {
        var sure = new PerceptInput(0, InputSources.Perception, 0, "t", EmotionCategory.Anger, 0.8f, -0.5f, 0.6f);
        var unsure = new PerceptInput(0, InputSources.Perception, 0, "t", EmotionCategory.Anger, 0.8f, -0.5f, 0.6f, quality: PerceptQuality.Abstained);
        Assert.True(Affect.PerceivedPersonRules.ReactionImpulse(Affect.PerceivedReading.Fortunes, sure, 0.5f, 0.1) > 0f);
        Assert.Equal(0f, Affect.PerceivedPersonRules.ReactionImpulse(Affect.PerceivedReading.Fortunes, unsure, 0.5f, 0.1));
    }
}
