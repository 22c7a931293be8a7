using System;
using System.Numerics;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using AffectEngine.Core;
#if NET
using static AffectEngine.BlockPairs;
#endif

namespace AffectEngine.Affect;

/// <summary>
/// The per-agent affect pass (Affect stage): decays every emotion intensity, then moves the mood
/// (ALMA, Gebhard 2005): the active emotions' virtual emotion centre pulls the mood toward it while
/// the mood lies short of it and pushes it further out once at or beyond it; with fewer active
/// emotions the mood returns to the personality's default mood. Streams the agent blocks once.
/// Decay runs at a per-agent, per-valence rate r (field "decay.rate", r = 1 + offset):
/// I' = max(0, I − r·(I·(1 − m) + s)) with m, s the configured per-type multiplier and subtrahend,
/// which is the configured decay exactly when r = 1 (docs/models.md).
/// <para>
/// It hosts the pass after it when that pass is an <see cref="IFusablePass"/> and nothing runs between
/// (the expression pass, when no Social-stage system is attached; the expression pass then forwards each run
/// of blocks to the behaviour pass, which forwards it to event extraction): every run of <see cref="FusedRuns"/> blocks
/// the fused passes run over the blocks this pass has just written, still in cache, so the blocks are streamed
/// once per tick. With contagion on, the pass it hosts is the contagion capture instead (across the encounters,
/// which are transparent to it), and the contagion pass later hosts the expression pass. Exact because
/// this pass reads and writes only a block's own emotions, mood, default mood and decay rates, which the fused
/// passes never write, and is done with the block when it hands it over.
/// </para>
/// </summary>
internal sealed class AffectDynamicsSystem : IPartitionedSystem
{
    private const float Tiny = 1e-12f;

    // Blocks ahead to prefetch. 8 with the hints split in two halves (benchmarks/README.md, pass3):
    // 7-11 % less CPU per tick at 10^7 agents and a lower median at 10^6 than 4 with all 16 hints at once.
    private const int PrefetchDistance = 8;

    // Blocks ahead for the paired 512-bit loop (benchmarks/README.md, pass4).
    private const int PairPrefetchDistance = 8;

    // Emotions alternate positive, negative (Joy, Distress, Hope, Fear, ...), so the paired loop takes
    // the two decay rates in turn instead of a blend per emotion; checked, not assumed.
    private static readonly bool AlternatingValence = IsAlternating();

    private static readonly float Sqrt3 = MathF.Sqrt(3f);
    private readonly World _store;
    private readonly Simulation? _simulation;
    private readonly AffectFields _fields;
    private readonly AffectSettings _settings;
    private readonly float[] _mul = new float[Emotions.Count];
    private readonly bool[] _positive = new bool[Emotions.Count];

    // All-ones lanes for positive emotions: the vector pass picks the valence's decay rate with a
    // blend instead of a branch per emotion.
    private readonly Vector<float>[] _vPositive = new Vector<float>[Emotions.Count];
    private readonly float[] _sub = new float[Emotions.Count];
    private readonly float[] _padP = new float[Emotions.Count];
    private readonly float[] _padA = new float[Emotions.Count];
    private readonly float[] _padD = new float[Emotions.Count];
    private readonly Vector<float>[] _vMul = new Vector<float>[Emotions.Count];
    private readonly Vector<float>[] _vSub = new Vector<float>[Emotions.Count];
    private readonly Vector<float>[] _vPadP = new Vector<float>[Emotions.Count];
    private readonly Vector<float>[] _vPadA = new Vector<float>[Emotions.Count];
    private readonly Vector<float>[] _vPadD = new Vector<float>[Emotions.Count];
    private float _change;
    private float _return;
    private double _preparedStep = double.NaN;

    // The pass right after this one whose block work runs inside this one's (affect.express), or null.
    private IFusablePass? _fused;

    // This tick's expression work done inside the paired loop (action units on read), or null.
    private ExpressSystem.InlineExpression? _inline;

