using System;

namespace AffectEngine.Scenarios;

/// <summary>Checks of the "models" section that its declared bounds cannot express: keys, exclusive bounds, one decay quantity.</summary>
internal static class ModelsChecks
{
    public static void Check(Scenario s, Action<string, string> add)
    {
        if (s.Models is not { } m)
        {
            return;
        }

        foreach (var pair in m.Decay ?? [])
        {
            var path = JsonPathText.Property("$.models.decay", pair.Key);
            if (!IsTypeKey(pair.Key))
            {
                add(path, $"expected \"*\" or an emotion name ({string.Join(", ", AffectEngine.Affect.Emotions.Names)}), found '{pair.Key}'");
                continue;
            }

            CheckDecay(pair.Value, path, add);
        }

        foreach (var pair in m.Thresholds ?? [])
        {
            var path = JsonPathText.Property("$.models.thresholds", pair.Key);
            if (!IsTypeKey(pair.Key))
            {
                add(path, $"expected \"*\" or an emotion name, found '{pair.Key}'");
            }
            else if (!(pair.Value >= 0f && pair.Value < 1f))
            {
                add(path, $"expected a threshold in [0, 1), found {pair.Value}");
            }
        }

        if (m.Personality?.NeuroticismDecaySlowing is { } slowing && !(slowing < 1f))
        {
            add("$.models.personality.neuroticismDecaySlowing", $"expected a value in [0, 1) (1 would stop decay), found {slowing}");
        }

        if (m.Mood is { } mood)
        {
            Positive(mood.ChangeTime, "$.models.mood.changeTime", add);
            Positive(mood.ReturnTime, "$.models.mood.returnTime", add);
        }

        if (m.Occ is not null && s.Run.Appraisal != "occ")
        {
            add("$.models.occ", $"expected run.appraisal \"occ\" for OCC choices, found \"{s.Run.Appraisal}\"");
        }

        if (m.Gamygdala is { } g)
        {
            if (s.Run.Appraisal != "gamygdala")
            {
                add("$.models.gamygdala", $"expected run.appraisal \"gamygdala\" for GAMYGDALA options, found \"{s.Run.Appraisal}\"");
            }

            if (g.Gain is { } gain && !(gain > 0f))
            {
                add("$.models.gamygdala.gain", $"expected a gain in (0, 20], found {gain}");
            }

            if (g.DecayFactor is { } f && !(f > 0 && f < 1))
            {
                add("$.models.gamygdala.decayFactor", $"expected a decay factor per second in (0, 1), found {f}");
            }
        }
    }

    private static void CheckDecay(DecaySpec d, string path, Action<string, string> add)
    {
        var given = (d.Seconds is null ? 0 : 1) + (d.Rate is null ? 0 : 1) + (d.HalfLife is null ? 0 : 1) + (d.Factor is null ? 0 : 1);
        if (given != 1)
        {
            add(path, $"expected exactly one of \"seconds\", \"rate\" (linear) or \"halfLife\", \"factor\" (exponential), found {given}");
            return;
        }

        var linear = d.Kind == "linear";
        if (linear && (d.HalfLife is not null || d.Factor is not null))
        {
            add(path + ".kind", "expected \"exponential\" with \"halfLife\" or \"factor\", found \"linear\"");
        }
        else if (!linear && (d.Seconds is not null || d.Rate is not null))
        {
            add(path + ".kind", "expected \"linear\" with \"seconds\" or \"rate\", found \"exponential\"");
        }

        Positive(d.Seconds, path + ".seconds", add);
        Positive(d.HalfLife, path + ".halfLife", add);
        if (d.Rate is { } r && !(r > 0))
        {
            add(path + ".rate", $"expected an intensity per second > 0, found {r}");
        }

        if (d.Factor is { } f && !(f > 0 && f < 1))
        {
            add(path + ".factor", $"expected a fraction left per second in (0, 1), found {f}");
        }
    }

    private static void Positive(Duration? d, string path, Action<string, string> add)
    {
        if (d is { } v && !(v.Seconds > 0 && v.Seconds < 1e9))
        {
            add(path, $"expected a positive time below 1e9 s, found {v}");
        }
    }

    private static bool IsTypeKey(string key) => key == "*" || ScenarioChecks.EmotionNames.Contains(key);
}
