using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Core;
#if NET
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace AffectEngine.Behaviour;

/// <summary>
/// The Express-stage per-agent pass, after the expression (so the mood octant is this tick's): per block
/// it computes the tendencies from emotions and mood; per live agent it tracks mental breaks, evaluates
/// the agent's action rules (preconditions, cooldown, target) and picks the one of highest utility, ties
/// broken by the seeded stream of (seed, tick, agent); with no action it may cope. Partitions only write
/// their own agents' fields and their own buffer; <see cref="EndTick"/> applies what needs other agents
/// (movement, pending events, goal and belief changes) on the tick thread in slot order, so results are
/// the same at any thread count.
/// <para>
/// It is an <see cref="IFusablePass"/>: when the expression pass runs right before it and is itself fused into
/// the dynamics (or contagion) pass, that pass hands each run of blocks on to this one right after their
/// emotions, mood and octant are final, so the blocks are streamed once per tick for all of them. Exact because a block's
/// work here reads that block's own fields, its own cooldowns and agents' positions, liveness and likings
/// (which no pass of the chain writes; positions move only in <see cref="EndTick"/>), and writes only fields
/// and side state the passes before it never read.
/// </para>
/// </summary>
internal sealed class BehaviourSystem : IFusablePass
{
    private const int Lanes = AgentBlocks.LanesPerBlock;
    private const float InvSqrt3 = 0.57735027f;

    // Blocks ahead to prefetch (the dynamics pass measured 4 as best at 10^6 agents); choices ahead in EndTick.
    private const int PrefetchDistance = 4;
    private const int ApplyPrefetchDistance = 8;

    // Blocks between a block's vector tests and its decisions (the cooldown hints' head start).
    private const int DecideLag = 4;

    // Below this many slots a scan is as cheap as building the grid.
    private const int IndexMinSlots = 256;
    private readonly BehaviourModule _module;
    private readonly Simulation _simulation;
    private readonly World _world;
    private readonly BehaviourSettings _settings;
    private readonly int _emotion;
    private readonly int _mood;
    private readonly int _octant;
    private readonly int _personality;
    private readonly int _position;
    private readonly int _tendency;
    private readonly int _action;
    private readonly int _low;
    private readonly int _break;
    private readonly int _coping;
    private readonly int[] _entryEmotion;
    private readonly int[] _entryTendency;
    private readonly float[] _entryWeight;
    private readonly float[] _octantWeights;
    private readonly RuleData[] _rules;

    // Per action, what the apply needs of its rule, read once per tick in Begin (rules are mutable settings).
    private readonly ActionApply[] _actionApply;
    private readonly bool _decide;

    // Rules with a cooldown (bit a = _rules[a]): the vector tests drop their lanes still cooling down.
    private readonly ulong _cooldownRules;

    // Octant weights per tendency as 8 lanes indexed by octant (one permute gives every lane its row).
    private readonly float[] _octantByTendency = new float[Tendencies.Count * 8];

    // The table grouped by tendency, each group in table order (per tendency the probabilistic sum then
    // runs over the same entries in the same order as the table, so the grouping changes no bit), as six
    // chains side by side: entry r of tendency k at [k * _rounds + r] (a group's own
    // order), so round r advances every tendency that has an r-th entry. A probabilistic sum is a chain of
    // dependent steps; six independent chains keep the vector units busy while each step's latency runs.
    private readonly int _rounds;
    private readonly int[] _chainLength = new int[Tendencies.Count];
    private readonly int[] _chainEmotion;
    private readonly float[] _chainWeight;
    private readonly int[] _lines;

    // Fused, the host has just streamed the emotion, mood and octant lines (and streams the next run's): only
    // the lines no pass before this one touches are left to hint.
    private readonly int[] _ownLines;
    private Choice[][] _buffers = [];
    private int[] _counts = [];
    private BeliefState[] _beliefs = new BeliefState[8];
    private readonly List<SharedChoice> _shared = [];

    // Radius-limited target searches go through the module's grid of the tick (shared with the witness search):
    // nearest within a radius always; most/least liked within a radius (and coping's support search) only
    // when the liking source cannot list a chooser's likings (LikedSlots), the fallback being a local scan.
    private SpatialIndex? _index;
    private readonly bool _nearSearch;
    private readonly bool _likedSearch;

    // A nearest-anywhere rule (no radius) searches through the grid in growing rings (TryRing).
    private readonly bool _ringSearch;
    private bool _indexed;
    private int[][] _candidates = [];

    // The pass right after this one whose block work runs inside this one's (affect.events), or null.
    private IFusablePass? _fused;

    public BehaviourSystem(BehaviourModule module, Simulation simulation)
    {
        _module = module;
        _simulation = simulation;
        var world = simulation.World;
        _world = world;
        _settings = module.Settings;
        _emotion = world.Field("emotion").Offset;
        _mood = world.Field("mood").Offset;
        _octant = world.Field("express.octant").Offset;
        _personality = world.Field("personality").Offset;
        _position = world.Field("position").Offset;
        _tendency = module.Tendency.Offset;
        _action = module.Action.Offset;
        _low = module.LowMood.Offset;
        _break = module.BreakLeft.Offset;
        _coping = module.CopingField.Offset;
        var table = _settings.Tendencies;
        var n = table.Entries.Count;
        _entryEmotion = new int[n];
        _entryTendency = new int[n];
        _entryWeight = new float[n];
        for (var i = 0; i < n; i++)
        {
            var e = table.Entries[i];
            _entryEmotion[i] = _emotion + ((int)e.Emotion * Lanes);
            _entryTendency[i] = _tendency + ((int)e.Tendency * Lanes);
            _entryWeight[i] = e.Weight;
        }

        _octantWeights = new float[8 * Tendencies.Count];
        for (var o = 0; o < 8; o++)
        {
            for (var k = 0; k < Tendencies.Count; k++)
            {
                _octantWeights[(o * Tendencies.Count) + k] = table.MoodWeight * table.OctantWeight(o, (Tendency)k);
            }
        }

        _rules = new RuleData[_settings.Actions.Count];
        for (var a = 0; a < _rules.Length; a++)
        {
            _rules[a] = new RuleData(_settings.Actions[a], _emotion, _tendency, _mood);
            _cooldownRules |= _rules[a].Cooldown > 0 && a < 64 ? 1UL << a : 0UL;
        }

        _decide = _rules.Length > 0 || _settings.Break is not null || _settings.Coping is not null;
        _actionApply = new ActionApply[_rules.Length];
        foreach (var rule in _settings.Actions)
        {
            _nearSearch |= rule.Target == TargetKind.Nearest && rule.Radius > 0f;
            _likedSearch |= rule.Target is TargetKind.MostLiked or TargetKind.LeastLiked && rule.Radius > 0f;

            _ringSearch |= rule.Target == TargetKind.Nearest && !(rule.Radius > 0f);
        }

        _likedSearch |= _settings.Coping is { SupportRadius: > 0f };
        var groupStart = new int[Tendencies.Count + 1];
        var groupEmotion = new int[n];
        var groupWeight = new float[n];
        var at = 0;
        for (var k = 0; k < Tendencies.Count; k++)
        {
            groupStart[k] = at;
            for (var i = 0; i < n; i++)
            {
                if (table.Entries[i].Tendency == (Tendency)k)
                {
                    groupEmotion[at] = _entryEmotion[i];
                    groupWeight[at++] = _entryWeight[i];
                }
            }

            for (var o = 0; o < 8; o++)
            {
                _octantByTendency[(k * 8) + o] = _octantWeights[(o * Tendencies.Count) + k];
            }
        }

        groupStart[Tendencies.Count] = at;
        for (var k = 0; k < Tendencies.Count; k++)
        {
            _chainLength[k] = groupStart[k + 1] - groupStart[k];
            _rounds = Math.Max(_rounds, _chainLength[k]);
        }

        _chainEmotion = new int[Math.Max(1, _rounds * Tendencies.Count)];
        _chainWeight = new float[_chainEmotion.Length];
        for (var k = 0; k < Tendencies.Count; k++)
        {
            for (var r = 0; r < _chainLength[k]; r++)
            {
                _chainEmotion[(k * _rounds) + r] = groupEmotion[groupStart[k] + r];
                _chainWeight[(k * _rounds) + r] = groupWeight[groupStart[k] + r];
            }
        }

        // Not the position line: only a lane that chooses reads it, and PrefetchDeciders hints it for those.
        _lines = CacheLines.Of(
            (_emotion, Emotions.Count * Lanes), (_mood, 3 * Lanes), (_octant, Lanes), (_tendency, Tendencies.Count * Lanes),
            (_action, Lanes), (_coping, Lanes));
        _ownLines = CacheLines.Of((_tendency, Tendencies.Count * Lanes), (_action, Lanes), (_coping, Lanes));
    }

    /// <summary>Tests set it to run the scalar pass where vectors are available (both must give the same bits).</summary>
    internal bool ScalarOnly { get; set; }

    /// <summary>
    /// Tests and the benchmark set it to apply every choice through <see cref="Apply"/> one by one, without the
    /// .NET-only <c>ApplyRun</c> path for actions that only move and report (both must give the same bits, happenings and events).
    /// </summary>
    internal bool PlainApply { get; set; }

    /// <summary>
    /// World size (bytes of agent storage) from which <c>ApplyRun</c> writes moved positions with streaming stores. Below
    /// it the world may stay in cache between ticks, and a streaming store would push the line out. Tests set 0.
    /// </summary>
    internal long StreamMovesFrom { get; set; } = 64L << 20;

    /// <summary>Choices applied by <c>ApplyRun</c> since the pass was made (tests check the path was taken).</summary>
    internal long DirectApplied { get; private set; }

