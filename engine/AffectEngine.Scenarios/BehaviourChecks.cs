using System;
using System.Collections.Generic;

namespace AffectEngine.Scenarios;

/// <summary>
/// Reference checks of the "behaviours" section: emotion, tendency, octant and mood-axis names, agents,
/// groups and actions that exist, unique action names, goals some agent holds, and thresholds that can
/// never hold (min above max). Part of the loader's one pass (<see cref="ScenarioChecks"/>).
/// </summary>
internal static class BehaviourChecks
{
    /// <summary>Tendency names (AffectEngine.Behaviour's Tendencies.Names, which a test keeps equal).</summary>
    internal static readonly string[] TendencyNames = ["approach", "avoid", "attack", "help", "withdraw", "attend"];

    /// <summary>ALMA octant names by index (AffectEngine.Affect's MoodOctants).</summary>
    internal static readonly string[] OctantNames = ["bored", "docile", "anxious", "dependent", "disdainful", "relaxed", "hostile", "exuberant"];

    private static readonly string[] MoodAxes = ["p", "a", "d"];

    public static void Check(Scenario s, Dictionary<string, AgentSpec> specs, Action<string, string> add)
    {
        if (s.Behaviours is not { } b)
        {
            return;
        }

        var groups = new HashSet<string>(ScenarioChecks.GroupSizes(s).Keys, StringComparer.Ordinal);
        var goals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in s.Agents)
        {

            foreach (var goal in a.Goals)
            {
                goals.Add(goal.Id);
            }
        }

        const string Root = "$.behaviours";
        if (b.Actions.Count > 64)
        {
            add(Root + ".actions", $"expected at most 64 actions, found {b.Actions.Count}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < b.Actions.Count; i++)
        {
            var a = b.Actions[i];
            var p = JsonPathText.Index(Root + ".actions", i);
            if (string.IsNullOrWhiteSpace(a.Name))
            {
                add(p + ".name", "expected a non-empty action name, found none");
            }
            else if (!names.Add(a.Name))
            {
                add(p + ".name", $"expected a unique action name, found '{a.Name}' again");
            }

            for (var k = 0; k < (a.Agents?.Count ?? 0); k++)
            {
                if (!ScenarioChecks.IsAgent(specs, a.Agents![k]))
                {
                    add(JsonPathText.Index(p + ".agents", k), $"expected the id of an agent of this scenario, found '{a.Agents[k]}'");
                }
            }

            if (a.Group is { } group && !groups.Contains(group))
            {
                add(p + ".group", $"expected a group some agent belongs to, found '{group}'");
            }

            if (a.Target == "agent")
            {
                if (a.TargetAgent is null || !ScenarioChecks.IsAgent(specs, a.TargetAgent))
                {
                    add(p + ".targetAgent", $"expected the id of an agent of this scenario (target is \"agent\"), found {(a.TargetAgent is null ? "none" : "'" + a.TargetAgent + "'")}");
                }
            }
            else if (a.TargetAgent is not null)
            {
                add(p + ".targetAgent", $"expected no targetAgent unless target is \"agent\", found target \"{a.Target}\"");
            }

            if (a.Move != "none" && a.Target == "none")
            {
                add(p + ".move", $"expected a target to move \"{a.Move}\", found target \"none\"");
            }

            if (a.MaxSpeed is { } max && max < a.Speed)
            {
                add(p + ".maxSpeed", $"expected a speed at full arousal of at least speed {a.Speed}, found {max}");
            }

            if (a.Cooldown is { } cd && (cd.Seconds < 0 || cd.Seconds / s.Run.Step.Seconds > 1e9))
            {
                add(p + ".cooldown", $"expected a cooldown from 0 to 1e9 ticks, found {cd}");
            }

            if (a.When is { } w)
            {
                CheckRanges(w.Emotions, p + ".when.emotions", ScenarioChecks.EmotionNames, "an emotion name", add);
                CheckRanges(w.Tendencies, p + ".when.tendencies", new HashSet<string>(TendencyNames, StringComparer.Ordinal), "a tendency (approach, avoid, attack, help, withdraw, attend)", add);
                CheckRanges(w.Mood, p + ".when.mood", new HashSet<string>(MoodAxes, StringComparer.Ordinal), "a mood axis (p, a, d)", add);
                for (var k = 0; k < w.Octants.Count; k++)
                {
                    if (Array.IndexOf(OctantNames, w.Octants[k]) < 0)
                    {
                        add(JsonPathText.Index(p + ".when.octants", k), $"expected a mood octant ({string.Join(", ", OctantNames)}), found '{w.Octants[k]}'");
                    }
                }

                if (w.Liking is { } l)
                {
                    CheckRange(l, p + ".when.liking", add);
                    if (a.Target == "none")
                    {
                        add(p + ".when.liking", "expected a target to hold a liking of, found target \"none\"");
                    }
                }
            }

            for (var k = 0; k < a.Effects.Count; k++)
            {
                var fx = a.Effects[k];
                var fp = JsonPathText.Index(p + ".effects", k);
                if (!goals.Contains(fx.Goal))
                {
                    add(fp + ".goal", $"expected a goal some agent holds, found '{fx.Goal}'");
                }

                if (fx.Owner == "target" && a.Target == "none")
                {
                    add(fp + ".owner", "expected a target whose goal is affected, found target \"none\"");
                }
            }
        }

        if (b.Break is { } br)
        {
            if (!names.Contains(br.Action))
            {
                add(Root + ".break.action", $"expected one of the actions ({List(names)}), found '{br.Action}'");
            }

            if (!(br.For.Seconds > 0) || !(br.Lasts.Seconds > 0))
            {
                add(Root + ".break", "expected \"for\" and \"lasts\" longer than zero");
            }
        }

        if (b.Coping is { } c)
        {
            if (!(c.StressThreshold > 0))
            {
                add(Root + ".coping.stressThreshold", "expected a threshold above 0 (at 0 every agent would cope every tick), found 0");
            }

            if (c.ProblemAction is { } pa && !names.Contains(pa))
            {
                add(Root + ".coping.problemAction", $"expected one of the actions ({List(names)}), found '{pa}'");
            }

            for (var i = 0; i < c.Agents.Count; i++)
            {
                if (!ScenarioChecks.IsAgent(specs, c.Agents[i].Agent))
                {
                    add(JsonPathText.Index(Root + ".coping.agents", i) + ".agent", $"expected the id of an agent of this scenario, found '{c.Agents[i].Agent}'");
                }
            }
        }
    }

    private static void CheckRanges(Dictionary<string, RangeSection> ranges, string path, HashSet<string> known, string what, Action<string, string> add)
    {
        foreach (var pair in ranges)
        {
            var p = JsonPathText.Property(path, pair.Key);
            if (!known.Contains(pair.Key))
            {
                add(p, $"expected {what}, found '{pair.Key}'");
                continue;
            }

            CheckRange(pair.Value, p, add);
        }
    }

    private static void CheckRange(RangeSection r, string path, Action<string, string> add)
    {
        if (r.Min is { } min && r.Max is { } max && min > max)
        {
            add(path + ".min", $"expected min at most max {max} (the condition could never hold), found {min}");
        }
    }

    private static string List(HashSet<string> names) => names.Count == 0 ? "none declared" : string.Join(", ", names);
}
