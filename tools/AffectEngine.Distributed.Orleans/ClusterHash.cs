using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using AffectEngine.Core;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Hosting;
using AffectEngine.Social;
using System.Text;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// The cluster state hash: xxHash64 over (tick, agent count, field floats per agent, then the side
/// stores per agent) with agents in global order. It does not depend on how agents are grouped into
/// shards, so 1 process without Orleans and 1, 2 or 4 shards give the same value. It covers every hot
/// per-agent field (emotions, mood, personality, position, ...), each agent's episodic memory and
/// relations (with the social module) and its appraisal goals and beliefs, with agent references
/// written as global agent indices and event kinds, goals and beliefs as names (docs/scale-out.md).
/// </summary>
public static class ClusterHash
{
    /// <summary>Floats per agent in the canonical per-agent encoding of a world.</summary>
    public static int FloatsPerAgent(World world) => (world ?? throw new ArgumentNullException(nameof(world))).BlockStride / AgentBlocks.LanesPerBlock;

    /// <summary>
    /// The canonical per-agent state of every live agent of a world, in slot order: for each agent
    /// its field floats in schema order, little-endian. Shards return this; concatenated in shard
    /// order it is the state of the whole run in global agent order.
    /// </summary>
    public static byte[] AgentState(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = new float[world.AgentCount * per];
        var n = 0;
        foreach (var agent in world.Agents)
        {
            var block = world.Block(agent.Slot / AgentBlocks.LanesPerBlock);
            var lane = agent.Slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                values[n++] = block[(f * AgentBlocks.LanesPerBlock) + lane];
            }
        }

        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    /// <summary>Writes per-agent state back into a world whose live agents are, in slot order, the same agents.</summary>
    public static void WriteAgentState(World world, ReadOnlySpan<byte> state)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = MemoryMarshal.Cast<byte, float>(state);
        if (values.Length != world.AgentCount * per)
        {
            throw new ArgumentException($"Agent state holds {values.Length} floats; this shard needs {world.AgentCount} agents × {per}.", nameof(state));
        }