    public AffectDynamicsSystem(World store, AffectFields fields, AffectSettings settings, Simulation? simulation = null)
    {
        _store = store;
        _simulation = simulation;
        _fields = fields;
        _settings = settings;
        for (var e = 0; e < Emotions.Count; e++)
        {
            var (p, a, d) = AlmaTables.OccToPad((EmotionType)e);
            _padP[e] = p;
            _padA[e] = a;
            _padD[e] = d;
            _vPadP[e] = new Vector<float>(p);
            _vPadA[e] = new Vector<float>(a);
            _vPadD[e] = new Vector<float>(d);
            _positive[e] = AppraisalSettings.IsPositive((EmotionType)e);
            _vPositive[e] = _positive[e] ? Vector.AsVectorSingle(new Vector<int>(-1)) : Vector<float>.Zero;
        }
    }

    /// <summary>
    /// Whether <see cref="StepVector"/> may take two blocks per 512-bit vector where that is accelerated;
    /// tests turn it off to compare the two loops' bits.
    /// </summary>
    internal bool WidePairs { get; set; } = true;

    /// <summary>The fused runs' length in <paramref name="world"/>, and the L2 size it came from (benchmarks print them).</summary>
    internal static (int Blocks, long L2Bytes) FusedRunOf(World world) => (FusedRuns.Blocks(world.BlockStride, world.Options.FusedRunBlocks), FusedRuns.L2Bytes);

    /// <summary>The module's expression pass: with action units on read, the paired loop does its block work inline.</summary>
    internal ExpressSystem? Express { get; set; }

    public string Name => "affect.dynamics";

    public TickStage Stage => TickStage.Affect;

    public void BeginTick(in TickContext context, int partitionCount)
    {
        if (context.StepSeconds != _preparedStep)
        {
            Prepare(context.StepSeconds);
        }

        // The expression pass reads the emotions and mood this pass has just written (and forwards each block to
        // the passes fused into it): run its blocks here while they are in cache instead of streaming the agent
        // blocks again (FusableAfter returns a pass only when nothing runs between the two).
        _fused = _simulation?.Fuse(this);
        _fused?.BeginFused(context, partitionCount);

        // Hosting the expression pass, this pass tells it the emotion and mood lines will be in cache. With action units
        // on read the expression output is three rows, a few instructions per emotion in a loop that waits on memory:
        // the paired loop computes it from the values in registers (the expression pass when this pass hosts it; the
        // split's early part, asked for by the capture's BeginFused above, when contagion hosts it); the expression
        // pass does the blocks the loop leaves unpaired.
        _inline = _fused is null ? null : Express?.DynamicsBeginsTick(context.Tick, hosted: ReferenceEquals(_fused, Express), PairedLoop);
    }

    // Whether StepVector takes the 512-bit paired loop.
    private bool PairedLoop =>
#if NET
        WidePairs && AlternatingValence && Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
#else
        false;
#endif

    public void EndTick(in TickContext context, int partitionCount)
    {
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        var blocks = _store.Blocks(firstBlock, endBlock);
        var stride = _store.BlockStride;
        var fused = _fused;

        // Runs that stay in L2: the fused passes reread them, and each run costs every pass its set-up.
        var runLength = FusedRuns.Blocks(stride, _store.Options.FusedRunBlocks);
        if (Vector<float>.Count == AgentBlocks.LanesPerBlock)
        {
            if (fused is null)
            {
                StepVector(blocks, stride, endBlock - firstBlock, endBlock - firstBlock);
                return;
            }

            // Run by run, each loop over a run free of calls (a call in the loop would keep its vector constants
            // in memory), the hints still reaching PrefetchDistance blocks past the run's end.
            for (var run = firstBlock; run < endBlock; run += runLength)
            {
                var runEnd = Math.Min(run + runLength, endBlock);
                var hintEnd = Math.Min(runEnd + PrefetchDistance, endBlock);
                StepVector(_store.Blocks(run, hintEnd), stride, runEnd - run, hintEnd - run, _inline, run);
                fused.ExecuteFused(context, run, runEnd, partition);
            }
        }
        else
        {
            for (var b = 0; b < endBlock - firstBlock; b++)
            {
                StepBlockScalar(blocks.Slice(b * stride, stride));
                if (fused is not null && ((b + 1) % runLength == 0 || firstBlock + b + 1 == endBlock))
                {
                    fused.ExecuteFused(context, firstBlock + (b / runLength * runLength), firstBlock + b + 1, partition);
                }
            }
        }
    }

