using System;
using System.Collections.Generic;

namespace AffectEngine.Scenarios;

/// <summary>Cross-references of a scenario's <c>training</c> section: agents exist, move ids are unique, goals are the agents' own.</summary>
internal static class TrainingChecks
{
    public static void Check(Scenario s, Dictionary<string, AgentSpec> specs, Action<string, string> add)
    {
        if (s.Training is not { } t)
        {
            return;
        }

        if (!ScenarioChecks.IsAgent(specs, t.Trainee))
        {
            add("$.training.trainee", $"expected the id of an agent of this scenario, found '{t.Trainee}'");
        }

        if (!ScenarioChecks.IsAgent(specs, t.Patient))
        {
            add("$.training.patient", $"expected the id of an agent of this scenario, found '{t.Patient}'");
        }
        else if (string.Equals(t.Patient, t.Trainee, StringComparison.Ordinal))
        {
            add("$.training.patient", $"expected a patient other than the trainee, found '{t.Patient}' for both");
        }

        if (!(t.MenuEvery.Seconds > 0))
        {
            add("$.training.menuEvery", $"expected a positive duration, found {t.MenuEvery}");
        }

        if (t.Moves.Count == 0)
        {
            add("$.training.moves", "expected at least one move, found none");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < t.Moves.Count; i++)
        {
            var m = t.Moves[i];
            var p = JsonPathText.Index("$.training.moves", i);
            if (string.IsNullOrWhiteSpace(m.Id))
            {
                add(p + ".id", "expected a non-empty move id, found none");
            }
            else if (!ids.Add(m.Id))
            {
                add(p + ".id", $"expected a unique move id, found '{m.Id}' again");
            }

            for (var b = 0; b < m.Beliefs.Count; b++)
            {
                var goal = m.Beliefs[b].Goal;
                var bp = JsonPathText.Index(p + ".beliefs", b) + ".goal";
                var slash = goal.IndexOf('/');
                if (slash <= 0 || slash == goal.Length - 1)
                {
                    add(bp, $"expected \"agentId/goalId\", found '{goal}'");
                    continue;
                }

                var agent = goal.Substring(0, slash);
                var goalId = goal.Substring(slash + 1);
                if (!ScenarioChecks.TryGetSpec(specs, agent, out var spec))
                {
                    add(bp, $"expected the id of an agent of this scenario before '/', found '{agent}'");
                }
                else if (!spec.Goals.Exists(x => string.Equals(x.Id, goalId, StringComparison.Ordinal)))
                {
                    add(bp, $"expected one of {spec.Id}'s goals ({ScenarioChecks.Names(spec.Goals)}), found '{goalId}'");
                }
            }
        }
    }
}
