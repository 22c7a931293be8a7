using System.Collections.Generic;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect.Tests;

/// <summary>A seeded random population and event stream (a pure function of the seed and tick).</summary>
internal sealed class RandomScenario
{
    private readonly Fixture _f;
    private readonly List<AgentId> _agents = [];
    private readonly ulong _seed;
    private readonly int _goals;

    public RandomScenario(Fixture f, int agents, int goals, ulong seed)
    {
        _f = f;
        _seed = seed;
        _goals = goals;
        var r = new RandomStream(seed, 1, 0, 0);
        for (var i = 0; i < agents; i++)
        {
            var a = f.Agent(new Ocean(S(ref r), S(ref r), S(ref r), S(ref r), S(ref r)));
            _agents.Add(a);
            for (var g = 0; g < goals; g++)
            {
                f.Appraisal.DeclareGoal(a, "g" + g, S(ref r), g % 3 == 0 ? GoalKind.Maintenance : GoalKind.Achievement);
            }

            f.Appraisal.DeclareStandard(a, "act" + r.NextInt(4), S(ref r));
            f.Appraisal.DeclareAttitude(a, "obj" + r.NextInt(4), S(ref r));
        }

        foreach (var a in _agents)
        {
            for (var k = 0; k < 3; k++)
            {
                var other = _agents[r.NextInt(_agents.Count)];
                if (other != a)
                {
                    f.Appraisal.SetLiking(a, other, S(ref r));
                }
            }
        }
    }

    public IReadOnlyList<AgentId> Agents => _agents;

    /// <summary>Events stamped for <paramref name="tick"/>, drawn from (seed, tick) only.</summary>
    public List<AppraisalEvent> EventsFor(long tick, int count, long? pattern = null)
    {
        var r = new RandomStream(_seed, 2, pattern ?? tick, 0);
        var list = new List<AppraisalEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var owner = _agents[r.NextInt(_agents.Count)];
            var actor = r.NextInt(3) == 0 ? AgentId.None : _agents[r.NextInt(_agents.Count)];
            var witness = _agents[r.NextInt(_agents.Count)];
            var l = r.NextInt(4) switch { 0 => 0f, 1 => 1f, _ => r.NextSingle() };
            var fx = new GoalEffect(owner, _f.Names.Goal("g" + r.NextInt(_goals)), new Congruence(S(ref r)), new Likelihood(l));
            var hasObj = r.NextInt(2) == 0;
            list.Add(new AppraisalEvent(
                tick,
                InputSources.Scenario,
                i,
                _f.Names.Action("act" + r.NextInt(4)),
                actor,
                [fx],
                _f.Names.Belief("b" + r.NextInt(8)),
                default,
                [witness],
                hasObj ? _f.Names.Object("obj" + r.NextInt(6)) : default,
                hasObj ? new Appealingness(S(ref r)) : null));
        }

        return list;
    }

    public void EnqueueFor(long tick, int count, long? pattern = null)
    {
        foreach (var e in EventsFor(tick, count, pattern))
        {
            _f.Appraisal.Enqueue(e);
        }
    }

    private static float S(ref RandomStream r) => (r.NextSingle() * 2f) - 1f;
}