    /// <summary>Per-tick constants from the fixed step, computed once (the step never changes within a run).</summary>
    private void Prepare(double step)
    {
        for (var e = 0; e < Emotions.Count; e++)
        {
            var decay = _settings.Decay((EmotionType)e);
            if (decay.Kind == DecayKind.Linear)
            {
                _mul[e] = 1f;
                _sub[e] = (float)(step / decay.Seconds);
            }
            else
            {
                _mul[e] = (float)Math.Pow(0.5, step / decay.Seconds);
                _sub[e] = 0f;
            }

            // Stored as 1 − m so the per-agent rate scales the amount removed per step.
            _mul[e] = 1f - _mul[e];
            _vMul[e] = new Vector<float>(_mul[e]);
            _vSub[e] = new Vector<float>(_sub[e]);
        }

        // Full change: the distance √3 (origin to an octant corner) in MoodChangeSeconds at strength 1.
        _change = (float)(Sqrt3 * step / _settings.MoodChangeSeconds);
        _return = (float)(Sqrt3 * step / _settings.MoodReturnSeconds);
        _preparedStep = step;
    }

    /// <summary>
    /// The hot loop: one 256-bit vector per field per block. Pointers instead of spans because the
    /// JIT cannot drop the bounds checks of computed field offsets, and they cost a third of the time.
    /// </summary>
#if NET
    // Straight to optimized code: the loop runs once per tick, so tiering would leave it in OSR code for long.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
#endif
    private unsafe void StepVector(Span<float> blocks, int stride, int count, int hintCount, ExpressSystem.InlineExpression? express = null, int firstBlock = 0)
    {
#if NET
        if (count >= 2 && PairedLoop)
        {
            var paired = ExpressSystem.UnpairedFrom(0, count);
            fixed (float* first = blocks)
            {
                if (express is null)
                {
                    StepPairs512<WithoutExpression>(first, stride, paired, hintCount, null, firstBlock);
                }
                else
                {
                    StepPairs512<WithExpression>(first, stride, paired, hintCount, express, firstBlock);
                }
            }

            if (paired == count)
            {
                return;
            }

            blocks = blocks.Slice(paired * stride);
            count -= paired;
            hintCount -= paired;
        }
#endif

        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        var lo = -one;
        var tiny = new Vector<float>(Tiny);
        var change = new Vector<float>(_change);
        var back = new Vector<float>(_return);
        var e0 = _fields.Emotion.Offset;
        var m0 = _fields.Mood.Offset;
        var d0 = _fields.DefaultMood.Offset;
        var r0 = _fields.DecayRate.Offset;

        // The pass's fields as one byte range of a block, for the prefetch below.
        var hotFirst = Math.Min(Math.Min(e0, m0), Math.Min(d0, r0)) * sizeof(float);
        var hotEnd = (Math.Max(Math.Max(e0 + (Emotions.Count * AgentBlocks.LanesPerBlock), m0 + (3 * AgentBlocks.LanesPerBlock)), Math.Max(d0 + (3 * AgentBlocks.LanesPerBlock), r0 + (2 * AgentBlocks.LanesPerBlock)))) * sizeof(float);

        // Half the lines' hints before the emotion loop, half after it: 16 hints at once fill the
        // core's line-fill buffers and stall the block's own loads behind them.
        var hotMid = hotFirst + ((hotEnd - hotFirst) / 128 * 64);
        fixed (float* start = blocks)
        fixed (Vector<float>* mul = _vMul, sub = _vSub, padP = _vPadP, padA = _vPadA, padD = _vPadD, positive = _vPositive)
        {
            for (var b = 0; b < count; b++)
            {
                var block = start + ((long)b * stride);
                // The hot fields are 1 KiB of a longer block, so the hardware prefetcher loses the
                // stream at every gap (1.6x at 10^6 agents with the block PrefetchDistance ahead).
                var prefetch = b + PrefetchDistance < hintCount;
                if (prefetch)
                {
                    AgentBlocks.Prefetch(block + ((long)PrefetchDistance * stride), hotFirst, hotMid);
                }
                var em = (Vector<float>*)(block + e0);
                var rates = (Vector<float>*)(block + r0);
                var ratePos = one + rates[0];
                var rateNeg = one + rates[1];
                Vector<float> sum = zero, sp = zero, sa = zero, sd = zero;
                var activeCount = Vector<int>.Zero;
                for (var e = 0; e < Emotions.Count; e++)
                {
                    var cur = em[e];
                    var rate = Vector.ConditionalSelect(positive[e], ratePos, rateNeg);
                    var i = VMax(zero, cur - (rate * ((cur * mul[e]) + sub[e])));
                    em[e] = i;
                    sum += i;
                    sp += i * padP[e];
                    sa += i * padA[e];
                    sd += i * padD[e];

                    // A true lane of the comparison is −1: subtracting counts it, in one instruction.
                    activeCount -= Vector.GreaterThan(i, zero);
                }

                if (prefetch)
                {
                    AgentBlocks.Prefetch(block + ((long)PrefetchDistance * stride), hotMid, hotEnd);
                }

                var active = Vector.ConvertToSingle(activeCount);

                // Strength: mean intensity of the active emotions, capped at 1 (pinned, docs/models.md section 5).
                var strength = VMin(one, sum / VMax(active, one));
                var inv = one / VMax(sum, tiny);
                var cp = sp * inv;
                var ca = sa * inv;
                var cd = sd * inv;
                var mood = (Vector<float>*)(block + m0);
                var mp = mood[0];
                var ma = mood[1];
                var md = mood[2];
                var cLen = Vector.SquareRoot((cp * cp) + (ca * ca) + (cd * cd));
                var proj = ((mp * cp) + (ma * ca) + (md * cd)) / VMax(cLen, tiny);
                var step = strength * change;
                var dp = cp - mp;
                var da = ca - ma;
                var dd = cd - md;
                var dist = Vector.SquareRoot((dp * dp) + (da * da) + (dd * dd));
                var pull = VMin(step, dist) / VMax(dist, tiny);
                var push = step / VMax(cLen, tiny);
                var isPush = Vector.GreaterThanOrEqual(proj, cLen);
                mp = Vector.ConditionalSelect(isPush, mp + (cp * push), mp + (dp * pull));
                ma = Vector.ConditionalSelect(isPush, ma + (ca * push), ma + (da * pull));
                md = Vector.ConditionalSelect(isPush, md + (cd * push), md + (dd * pull));

                var def = (Vector<float>*)(block + d0);
                var rp = def[0] - mp;
                var ra = def[1] - ma;
                var rd = def[2] - md;
                var rDist = Vector.SquareRoot((rp * rp) + (ra * ra) + (rd * rd));
                var r = VMin((one - strength) * back, rDist) / VMax(rDist, tiny);
                mood[0] = VMin(one, VMax(lo, mp + (rp * r)));
                mood[1] = VMin(one, VMax(lo, ma + (ra * r)));
                mood[2] = VMin(one, VMax(lo, md + (rd * r)));
            }
        }
    }

#if NET
    /// <summary>
    /// Two blocks per 512-bit vector, block 2p in the lower half and 2p + 1 in the upper, and two emotions
    /// (one positive, one negative) per iteration. Every lane sees the operations of the 256-bit loop in the
    /// same order (mul then add, no FMA; max/min, division and square root are exact per lane), so values
    /// and hashes are bit-identical to it. Half the instructions per agent let the arithmetic run under the
    /// memory stream (benchmarks/README.md, pass4).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void StepPairs512<TExpress>(float* start, int stride, int count, int hintCount, ExpressSystem.InlineExpression? express, int firstBlock)
        where TExpress : struct
    {
        // Compiled once per flag (struct type arguments get their own code), so the loop without the expression
        // has no trace of it.
        var inline = typeof(TExpress) == typeof(WithExpression);
        const int L = AgentBlocks.LanesPerBlock;
        var zero = Vector512<float>.Zero;
        var one = Vector512<float>.One;
        var lo = -one;
        var tiny = Vector512.Create(Tiny);
        var change = Vector512.Create(_change);
        var back = Vector512.Create(_return);
        var oneInt = Vector512<int>.One;
        var e0 = _fields.Emotion.Offset;
        var m0 = _fields.Mood.Offset;
        var d0 = _fields.DefaultMood.Offset;
        var r0 = _fields.DecayRate.Offset;
        var hotFirst = Math.Min(Math.Min(e0, m0), Math.Min(d0, r0)) * sizeof(float);
        var hotEnd = Math.Max(Math.Max(e0 + (Emotions.Count * L), m0 + (3 * L)), Math.Max(d0 + (3 * L), r0 + (2 * L))) * sizeof(float);
        var hotMid = hotFirst + ((hotEnd - hotFirst) / 128 * 64);

        // The per-emotion constants in one small table (five floats per emotion) that the loop reads as
        // embedded broadcasts: one pointer instead of five, so no general register spills in the loop.
        var c = stackalloc float[Emotions.Count * 5];
        for (var e = 0; e < Emotions.Count; e++)
        {
            c[(5 * e) + 0] = _mul[e];
            c[(5 * e) + 1] = _sub[e];
            c[(5 * e) + 2] = _padP[e];
            c[(5 * e) + 3] = _padA[e];
            c[(5 * e) + 4] = _padD[e];
        }

        // The expression's per-emotion table (include flag, index) and constants (ExpressSystem.DynamicsBeginsTick).
        var x = stackalloc float[Emotions.Count * 2];
        var threshold = Vector512<float>.Zero;
        int dom = 0, oct = 0, cls = 0;
        var full = false;
        int[] outLines = [];
        float[] partialArray = [];
        if (inline)
        {
            for (var i = 0; i < Emotions.Count * 2; i++)
            {
                x[i] = express!.Table[i];
            }

            threshold = Vector512.Create(express!.Threshold);
            (dom, oct, cls, full, outLines) = (express.Dominant, express.Octant, express.Class, express.Full, express.Lines);
            partialArray = full ? [] : express.Partial;
        }

        var minusOne = Vector512.Create(-1f);
        var laneBits = Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15);
        fixed (float* partial = partialArray)
        for (var b = 0; b < count; b += 2)
        {
            var a = start + ((long)b * stride);
            var a2 = a + stride;

            // Near the end the hints go to the current blocks (already cached) instead of a branch.
            var pf = b + 1 + PairPrefetchDistance < hintCount ? a + ((long)PairPrefetchDistance * stride) : a;
            AgentBlocks.Prefetch(pf, hotFirst, hotMid);
            AgentBlocks.Prefetch(pf + stride, hotFirst, hotMid);
            var max = zero;
            var best = minusOne;

            var em = a + e0;
            var em2 = a2 + e0;
            var ratePos = one + Load2(a + r0, a2 + r0);
            var rateNeg = one + Load2(a + r0 + L, a2 + r0 + L);
            Vector512<float> sum = zero, sp = zero, sa = zero, sd = zero;
            var activeCount = Vector512<int>.Zero;
            var k = c;
            var xe = x;
            for (var e = 0; e < Emotions.Count; e += 2)
            {
                var cur = Load2(em, em2);
                var i = Vector512.MaxNative(zero, cur - (ratePos * ((cur * Vector512.Create(k[0])) + Vector512.Create(k[1]))));
                Store2(i, em, em2);
                if (inline)
                {
                    // The expression pass's running maximum, in its order (ascending, first index kept on ties); an
                    // emotion left out (× 0) never passes the maximum, which starts at 0.
                    var v = i * Vector512.Create(xe[0]);
                    best = Vector512.ConditionalSelect(Vector512.GreaterThan(v, max), Vector512.Create(xe[1]), best);
                    max = Vector512.MaxNative(v, max);
                }

                sum += i;
                sp += i * Vector512.Create(k[2]);
                sa += i * Vector512.Create(k[3]);
                sd += i * Vector512.Create(k[4]);

                // Written as a select so the JIT emits one masked add.
                activeCount = Vector512.ConditionalSelect(Vector512.GreaterThan(i, zero).AsInt32(), activeCount + oneInt, activeCount);

                cur = Load2(em + L, em2 + L);
                i = Vector512.MaxNative(zero, cur - (rateNeg * ((cur * Vector512.Create(k[5])) + Vector512.Create(k[6]))));
                Store2(i, em + L, em2 + L);
                if (inline)
                {
                    var v = i * Vector512.Create(xe[2]);
                    best = Vector512.ConditionalSelect(Vector512.GreaterThan(v, max), Vector512.Create(xe[3]), best);
                    max = Vector512.MaxNative(v, max);
                }

                sum += i;
                sp += i * Vector512.Create(k[7]);
                sa += i * Vector512.Create(k[8]);
                sd += i * Vector512.Create(k[9]);
                activeCount = Vector512.ConditionalSelect(Vector512.GreaterThan(i, zero).AsInt32(), activeCount + oneInt, activeCount);
                em += 2 * L;
                em2 += 2 * L;
                k += 10;
                xe += 4;
            }

            AgentBlocks.Prefetch(pf, hotMid, hotEnd);
            AgentBlocks.Prefetch(pf + stride, hotMid, hotEnd);

            var active = Vector512.ConvertToSingle(activeCount);
            var strength = Vector512.MinNative(one, sum / Vector512.MaxNative(active, one));
            var inv = one / Vector512.MaxNative(sum, tiny);
            var cp = sp * inv;
            var ca = sa * inv;
            var cd = sd * inv;
            var mood = a + m0;
            var mood2 = a2 + m0;
            var mp = Load2(mood, mood2);
            var ma = Load2(mood + L, mood2 + L);
            var md = Load2(mood + (2 * L), mood2 + (2 * L));
            var cLen = Vector512.Sqrt((cp * cp) + (ca * ca) + (cd * cd));
            var proj = ((mp * cp) + (ma * ca) + (md * cd)) / Vector512.MaxNative(cLen, tiny);
            var step = strength * change;
            var dp = cp - mp;
            var da = ca - ma;
            var dd = cd - md;
            var dist = Vector512.Sqrt((dp * dp) + (da * da) + (dd * dd));
            var pull = Vector512.MinNative(step, dist) / Vector512.MaxNative(dist, tiny);
            var push = step / Vector512.MaxNative(cLen, tiny);
            var isPush = Vector512.GreaterThanOrEqual(proj, cLen);
            mp = Vector512.ConditionalSelect(isPush, mp + (cp * push), mp + (dp * pull));
            ma = Vector512.ConditionalSelect(isPush, ma + (ca * push), ma + (da * pull));
            md = Vector512.ConditionalSelect(isPush, md + (cd * push), md + (dd * pull));
            var def = a + d0;
            var def2 = a2 + d0;
            var rp = Load2(def, def2) - mp;
            var ra = Load2(def + L, def2 + L) - ma;
            var rd = Load2(def + (2 * L), def2 + (2 * L)) - md;
            var rDist = Vector512.Sqrt((rp * rp) + (ra * ra) + (rd * rd));
            var r = Vector512.MinNative((one - strength) * back, rDist) / Vector512.MaxNative(rDist, tiny);
            var fp = Vector512.MinNative(one, Vector512.MaxNative(lo, mp + (rp * r)));
            var fa = Vector512.MinNative(one, Vector512.MaxNative(lo, ma + (ra * r)));
            var fd = Vector512.MinNative(one, Vector512.MaxNative(lo, md + (rd * r)));
            Store2(fp, mood, mood2);
            Store2(fa, mood + L, mood2 + L);
            Store2(fd, mood + (2 * L), mood2 + (2 * L));
            if (inline)
            {
                AgentBlocks.Prefetch(pf, outLines);
                AgentBlocks.Prefetch(pf + stride, outLines);
                var blockIndex = firstBlock + b;
                int aliveLo = _store.AliveMask(blockIndex), aliveHi = _store.AliveMask(blockIndex + 1);
                if ((aliveLo | aliveHi) != 0)
                {
                    // The expression pass's block work for the pair, from the maximum and index over the emotions and
                    // the mood just stored, with its operations in its order (ExpressSystem.ExpressPairs512): a block
                    // with no agent is left untouched, dead lanes keep their dominant emotion and octant.
                    var live = Vector512.Equals(laneBits & Vector512.Create(aliveLo | (aliveHi << L)), laneBits).AsSingle();
                    var intensity = ExpressSystem.MoodClass512(fp, fa, fd);
                    var o = Vector512.ConditionalSelect(live, ExpressSystem.Octant512(fp, fa, fd), Load2(a + oct, a2 + oct));
                    var dominant = full
                        ? Vector512.ConditionalSelect(live, Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(max, threshold), best, minusOne), Load2(a + dom, a2 + dom))
                        : zero;
                    if (aliveLo != 0)
                    {
                        o.GetLower().Store(a + oct);
                        intensity.GetLower().Store(a + cls);
                        if (full)
                        {
                            dominant.GetLower().Store(a + dom);
                        }
                    }

                    if (aliveHi != 0)
                    {
                        Avx512F.ExtractVector256(o, 1).Store(a2 + oct);
                        Avx512F.ExtractVector256(intensity, 1).Store(a2 + cls);
                        if (full)
                        {
                            Avx512F.ExtractVector256(dominant, 1).Store(a2 + dom);
                        }
                    }

                    if (!full)
                    {
                        ExpressSystem.KeepPartialPair(partial, blockIndex, max, best);
                    }
                }
            }
        }
    }

    /// <summary>Type flags for <see cref="StepPairs512{TExpress}"/>.</summary>
    private struct WithExpression
    {
    }

    private struct WithoutExpression
    {
    }

