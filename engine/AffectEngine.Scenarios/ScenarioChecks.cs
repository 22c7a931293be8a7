using System;
using System.Collections.Generic;
using System.Globalization;

namespace AffectEngine.Scenarios;

/// <summary>Checks of values the JSON types alone do not restrict.</summary>
internal static class ScenarioChecks
{
    /// <summary>Emotion names a scenario may use (kebab-case, REFERENCES.md).</summary>
    internal static readonly HashSet<string> EmotionNames = new(StringComparer.Ordinal)
    {
        "joy", "distress", "hope", "fear", "satisfaction", "fears-confirmed", "relief", "disappointment",
        "happy-for", "resentment", "gloating", "pity", "pride", "shame", "admiration", "reproach",
        "gratification", "remorse", "gratitude", "anger", "love", "hate", "liking", "disliking",
    };

    public static List<ScenarioError> Check(Scenario s, string file)
    {
        var errors = new List<ScenarioError>();
        void Add(string path, string message) => errors.Add(new ScenarioError(file, 0, 0, path, message));

        if (s.Run.Ticks < 0 || s.Run.Ticks > 1_000_000_000)
        {
            Add("$.run.ticks", $"expected a tick count in [0, 1e9], found {s.Run.Ticks}");
        }

        if (!(s.Run.Step.Seconds > 0) || s.Run.Step.Seconds > 3600)
        {
            Add("$.run.step", $"expected a step in (0, 1h], found {s.Run.Step}");
        }

        if (s.Run.Threads < 1 || s.Run.Threads > 256)
        {
            Add("$.run.threads", $"expected 1 to 256 threads, found {s.Run.Threads}");
        }

        if (s.Ambient is { } amb)
        {
            Unit(amb.Rate, "$.ambient.rate");
            Unit(amb.MaxIntensity, "$.ambient.maxIntensity");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Agents.Count; i++)
        {
            var a = s.Agents[i];
            var p = $"$.agents[{i}]";
            if (string.IsNullOrWhiteSpace(a.Id))
            {
                Add(p + ".id", "expected a non-empty agent id, found none");
            }
            else if (!ids.Add(a.Id))
            {
                Add(p + ".id", $"expected a unique agent id, found '{a.Id}' again");
            }

            if (a.Count < 1 || a.Count > 100_000_000)
            {
                Add(p + ".count", $"expected a count in [1, 1e8], found {a.Count}");
            }

            if (a.Personality is { } t)
            {
                Signed(t.O, p + ".personality.o");
                Signed(t.C, p + ".personality.c");
                Signed(t.E, p + ".personality.e");
                Signed(t.A, p + ".personality.a");
                Signed(t.N, p + ".personality.n");
            }

            if (a.Mood is { } m)
            {
                Signed(m.P, p + ".mood.p");
                Signed(m.A, p + ".mood.a");
                Signed(m.D, p + ".mood.d");
            }

            if (a.Position is { } pos && (!IsFinite(pos.X) || !IsFinite(pos.Y)))
            {
                Add(p + ".position", "expected finite coordinates");
            }
        }

        for (var i = 0; i < s.Events.Count; i++)
        {
            var e = s.Events[i];
            var p = $"$.events[{i}]";
            if (e.At is null && e.Tick is null)
            {
                Add(p, "expected \"at\" (a duration) or \"tick\" (a number), found neither");
            }
            else if (e.At is not null && e.Tick is not null)
            {
                Add(p, "expected one of \"at\" or \"tick\", found both");
            }
            else if (e.Tick is < 0 || e.At is { Seconds: < 0 })
            {
                Add(p + (e.Tick is null ? ".at" : ".tick"), "expected a time at or after the start, found a negative one");
            }

            if (e.Elicit is { } el)
            {
                if (!ids.Contains(el.Agent))
                {
                    Add(p + ".elicit.agent", $"expected the id of an agent of this scenario, found '{el.Agent}'");
                }

                if (!EmotionNames.Contains(el.Emotion))
                {
                    Add(p + ".elicit.emotion", $"expected an emotion name such as 'joy' or 'fears-confirmed', found '{el.Emotion}'");
                }

                Unit(el.Intensity, p + ".elicit.intensity");
            }
            else
            {
                Add(p, "expected an event body (\"elicit\"), found none");
            }
        }

        return errors;

        void Signed(float v, string path)
        {
            if (!IsFinite(v) || v < -1f || v > 1f)
            {
                Add(path, $"expected a number in [-1, 1], found {v.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        void Unit(float v, string path)
        {
            if (!IsFinite(v) || v < 0f || v > 1f)
            {
                Add(path, $"expected a number in [0, 1], found {v.ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }

    private static bool IsFinite(float v) => !float.IsNaN(v) && !float.IsInfinity(v);
}
