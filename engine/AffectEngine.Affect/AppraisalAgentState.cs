using System;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect;

/// <summary>
/// The appraisal module's per-agent side state (<see cref="IAgentStateCodec"/>): the agent's goals
/// (i32 count; each: name, utility f32, kind i32, likelihood f32, has-likelihood i32) and beliefs
/// (i32 count; each: belief name, goal name, likelihood f32, desirability f32), by name since
/// vocabularies number them per world. Goals are declared by the scenario, so reading restores what a
/// run changes: their likelihoods; a goal the agent does not have here is an error naming it.
/// </summary>
internal sealed class AppraisalAgentState : IAgentStateCodec
{
    private readonly AppraisalModule _appraisal;

    public AppraisalAgentState(AppraisalModule appraisal) => _appraisal = appraisal;

    /// <summary>Ordinal order puts it after the social module's "episodes-relations" (the cluster hash's order).</summary>
    public string AgentStateKey => "goals-beliefs";

    public void WriteAgent(AgentId agent, IStateWriter writer, AgentRefMap agents)
    {
        var vocabulary = _appraisal.Vocabulary;
        var view = _appraisal.View(agent);
        writer.WriteInt32(view.Goals.Length);
        foreach (var goal in view.Goals)
        {
            writer.WriteString(vocabulary.Goals.NameOf(goal.Goal.Value));
            writer.WriteSingle(goal.Utility);
            writer.WriteInt32((int)goal.Kind);
            writer.WriteSingle(goal.Likelihood);
            writer.WriteInt32(goal.HasLikelihood ? 1 : 0);
        }

        writer.WriteInt32(view.Beliefs.Length);
        foreach (var belief in view.Beliefs)
        {
            writer.WriteString(vocabulary.Beliefs.NameOf(belief.Belief.Value));
            writer.WriteString(vocabulary.Goals.NameOf(belief.Goal.Value));
            writer.WriteSingle(belief.Likelihood);
            writer.WriteSingle(belief.Desirability);
        }
    }

    public void ReadAgent(AgentId agent, IStateReader reader, AgentRefMap agents)
    {
        var vocabulary = _appraisal.Vocabulary;
        var goals = _appraisal.View(agent).Goals;
        var ng = Count(reader, goals.Length, "goals");
        for (var i = 0; i < ng; i++)
        {
            var name = reader.ReadString();
            _ = reader.ReadSingle();
            _ = reader.ReadInt32();
            var at = vocabulary.Goals.TryGet(name, out var id) ? _appraisal.View(agent).IndexOfGoal(new GoalId(id)) : -1;
            if (at < 0)
            {
                throw new ArgumentException($"The snapshot has goal '{name}' for {agent}; that agent has no such goal in this world.");
            }

            goals[at].Likelihood = reader.ReadSingle();
            goals[at].HasLikelihood = reader.ReadInt32() != 0;
        }

        var beliefs = new BeliefState[Count(reader, 1 << 20, "beliefs")];
        for (var i = 0; i < beliefs.Length; i++)
        {
            var belief = vocabulary.Belief(reader.ReadString());
            var goal = vocabulary.Goal(reader.ReadString());
            beliefs[i] = new BeliefState(belief, goal, reader.ReadSingle(), reader.ReadSingle());
        }

        _appraisal.ReplaceBeliefs(agent, beliefs);
    }

    private static int Count(IStateReader reader, int max, string what)
    {
        var n = reader.ReadInt32();
        return n >= 0 && n <= max ? n : throw new FormatException($"{n} {what} listed; at most {max} fit.");
    }
}