#endif

    private static bool IsAlternating()
    {
        for (var e = 0; e < Emotions.Count; e++)
        {
            if (AppraisalSettings.IsPositive((EmotionType)e) != ((e & 1) == 0))
            {
                return false;
            }
        }

        return (Emotions.Count & 1) == 0;
    }

    /// <summary>
    /// max/min as single vmaxps/vminps. Vector.Max follows IEEE 754-2019 (NaN and signed-zero rules)
    /// and costs about eight instructions on AVX2; the pass never sees NaN, so the native form gives the
    /// same values and was the largest cost of the loop.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector<float> VMax(Vector<float> a, Vector<float> b)
    {
#if NET
        return Vector.MaxNative(a, b);
#else
        return Vector.Max(a, b);
#endif
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector<float> VMin(Vector<float> a, Vector<float> b)
    {
#if NET
        return Vector.MinNative(a, b);
#else
        return Vector.Min(a, b);
#endif
    }

    private void StepBlockScalar(Span<float> block)
    {
        const int L = AgentBlocks.LanesPerBlock;
        var e0 = _fields.Emotion.Offset;
        var m = _fields.Mood.Offset;
        var d = _fields.DefaultMood.Offset;
        var r0 = _fields.DecayRate.Offset;
        for (var lane = 0; lane < L; lane++)
        {
            float sum = 0, sp = 0, sa = 0, sd = 0, active = 0;
            var ratePos = 1f + block[r0 + lane];
            var rateNeg = 1f + block[r0 + L + lane];
            for (var e = 0; e < Emotions.Count; e++)
            {
                ref var slot = ref block[e0 + (e * L) + lane];
                var rate = _positive[e] ? ratePos : rateNeg;
                var i = MathF.Max(0f, slot - (rate * ((slot * _mul[e]) + _sub[e])));
                slot = i;
                sum += i;
                sp += i * _padP[e];
                sa += i * _padA[e];
                sd += i * _padD[e];
                active += i > 0f ? 1f : 0f;
            }

            var strength = MathF.Min(1f, sum / MathF.Max(active, 1f));
            var inv = 1f / MathF.Max(sum, Tiny);
            float cp = sp * inv, ca = sa * inv, cd = sd * inv;
            float mp = block[m + lane], ma = block[m + L + lane], md = block[m + (2 * L) + lane];
            var cLen = MathF.Sqrt((cp * cp) + (ca * ca) + (cd * cd));
            var proj = ((mp * cp) + (ma * ca) + (md * cd)) / MathF.Max(cLen, Tiny);
            var step = strength * _change;
            float dp = cp - mp, da = ca - ma, dd = cd - md;
            var dist = MathF.Sqrt((dp * dp) + (da * da) + (dd * dd));
            if (proj >= cLen)
            {
                var push = step / MathF.Max(cLen, Tiny);
                mp += cp * push;
                ma += ca * push;
                md += cd * push;
            }
            else
            {
                var pull = MathF.Min(step, dist) / MathF.Max(dist, Tiny);
                mp += dp * pull;
                ma += da * pull;
                md += dd * pull;
            }

            float rp = block[d + lane] - mp, ra = block[d + L + lane] - ma, rd = block[d + (2 * L) + lane] - md;
            var rDist = MathF.Sqrt((rp * rp) + (ra * ra) + (rd * rd));
            var r = MathF.Min((1f - strength) * _return, rDist) / MathF.Max(rDist, Tiny);
            block[m + lane] = Math.Clamp(mp + (rp * r), -1f, 1f);
            block[m + L + lane] = Math.Clamp(ma + (ra * r), -1f, 1f);
            block[m + (2 * L) + lane] = Math.Clamp(md + (rd * r), -1f, 1f);
        }
    }
}