    /// <summary>Tests set it to run the 256-bit vector pass where 512-bit vectors are available (all must give the same bits).</summary>
    internal bool Narrow { get; set; }

    /// <summary>Tests and the benchmark set it to search by scanning every slot (the grid must give the same bits).</summary>
    internal bool ScanOnly { get; set; }

    /// <summary>
    /// True when this tick's pass will search through the grid (the witness search then builds it for both). Not
    /// for searches by liking whose candidates come from the chooser's likings: building the grid every tick for
    /// them cost a pass over every slot and gave nothing (the results never depend on whether the grid is used).
    /// </summary>
    internal bool WillIndex => (_nearSearch || _ringSearch || (_likedSearch && !LikingsListed)) && !ScanOnly && _world.SlotCount >= IndexMinSlots;

    /// <summary>True when every chooser's likings can be listed (<see cref="LikedSlots.Collect"/> never declines).</summary>
    private bool LikingsListed => _module.Appraisal.View(AgentId.None).LikingSource is null or ILikingRows;

    /// <summary>True when this tick's searches went through the grid (tests check the grid was exercised).</summary>
    internal bool Indexed => _indexed;

    public string Name => "behaviour.act";

    public TickStage Stage => TickStage.Express;

    public void BeginTick(in TickContext context, int partitionCount) => Begin(context, partitionCount);

    public void BeginFused(in TickContext context, int partitionCount) => Begin(context, partitionCount);

    private void Begin(in TickContext context, int partitionCount)
    {
        if (_buffers.Length < partitionCount)
        {
            Array.Resize(ref _buffers, partitionCount);
            Array.Resize(ref _counts, partitionCount);
        }

        if (_candidates.Length < partitionCount)
        {
            Array.Resize(ref _candidates, partitionCount);
        }

        for (var p = 0; p < partitionCount; p++)
        {
            _buffers[p] ??= new Choice[64];
            _candidates[p] ??= new int[64];
            _counts[p] = 0;
        }

        // Positions change only in EndTick, so one grid serves every search of the pass (and was usually
        // built already by this tick's witness search).
        _indexed = WillIndex;
        if (_indexed)
        {
            _index = _module.Grid!.For(_world, context.Tick);
        }

        _module.HappeningList.Clear();
        _module.Ensure(_world.SlotCount);
        for (var a = 0; a < _actionApply.Length; a++)
        {
            var rule = _settings.Actions[a];
            _actionApply[a] = new ActionApply(
                !rule.Appraised, rule.Move != MoveKind.None, rule.Move == MoveKind.Toward, rule.Speed, rule.MaxSpeed, rule.Reach, _module.ActionIdOf(a).Value);
        }

        // Event extraction reads the emotion rows this pass has just read, and nothing runs between the two
        // that writes them (FusableAfter returns a pass only when nothing runs between): run its blocks here,
        // while they are in cache, instead of streaming the agent blocks a second time.
        _fused = _simulation.Fuse(this);
        _fused?.BeginFused(context, partitionCount);
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
#if NET
        if (Avx2.IsSupported && !ScalarOnly)
        {
            ExecuteVector(context, firstBlock, endBlock, partition, fused: false);
            return;
        }
#endif
        ExecuteScalar(context, firstBlock, endBlock, partition);
    }

    /// <summary>
    /// Blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>), handed over by the pass hosting this
    /// one right after their emotions, mood and octant are final (a few blocks at a time, still in cache): what
    /// <see cref="Execute"/> does for them, the decision pipeline drained at the end of the run.
    /// </summary>
    public void ExecuteFused(in TickContext context, int firstBlock, int endBlock, int partition)
    {
#if NET
        if (Avx2.IsSupported && !ScalarOnly)
        {
            ExecuteVector(context, firstBlock, endBlock, partition, fused: true);
            return;
        }
#endif
        ExecuteScalar(context, firstBlock, endBlock, partition);
    }

    private void ExecuteScalar(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        for (var b = firstBlock; b < endBlock; b++)
        {
            var block = _world.Block(b);
            ComputeTendencies(block);
            if (_decide)
            {
                var alive = _world.AliveMask(b) & Choosing(b);
                for (var lane = 0; lane < Lanes; lane++)
                {
                    if ((alive & (1 << lane)) != 0)
                    {
                        Decide(context, block, (b * Lanes) + lane, lane, partition);
                    }
                }
            }

            _fused?.ExecuteFused(context, b, b + 1, partition);
        }
    }

#if NET
    /// <summary>
    /// The same pass with 8-lane vectors: tendencies per tendency in registers, the octant weights by a
    /// permute, and a vector test of every rule's thresholds, so only lanes where some rule of the agent
    /// can hold (or that may cope or break) run the scalar <see cref="Decide"/>; the others only clear
    /// their action and coping fields, which is all <see cref="Decide"/> would have done for them.
    /// <para>
    /// The lanes that may choose are known at their block, but <see cref="Decide"/> first reads their
    /// cooldowns, which are cold (one line per chooser, 24 MB at 10^6 agents with three rules): so the pass
    /// hints those lines and decides <see cref="DecideLag"/> blocks later, while the loads are in flight.
    /// Choices stay in slot order, and nothing a decision reads is written by the blocks between.
    /// </para>
    /// <para>
    /// <paramref name="fused"/>: the blocks are a short run handed over by the host, which streams the lines
    /// it reads itself; the lines only this pass touches are hinted past the run's end too (the host hands over
    /// the next run soon), and the run goes on to extraction in one call.
    /// </para>
    /// </summary>
    private unsafe void ExecuteVector(in TickContext context, int firstBlock, int endBlock, int partition, bool fused)
    {
        var stride = _world.BlockStride;
        var hintEnd = fused ? Math.Min(_world.BlockCount, endBlock + PrefetchDistance) : endBlock;
        Span<int> lag = stackalloc int[2 * DecideLag];
        var queue = new DecideQueue(lag);
        var pair = Vector512.IsHardwareAccelerated && Avx512F.IsSupported && !Narrow;
        var anyBreak = _settings.Break is not null;
        var tick = context.Tick;

        // The rule tests read the block's rule masks and its cooldowns of rules that have one (a line per rule).
        var hintRules = _decide && !anyBreak && Sse.IsSupported;
        var lines = fused ? _ownLines : _lines;
        fixed (float* start = _world.Blocks(firstBlock, hintEnd))
        {
            var b = firstBlock;
            if (pair)
            {
                // Two blocks per step, one in each half of a 512-bit vector: tendencies, rule tests and the clearing
                // of the lanes that choose nothing, each the same lane operations as one block's 256-bit step.
                for (; b + 1 < endBlock; b += 2)
                {
                    var p = start + ((long)(b - firstBlock) * stride);
                    var q = p + stride;
                    if (b + 1 + PrefetchDistance < hintEnd)
                    {
                        AgentBlocks.Prefetch(p + ((long)PrefetchDistance * stride), lines);
                        AgentBlocks.Prefetch(q + ((long)PrefetchDistance * stride), lines);
                        if (hintRules)
                        {
                            PrefetchRuleState(b + PrefetchDistance);
                            PrefetchRuleState(b + 1 + PrefetchDistance);
                        }
                    }
                    else if (b + PrefetchDistance < hintEnd)
                    {
                        AgentBlocks.Prefetch(p + ((long)PrefetchDistance * stride), lines);
                        if (hintRules)
                        {
                            PrefetchRuleState(b + PrefetchDistance);
                        }
                    }

                    TendenciesPair(p, q);
                    if (!fused)
                    {
                        _fused?.ExecuteFused(context, b, b + 2, partition);
                    }

                    if (!_decide)
                    {
                        continue;
                    }

                    var alive = (_world.AliveMask(b) & Choosing(b)) | ((_world.AliveMask(b + 1) & Choosing(b + 1)) << Lanes);
                    if (alive == 0)
                    {
                        continue;
                    }

                    var need = anyBreak ? alive : CandidatesPair(p, q, b, alive, tick);
                    ClearLanesPair(p, q, alive & ~need);
                    if ((need & 0xFF) != 0)
                    {
                        Enqueue(context, ref queue, p, b, need & 0xFF, partition);
                    }

                    if ((need >> Lanes) != 0)
                    {
                        Enqueue(context, ref queue, q, b + 1, need >> Lanes, partition);
                    }
                }
            }

            // The 256-bit step: every block without AVX-512, else an odd run's last block.
            for (; b < endBlock; b++)
            {
                var p = start + ((long)(b - firstBlock) * stride);
                if (b + PrefetchDistance < hintEnd)
                {
                    AgentBlocks.Prefetch(p + ((long)PrefetchDistance * stride), lines);
                    if (hintRules)
                    {
                        PrefetchRuleState(b + PrefetchDistance);
                    }
                }

                TendenciesVector(p);
                if (!fused)
                {
                    _fused?.ExecuteFused(context, b, b + 1, partition);
                }

                if (!_decide)
                {
                    continue;
                }

                var alive = _world.AliveMask(b) & Choosing(b);
                if (alive == 0)
                {
                    continue;
                }

                var need = anyBreak ? alive : Candidates(p, b, alive, tick);
                ClearLanes(p, alive & ~need);
                if (need != 0)
                {
                    Enqueue(context, ref queue, p, b, need, partition);
                }
            }

            while (queue.TryTake(out var lagBlock, out var lagNeed))
            {
                DecideLanes(context, lagBlock, lagNeed, partition);
            }
        }

        if (fused)
        {
            // Extraction reads emotions, dominant emotion and octant, which this pass never writes.
            _fused?.ExecuteFused(context, firstBlock, endBlock, partition);
        }
    }

