using System;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Perception;

namespace AffectEngine.Conformance.Tests;

/// <summary>An appraisal model that breaks the kit's rules: allocates per call, writes intensities above 1, crashes on null.</summary>
internal sealed class SloppyModel : IAppraisalModel
{
    public string Name => "sloppy";

    public int MaxImpulses(AppraisalEvent appraisalEvent, int perceiverCount) => appraisalEvent.Effects.Length + perceiverCount + 1;

    public int Appraise(AppraisalEvent appraisalEvent, ReadOnlySpan<AgentId> perceivers, IAppraisalState state, Span<EmotionImpulse> output)
    {
        var scratch = new float[perceivers.Length + 8]; // a fresh array per appraisal
        scratch[0] = 2f;
        var n = 0;
        foreach (var p in perceivers)
        {
            if (state.IsLive(p) && n < output.Length)
            {
                output[n++] = new EmotionImpulse(p, EmotionType.Joy, scratch[0]);
            }
        }

        return n + (appraisalEvent.Effects.Length * 0);
    }

    public void Describe(IModelDescriber describer) => describer.Constant("x", 1, "none");
}

/// <summary>A perception source kind that breaks the kit's rules: lets NaN through, reorders time unflagged, refuses specs with the wrong exception.</summary>
internal sealed class SloppyKind : IPerceptionSourceKind
{
    public string Kind => "sloppy";

    public string Form => "sloppy:<anything>";

    public bool IsRecording => true;

    public IPerceptionSource Create(string spec, string? baseDirectory) =>
        spec.StartsWith("sloppy:x", StringComparison.Ordinal) ? new Source() : throw new InvalidOperationException("no");

    private sealed class Source : IPerceptionSource
    {
        public string Id => "sloppy:x";

        public Modality Modality => Modality.Other;

        public bool IsRecording => true;

        public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
        {
            sink.Push(new Percept { SourceId = Id, Person = "p", SourceTime = 1, Confidence = 1, Affect = new ValenceArousal(0.5f, 0.5f) });
            sink.Push(new Percept { SourceId = Id, Person = "p", SourceTime = 0.5, Confidence = 1, Affect = new ValenceArousal(0.5f, 0.5f) });
            sink.Push(new Percept { SourceId = Id, Person = "p", SourceTime = 2, Confidence = 1, Affect = new ValenceArousal(float.NaN, 0.5f) });
            return Task.CompletedTask;
        }

        public Task StopAsync() => Task.CompletedTask;

        public ValueTask DisposeAsync() => default;
    }
}
