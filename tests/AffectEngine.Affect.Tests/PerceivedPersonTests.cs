using System;
using AffectEngine.Appraisal;
using AffectEngine.Core;
using AffectEngine.Perception;

namespace AffectEngine.Affect.Tests;

/// <summary>How agents react to perceived persons and how a mover's recognized face colours a move (docs/perception.md).</summary>
public sealed class PerceivedPersonTests
{
    private const float OneStepDecay = 0.1f / 20f;
    private const float Tol = 1e-5f;

    private sealed class Session : IDisposable
    {
        public Session(PerceivedReading reading = PerceivedReading.Fortunes, float liking = 0.6f)
        {
            Patient = F.Agent();
            Trainee = F.Agent();
            Bystander = F.Agent();
            F.Appraisal.DeclareGoal(Patient, "feel-safe", 0.8f);
            F.Appraisal.DeclareStandard(Patient, "reassure", 0.5f);
            F.Appraisal.SetLiking(Patient, Trainee, liking);
            F.Appraisal.Attention.SetAgent("trainee", Trainee);
            F.Appraisal.Attention.Attend("trainee", Patient);
            F.Appraisal.Attention.SetReading("trainee", reading);
        }

        public Fixture F { get; } = Fixture.Occ();

        public AgentId Patient { get; }

        public AgentId Trainee { get; }

        public AgentId Bystander { get; }

        public void Face(EmotionCategory category, float confidence, float valence = -0.4f, PerceptQuality quality = PerceptQuality.None) =>
            F.World.Inputs.Enqueue(new PerceptInput(F.World.Tick, InputSources.Perception, 0, "trainee", category, confidence, valence, 0f, quality: quality));

        public MoveInput Reassure()
        {
            var e = new AppraisalEvent(F.World.Tick, InputSources.Host, 0, F.Names.Action("reassure"), Trainee,
                [new GoalEffect(Patient, F.Names.Goal("feel-safe"), new Congruence(0.5f), new Likelihood(1f))], default, [Patient]);
            var m = new MoveInput("reassure", "trainee", e);
            F.World.Inputs.Enqueue(m);
            return m;
        }

        public void Dispose() => F.Dispose();
    }

    [Fact]
    public void A_move_with_a_concerned_face_is_appraised_more_favourably_than_with_a_bored_face()
    {
        using var concerned = new Session(PerceivedReading.Addressed);
        concerned.Face(EmotionCategory.Sadness, 0.8f);
        concerned.Reassure();
        concerned.F.Simulation.Step();
        using var bored = new Session(PerceivedReading.Addressed);
        bored.Face(EmotionCategory.Contempt, 0.8f);
        bored.Reassure();
        bored.F.Simulation.Step();

        // κ = ±0.8: admiration 0.5·(1 ± 0.4), joy 0.4·(1 ± 0.4), plus the face's own per-tick reaction.
        var faceImpulse = PerceivedPersonRules.ReactionRatePerSecond * 0.1f * 0.8f * (0.5f + (0.5f * 0.6f));
        var admirationConcerned = 0.7f + faceImpulse - (0.7f * faceImpulse);
        Assert.Equal(admirationConcerned - OneStepDecay, concerned.F.I(concerned.Patient, EmotionType.Admiration), Tol);
        Assert.Equal(0.3f - OneStepDecay, bored.F.I(bored.Patient, EmotionType.Admiration), Tol);
        Assert.Equal((0.4f * 1.4f) - OneStepDecay, concerned.F.I(concerned.Patient, EmotionType.Joy), Tol);
        Assert.Equal((0.4f * 0.6f) - OneStepDecay, bored.F.I(bored.Patient, EmotionType.Joy), Tol);
        Assert.Equal(faceImpulse - OneStepDecay, bored.F.I(bored.Patient, EmotionType.Reproach), Tol);
    }

    [Fact]
    public void Without_a_percept_of_the_mover_a_move_is_appraised_like_the_plain_event()
    {
        using var s = new Session();
        s.Reassure();
        s.F.Simulation.Step();
        Assert.Equal(0.5f - OneStepDecay, s.F.I(s.Patient, EmotionType.Admiration), Tol);
        Assert.Equal(0.4f - OneStepDecay, s.F.I(s.Patient, EmotionType.Joy), Tol);
    }

    [Fact]
    public void Spectators_pity_a_liked_person_showing_sadness_and_gloat_over_a_disliked_one()
    {
        using var liked = new Session(PerceivedReading.Fortunes, liking: 0.6f);
        using var disliked = new Session(PerceivedReading.Fortunes, liking: -0.6f);
        for (var t = 0; t < 50; t++)
        {
            liked.Face(EmotionCategory.Sadness, 0.9f);
            liked.F.Simulation.Step();
            disliked.Face(EmotionCategory.Sadness, 0.9f);
            disliked.F.Simulation.Step();
        }

        // Per tick 0.2·0.1·0.9·0.8 = 0.0144 against a decay of 0.005: a sustained reaction builds up.
        Assert.True(liked.F.I(liked.Patient, EmotionType.Pity) > 0.2f);
        Assert.Equal(0f, liked.F.I(liked.Patient, EmotionType.Gloating));
        Assert.True(disliked.F.I(disliked.Patient, EmotionType.Gloating) > 0.2f);
        Assert.Equal(0f, liked.F.I(liked.Bystander, EmotionType.Pity)); // not attending
        Assert.Equal(0f, liked.F.I(liked.Trainee, EmotionType.Pity)); // the person does not react to themself
    }

    [Fact]
    public void A_stale_or_faceless_percept_moves_nobody_and_neither_does_a_weak_display()
    {
        using var s = new Session();
        for (var t = 0; t < 50; t++)
        {
            s.Face(EmotionCategory.Sadness, 0.9f, quality: t % 2 == 0 ? PerceptQuality.Stale : PerceptQuality.NoFace);
            s.F.Simulation.Step();
        }

        Assert.Equal(0f, s.F.I(s.Patient, EmotionType.Pity));
        using var weak = new Session();
        for (var t = 0; t < 50; t++)
        {
            weak.Face(EmotionCategory.Sadness, 0.2f); // 0.2·0.1·0.2·0.8 = 0.0032 per tick < decay 0.005
            weak.F.Simulation.Step();
        }

        Assert.Equal(0f, weak.F.I(weak.Patient, EmotionType.Pity));
    }

    [Fact]
    public void A_move_payload_round_trips()
    {
        using var s = new Session();
        var m = s.Reassure();
        var w = new BufferStateWriter();
        m.WritePayload(w);
        var back = MoveInput.ReadPayload(m.Tick, m.Source, m.Sequence, new BufferStateReader(w.ToArray()));
        Assert.Equal("reassure", back.Move);
        Assert.Equal("trainee", back.Person);
        Assert.Equal(m.Event.Actor, back.Event.Actor);
        Assert.Equal(m.Event.Action, back.Event.Action);
        Assert.Equal(0.5f, back.Event.Effects[0].Congruence.Value);
        var again = new BufferStateWriter();
        back.WritePayload(again);
        Assert.Equal(w.ToArray(), again.ToArray());
    }
}
