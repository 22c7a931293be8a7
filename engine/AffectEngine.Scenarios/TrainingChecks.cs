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

        CheckUtterances(t, add);
    }

    private static void CheckUtterances(TrainingSpec t, Action<string, string> add)
    {
        if (t.Utterances.Count > 0 && !(t.ReplyAfter.Seconds >= 0))
        {
            add("$.training.replyAfter", $"expected a duration of 0 or more, found {t.ReplyAfter}");
        }

        for (var i = 0; i < t.Utterances.Count; i++)
        {
            var u = t.Utterances[i];
            var p = JsonPathText.Index("$.training.utterances", i);
            if (string.IsNullOrWhiteSpace(u.Id))
            {
                add(p + ".id", "expected a non-empty state name, found none");
            }

            if (u.Lines.Count == 0 || u.Lines.Exists(string.IsNullOrWhiteSpace))
            {
                add(p + ".lines", "expected at least one non-empty line");
            }

            for (var c = 0; c < u.When.Count; c++)
            {
                var w = u.When[c];
                var cp = JsonPathText.Index(p + ".when", c);
                if ((w.Emotion is null) == (w.Mood is null))
                {
                    add(cp, "expected exactly one of \"emotion\" or \"mood\"");
                }
                else if (w.Emotion is not null && !AffectEngine.Affect.Emotions.TryParse(w.Emotion, out _))
                {
                    add(cp + ".emotion", $"expected an emotion type ({string.Join(", ", AffectEngine.Affect.Emotions.Names)}), found '{w.Emotion}'");
                }
                else if (w.Mood is not null && w.Mood is not ("p" or "a" or "d"))
                {
                    add(cp + ".mood", $"expected \"p\", \"a\" or \"d\", found '{w.Mood}'");
                }

                var (lo, hi) = w.Emotion is not null ? (0f, 1f) : (-1f, 1f);
                if (w.Min is null && w.Max is null)
                {
                    add(cp, "expected \"min\", \"max\" or both");
                }

                if (w.Min is { } min && !(min >= lo && min <= hi))
                {
                    add(cp + ".min", $"expected a number in [{lo}, {hi}], found {min}");
                }

                if (w.Max is { } max && !(max >= lo && max <= hi))
                {
                    add(cp + ".max", $"expected a number in [{lo}, {hi}], found {max}");
                }

                if (w.Min is { } a && w.Max is { } b && a > b)
                {
                    add(cp, $"impossible: min {a} is above max {b}");
                }
            }
        }
    }
}
