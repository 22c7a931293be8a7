using System;
using System.Collections.Generic;

namespace AffectEngine.Perception;

/// <summary>
/// Per-person fusion of raw percepts into one <see cref="PerceptInput"/> per tick (docs/perception.md,
/// "Fusion"). Each source's newest evidence is kept per person; at tick time t every evidence item
/// weighs reliability × confidence × freshness, where freshness falls linearly from 1 to 0 over the
/// modality's time-to-live. Categories pass through hysteresis and a minimum dwell; valence, arousal
/// and dominance through a 1€ filter. Everything is a function of the accepted percepts and the
/// tick times passed in — no wall clock — so it is testable and reproducible.
/// </summary>
internal sealed class PerceptFusion
{
    private const int Categories = LabelTables.CategoryCount;
    private const int ChannelCategories = 0;
    private const int ChannelEda = 1;
    private const int ChannelHeart = 2;
    private const int ChannelAffect = 3;
    private readonly FusionOptions _o;
    private readonly SortedDictionary<string, PersonState> _persons = new(StringComparer.Ordinal);
    private readonly float[] _scores = new float[Categories];
    private readonly float[] _emfacs = new float[8];

    // Per-modality accumulators of one Fuse call, flattened [field * ModalityCount + modality].
    private const int ModalityCount = 6;
    private const int ModVSum = 0;
    private const int ModVW = 1;
    private const int ModASum = 2;
    private const int ModAW = 3;
    private const int ModLive = 4;
    private const int ModSeen = 5;
    private readonly double[] _mod = new double[ModalityCount * 6];
    private Action<ModalitySnapshot>? _onModalities;

    public PerceptFusion(FusionOptions options)
    {
        options.Validate();
        _o = options;
    }

    public int PersonCount => _persons.Count;

    /// <summary>Called with every person's per-modality readings each tick (null: not computed, no allocation).</summary>
    public Action<ModalitySnapshot>? OnModalities
    {
        get => _onModalities;
        set => _onModalities = value;
    }

    public void AddPerson(string person) => Get(person);

    /// <summary>Takes one validated percept observed (or due) at tick time <paramref name="time"/>.</summary>
    public void Accept(in Percept p, string person, int sourceIndex, float reliability, double time)
    {
        var ps = Get(person);

        // One source can send several kinds of evidence (OSC: categories and valence–arousal in separate
        // messages), so each kind has its own slot and a newer message of one kind never erases another.
        var channel = p.Physiology is { } phys ? (phys.Signal == PhysiologySignal.Eda ? ChannelEda : ChannelHeart)
            : p.ClassProbabilities.IsEmpty && p.ActionUnitIntensities.IsEmpty && (p.Affect is not null || p.Dominance is not null) ? ChannelAffect
            : ChannelCategories;
        const PerceptQuality losses = PerceptQuality.NoFace | PerceptQuality.ContactLoss;
        if ((p.Quality & losses) != 0)
        {
            // A lost face or electrode is absence of evidence: drop what this source said through that
            // sensor, never read it as neutral.
            foreach (var other in ps.Slots)
            {
                var sameSensor = p.Physiology is null ? other.Channel is ChannelCategories or ChannelAffect : other.Channel == channel;
                if (other.Source == sourceIndex && sameSensor)
                {
                    other.Clear();
                }
            }

            var lost = ps.Slot(sourceIndex, channel);
            lost.Modality = p.Modality;
            lost.Reliability = reliability;
            lost.Loss = p.Quality & losses;
            lost.Time = time;
            return;
        }

        var slot = ps.Slot(sourceIndex, channel);
        slot.Modality = p.Modality;
        slot.Reliability = reliability;

        slot.Clear();
        slot.Time = time;
        slot.Confidence = PerceptValidator.Clamp01(p.Confidence);
        slot.Flags = p.Quality & (PerceptQuality.Gap | PerceptQuality.OutOfRange);

        if (p.Physiology is { } s)
        {
            AcceptPhysiology(ps, slot, s, time, p.Quality);
            return;
        }

        var probs = p.ClassProbabilities.Span;
        var aus = p.ActionUnitIntensities.Span;
        if (!probs.IsEmpty && p.Labels is { } labels)
        {
            ToCanonical(labels, probs, slot.Categories);
            slot.HasCategories = true;
        }
        else if (!aus.IsEmpty)
        {
            EmfacsPrototypes.Score(aus, _emfacs);
            ToCanonical(LabelTables.Emfacs, _emfacs, slot.Categories);
            slot.HasCategories = true;
        }

        if (!aus.IsEmpty)
        {
            for (var i = 0; i < ActionUnits.Count; i++)
            {
                slot.ActionUnits[i] = Math.Min(Math.Max(aus[i], 0f), ActionUnits.MaxIntensity);
            }

            slot.HasActionUnits = true;
        }

        if (slot.HasCategories)
        {
            // The expected PAD point of the category distribution (label table → PAD).
            float pl = 0, ar = 0, dom = 0;
            for (var c = 0; c < Categories; c++)
            {
                var pad = LabelTables.PadOf((EmotionCategory)c);
                pl += slot.Categories[c] * pad.Pleasure;
                ar += slot.Categories[c] * pad.Arousal;
                dom += slot.Categories[c] * pad.Dominance;
            }

            slot.Valence = pl;
            slot.Arousal = ar;
            slot.Dominance = dom;
            slot.HasValence = slot.HasArousal = slot.HasDominance = true;
        }

        if (p.Affect is { } va)
        {
            // A tool's own valence–arousal estimate beats the one implied by its class scores.
            slot.Valence = PerceptValidator.ClampUnit(va.Valence);
            slot.Arousal = PerceptValidator.ClampUnit(va.Arousal);
            slot.HasValence = slot.HasArousal = true;
        }

        if (p.Dominance is { } d)
        {
            slot.Dominance = PerceptValidator.ClampUnit(d);
            slot.HasDominance = true;
        }
    }