    /// <summary>
    /// Hints what block <paramref name="b"/>'s deciding lanes will read and queues the block; once
    /// <see cref="DecideLag"/> blocks wait, decides the oldest (slot order is kept).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void Enqueue(in TickContext context, ref DecideQueue queue, float* p, int b, int need, int partition)
    {
        PrefetchDeciders(p, b, need);
        if (queue.Full && queue.TryTake(out var oldBlock, out var oldNeed))
        {
            DecideLanes(context, oldBlock, oldNeed, partition);
        }

        queue.Add(b, need);
    }

    /// <summary>The blocks waiting for their decisions, oldest first (a ring of <see cref="DecideLag"/> block, lanes pairs).</summary>
    private ref struct DecideQueue
    {
        private readonly Span<int> _ring;
        private int _head;
        private int _count;

        public DecideQueue(Span<int> ring)
        {
            _ring = ring;
            _head = 0;
            _count = 0;
        }

        public readonly bool Full => _count == DecideLag;

        public void Add(int block, int lanes)
        {
            var tail = (_head + _count) % DecideLag;
            _ring[2 * tail] = block;
            _ring[(2 * tail) + 1] = lanes;
            _count++;
        }

        public bool TryTake(out int block, out int lanes)
        {
            if (_count == 0)
            {
                block = 0;
                lanes = 0;
                return false;
            }

            block = _ring[2 * _head];
            lanes = _ring[(2 * _head) + 1];
            _head = (_head + 1) % DecideLag;
            _count--;
            return true;
        }
    }

    private void DecideLanes(in TickContext context, int b, int need, int partition)
    {
        var block = _world.Block(b);
        for (var lane = 0; lane < Lanes; lane++)
        {
            if ((need & (1 << lane)) != 0)
            {
                Decide(context, block, (b * Lanes) + lane, lane, partition);
            }
        }
    }

