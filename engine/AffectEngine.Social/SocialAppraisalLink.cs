using System;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using Felt = AffectEngine.Appraisal.EmotionImpulse;
using Remembered = AffectEngine.Social.FeltEmotion;

namespace AffectEngine.Social;

/// <summary>
/// The social layer's side of appraisal (<see cref="SocialModule.ConnectAppraisal"/>): before an impulse
/// is felt, memories of the same kind of event strengthen it (<see cref="EpisodicMemory.AppraisalBias"/>);
/// after each event, every perceiver stores what it felt as an episode and, when another agent acted,
/// updates its relation to that agent (gratitude and admiration raise liking, anger and reproach lower
/// it; <see cref="RelationStore.ApplyEmotion"/>). Runs on the tick thread in canonical event order.
/// </summary>
internal sealed class SocialAppraisalLink : IAppraisalObserver
{
    private readonly SocialModule _social;
    private Remembered[] _scratch = new Remembered[Emotions.Count];

    public SocialAppraisalLink(SocialModule social) => _social = social;

    public float Weight(AppraisalEvent appraisalEvent, AgentId perceiver, EmotionType type)
    {
        // Similar events are events of the same action; happenings without an action have no kind to match.
        if (appraisalEvent is null || appraisalEvent.Action.IsNone)
        {
            return 1f;
        }

        return _social.AppraisalBias(perceiver, MemoryCue.OfKind(appraisalEvent.Action.Value), type);
    }

    public void Appraised(AppraisalEvent appraisalEvent, ReadOnlySpan<Felt> felt)
    {
        if (appraisalEvent is null || felt.IsEmpty)
        {
            return;
        }

        if (_scratch.Length < felt.Length)
        {
            _scratch = new Remembered[felt.Length];
        }

        var targets = appraisalEvent.Targets;
        var target = targets.Length > 0 ? targets[0] : AgentId.None;
        for (var i = 0; i < felt.Length; i++)
        {
            var owner = felt[i].Agent;
            var first = true;
            for (var j = 0; j < i; j++)
            {
                if (felt[j].Agent == owner)
                {
                    first = false;
                    break;
                }
            }

            if (!first)
            {
                continue;
            }

            // The owner's impulses in the model's order (models need not emit a perceiver's impulses together).
            var n = 0;
            for (var j = i; j < felt.Length; j++)
            {
                if (felt[j].Agent == owner)
                {
                    _scratch[n++] = new Remembered(felt[j].Type, Math.Min(1f, felt[j].Intensity));
                }
            }

            _social.RecordEpisode(owner, appraisalEvent.Action.Value, appraisalEvent.Actor, target, new ReadOnlySpan<Remembered>(_scratch, 0, n), appraisalEvent.Object);
        }
    }
}