        var n = 0;
        foreach (var agent in world.Agents)
        {
            var block = world.Block(agent.Slot / AgentBlocks.LanesPerBlock);
            var lane = agent.Slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                block[(f * AgentBlocks.LanesPerBlock) + lane] = values[n++];
            }
        }
    }

    /// <summary>The canonical state of the agents in slots [<paramref name="firstSlot"/>, firstSlot + count): a shard's own agents, ghosts left out.</summary>
    public static byte[] AgentState(World world, int firstSlot, int count)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = new float[count * per];
        var n = 0;
        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var block = world.Block(slot / AgentBlocks.LanesPerBlock);
            var lane = slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                values[n++] = block[(f * AgentBlocks.LanesPerBlock) + lane];
            }
        }

        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    /// <summary>Writes the state of the agents in slots [<paramref name="firstSlot"/>, firstSlot + count).</summary>
    public static void WriteAgentState(World world, int firstSlot, int count, ReadOnlySpan<byte> state)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = MemoryMarshal.Cast<byte, float>(state);
        if (values.Length != count * per)
        {
            throw new ArgumentException($"Agent state holds {values.Length} floats; this shard needs {count} agents × {per}.", nameof(state));
        }

        var n = 0;
        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var block = world.Block(slot / AgentBlocks.LanesPerBlock);
            var lane = slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                block[(f * AgentBlocks.LanesPerBlock) + lane] = values[n++];
            }
        }
    }

    /// <summary>The cluster hash of a completed tick count over per-agent state already in global order (no side stores).</summary>
    public static ulong Of(long tick, int agents, ReadOnlySpan<byte> stateInGlobalOrder) => Of(tick, agents, stateInGlobalOrder, default);

    /// <summary>
    /// The cluster hash of a completed tick count over per-agent state and side-store state (see
    /// <see cref="SideState"/>), each already in global order: xxHash64(tick i64 | agents i32 | state | side).
    /// </summary>
    public static ulong Of(long tick, int agents, ReadOnlySpan<byte> stateInGlobalOrder, ReadOnlySpan<byte> sideInGlobalOrder)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(header, tick);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], agents);
        var hash = new XxHash64();
        hash.Append(header);
        hash.Append(stateInGlobalOrder);
        hash.Append(sideInGlobalOrder);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The single-process reference: the cluster hash of one runner holding every agent (global index = position in the world's agent order).</summary>
    public static ulong Of(SimulationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var world = runner.World;
        var global = new int[world.SlotCount];
        var n = 0;
        foreach (var agent in world.Agents)
        {
            global[agent.Slot] = n++;
        }

        return Of(runner.Tick, world.AgentCount, AgentState(world), SideState(runner, 0, world.SlotCount, slot => global[slot]));
    }

    /// <summary>
    /// The side stores of the live agents in slots [<paramref name="firstSlot"/>, firstSlot + count), in slot
    /// order; empty when neither the social nor the affect module is registered. Per agent: its record's
    /// byte length (i32), then, with the social module, episodes (i32 count; each: tick i64, rehearsed i64,
    /// kind name, actor and target as global index i32 (−1 for none), strength f32, i32 emotion count,
    /// (type i32, intensity f32) each) and relations (i32 count; each: other as global index i32, liking
    /// f32, familiarity f32); then, with the affect module, appraisal goals (i32 count; each: name, utility
    /// f32, kind i32, likelihood f32, has-likelihood i32) and beliefs (i32 count; each: belief name, goal
    /// name, likelihood f32, desirability f32). Names are i32 byte length + UTF-8; all little-endian.
    /// <paramref name="globalOf"/> maps a slot of this world to its global agent index.
    /// </summary>
    public static byte[] SideState(SimulationRunner runner, int firstSlot, int count, Func<int, int> globalOf)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(globalOf);
        var social = FindSocial(runner);
        var appraisal = FindAppraisal(runner);
        if (social is null && appraisal is null)
        {
            return [];
        }

        var world = runner.World;
        var episodes = new StoredEpisode[Math.Max(1, social?.Memory.Capacity ?? 1)];
        var relations = new RelationEntry[Math.Max(1, social?.Relations.Capacity ?? 1)];
        using var buffer = new MemoryStream();
        using var w = new BinaryWriter(buffer);
        int Ref(AgentId a) => a.IsNone ? -1 : globalOf(a.Slot);
        void Name(string name)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            w.Write(bytes.Length);
            w.Write(bytes);
        }

        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var agent = world.AgentAt(slot);
            if (agent.IsNone)
            {
                continue;
            }

            var start = buffer.Position;
            w.Write(0); // the record's length, patched below
            if (social is not null)
            {
                var actions = appraisal!.Vocabulary.Actions;
                var ne = social.Memory.CopyStored(agent, episodes);
                w.Write(ne);
                for (var i = 0; i < ne; i++)
                {
                    var e = episodes[i];
                    w.Write(e.Tick);
                    w.Write(e.Rehearsed);
                    Name(actions.NameOf(e.Kind));
                    w.Write(Ref(e.Actor));
                    w.Write(Ref(e.Target));
                    Name(e.Object.IsNone ? "" : appraisal.Vocabulary.Objects.NameOf(e.Object.Value));
                    w.Write(e.Strength);
                    w.Write(e.EmotionCount);
                    for (var j = 0; j < e.EmotionCount; j++)
                    {
                        var impulse = j == 0 ? e.First : j == 1 ? e.Second : e.Third;
                        w.Write((int)impulse.Type);
                        w.Write(impulse.Intensity);
                    }
                }

                var nr = social.Relations.CopyRelations(agent, relations);
                w.Write(nr);
                for (var i = 0; i < nr; i++)
                {
                    w.Write(Ref(relations[i].Other));
                    w.Write(relations[i].Liking);
                    w.Write(relations[i].Familiarity);
                }
            }

            if (appraisal is not null)
            {
                var vocabulary = appraisal.Vocabulary;
                var view = appraisal.View(agent);
                w.Write(view.Goals.Length);
                foreach (var goal in view.Goals)
                {
                    Name(vocabulary.Goals.NameOf(goal.Goal.Value));
                    w.Write(goal.Utility);
                    w.Write((int)goal.Kind);
                    w.Write(goal.Likelihood);
                    w.Write(goal.HasLikelihood ? 1 : 0);
                }

                w.Write(view.Beliefs.Length);
                foreach (var belief in view.Beliefs)
                {
                    Name(vocabulary.Beliefs.NameOf(belief.Belief.Value));
                    Name(vocabulary.Goals.NameOf(belief.Goal.Value));
                    w.Write(belief.Likelihood);
                    w.Write(belief.Desirability);
                }
            }

            var end = buffer.Position;
            buffer.Position = start;
            w.Write((int)(end - start - 4));
            buffer.Position = end;
        }

        w.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// Replaces the memory, relations, goal likelihoods and beliefs of the agents in slots [<paramref name="firstSlot"/>,
    /// firstSlot + count) with what <see cref="SideState"/> wrote for the same agents (possibly in another
    /// world); <paramref name="slotOf"/> maps a global agent index to this world's slot. Between ticks.
    /// </summary>
    public static void WriteSideState(SimulationRunner runner, int firstSlot, int count, ReadOnlySpan<byte> side, Func<int, int> slotOf)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(slotOf);
        var social = FindSocial(runner);
        var appraisal = FindAppraisal(runner);
        if (social is null && appraisal is null)
        {
            if (!side.IsEmpty)
            {
                throw new ArgumentException("The snapshot holds side-store state; this run has neither the social nor the affect module.", nameof(side));
            }

            return;
        }

        var world = runner.World;
        var r = new SideReader(side);
        AgentId Agent(int global) => global < 0 ? AgentId.None : world.AgentAt(slotOf(global));
        Span<FeltEmotion> felt = stackalloc FeltEmotion[EpisodicMemory.EmotionsPerEpisode];
        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var agent = world.AgentAt(slot);
            if (agent.IsNone)
            {
                continue;
            }

            _ = r.Int32();
            if (social is not null)
            {
                var episodes = new StoredEpisode[r.Count(social.Memory.Capacity, "episodes")];
                for (var i = 0; i < episodes.Length; i++)
                {
                    var tick = r.Int64();
                    var rehearsed = r.Int64();
                    var kind = appraisal!.Vocabulary.Action(r.Utf8()).Value;
                    var actor = Agent(r.Int32());
                    var target = Agent(r.Int32());
                    var objectName = r.Utf8();
                    var obj = objectName.Length == 0 ? default : appraisal.Vocabulary.Object(objectName);
                    var strength = r.Single();
                    var k = r.Count(EpisodicMemory.EmotionsPerEpisode, "emotions");
                    felt.Clear();
                    for (var j = 0; j < k; j++)
                    {
                        felt[j] = new FeltEmotion((EmotionType)r.Int32(), r.Single());
                    }

                    episodes[i] = new StoredEpisode(tick, rehearsed, kind, actor, target, strength, felt[0], felt[1], felt[2], k, obj);
                }

                social.Memory.RestoreStored(agent, episodes);
                var relations = new RelationEntry[r.Count(social.Relations.Capacity, "relations")];
                for (var i = 0; i < relations.Length; i++)
                {
                    relations[i] = new RelationEntry(Agent(r.Int32()), r.Single(), r.Single());
                }

                social.Relations.ReplaceRelations(agent, relations);
            }

            if (appraisal is not null)
            {
                // Goals are declared by the scenario; what the run changes is their likelihood.
                var vocabulary = appraisal.Vocabulary;
                var goals = appraisal.View(agent).Goals;
                var ng = r.Count(goals.Length, "goals");
                for (var i = 0; i < ng; i++)
                {
                    var name = r.Utf8();
                    _ = r.Single();
                    _ = r.Int32();
                    var at = vocabulary.Goals.TryGet(name, out var id) ? appraisal.View(agent).IndexOfGoal(new GoalId(id)) : -1;
                    if (at < 0)
                    {
                        throw new ArgumentException($"The snapshot has goal '{name}' for {agent}; that agent has no such goal in this world.");
                    }

                    goals[at].Likelihood = r.Single();
                    goals[at].HasLikelihood = r.Int32() != 0;
                }

                var beliefs = new BeliefState[r.Count(1 << 20, "beliefs")];
                for (var i = 0; i < beliefs.Length; i++)
                {
                    var belief = vocabulary.Belief(r.Utf8());
                    var goal = vocabulary.Goal(r.Utf8());
                    beliefs[i] = new BeliefState(belief, goal, r.Single(), r.Single());
                }

                appraisal.ReplaceBeliefs(agent, beliefs);
            }
        }

        if (!r.AtEnd)
        {
            throw new ArgumentException($"The side state holds more than the {count} agents it was written for.", nameof(side));
        }
    }

    /// <summary>
    /// Splits side state written for consecutive agents into the byte ranges of agents [first, first + count)
    /// of it, counted from its start (records are length-prefixed, so no other parsing is needed).
    /// </summary>
    public static byte[] SliceSideState(ReadOnlySpan<byte> side, int first, int count)
    {
        if (side.IsEmpty)
        {
            return [];
        }

        var at = 0;
        for (var i = 0; i < first; i++)
        {
            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(side[at..]);
        }

        var start = at;
        for (var i = 0; i < count; i++)
        {
            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(side[at..]);
        }

        return side[start..at].ToArray();
    }

    private static AppraisalModule? FindAppraisal(SimulationRunner runner)
    {
        foreach (var m in runner.Modules)
        {
            if (m is AffectEngineModule affect)
            {
                return affect.Appraisal;
            }
        }

        return null;
    }

    private static SocialModule? FindSocial(SimulationRunner runner)
    {
        foreach (var m in runner.Modules)
        {
            if (m is SocialEngineModule social)
            {
                return social.Social;
            }
        }

        return null;
    }

    /// <summary>Reads what <see cref="SideState"/> wrote; a short or malformed record is a clear error, not a crash further on.</summary>
    private ref struct SideReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _at;

        public SideReader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _at = 0;
        }

        public readonly bool AtEnd => _at == _data.Length;

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

        public int Count(int max, string what)
        {
            var n = Int32();
            return n >= 0 && n <= max ? n : throw new ArgumentException($"The side state lists {n} {what} for an agent; at most {max} fit.");
        }

        public string Utf8() => Encoding.UTF8.GetString(Take(Count(1 << 16, "name bytes")));

        private ReadOnlySpan<byte> Take(int n)
        {
            if (_at + n > _data.Length)
            {
                throw new ArgumentException("The side state ends in the middle of an agent's record.");
            }

            var span = _data.Slice(_at, n);
            _at += n;
            return span;
        }
    }
}