    /// <summary>Appends one fused percept per known person (ordinal order) for tick <paramref name="tick"/> at time <paramref name="time"/>.</summary>
    public void Produce(long tick, double time, int inputSource, List<PerceptInput> output, Action<PerceptInput>? onFused = null)
    {
        var sequence = 0L;
        foreach (var pair in _persons)
        {
            var input = Fuse(pair.Key, pair.Value, tick, time, inputSource, sequence++);
            output.Add(input);
            onFused?.Invoke(input);
        }
    }

    private PerceptInput Fuse(string person, PersonState ps, long tick, double time, int inputSource, long sequence)
    {
        Array.Clear(_scores, 0, Categories);
        Array.Clear(_mod, 0, _mod.Length);
        double catNorm = 0, vSum = 0, vW = 0, aSum = 0, aW = 0, dSum = 0, dW = 0;
        var anyActive = false;
        var anyEver = false;
        var flags = PerceptQuality.None;
        PerceptQuality losses = PerceptQuality.None;
        Slot? auSlot = null;
        var auWeight = -1.0;
        var catModalities = 0;
        foreach (var slot in ps.Slots)
        {
            anyEver |= slot.Time > double.NegativeInfinity;
            losses |= slot.Loss;
            if (slot.Time > double.NegativeInfinity)
            {
                _mod[(ModalityCount * ModSeen) + (int)slot.Modality] = 1;
            }

            if (!slot.HasAny)
            {
                continue;
            }

            var age = Math.Max(0, time - slot.Time);
            var freshness = 1 - (age / _o.TtlOf(slot.Modality));
            if (freshness <= 0)
            {
                continue; // expired: stale evidence says nothing
            }

            anyActive = true;
            flags |= slot.Flags;
            var w = slot.Reliability * slot.Confidence * freshness;
            var m = (int)slot.Modality;
            _mod[(ModalityCount * ModLive) + m] = 1;
            if (slot.HasCategories)
            {
                catNorm += slot.Reliability;
                catModalities |= 1 << m;
                for (var c = 0; c < Categories; c++)
                {
                    _scores[c] += (float)(w * slot.Categories[c]);
                }
            }

            if (slot.HasValence)
            {
                vSum += w * slot.Valence;
                vW += w;
                _mod[(ModalityCount * ModVSum) + m] += w * slot.Valence;
                _mod[(ModalityCount * ModVW) + m] += w;
            }

            if (slot.HasArousal)
            {
                aSum += w * slot.Arousal;
                aW += w;
                _mod[(ModalityCount * ModASum) + m] += w * slot.Arousal;
                _mod[(ModalityCount * ModAW) + m] += w;
            }

            if (slot.HasDominance)
            {
                dSum += w * slot.Dominance;
                dW += w;
            }

            if (slot.HasActionUnits && w > auWeight)
            {
                auWeight = w;
                auSlot = slot;
            }
        }

        if (ps.Calibrating)
        {
            flags |= PerceptQuality.Calibrating;
        }

        var dt = double.IsNegativeInfinity(ps.LastTime) ? 0 : time - ps.LastTime;
        ps.LastTime = time;

        // Category: normalized weighted vote, averaged over CategoryTimeConstantSeconds (so no single
        // frame, the first included, holds the category), then hysteresis and dwell on the average.
        if (catNorm > 0)
        {
            // The first evidence after none starts the average; later frames revise it, so the first
            // frame's label is only a start and hysteresis holds the average, not that frame.
            var alpha = ps.VotePrimed ? (float)(1 - Math.Exp(-dt / _o.CategoryTimeConstantSeconds)) : 1f;
            ps.VotePrimed = true;
            for (var c = 1; c < Categories; c++)
            {
                ps.Vote[c] += alpha * ((float)(_scores[c] / catNorm) - ps.Vote[c]);
            }
        }
        else
        {
            Array.Clear(ps.Vote, 0, Categories);
            ps.VotePrimed = false;
            flags |= losses;
            if (anyEver && !anyActive && losses == PerceptQuality.None)
            {
                flags |= PerceptQuality.Stale;
            }
        }

        var top = EmotionCategory.Uncertain;
        var topConf = 0f;
        for (var c = 1; c < Categories; c++)
        {
            if (ps.Vote[c] > topConf)
            {
                topConf = ps.Vote[c];
                top = (EmotionCategory)c;
            }
        }

        var current = ps.Category;
        var currentConf = current == EmotionCategory.Uncertain || catNorm <= 0 ? 0f : ps.Vote[(int)current];
        if (catNorm <= 0)
        {
            // No live evidence at all (lost face, stale data): uncertain at once, never the last category.
            if (current != EmotionCategory.Uncertain)
            {
                current = EmotionCategory.Uncertain;
                ps.Since = time;
            }
        }
        else if (current == EmotionCategory.Uncertain)
        {
            if (top != EmotionCategory.Uncertain && topConf >= _o.EnterConfidence)
            {
                current = top;
                ps.Since = time;
            }
        }
        else if (top != current && topConf >= _o.EnterConfidence)
        {
            // A challenger must beat the held category by a margin, and only after the minimum dwell.
            if (time - ps.Since >= _o.MinDwellSeconds && topConf >= currentConf + _o.SwitchMargin)
            {
                current = top;
                ps.Since = time;
            }
        }
        else if (currentConf < _o.ExitConfidence)
        {
            current = EmotionCategory.Uncertain; // the evidence faded and nothing strong replaced it
            ps.Since = time;
        }

        ps.Category = current;
        if (current == EmotionCategory.Uncertain && catNorm > 0)
        {
            flags |= PerceptQuality.LowConfidence;
        }

        // Cross-modal disagreement: weighted RMS distance of each modality's valence–arousal from the
        // fused point, over √2 (the largest possible), so 0 = agreement and 1 = opposite corners. A
        // modality that lags (physiology, voice) is not held against a category younger than its lag.
        double spread = 0, spreadW = 0;
        var counted = 0;
        var vMean = vW > 0 ? vSum / vW : 0;
        var aMean = aW > 0 ? aSum / aW : 0;
        var modalities = 0;
        var settled = time - ps.Since;
        double cv = 0, ca = 0, cw = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var m = 0; m < ModalityCount; m++)
            {
                var mvw = _mod[(ModalityCount * ModVW) + m];
                var maw = _mod[(ModalityCount * ModAW) + m];
                if (mvw <= 0 && maw <= 0)
                {
                    continue;
                }

                modalities += pass == 0 ? 1 : 0;
                if (settled < _o.LatencyOf((Modality)m))
                {
                    continue;
                }

                var mv = mvw > 0 ? _mod[(ModalityCount * ModVSum) + m] / mvw : vMean;
                var ma = maw > 0 ? _mod[(ModalityCount * ModASum) + m] / maw : aMean;
                var wm = Math.Max(mvw, maw);
                if (pass == 0)
                {
                    cv += wm * mv;
                    ca += wm * ma;
                    cw += wm;
                }
                else
                {
                    spread += wm * (((mv - cv) * (mv - cv)) + ((ma - ca) * (ma - ca)));
                    spreadW += wm;
                    counted++;
                }
            }

