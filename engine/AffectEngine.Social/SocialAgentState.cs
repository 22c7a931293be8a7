using System;
using AffectEngine.Affect;
using AffectEngine.Appraisal;

namespace AffectEngine.Social;

/// <summary>
/// The social module's per-agent side state (<see cref="IAgentStateCodec"/>): the agent's episodes
/// (i32 count; each: tick i64, rehearsed i64, kind name, actor and target as run-wide index i32 (−1 for
/// none), object name ("" for none), strength f32, i32 emotion count, (type i32, intensity f32) each)
/// then its relations (i32 count; each: other as run-wide index i32, liking f32, familiarity f32).
/// Event kinds and objects travel by name, since vocabularies number them per world.
/// </summary>
internal sealed class SocialAgentState : IAgentStateCodec
{
    private readonly SocialModule _social;
    private StoredEpisode[] _episodes = new StoredEpisode[1];
    private RelationEntry[] _relations = new RelationEntry[1];

    public SocialAgentState(SocialModule social) => _social = social;

    /// <summary>Ordinal order puts it before the appraisal module's "goals-beliefs" (the cluster hash's order).</summary>
    public string AgentStateKey => "episodes-relations";

    public void WriteAgent(AgentId agent, IStateWriter writer, AgentRefMap agents)
    {
        var vocabulary = Vocabulary;
        var memory = _social.Memory;
        Guard.Grow(ref _episodes, Math.Max(1, memory.Capacity));
        var ne = memory.CopyStored(agent, _episodes);
        writer.WriteInt32(ne);
        for (var i = 0; i < ne; i++)
        {
            var e = _episodes[i];
            writer.WriteInt64(e.Tick);
            writer.WriteInt64(e.Rehearsed);
            writer.WriteString(vocabulary.Actions.NameOf(e.Kind));
            agents.Write(writer, e.Actor);
            agents.Write(writer, e.Target);
            writer.WriteString(e.Object.IsNone ? "" : vocabulary.Objects.NameOf(e.Object.Value));
            writer.WriteSingle(e.Strength);
            writer.WriteInt32(e.EmotionCount);
            for (var j = 0; j < e.EmotionCount; j++)
            {
                var felt = j == 0 ? e.First : j == 1 ? e.Second : e.Third;
                writer.WriteInt32((int)felt.Type);
                writer.WriteSingle(felt.Intensity);
            }
        }

        var relations = _social.Relations;
        Guard.Grow(ref _relations, Math.Max(1, relations.Capacity));
        var nr = relations.CopyRelations(agent, _relations);
        writer.WriteInt32(nr);
        for (var i = 0; i < nr; i++)
        {
            agents.Write(writer, _relations[i].Other);
            writer.WriteSingle(_relations[i].Liking);
            writer.WriteSingle(_relations[i].Familiarity);
        }
    }

    public void ReadAgent(AgentId agent, IStateReader reader, AgentRefMap agents)
    {
        var vocabulary = Vocabulary;
        var episodes = new StoredEpisode[Count(reader, _social.Memory.Capacity, "episodes")];
        Span<FeltEmotion> felt = stackalloc FeltEmotion[EpisodicMemory.EmotionsPerEpisode];
        for (var i = 0; i < episodes.Length; i++)
        {
            var tick = reader.ReadInt64();
            var rehearsed = reader.ReadInt64();
            var kind = vocabulary.Action(reader.ReadString()).Value;
            var actor = agents.Read(reader);
            var target = agents.Read(reader);
            var objectName = reader.ReadString();
            var obj = objectName.Length == 0 ? default : vocabulary.Object(objectName);
            var strength = reader.ReadSingle();
            var k = Count(reader, EpisodicMemory.EmotionsPerEpisode, "emotions");
            felt.Clear();
            for (var j = 0; j < k; j++)
            {
                felt[j] = new FeltEmotion((EmotionType)reader.ReadInt32(), reader.ReadSingle());
            }

            episodes[i] = new StoredEpisode(tick, rehearsed, kind, actor, target, strength, felt[0], felt[1], felt[2], k, obj);
        }

        _social.Memory.RestoreStored(agent, episodes);
        var relations = new RelationEntry[Count(reader, _social.Relations.Capacity, "relations")];
        for (var i = 0; i < relations.Length; i++)
        {
            relations[i] = new RelationEntry(agents.Read(reader), reader.ReadSingle(), reader.ReadSingle());
        }

        _social.Relations.ReplaceRelations(agent, relations);
    }

    private AppraisalVocabulary Vocabulary =>
        _social.Appraisal?.Vocabulary ?? throw new InvalidOperationException("The social module's episodes name their event kinds through appraisal's vocabulary; connect the affect module (AddAffectEngine) first.");

    private static int Count(IStateReader reader, int max, string what)
    {
        var n = reader.ReadInt32();
        return n >= 0 && n <= max ? n : throw new FormatException($"{n} {what} listed; at most {max} fit.");
    }
}