    /// <summary>
    /// Action and coping fields of <paramref name="lanes"/> set to 0 (what <see cref="Decide"/> leaves in a lane
    /// that chooses nothing). A row is stored only when one of those lanes is not +0 already: most blocks chose
    /// nothing last tick either, and a store to a clean line would make it dirty, to be written back to memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void ClearLanes(float* p, int lanes)
    {
        ClearRow(p + _action, lanes);
        ClearRow(p + _coping, lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ClearRow(float* row, int lanes)
    {
        // Bits, not values: a −0 must become +0 as the plain store made it.
        var v = Vector256.Load(row);
        var set = ~Vector256.Equals(v.AsInt32(), Vector256<int>.Zero);
        if (((int)Vector256.ExtractMostSignificantBits(set) & lanes) == 0)
        {
            return;
        }

        var mask = Vector256.Equals(Vector256.Create(lanes) & LaneBits, LaneBits).AsSingle();
        Vector256.ConditionalSelect(mask, Vector256<float>.Zero, v).Store(row);
    }

    private static Vector256<int> LaneBits => Vector256.Create(1, 2, 4, 8, 16, 32, 64, 128);

    /// <summary><see cref="ClearLanes"/> for two blocks, lanes of <paramref name="q"/> in bits 8-15; each block's rows stored only when one of its own lanes needs it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void ClearLanesPair(float* p, float* q, int lanes)
    {
        ClearRowPair(p + _action, q + _action, lanes);
        ClearRowPair(p + _coping, q + _coping, lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ClearRowPair(float* row, float* row2, int lanes)
    {
        var v = Load2(row, row2, 0);
        var set = ~Vector512.Equals(v.AsInt32(), Vector512<int>.Zero);
        var dirty = (int)Vector512.ExtractMostSignificantBits(set) & lanes;
        if (dirty == 0)
        {
            return;
        }

        var mask = Vector512.Equals(Vector512.Create(lanes) & LaneBits16, LaneBits16).AsSingle();
        var cleared = Vector512.ConditionalSelect(mask, Vector512<float>.Zero, v);
        if ((dirty & 0xFF) != 0)
        {
            cleared.GetLower().Store(row);
        }

        if ((dirty >> Lanes) != 0)
        {
            cleared.GetUpper().Store(row2);
        }
    }

    private static Vector512<int> LaneBits16 => Vector512.Create(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);

    /// <summary>
    /// Hints the block's position line and its cooldown lines, which <see cref="Decide"/> reads (see
    /// <see cref="ExecuteVector"/>): those of the rules without a cooldown, the others having been hinted ahead
    /// for the rule tests (all of them under a mental-break rule, which skips the rule tests).
    /// </summary>
    private unsafe void PrefetchDeciders(float* p, int b, int need)
    {
        if (!Sse.IsSupported || need == 0)
        {
            return;
        }

        Sse.Prefetch0(p + _position);
        var hinted = _settings.Break is null ? _cooldownRules : 0UL;
        for (var a = 0; a < _rules.Length; a++)
        {
            if (((hinted >> a) & 1UL) == 0)
            {
                PrefetchLanes(ref _module.CooldownsOfBlock(b, a));
            }
        }
    }

    /// <summary>Hints block <paramref name="b"/>'s rule masks and its cooldown lines of the rules with a cooldown.</summary>
    private unsafe void PrefetchRuleState(int b)
    {
        fixed (ulong* masks = _module.RulesOfBlock(b))
        {
            Sse.Prefetch0(masks);
        }

        var rules = _cooldownRules;
        while (rules != 0)
        {
            var a = TrailingZeros(rules);
            rules &= rules - 1;
            PrefetchLanes(ref _module.CooldownsOfBlock(b, a));
        }
    }

    /// <summary>Hints a block's eight cooldowns of one rule (64 bytes, two lines when the array is not line-aligned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchLanes(ref long first)
    {
        fixed (long* c = &first)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0(c + Lanes - 1);
        }
    }

    /// <summary>Lanes of block <paramref name="b"/> whose cooldown of rule <paramref name="a"/> is over at <paramref name="tick"/> (<see cref="Decide"/>'s test, tick ≥ cooldown).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Ready(int b, int a, long tick)
    {
        ref var first = ref _module.CooldownsOfBlock(b, a);
        var t = Vector256.Create(tick);
        var low = (int)Vector256.ExtractMostSignificantBits(Vector256.GreaterThan(Vector256.LoadUnsafe(ref first), t));
        var high = (int)Vector256.ExtractMostSignificantBits(Vector256.GreaterThan(Vector256.LoadUnsafe(ref first, 4), t));
        return ~(low | (high << 4)) & 0xFF;
    }

    /// <summary>
    /// The same sums as <see cref="ComputeTendencies"/>, bit for bit: per tendency its entries in table
    /// order, then the mood term; the six tendencies advance side by side (<see cref="_chainEmotion"/>).
    /// </summary>
    private unsafe void TendenciesVector(float* p)
    {
        var rounds = _rounds;
        var a0 = Vector256<float>.Zero;
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        var a4 = a0;
        var a5 = a0;
        fixed (int* e = _chainEmotion, len = _chainLength)
        fixed (float* w = _chainWeight, octantWeights = _octantByTendency)
        {
            int l0 = len[0], l1 = len[1], l2 = len[2], l3 = len[3], l4 = len[4], l5 = len[5];
            for (var r = 0; r < rounds; r++)
            {
                // Each test has the same outcome in every block, so the branches are predicted.
                a0 = r < l0 ? Step(a0, p, e, w, r) : a0;
                a1 = r < l1 ? Step(a1, p, e, w, rounds + r) : a1;
                a2 = r < l2 ? Step(a2, p, e, w, (2 * rounds) + r) : a2;
                a3 = r < l3 ? Step(a3, p, e, w, (3 * rounds) + r) : a3;
                a4 = r < l4 ? Step(a4, p, e, w, (4 * rounds) + r) : a4;
                a5 = r < l5 ? Step(a5, p, e, w, (5 * rounds) + r) : a5;
            }

            var pm = Vector256.Load(p + _mood);
            var am = Vector256.Load(p + _mood + Lanes);
            var dm = Vector256.Load(p + _mood + (2 * Lanes));
            var m = Vector256.Sqrt((pm * pm) + (am * am) + (dm * dm)) * Vector256.Create(InvSqrt3);
            var hasMood = Vector256.GreaterThan(m, Vector256<float>.Zero);
            var octant = Vector256.ConvertToInt32(Vector256.Load(p + _octant)) & Vector256.Create(7);
            var t = p + _tendency;
            WithMood(a0, octantWeights, octant, m, hasMood).Store(t);
            WithMood(a1, octantWeights + 8, octant, m, hasMood).Store(t + Lanes);
            WithMood(a2, octantWeights + 16, octant, m, hasMood).Store(t + (2 * Lanes));
            WithMood(a3, octantWeights + 24, octant, m, hasMood).Store(t + (3 * Lanes));
            WithMood(a4, octantWeights + 32, octant, m, hasMood).Store(t + (4 * Lanes));
            WithMood(a5, octantWeights + 40, octant, m, hasMood).Store(t + (5 * Lanes));
        }
    }

    /// <summary>One entry of a chain: acc + x − acc·x with x = w·I (no fused multiply-add: the scalar pass has none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Step(Vector256<float> acc, float* p, int* e, float* w, int i)
    {
        var x = Vector256.Create(w[i]) * Vector256.Load(p + e[i]);
        return (acc + x) - (acc * x);
    }

    /// <summary>The mood octant's term of one tendency: its 8 octant weights permuted to the lanes' octants.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> WithMood(Vector256<float> acc, float* weights, Vector256<int> octant, Vector256<float> m, Vector256<float> hasMood)
    {
        var xm = Vector256.Min(Vector256.Create(1f), Avx2.PermuteVar8x32(Vector256.Load(weights), octant) * m);
        var moved = (acc + xm) - (acc * xm);
        return Vector256.ConditionalSelect(hasMood & Vector256.GreaterThan(xm, Vector256<float>.Zero), moved, acc);
    }

    /// <summary>
    /// <see cref="TendenciesVector"/> for two blocks at once, one in each half of a 512-bit vector: the same
    /// lane operations in the same order, so the same bits, with half the instructions.
    /// </summary>
    private unsafe void TendenciesPair(float* p, float* q)
    {
        var rounds = _rounds;
        var a0 = Vector512<float>.Zero;
        var a1 = a0;
        var a2 = a0;
        var a3 = a0;
        var a4 = a0;
        var a5 = a0;
        fixed (int* e = _chainEmotion, len = _chainLength)
        fixed (float* w = _chainWeight, octantWeights = _octantByTendency)
        {
            int l0 = len[0], l1 = len[1], l2 = len[2], l3 = len[3], l4 = len[4], l5 = len[5];
            for (var r = 0; r < rounds; r++)
            {
                // Written out: as calls, the JIT's inlining budget left some steps out of line (vectors through memory).
                if (r < l0)
                {
                    var i = r;
                    var x = Vector512.Create(w[i]) * BlockPairs.Load2(p + e[i], q + e[i]);
                    a0 = (a0 + x) - (a0 * x);
                }

                if (r < l1)
                {
                    var i = rounds + r;
                    var x = Vector512.Create(w[i]) * BlockPairs.Load2(p + e[i], q + e[i]);
                    a1 = (a1 + x) - (a1 * x);
                }

                if (r < l2)
                {
                    var i = (2 * rounds) + r;
                    var x = Vector512.Create(w[i]) * BlockPairs.Load2(p + e[i], q + e[i]);
                    a2 = (a2 + x) - (a2 * x);
                }

                if (r < l3)
                {
                    var i = (3 * rounds) + r;
                    var x = Vector512.Create(w[i]) * BlockPairs.Load2(p + e[i], q + e[i]);
                    a3 = (a3 + x) - (a3 * x);
                }

                if (r < l4)
                {
                    var i = (4 * rounds) + r;
                    var x = Vector512.Create(w[i]) * BlockPairs.Load2(p + e[i], q + e[i]);
                    a4 = (a4 + x) - (a4 * x);
                }

                if (r < l5)
                {
                    var i = (5 * rounds) + r;
                    var x = Vector512.Create(w[i]) * BlockPairs.Load2(p + e[i], q + e[i]);
                    a5 = (a5 + x) - (a5 * x);
                }
            }

            var pm = Load2(p, q, _mood);
            var am = Load2(p, q, _mood + Lanes);
            var dm = Load2(p, q, _mood + (2 * Lanes));
            var m = Vector512.Sqrt((pm * pm) + (am * am) + (dm * dm)) * Vector512.Create(InvSqrt3);
            var hasMood = Vector512.GreaterThan(m, Vector512<float>.Zero);
            var octant = Vector512.ConvertToInt32(Load2(p, q, _octant)) & Vector512.Create(7);
            var t = _tendency;
            Store2(WithMood(a0, octantWeights, octant, m, hasMood), p, q, t);
            Store2(WithMood(a1, octantWeights + 8, octant, m, hasMood), p, q, t + Lanes);
            Store2(WithMood(a2, octantWeights + 16, octant, m, hasMood), p, q, t + (2 * Lanes));
            Store2(WithMood(a3, octantWeights + 24, octant, m, hasMood), p, q, t + (3 * Lanes));
            Store2(WithMood(a4, octantWeights + 32, octant, m, hasMood), p, q, t + (4 * Lanes));
            Store2(WithMood(a5, octantWeights + 40, octant, m, hasMood), p, q, t + (5 * Lanes));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Load2(float* p, float* q, int offset) => BlockPairs.Load2(p + offset, q + offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store2(Vector512<float> v, float* p, float* q, int offset)
    {
        v.GetLower().Store(p + offset);
        v.GetUpper().Store(q + offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> WithMood(Vector512<float> acc, float* weights, Vector512<int> octant, Vector512<float> m, Vector512<float> hasMood)
    {
        // Both halves hold the tendency's 8 weights, so octant o (0-7) picks weight o in either block.
        var xm = Vector512.Min(Vector512.Create(1f), Avx512F.PermuteVar16x32(Vector512.Create(Vector256.Load(weights)), octant) * m);
        var moved = (acc + xm) - (acc * xm);
        return Vector512.ConditionalSelect(hasMood & Vector512.GreaterThan(xm, Vector512<float>.Zero), moved, acc);
    }

    /// <summary>
    /// Lanes that may choose or cope this tick: those where every threshold of at least one of the agent's
    /// rules holds and, for a rule with a cooldown, the cooldown is over (octants and targets are left to
    /// <see cref="Decide"/>), and those stressed enough to cope. A superset of the lanes where <see cref="Decide"/>
    /// does more than clear two fields: a lane whose only holding rules are cooling down (lash-out during its
    /// 50 ticks in the benchmark) would only have been cleared.
    /// </summary>
    private unsafe int Candidates(float* p, int b, int alive, long tick)
    {
        var need = 0;
        if (_settings.Coping is { } coping)
        {
            var stress = Vector256.Max(
                Vector256.Load(p + _emotion + ((int)EmotionType.Distress * Lanes)),
                Vector256.Max(Vector256.Load(p + _emotion + ((int)EmotionType.Fear * Lanes)), Vector256.Load(p + _emotion + ((int)EmotionType.FearsConfirmed * Lanes))));
            need = (int)Vector256.ExtractMostSignificantBits(Vector256.GreaterThanOrEqual(stress, Vector256.Create(coping.StressThreshold)));
        }

        // Usually every agent of a block has the same rules (then each rule's lanes are the live ones): one
        // compare of the block's eight masks finds it, without taking them apart lane by lane.
        var masks = _module.RulesOfBlock(b);
        ref var first = ref MemoryMarshal.GetReference(masks);
        var all = Vector256.Create(first);
        var uniform = Vector256.EqualsAll(Vector256.LoadUnsafe(ref first), all) && Vector256.EqualsAll(Vector256.LoadUnsafe(ref first, 4), all);
        var union = first;
        if (!uniform)
        {
            union = 0;
            var common = ulong.MaxValue;
            for (var lane = 0; lane < Lanes; lane++)
            {
                if ((alive & (1 << lane)) != 0)
                {
                    union |= masks[lane];
                    common &= masks[lane];
                }
            }

            uniform = common == union;
        }

        while (union != 0)
        {
            var a = TrailingZeros(union);
            union &= union - 1;
            var lanes = 0;
            if (uniform)
            {
                lanes = alive;
            }
            else
            {
                for (var lane = 0; lane < Lanes; lane++)
                {
                    lanes |= (int)((masks[lane] >> a) & 1UL & (ulong)(alive >> lane)) << lane;
                }
            }

            if ((lanes & ~need) != 0)
            {
                var holds = lanes & _rules[a].HoldsVector(p);
                if (holds != 0 && ((_cooldownRules >> a) & 1UL) != 0)
                {
                    holds &= Ready(b, a, tick);
                }

                need |= holds;
            }
        }

        return need & alive;
    }

    /// <summary>
    /// <see cref="Candidates(float*, int, int, long)"/> of blocks <paramref name="b"/> (bits 0-7, at <paramref name="p"/>) and b + 1 (bits 8-15,
    /// at <paramref name="q"/>) with one 512-bit test per rule when all sixteen agents have the same rules (the usual
    /// case); otherwise block by block. The same compares per lane, so the same lanes.
    /// </summary>
    private unsafe int CandidatesPair(float* p, float* q, int b, int alive, long tick)
    {
        ref var first = ref MemoryMarshal.GetReference(_module.RulesOfBlock(b));
        ref var second = ref MemoryMarshal.GetReference(_module.RulesOfBlock(b + 1));
        var all = Vector512.Create(first);
        if (!Vector512.EqualsAll(Vector512.LoadUnsafe(ref first), all) || !Vector512.EqualsAll(Vector512.LoadUnsafe(ref second), all))
        {
            return Candidates(p, b, alive & 0xFF, tick) | (Candidates(q, b + 1, alive >> Lanes, tick) << Lanes);
        }

        var need = 0;
        if (_settings.Coping is { } coping)
        {
            var e = _emotion;
            var stress = Vector512.Max(
                Load2(p, q, e + ((int)EmotionType.Distress * Lanes)),
                Vector512.Max(Load2(p, q, e + ((int)EmotionType.Fear * Lanes)), Load2(p, q, e + ((int)EmotionType.FearsConfirmed * Lanes))));
            need = (int)Vector512.ExtractMostSignificantBits(Vector512.GreaterThanOrEqual(stress, Vector512.Create(coping.StressThreshold)));
        }

        var union = first;
        while (union != 0)
        {
            var a = TrailingZeros(union);
            union &= union - 1;
            if ((alive & ~need) != 0)
            {
                var holds = alive & _rules[a].HoldsPair(p, q);
                if (holds != 0 && ((_cooldownRules >> a) & 1UL) != 0)
                {
                    holds &= Ready(b, a, tick) | (Ready(b + 1, a, tick) << Lanes);
                }

                need |= holds;
            }
        }

        return need & alive;
    }
#endif

    public void EndTick(in TickContext context, int partitionCount)
    {
        if (_module.Shards is { } shards)
        {
            ApplyShared(context, shards, partitionCount);
            return;
        }

        for (var p = 0; p < partitionCount; p++)
        {
            var buffer = _buffers[p];
            var count = _counts[p];
#if NET
            if (!PlainApply)
            {
                for (var i = 0; i < count;)
                {
                    i = ApplyRun(context, buffer, i, count);
                    if (i < count)
                    {
                        Apply(context, buffer[i]);
                        i++;
                    }
                }

                continue;
            }
#endif
            for (var i = 0; i < count; i++)
            {
                if (i + ApplyPrefetchDistance < count)
                {
                    PrefetchPosition(buffer[i + ApplyPrefetchDistance].Slot);
                }

                Apply(context, buffer[i]);
            }
        }
    }

#if NET
    /// <summary>
    /// Applies choices from <paramref name="start"/> on while they are actions that are not appraised (the heavy
    /// load's flee and comfort: at most a move, then the report) and returns the index of the first other choice
    /// (or <paramref name="count"/>). What <see cref="Apply"/> does for them, in the same order and with the same
    /// float operations, but without its dispatch on the kind, the rule's lookups per choice and the per-report
    /// growth checks: the happenings and events are written in place into room reserved once per run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe int ApplyRun(in TickContext context, Choice[] buffer, int start, int count)
    {
        // Optimized at once: it runs a few times per tick, so tiering would leave its loop as OSR code for the first
        // 30 ticks, which kept the world's fields and the loop's state on the stack and reloaded them per choice.
        var list = _module.HappeningList;
        var events = _world.Events;
        var listStart = list.Count;
        var room = count - start;
        CollectionsMarshal.SetCount(list, listStart + room);
        ref var happening = ref MemoryMarshal.GetReference(CollectionsMarshal.AsSpan(list).Slice(listStart, room));
        ref var engineEvent = ref MemoryMarshal.GetReference(events.GetAppendSpan(room));
        ref var choice = ref MemoryMarshal.GetArrayDataReference(buffer);
        var actions = _actionApply;
        var world = _world;
        var stride = world.BlockStride;
        var tick = context.Tick;
        var stepSeconds = (float)context.StepSeconds;
        var i = start;
        var w = 0;

        // A big world's moves write one random line each, and at 10^6 agents the line is long gone from cache by the
        // next pass. A streaming store (movnti) writes the two floats without reading the line first, and no hint is
        // needed. In-process A/B, heavy load: direct / plain 0.64 against 0.71 with hints and plain stores.
        var stream = Sse2.IsSupported && (long)world.BlockCount * stride * sizeof(float) >= StreamMovesFrom;

        // The storage is pinned (World.Blocks), so fixed costs nothing; every slot read is a live agent's (a chooser
        // or its target), so inside it. Positions by pointer: Block's span per move reloaded the world's fields per choice.
        fixed (float* storage = world.Blocks(0, world.BlockCount))
        {
            var position = storage + _position;
            for (; i < count; i++)
            {
                ref readonly var c = ref Unsafe.Add(ref choice, i);
                if (c.Kind != ChoiceKind.Action || !actions[c.Value].Direct)
                {
                    break;
                }

                if (!stream && i + ApplyPrefetchDistance < count && Sse.IsSupported)
                {
                    // Only for a choice that writes its position: each hint is a random line of the world and usually a
                    // page walk, and hints for the heavy load's comfort choices (2 in 5) cost as much as the moves' own.
                    ref readonly var next = ref Unsafe.Add(ref choice, i + ApplyPrefetchDistance);
                    if (next.Kind != ChoiceKind.Action || (actions[next.Value].Moves && !next.Other.IsNone))
                    {
                        Sse.Prefetch0(position + PositionIndex(next.Slot, stride));
                    }
                }

                ref readonly var a = ref actions[c.Value];
                var agent = world.AgentAt(c.Slot);
                if (a.Moves && !c.Other.IsNone && !Step(position, stride, c, a, stepSeconds, stream))
                {
                    // Same spot: Move draws the direction from the seeded stream.
                    Move(context, agent, c.Other, a.Toward, a.Speed, a.MaxSpeed, a.Reach, c);
                }

                Unsafe.Add(ref happening, w) = new Happening(tick, HappeningKind.ActionChosen, agent, c.Value, c.Other, CopingStrategy.None, CopingChange.None, 0, 0f, 0f);
                Unsafe.Add(ref engineEvent, w) = new EngineEvent(tick, agent, EngineEventKind.ActionChosen, a.Code, 0f, 0f, c.Other, 0);
                w++;
            }
        }

        if (stream)
        {
            // Streaming stores are weakly ordered: make them visible before the tick moves on (hash, other threads).
            Sse.StoreFence();
        }

        CollectionsMarshal.SetCount(list, listStart + w);
        events.Advance(w);
        DirectApplied += w;
        return i;
    }

    /// <summary>Index of a slot's x from the position field's first lane (y is <see cref="Lanes"/> further).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint PositionIndex(int slot, int stride) => ((nint)(slot >> 3) * stride) + (slot & 7);

    /// <summary>
    /// <see cref="Move"/> for <see cref="ApplyRun"/>, through the same <see cref="MoveSpeed"/> and <see cref="StepTo"/>, with the rule's values from
    /// <paramref name="a"/>; false (nothing written) when the agent stands on the target's spot, which Move handles.
    /// With <paramref name="stream"/> the position is written with streaming stores (the same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool Step(float* position, int stride, in Choice c, in ActionApply a, float stepSeconds, bool stream)
    {
        var t = position + PositionIndex(c.Other.Slot, stride);
        var dx = t[0] - c.X;
        var dy = t[Lanes] - c.Y;
        var d = MathF.Sqrt((dx * dx) + (dy * dy));
        if (!(d > 0f))
        {
            return false;
        }

        var step = MoveSpeed(c.Arousal, a.Speed, a.MaxSpeed) * stepSeconds;
        if (!StepTo(c.X, c.Y, dx / d, dy / d, d, step, a.Toward, a.Reach, out var x, out var y))
        {
            return true;
        }

        var p = position + PositionIndex(c.Slot, stride);
        if (stream)
        {
            Sse2.StoreNonTemporal((int*)p, BitConverter.SingleToInt32Bits(x));
            Sse2.StoreNonTemporal((int*)(p + Lanes), BitConverter.SingleToInt32Bits(y));
        }
        else
        {
            p[0] = x;
            p[Lanes] = y;
        }

        return true;
    }
#endif

    /// <summary>Lanes of block <paramref name="b"/> whose agents choose: all, or on a shard only its own agents (ghosts choose on their home shard).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Choosing(int b) => _module.Shards is { } shards ? shards.OwnLanes(b, Lanes) : (1 << Lanes) - 1;

    /// <summary>
    /// On a shard: trades this shard's choices (slot order) for every shard's (slot order, which is run-wide
    /// order because a shard's slots are) and applies them in that order, as a single process applies its own.
    /// </summary>
    private void ApplyShared(in TickContext context, ShardActions shards, int partitionCount)
    {
        _shared.Clear();
        for (var p = 0; p < partitionCount; p++)
        {
            var buffer = _buffers[p];
            for (var i = 0; i < _counts[p]; i++)
            {
                var c = buffer[i];
                _shared.Add(new SharedChoice((byte)c.Kind, c.Slot, c.Value, c.Other.IsNone ? -1 : c.Other.Slot, c.Index, c.X, c.Y, c.Arousal));
            }
        }

        var all = shards.Exchange(context.Tick, _shared);
        for (var i = 0; i < all.Count; i++)
        {
            var s = all[i];
            var c = new Choice((ChoiceKind)s.Kind, s.Slot, s.Value, s.Other < 0 ? AgentId.None : _world.AgentAt(s.Other), s.Index, s.X, s.Y, s.Arousal);
            if (shards.Owns(s.Slot))
            {
                Apply(context, c);
            }
            else
            {
                ApplyGhost(context, c);
            }
        }
    }

    /// <summary>
    /// A ghost's choice, made and reported on its home shard. Replayed here is what the agents of this shard
    /// observe of it: its move (searches, witnesses and moves read positions), its action (appraised here
    /// next tick when an own agent is its target or witness) and a distanced goal (others' fortunes are
    /// appraised against its utility). Its other coping changes touch only its own stores, read nowhere here.
    /// </summary>
    private void ApplyGhost(in TickContext context, in Choice c)
    {
        var agent = _world.AgentAt(c.Slot);
        if (c.Kind == ChoiceKind.Action)
        {
            Act(context, agent, c.Value, c.Other, c, report: false);
            return;
        }

        if (c.Kind != ChoiceKind.Coping)
        {
            return;
        }

        var strategy = (CopingStrategy)c.Value;
        if (strategy == CopingStrategy.ProblemFocused)
        {
            Act(context, agent, _settings.Coping!.ProblemAction, c.Other, c, report: false);
        }
        else if (strategy == CopingStrategy.SeekSupport)
        {
            Move(context, agent, c.Other, toward: true, 1f, 1f, 1f, c);
        }
        else if (strategy == CopingStrategy.Distancing)
        {
            Distance(agent, c.Index);
        }
    }

    /// <summary>Hints the line a move will write: choices are applied in slot order, blocks apart, long after the pass read them.</summary>
    private unsafe void PrefetchPosition(int slot)
    {
#if NET
        if (Sse.IsSupported)
        {
            fixed (float* p = _world.Block(slot >> 3))
            {
                Sse.Prefetch0(p + _position + (slot & 7));
            }
        }
#endif
    }

    /// <summary>t_k = probabilistic sum over the table of w·I_e, then the mood octant's term; every lane (dead lanes are all zero and stay zero).</summary>
    internal void ComputeTendencies(Span<float> block)
    {
        var t = block.Slice(_tendency, Tendencies.Count * Lanes);
        t.Clear();
#if NET
        if (Vector256.IsHardwareAccelerated)
        {
            ref var r = ref MemoryMarshal.GetReference(block);
            for (var i = 0; i < _entryWeight.Length; i++)
            {
                var x = Vector256.Create(_entryWeight[i]) * Vector256.LoadUnsafe(ref r, (nuint)_entryEmotion[i]);
                var off = (nuint)_entryTendency[i];
                var cur = Vector256.LoadUnsafe(ref r, off);
                ((cur + x) - (cur * x)).StoreUnsafe(ref r, off);
            }
        }
        else
#endif
        {
            for (var i = 0; i < _entryWeight.Length; i++)
            {
                var w = _entryWeight[i];
                var eo = _entryEmotion[i];
                var to = _entryTendency[i];
                for (var lane = 0; lane < Lanes; lane++)
                {
                    var x = w * block[eo + lane];
                    var cur = block[to + lane];
                    block[to + lane] = (cur + x) - (cur * x);
                }
            }
        }

        for (var lane = 0; lane < Lanes; lane++)
        {
            var p = block[_mood + lane];
            var a = block[_mood + Lanes + lane];
            var d = block[_mood + (2 * Lanes) + lane];
            var m = MathF.Sqrt((p * p) + (a * a) + (d * d)) * InvSqrt3;
            if (!(m > 0f))
            {
                continue;
            }

            var row = ((int)block[_octant + lane] & 7) * Tendencies.Count;
            for (var k = 0; k < Tendencies.Count; k++)
            {
                var x = Math.Min(1f, _octantWeights[row + k] * m);
                if (x > 0f)
                {
                    ref var cur = ref block[_tendency + (k * Lanes) + lane];
                    cur = (cur + x) - (cur * x);
                }
            }
        }
    }

    private void Decide(in TickContext context, Span<float> block, int slot, int lane, int partition)
    {
        // As ClearLanes: leave a clean line clean.
        Clear(ref block[_action + lane]);
        Clear(ref block[_coping + lane]);
        var tick = context.Tick;
        var chosen = -1;
        var target = AgentId.None;
        var brk = _settings.Break;
        var inBreak = false;
        if (brk is not null)
        {
            ref var left = ref block[_break + lane];
            ref var low = ref block[_low + lane];
            if (left > 0f)
            {
                left -= 1f;
                if (left <= 0f)
                {
                    left = 0f;
                    Add(partition, new Choice(ChoiceKind.BreakEnded, slot, brk.Action, AgentId.None, 0));
                }
                else
                {
                    inBreak = true;
                }
            }
            else
            {
                low = block[_mood + lane] < brk.PleasureBelow ? low + 1f : 0f;
                if (low >= brk.ForTicks)
                {
                    low = 0f;
                    left = brk.LastsTicks;
                    inBreak = true;
                    Add(partition, new Choice(ChoiceKind.BreakStarted, slot, brk.Action, AgentId.None, 0));
                }
            }
        }

        if (inBreak)
        {
            if (tick >= _module.CooldownOf(slot, brk!.Action) && TryTarget(_rules[brk.Action], block, slot, lane, partition, out target))
            {
                chosen = brk.Action;
            }
        }
        else
        {
            var mask = _module.RulesOf(slot);
            var best = float.NegativeInfinity;
            var ties = 0;
            RandomStream rng = default;
            while (mask != 0)
            {
                var a = TrailingZeros(mask);
                mask &= mask - 1;
                var rule = _rules[a];
                if (rule.Utility < best || tick < _module.CooldownOf(slot, a) || !rule.Holds(block, lane, _octant) || !TryTarget(rule, block, slot, lane, partition, out var t))
                {
                    continue;
                }

                if (rule.Utility > best)
                {
                    best = rule.Utility;
                    chosen = a;
                    target = t;
                    ties = 1;
                }
                else
                {
                    // Equal utility: keep each of the k tied rules with probability 1/k (reservoir), from the seeded stream.
                    if (ties == 1)
                    {
                        rng = context.Random(BehaviourModule.RandomStreamId, slot);
                    }

                    ties++;
                    if (rng.NextInt(ties) == 0)
                    {
                        chosen = a;
                        target = t;
                    }
                }
            }
        }

        if (chosen >= 0)
        {
            block[_action + lane] = chosen + 1;
            _module.CooldownOf(slot, chosen) = tick + _rules[chosen].Cooldown;
            Add(partition, new Choice(ChoiceKind.Action, slot, chosen, target, 0, block[_position + lane], block[_position + Lanes + lane], block[_mood + Lanes + lane]));
            return;
        }

        if (_settings.Coping is { } coping && !inBreak)
        {
            DecideCoping(coping, tick, block, slot, lane, partition);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(ref float field)
    {
        if (BitConverter.SingleToInt32Bits(field) != 0)
        {
            field = 0f;
        }
    }

    private void DecideCoping(CopingSettings coping, long tick, Span<float> block, int slot, int lane, int partition)
    {
        var stress = Math.Max(
            block[_emotion + ((int)EmotionType.Distress * Lanes) + lane],
            Math.Max(block[_emotion + ((int)EmotionType.Fear * Lanes) + lane], block[_emotion + ((int)EmotionType.FearsConfirmed * Lanes) + lane]));
        if (stress < coping.StressThreshold || tick < _module.NextCoping(slot))
        {
            return;
        }

        var agent = _world.AgentAt(slot);
        var view = _module.Appraisal.View(agent);
        var threat = new GoalId(_module.ThreatGoal(slot));
        var goalIndex = threat.IsNone ? -1 : view.IndexOfGoal(threat);
        var beliefIndex = -1;
        var threatBelief = _module.ThreatBelief(slot);
        var beliefs = view.Beliefs;
        for (var i = 0; i < beliefs.Length; i++)
        {
            if (beliefs[i].Goal == threat && beliefs[i].Belief.Value == threatBelief && beliefs[i].Desirability < 0f && beliefs[i].Likelihood > 0f && beliefs[i].Likelihood < 1f)
            {
                beliefIndex = i;
                break;
            }
        }

        var provoker = _module.ProvokerSlot(slot);
        var hasProvoker = !provoker.IsNone && provoker != agent && _world.IsAlive(provoker);
        var liked = MostLiked(view, slot, coping.SupportRadius, 0.3f, partition);
        var canDistance = goalIndex >= 0 && view.Goals[goalIndex].Utility != 0f;
        bool Possible(CopingStrategy s) => s switch
        {
            CopingStrategy.ProblemFocused => coping.ProblemAction >= 0 && hasProvoker,
            CopingStrategy.SeekSupport => !liked.IsNone,
            CopingStrategy.WishfulThinking or CopingStrategy.PositiveReappraisal => beliefIndex >= 0,
            CopingStrategy.ShiftingBlame => hasProvoker,
            CopingStrategy.Distancing => canDistance,
            _ => false,
        };

        var strategy = _module.Forced(slot);
        if (strategy == CopingStrategy.None)
        {
            // The threat's own controllability (its belief's, else its event's) before the agent's disposition.
            var c = _module.ThreatControllability(slot);
            if (float.IsNaN(c))
            {
                c = _module.Controllability(slot);
            }

            var o = block[_personality + lane];
            var cons = block[_personality + Lanes + lane];
            var e = block[_personality + (2 * Lanes) + lane];
            var agr = block[_personality + (3 * Lanes) + lane];
            var n = block[_personality + (4 * Lanes) + lane];
            if (float.IsNaN(c))
            {
                c = CopingSettings.DefaultControllability(e, cons, n);
            }

            // EMA's order (Marsella & Gratch 2009): act when the situation is controllable; otherwise turn
            // to others, then to emotion-focused strategies chosen by disposition (Carver & Connor-Smith 2010).
            strategy = c >= 0.5f && Possible(CopingStrategy.ProblemFocused) ? CopingStrategy.ProblemFocused
                : agr > 0f && Possible(CopingStrategy.SeekSupport) ? CopingStrategy.SeekSupport
                : n > 0.3f && Possible(CopingStrategy.WishfulThinking) ? CopingStrategy.WishfulThinking
                : o > 0.3f && Possible(CopingStrategy.PositiveReappraisal) ? CopingStrategy.PositiveReappraisal
                : agr < -0.3f && Possible(CopingStrategy.ShiftingBlame) ? CopingStrategy.ShiftingBlame
                : Possible(CopingStrategy.Distancing) ? CopingStrategy.Distancing
                : CopingStrategy.None;
        }
        else if (!Possible(strategy))
        {
            strategy = CopingStrategy.None;
        }

        if (strategy == CopingStrategy.None)
        {
            return;
        }

        _module.NextCoping(slot) = tick + coping.EveryTicks;
        block[_coping + lane] = (float)strategy;
        var other = strategy switch
        {
            CopingStrategy.SeekSupport => liked,
            CopingStrategy.ProblemFocused or CopingStrategy.ShiftingBlame => provoker,
            _ => AgentId.None,
        };
        var index = strategy is CopingStrategy.WishfulThinking or CopingStrategy.PositiveReappraisal ? beliefIndex : goalIndex;
        Add(partition, new Choice(ChoiceKind.Coping, slot, (int)strategy, other, index, block[_position + lane], block[_position + Lanes + lane], block[_mood + Lanes + lane]));
    }

    private AgentId MostLiked(AppraiserView view, int self, float radius, float least, int partition)
    {
        var best = AgentId.None;
        var bestLiking = least;
        var candidates = LikedCandidates(view, self, radius, partition, out var count);
        for (var i = 0; i < count; i++)
        {
            var s = candidates is null ? i : candidates[i];
            if (s == self)
            {
                continue;
            }

            var other = _world.AgentAt(s);
            if (other.IsNone || !view.TryGetLiking(other, out var l) || l < bestLiking || (l == bestLiking && !best.IsNone) || !Within(self, s, radius))
            {
                continue;
            }

            best = other;
            bestLiking = l;
        }

        return best;
    }

    private bool TryTarget(RuleData rule, Span<float> block, int slot, int lane, int partition, out AgentId target)
    {
        target = AgentId.None;
        var r = rule.Rule;
        switch (r.Target)
        {
            case TargetKind.None:
                return true;
            case TargetKind.Agent:
                target = r.TargetAgent;
                break;
            case TargetKind.Provoker:
                target = _module.ProvokerSlot(slot);
                break;
            default:
                return TrySearch(r, slot, partition, out target);
        }

        if (target.IsNone || target.Slot == slot || !_world.IsAlive(target) || !Within(slot, target.Slot, r.Radius))
        {
            target = AgentId.None;
            return false;
        }

        if (rule.ChecksLiking)
        {
            _module.Appraisal.View(_world.AgentAt(slot)).TryGetLiking(target, out var l);
            if (l < r.LikingMin || l > r.LikingMax)
            {
                target = AgentId.None;
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The slots a search around <paramref name="slot"/> within <paramref name="radius"/> must look at, in
    /// ascending order: the grid's candidates when it is built and the query is local, else null and
    /// <paramref name="count"/> = every slot (the caller scans 0 … count − 1). Either way the caller's exact
    /// tests see the agents in slot order, so the result does not depend on which was used. (Sharded runs that
    /// resolve targets among ghosts can change this one method.)
    /// </summary>
    private int[]? Candidates(int slot, float radius, int partition, out int count)
    {
        if (_indexed && radius > 0f && radius <= _index!.CellSize)
        {
            var (x, y) = PositionOf(slot);
            count = _index.Query(x, y, radius, ref _candidates[partition]);
            if (count >= 0)
            {
                return _candidates[partition];
            }
        }

        count = _world.SlotCount;
        return null;
    }

    /// <summary>Nearest / most liked / least liked other within the radius: candidates in slot order, first best kept (ties → lowest slot).</summary>
    private bool TrySearch(ActionRule r, int slot, int partition, out AgentId target)
    {
        target = AgentId.None;
        var view = _module.Appraisal.View(_world.AgentAt(slot));
        var best = float.PositiveInfinity;
        if (r.Target == TargetKind.Nearest && !(r.Radius > 0f) && _indexed && TryRing(r, slot, partition, view, out target))
        {
            return !target.IsNone;
        }

        var candidates = r.Target is TargetKind.MostLiked or TargetKind.LeastLiked
            ? LikedCandidates(view, slot, r.Radius, partition, out var count)
            : Candidates(slot, r.Radius, partition, out count);
        Best(r, slot, view, candidates, count, ref best, ref target);
        return !target.IsNone;
    }

    /// <summary>
    /// Candidates of a search by liking: the agents <paramref name="view"/>'s agent holds a liking of, in slot
    /// order (<see cref="LikedSlots"/>). Only they can win: most-liked needs a liking above 0 (coping's support
    /// at least 0.3) and least-liked one below 0, everyone else scores +∞ or is skipped as not found. So the
    /// exact tests of the scan, run over this subset in the same order, keep the scan's choice (ties → lowest
    /// slot) while costing the chooser's likings instead of the world. The world (or the grid around a radius)
    /// when the liking source cannot list its entries, and when <see cref="ScanOnly"/> asks for the reference scan.
    /// </summary>
    private int[]? LikedCandidates(in AppraiserView view, int slot, float radius, int partition, out int count)
    {
        if (!ScanOnly)
        {
            count = LikedSlots.Collect(view, ref _candidates[partition]);
            if (count >= 0)
            {
                return _candidates[partition];
            }
        }

        return Candidates(slot, radius, partition, out count);
    }

    /// <summary>
    /// The nearest other anywhere, through the grid: query squares of growing radius R (one cell, then doubled)
    /// until the best squared distance found is at most R². Every agent the query left out lies beyond R plus
    /// the query's margin, so its float distance exceeds R² ≥ best: it can neither win nor tie, and the
    /// answer (lowest slot among the nearest) is the scan's. False when the grid declines (too many cells,
    /// centre not finite): the caller scans.
    /// </summary>
    private bool TryRing(ActionRule r, int slot, int partition, AppraiserView view, out AgentId target)
    {
        target = AgentId.None;
        var (x, y) = PositionOf(slot);
        for (var radius = _index!.CellSize; ; radius *= 2f)
        {
            var count = _index.Query(x, y, radius, ref _candidates[partition]);
            if (count < 0)
            {
                target = AgentId.None;
                return false;
            }

            var best = float.PositiveInfinity;
            target = AgentId.None;
            Best(r, slot, view, _candidates[partition], count, ref best, ref target);
            if (best <= radius * radius)
            {
                return true;
            }
        }
    }

    /// <summary>The first best of <paramref name="count"/> candidates (null: slots 0 … count − 1) in slot order, folded into <paramref name="best"/> and <paramref name="target"/>.</summary>
    private void Best(ActionRule r, int slot, AppraiserView view, int[]? candidates, int count, ref float best, ref AgentId target)
    {
        var r2 = r.Radius * r.Radius;
        var (x, y) = PositionOf(slot);
        for (var i = 0; i < count; i++)
        {
            var s = candidates is null ? i : candidates[i];
            if (s == slot)
            {
                continue;
            }

            var other = _world.AgentAt(s);
            if (other.IsNone)
            {
                continue;
            }

            var (ox, oy) = PositionOf(s);
            var d2 = ((ox - x) * (ox - x)) + ((oy - y) * (oy - y));
            if (r.Radius > 0f && d2 > r2)
            {
                continue;
            }

            view.TryGetLiking(other, out var l);
            if (l < r.LikingMin || l > r.LikingMax)
            {
                continue;
            }

            var score = r.Target switch
            {
                TargetKind.MostLiked => l > 0f ? -l : float.PositiveInfinity,
                TargetKind.LeastLiked => l < 0f ? l : float.PositiveInfinity,
                _ => d2,
            };
            if (score < best)
            {
                best = score;
                target = other;
            }
        }
    }

    private bool Within(int a, int b, float radius)
    {
        if (!(radius > 0f))
        {
            return true;
        }

        var (ax, ay) = PositionOf(a);
        var (bx, by) = PositionOf(b);
        return (((bx - ax) * (bx - ax)) + ((by - ay) * (by - ay))) <= radius * radius;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (float X, float Y) PositionOf(int slot)
    {
        var block = _world.Block(slot >> 3);
        var lane = slot & 7;
        return (block[_position + lane], block[_position + Lanes + lane]);
    }

    private void Add(int partition, in Choice choice)
    {
        var buffer = _buffers[partition];
        if (_counts[partition] == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
            _buffers[partition] = buffer;
        }

        buffer[_counts[partition]++] = choice;
    }

    private void Apply(in TickContext context, in Choice c)
    {
        var agent = _world.AgentAt(c.Slot);
        var tick = context.Tick;
        switch (c.Kind)
        {
            case ChoiceKind.BreakStarted:
                Report(new Happening(tick, HappeningKind.BreakStarted, agent, c.Value, AgentId.None, CopingStrategy.None, CopingChange.None, 0, 0f, 0f));
                return;
            case ChoiceKind.BreakEnded:
                Report(new Happening(tick, HappeningKind.BreakEnded, agent, c.Value, AgentId.None, CopingStrategy.None, CopingChange.None, 0, 0f, 0f));
                return;
            case ChoiceKind.Action:
                Act(context, agent, c.Value, c.Other, c);
                return;
        }

        ApplyCoping(context, agent, (CopingStrategy)c.Value, c.Other, c.Index, c);
    }

    /// <summary>Keeps the happening for <see cref="BehaviourModule.Happenings"/> and reports it in the world's event buffer (hosts, Rx, C ABI).</summary>
    private void Report(in Happening h)
    {
        _module.HappeningList.Add(h);
        var kind = h.Kind switch
        {
            HappeningKind.ActionChosen => EngineEventKind.ActionChosen,
            HappeningKind.CopingApplied => EngineEventKind.CopingApplied,
            HappeningKind.BreakStarted => EngineEventKind.BreakStarted,
            _ => EngineEventKind.BreakEnded,
        };
        var code = h.Kind == HappeningKind.CopingApplied ? (int)h.Strategy : (h.Action >= 0 ? _module.ActionIdOf(h.Action).Value : 0);
        _world.Events.Append(new EngineEvent(h.Tick, h.Agent, kind, code, h.Before, h.After, h.Other, h.Symbol));
    }

    private void Act(in TickContext context, AgentId agent, int action, AgentId target, in Choice at, bool report = true)
    {
        var rule = _settings.Actions[action];
        if (rule.Move != MoveKind.None && !target.IsNone)
        {
            Move(context, agent, target, rule.Move == MoveKind.Toward, rule.Speed, rule.MaxSpeed, rule.Reach, at);
        }

        if (rule.Appraised)
        {
            _module.AddPending(new PendingAction(agent, action, target));
        }

        if (!report)
        {
            return;
        }

        Report(new Happening(context.Tick, HappeningKind.ActionChosen, agent, action, target, CopingStrategy.None, CopingChange.None, 0, 0f, 0f));
    }

    private void ApplyCoping(in TickContext context, AgentId agent, CopingStrategy strategy, AgentId other, int index, in Choice at)
    {
        var coping = _settings.Coping!;
        var appraisal = _module.Appraisal;
        var change = CopingChange.None;
        var symbol = 0;
        float before = 0f, after = 0f;
        var action = -1;
        switch (strategy)
        {
            case CopingStrategy.ProblemFocused:
                action = coping.ProblemAction;
                break;
            case CopingStrategy.SeekSupport:
                Move(context, agent, other, toward: true, 1f, 1f, 1f, at);
                break;
            case CopingStrategy.Distancing:
                (symbol, before, after) = Distance(agent, index);
                change = CopingChange.GoalUtility;
                break;

            case CopingStrategy.WishfulThinking:
            case CopingStrategy.PositiveReappraisal:
            {
                var beliefs = appraisal.View(agent).Beliefs;
                if (_beliefs.Length < beliefs.Length)
                {
                    _beliefs = new BeliefState[Math.Max(beliefs.Length, _beliefs.Length * 2)];
                }

                beliefs.CopyTo(_beliefs);
                ref var b = ref _beliefs[index];
                symbol = b.Belief.Value;
                if (strategy == CopingStrategy.WishfulThinking)
                {
                    before = b.Likelihood;
                    after = Math.Max(0f, before - coping.WishfulStep);
                    b.Likelihood = after;
                    change = CopingChange.BeliefLikelihood;
                }
                else
                {
                    before = b.Desirability;
                    after = before * (1f - coping.ReappraisalStep);
                    b.Desirability = after;
                    change = CopingChange.BeliefDesirability;
                }

                appraisal.ReplaceBeliefs(agent, new ReadOnlySpan<BeliefState>(_beliefs, 0, beliefs.Length));
                break;
            }

            case CopingStrategy.ShiftingBlame:
                appraisal.View(agent).TryGetLiking(other, out before);
                after = Math.Max(-1f, before - coping.BlameStep);
                appraisal.SetLiking(agent, other, after);
                change = CopingChange.Liking;
                break;
        }

        Report(new Happening(context.Tick, HappeningKind.CopingApplied, agent, action, other, strategy, change, symbol, before, after));
        if (action >= 0)
        {
            _world.Value(agent, _module.Action) = action + 1;
            _module.CooldownOf(agent.Slot, action) = context.Tick + _rules[action].Cooldown;
            Act(context, agent, action, other, at);
        }
    }

    /// <summary>Distancing: lowers |utility| of the agent's goal <paramref name="index"/> by the step; returns (goal, before, after).</summary>
    private (int Goal, float Before, float After) Distance(AgentId agent, int index)
    {
        var goals = _module.Appraisal.View(agent).Goals;
        var g = goals[index];
        var before = g.Utility;
        var after = Math.Sign(before) * Math.Max(0f, Math.Abs(before) - _settings.Coping!.DistancingStep);
        goals[index] = new GoalState(new GoalDescription(g.Goal, new Utility(after), g.Kind)) { Likelihood = g.Likelihood, HasLikelihood = g.HasLikelihood };
        return (g.Goal.Value, before, after);
    }

    /// <summary>
    /// Moves toward (stopping at <paramref name="reach"/>) or away from the target. Speed rises with
    /// arousal as desired speed rises with nervousness in Helbing, Farkas &amp; Vicsek (2000, Nature 407):
    /// v = (1 − n)·speed + n·maxSpeed with n = max(0, mood arousal).
    /// </summary>
    private void Move(in TickContext context, AgentId agent, AgentId target, bool toward, float speed, float maxSpeed, float reach, in Choice at)
    {
        var px = at.X;
        var py = at.Y;
        var (tx, ty) = PositionOf(target.Slot);
        var block = _world.Block(agent.Slot >> 3);
        var lane = agent.Slot & 7;
        var step = MoveSpeed(at.Arousal, speed, maxSpeed) * (float)context.StepSeconds;
        var dx = tx - px;
        var dy = ty - py;
        var d = MathF.Sqrt((dx * dx) + (dy * dy));
        float ux, uy;
        if (d > 0f)
        {
            ux = dx / d;
            uy = dy / d;
        }
        else
        {
            // Same spot: pick one of eight compass directions from the seeded stream (exact, no trigonometry).
            var rng = context.Random(BehaviourModule.RandomStreamId + 1, agent.Slot);
            var k = rng.NextInt(8);
            const float Diag = 0.70710677f;
            ux = k switch { 0 => 1f, 1 => Diag, 2 => 0f, 3 => -Diag, 4 => -1f, 5 => -Diag, 6 => 0f, _ => Diag };
            uy = k switch { 0 => 0f, 1 => Diag, 2 => 1f, 3 => Diag, 4 => 0f, 5 => -Diag, 6 => -1f, _ => -Diag };
        }

        if (StepTo(px, py, ux, uy, d, step, toward, reach, out var x, out var y))
        {
            block[_position + lane] = x;
            block[_position + Lanes + lane] = y;
        }
    }

    /// <summary>The speed of a move at <paramref name="arousal"/>: (1 − n)·speed + n·maxSpeed with n = arousal clamped to [0, 1] (see <see cref="Move"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MoveSpeed(float arousal, float speed, float maxSpeed)
    {
        var n = Math.Max(0f, Math.Min(1f, arousal));
        return ((1f - n) * speed) + (n * maxSpeed);
    }

    /// <summary>
    /// Where a step from (<paramref name="px"/>, <paramref name="py"/>) along the unit direction to the target (at
    /// distance <paramref name="d"/>) ends: toward it, at most up to <paramref name="reach"/> from it (false when
    /// already there: no move); away from it, the whole step. <see cref="Move"/> and <c>ApplyRun</c> share it, so the
    /// two paths give the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StepTo(float px, float py, float ux, float uy, float d, float step, bool toward, float reach, out float x, out float y)
    {
        if (toward)
        {
            var s = Math.Min(step, d - reach);
            if (!(s > 0f))
            {
                x = px;
                y = py;
                return false;
            }

            x = px + (s * ux);
            y = py + (s * uy);
            return true;
        }

        x = px - (step * ux);
        y = py - (step * uy);
        return true;
    }

    private static int TrailingZeros(ulong v)
    {
#if NET
        return System.Numerics.BitOperations.TrailingZeroCount(v);
#else
        var n = 0;
        while ((v & 1UL) == 0UL)
        {
            v >>= 1;
            n++;
        }

        return n;
#endif
    }

    /// <summary>An action's rule as the apply reads it: not appraised (so <c>ApplyRun</c> (.NET) may apply it), its move, and its id's code.</summary>
    private readonly record struct ActionApply(bool Direct, bool Moves, bool Toward, float Speed, float MaxSpeed, float Reach, int Code);

    private enum ChoiceKind : byte
    {
        Action,
        Coping,
        BreakStarted,
        BreakEnded,
    }

    /// <summary>
    /// A decision to apply at the end of the tick. X, Y and Arousal are the agent's position and mood arousal
    /// read while its block was in cache: only the agent's own (single) moving choice changes them before
    /// it is applied, so the move reads no cold block.
    /// </summary>
    private readonly record struct Choice(ChoiceKind Kind, int Slot, int Value, AgentId Other, int Index, float X = 0f, float Y = 0f, float Arousal = 0f);

    /// <summary>A rule with its precondition offsets precomputed for the block layout.</summary>
    private sealed class RuleData
    {
        private readonly int[] _offsets;
        private readonly float[] _min;
        private readonly float[] _max;
        private readonly int _octants;

        public RuleData(ActionRule rule, int emotion, int tendency, int mood)
        {
            Rule = rule;
            Utility = rule.Utility;
            Cooldown = rule.CooldownTicks;
            _octants = rule.OctantMask;
            ChecksLiking = rule.LikingMin > -1f || rule.LikingMax < 1f;
            var n = rule.Conditions.Count;
            _offsets = new int[n];
            _min = new float[n];
            _max = new float[n];
            for (var i = 0; i < n; i++)
            {
                var c = rule.Conditions[i];
                var origin = c.Kind switch { ConditionKind.Emotion => emotion, ConditionKind.Tendency => tendency, _ => mood };
                _offsets[i] = origin + (c.Index * Lanes);
                _min[i] = c.Min;
                _max[i] = c.Max;
            }
        }

        public ActionRule Rule { get; }

        public float Utility { get; }

        public int Cooldown { get; }

        public bool ChecksLiking { get; }

#if NET
        /// <summary>Lanes where every threshold holds (NaN passes, as in <see cref="Holds"/>); octants are not tested.</summary>
        public unsafe int HoldsVector(float* p)
        {
            var ok = Vector256<float>.AllBitsSet;
            for (var i = 0; i < _offsets.Length; i++)
            {
                var v = Vector256.Load(p + _offsets[i]);
                ok &= ~(Vector256.LessThan(v, Vector256.Create(_min[i])) | Vector256.GreaterThan(v, Vector256.Create(_max[i])));
            }

            return (int)Vector256.ExtractMostSignificantBits(ok);
        }

        /// <summary><see cref="HoldsVector"/> of two blocks in one 512-bit vector: lanes of <paramref name="p"/> in bits 0-7, of <paramref name="q"/> in bits 8-15.</summary>
        public unsafe int HoldsPair(float* p, float* q)
        {
            var ok = Vector512<float>.AllBitsSet;
            for (var i = 0; i < _offsets.Length; i++)
            {
                var v = Load2(p, q, _offsets[i]);
                ok &= ~(Vector512.LessThan(v, Vector512.Create(_min[i])) | Vector512.GreaterThan(v, Vector512.Create(_max[i])));
            }

            return (int)Vector512.ExtractMostSignificantBits(ok);
        }
#endif

        public bool Holds(Span<float> block, int lane, int octantOffset)
        {
            if (_octants != 0 && (_octants & (1 << ((int)block[octantOffset + lane] & 7))) == 0)
            {
                return false;
            }

            for (var i = 0; i < _offsets.Length; i++)
            {
                var v = block[_offsets[i] + lane];
                if (v < _min[i] || v > _max[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