            if (pass == 0 && cw > 0)
            {
                cv /= cw;
                ca /= cw;
            }
        }

        var disagreement = counted > 1 && spreadW > 0 ? (float)Math.Min(1, Math.Sqrt(spread / spreadW) / Math.Sqrt(2)) : 0f;

        if (current == EmotionCategory.Neutral && (modalities == 1 || (modalities == 0 && System.Numerics.BitOperations.PopCount((uint)catModalities) == 1)))
        {
            flags |= PerceptQuality.Uncorroborated;
        }

        // Calibrated confidence: the averaged vote, discounted by disagreement. Below the threshold (or
        // when the modalities pull apart) the fusion abstains: the category stays a best guess, flagged.
        var outConf = current == EmotionCategory.Uncertain ? 0f : ps.Vote[(int)current] * (1 - disagreement);
        if (current != EmotionCategory.Uncertain && (outConf < _o.AbstainConfidence || disagreement > _o.AbstainDisagreement))
        {
            flags |= PerceptQuality.Abstained;
        }

        // Continuous values: weighted mean shrunk toward 0 by the evidence weight, then the 1€ filter.
        var valence = Smooth(ref ps.V, vW > 0, vMean * Shrink(vW), dt);
        var arousal = Smooth(ref ps.A, aW > 0, aMean * Shrink(aW), dt);
        float? dominance = dW > 0 || ps.D.IsPrimed ? Smooth(ref ps.D, dW > 0, dW > 0 ? dSum / dW * Shrink(dW) : 0, dt) : null;
        if (vW <= 0 && aW <= 0 && anyEver)
        {
            flags |= anyActive ? PerceptQuality.None : PerceptQuality.Stale;
        }

        if (_onModalities is not null)
        {
            PublishModalities(person, tick, time, disagreement);
        }

        ReadOnlySpan<float> aus = auSlot is null ? default : auSlot.ActionUnits;
        return new PerceptInput(
            tick, inputSource, sequence, person, current, PerceptValidator.Clamp01(outConf),
            valence, arousal, dominance, flags, aus);
    }

    private double Shrink(double weight) => Math.Min(1, weight / _o.FullEvidenceWeight);

    private void PublishModalities(string person, long tick, double time, float disagreement)
    {
        var readings = new List<ModalityReading>(ModalityCount);
        for (var m = 0; m < ModalityCount; m++)
        {
            if (_mod[(ModalityCount * ModSeen) + m] == 0)
            {
                continue;
            }

            var vw = _mod[(ModalityCount * ModVW) + m];
            var aw = _mod[(ModalityCount * ModAW) + m];
            var live = _mod[(ModalityCount * ModLive) + m] != 0;
            readings.Add(new ModalityReading(
                (Modality)m,
                live,
                vw > 0 ? (float)(_mod[(ModalityCount * ModVSum) + m] / vw) : null,
                aw > 0 ? (float)(_mod[(ModalityCount * ModASum) + m] / aw) : null,
                (float)Math.Min(1, Math.Max(vw, aw))));
        }

        _onModalities!(new ModalitySnapshot(tick, time, person, disagreement, readings));
    }

    private float Smooth(ref OneEuroFilter filter, bool has, double value, double dt)
    {
        if (!has)
        {
            // No evidence: hold the last smoothed value (the Stale flag and zero confidence say it is old),
            // and restart the filter when evidence returns so it does not glide from an old value.
            var held = filter.IsPrimed ? filter.Value : 0;
            filter.Reset();
            return PerceptValidator.ClampUnit((float)held);
        }

        var v = filter.Filter(value, dt, _o.OneEuroMinCutoff, _o.OneEuroBeta, _o.OneEuroDerivativeCutoff);
        return PerceptValidator.ClampUnit((float)v);
    }

    private void AcceptPhysiology(PersonState ps, Slot slot, PhysiologySample s, double time, PerceptQuality quality)
    {
        var isEda = s.Signal == PhysiologySignal.Eda;
        var value = s.Signal == PhysiologySignal.InterBeatInterval ? 60f / s.Value : s.Value; // IBI (s) → HR (bpm)
        var baseline = isEda ? ps.EdaBaseline : ps.HrBaseline;
        var moving = (quality & PerceptQuality.Motion) != 0;

        // Settling: a dry electrode's conductance climbs for minutes and the wearer's heart rate comes
        // down from walking in, so the first PhysiologySettleSeconds neither count nor enter the baseline.
        baseline.Add(time, value, learn: !moving, _o);
        ps.Calibrating = !ps.EdaBaseline.ReadyOrUnused(_o) || !ps.HrBaseline.ReadyOrUnused(_o);
        if (!baseline.Ready(_o))
        {
            ps.Calibrating = true;
            return;
        }

        // Within-person standardization against a robust, slowly adapting baseline (Boucsein 2012,
        // "Electrodermal Activity", ch. 2.6: compare to the person's own level): median and MAD of the
        // last BaselineWindowSeconds, squashed into [-1, 1] with tanh(z/2).
        var floor = isEda ? _o.EdaMinStdDev : _o.HeartRateMinStdDev;
        var z = (value - baseline.Median) / Math.Max(baseline.Spread, floor);
        slot.Arousal = (float)Math.Tanh(z / 2);
        slot.HasArousal = true;
        slot.Confidence *= isEda ? 1f : _o.HeartRateWeight;
        if (moving)
        {
            // Movement raises heart rate and smears EDA (Kleckner et al. 2018): the sample says little.
            slot.Confidence *= _o.MotionDiscount;
            slot.Flags |= PerceptQuality.Motion;
        }
    }

    private static void ToCanonical(LabelTable labels, ReadOnlySpan<float> probs, float[] categories)
    {
        Array.Clear(categories, 0, categories.Length);
        float sum = 0;
        for (var k = 0; k < probs.Length; k++)
        {
            var v = PerceptValidator.Clamp01(probs[k]);
            categories[(int)labels[k].Category] += v;
            sum += v;
        }

        if (sum < 1f)
        {
            // Independent scores (AFFDEX) that claim less than all the mass leave the rest to neutral:
            // five near-zero scores are a calm face, not noise to be blown up by normalization.
            categories[(int)EmotionCategory.Neutral] += 1f - sum;
        }
        else
        {
            for (var c = 0; c < categories.Length; c++)
            {
                categories[c] /= sum;
            }
        }

        categories[(int)EmotionCategory.Uncertain] = 0;
    }

    private PersonState Get(string person)
    {
        if (!_persons.TryGetValue(person, out var ps))
        {
            ps = new PersonState();
            _persons.Add(person, ps);
        }

        return ps;
    }

    private sealed class PersonState
    {
        public readonly List<Slot> Slots = new();
        public readonly float[] Vote = new float[LabelTables.CategoryCount];
        public bool VotePrimed;
        public EmotionCategory Category = EmotionCategory.Uncertain;
        public double Since = double.NegativeInfinity;
        public double LastTime = double.NegativeInfinity;
        public OneEuroFilter V;
        public OneEuroFilter A;
        public OneEuroFilter D;
        public readonly Baseline EdaBaseline = new();
        public readonly Baseline HrBaseline = new();
        public bool Calibrating;

        public Slot Slot(int source, int channel)
        {
            foreach (var s in Slots)
            {
                if (s.Source == source && s.Channel == channel)
                {
                    return s;
                }
            }

            var slot = new Slot(source, channel);
            Slots.Add(slot);
            return slot;
        }
    }

    private sealed class Slot
    {
        public readonly float[] Categories = new float[LabelTables.CategoryCount];
        public readonly float[] ActionUnits = new float[AffectEngine.Perception.ActionUnits.Count];

        public Slot(int source, int channel)
        {
            Source = source;
            Channel = channel;
        }

        public int Source { get; }

        public int Channel { get; }

        public Modality Modality;
        public float Reliability;
        public float Confidence;
        public double Time = double.NegativeInfinity;
        public PerceptQuality Flags;
        public PerceptQuality Loss;
        public bool HasCategories;
        public bool HasValence;
        public bool HasArousal;
        public bool HasDominance;
        public bool HasActionUnits;
        public float Valence;
        public float Arousal;
        public float Dominance;

        public bool HasAny => HasCategories || HasValence || HasArousal || HasDominance || HasActionUnits;

        public void Clear()
        {
            HasCategories = HasValence = HasArousal = HasDominance = HasActionUnits = false;
            Flags = PerceptQuality.None;
            Loss = PerceptQuality.None;
        }
    }

    /// <summary>
    /// A robust, slowly adapting baseline: samples of the last <see cref="FusionOptions.BaselineWindowSeconds"/>
    /// after the settling period; median and 1.4826 × MAD (the normal-consistent scale; Leys et al.
    /// 2013, "Detecting outliers: do not use standard deviation around the mean, use absolute deviation
    /// around the median", JESP 49(4)) recomputed at most once per second.
    /// </summary>
    private sealed class Baseline
    {
        private readonly Queue<(double Time, float Value)> _window = new();
        private float[] _scratch = new float[64];
        private double _lastCompute = double.NegativeInfinity;

        public double First = double.NaN;
        public double Median;
        public double Spread;
        private double _learnedFrom = double.NaN;

        public bool ReadyOrUnused(FusionOptions o) => double.IsNaN(First) || Ready(o);

        public bool Ready(FusionOptions o) => !double.IsNaN(_learnedFrom) && _window.Count >= 2 && _lastCompute - _learnedFrom >= o.BaselineSeconds;

        public void Add(double time, float value, bool learn, FusionOptions o)
        {
            if (double.IsNaN(First))
            {
                First = time;
            }

            if (time - First < o.PhysiologySettleSeconds || !learn)
            {
                return;
            }

            if (double.IsNaN(_learnedFrom))
            {
                _learnedFrom = time;
            }

            _window.Enqueue((time, value));
            while (_window.Count > 0 && time - _window.Peek().Time > o.BaselineWindowSeconds)
            {
                _window.Dequeue();
            }

            if (time - _lastCompute < 1.0 && Ready(o))
            {
                return;
            }

            _lastCompute = time;
            var n = _window.Count;
            if (_scratch.Length < n)
            {
                _scratch = new float[Math.Max(n, _scratch.Length * 2)];
            }

            var i = 0;
            foreach (var (_, v) in _window)
            {
                _scratch[i++] = v;
            }

            var span = _scratch.AsSpan(0, n);
            span.Sort();
            Median = MedianOf(span);
            for (var k = 0; k < n; k++)
            {
                span[k] = (float)Math.Abs(span[k] - Median);
            }

            span.Sort();
            Spread = 1.4826 * MedianOf(span);
        }

        private static double MedianOf(ReadOnlySpan<float> sorted) =>
            sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }
}

/// <summary>What one modality says about a person at one tick, beside the fused result.</summary>
/// <param name="Modality">The modality.</param>
/// <param name="Live">True when it has fresh evidence; false when it dropped out (seen before, nothing fresh now).</param>
/// <param name="Valence">Its confidence-weighted valence, when it gives one.</param>
/// <param name="Arousal">Its confidence-weighted arousal, when it gives one.</param>
/// <param name="Weight">Its evidence weight (reliability × confidence × freshness), capped at 1.</param>
public readonly record struct ModalityReading(Modality Modality, bool Live, float? Valence, float? Arousal, float Weight);

/// <summary>Every modality's reading of one person at one tick, with the cross-modal disagreement (0–1).</summary>
/// <param name="Tick">The tick.</param>
/// <param name="Time">The tick's simulated time (s).</param>
/// <param name="Person">Who.</param>
/// <param name="Disagreement">Weighted RMS distance of the modalities' valence–arousal from the fused point, over √2.</param>
/// <param name="Readings">One per modality that has ever given evidence for the person, in modality order.</param>
public sealed record ModalitySnapshot(long Tick, double Time, string Person, float Disagreement, IReadOnlyList<ModalityReading> Readings);
