using System;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting;

/// <summary>
/// The scenario's "models" section turned into engine options: decay per type and mood times into
/// <see cref="AffectEngineOptions.Affect"/> (explicit, so they win over a model's published decay),
/// thresholds and modulation into <see cref="AffectEngineOptions.ConfigureAppraisal"/>, OCC and
/// GAMYGDALA choices into <see cref="AffectEngineOptions.AppraisalOptions"/>. The loader has checked
/// every value.
/// </summary>
public static class ScenarioModels
{
    /// <summary>Applies the scenario's model settings to <paramref name="options"/>.</summary>
    public static void Configure(AffectEngineOptions options, Scenario scenario)
    {
        if (options is null || scenario is null)
        {
            throw new ArgumentNullException(options is null ? nameof(options) : nameof(scenario));
        }

        if (scenario.Models is not { } m)
        {
            return;
        }

        var affect = options.Affect;
        if (m.Decay is { } decay)
        {
            // "*" first, then each named type, so a type's own entry wins whatever the file order.
            if (decay.TryGetValue("*", out var all))
            {
                affect.SetDecayAll(ToSetting(all));
            }

            foreach (var pair in decay)
            {
                if (pair.Key != "*" && Emotions.TryParse(pair.Key, out var type))
                {
                    affect.SetDecay(type, ToSetting(pair.Value));
                }
            }
        }

        if (m.Mood?.ChangeTime is { } change)
        {
            affect.MoodChangeSeconds = change.Seconds;
        }

        if (m.Mood?.ReturnTime is { } back)
        {
            affect.MoodReturnSeconds = back.Seconds;
        }

        if (m.Personality?.NeuroticismDecaySlowing is { } slowing)
        {
            affect.NeuroticismDecaySlowing = slowing;
        }

        if (m.Thresholds is not null || m.Personality is not null || m.Mood?.Influence is not null || m.Mood?.MinimumMood is not null)
        {
            options.ConfigureAppraisal = s => ConfigureAppraisal(s, m);
        }

        if (m.Occ is { } occ)
        {
            Set(options, "compounds", occ.Compounds);
            Set(options, "disconfirmation", occ.Disconfirmation);
        }

        if (m.Gamygdala is { } g)
        {
            Set(options, "gain", g.Gain?.ToString("R", CultureInfo.InvariantCulture));
            Set(options, "decayFactor", g.DecayFactor?.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The engine's decay setting for a scenario decay entry (rate and factor converted to seconds).</summary>
    public static DecaySetting ToSetting(DecaySpec spec)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        if (spec.Kind == "exponential")
        {
            // Fraction f left after 1 s ⇔ half-life ln 0.5 / ln f.
            var halfLife = spec.HalfLife?.Seconds ?? (Math.Log(0.5) / Math.Log(spec.Factor ?? 0.5));
            return new DecaySetting(DecayKind.Exponential, halfLife);
        }

        return new DecaySetting(DecayKind.Linear, spec.Seconds?.Seconds ?? (1.0 / (spec.Rate ?? 1.0)));
    }

    private static void ConfigureAppraisal(AppraisalSettings s, ModelsSpec m)
    {
        if (m.Thresholds is { } thresholds)
        {
            if (thresholds.TryGetValue("*", out var all))
            {
                for (var e = 0; e < Emotions.Count; e++)
                {
                    s.SetThreshold((EmotionType)e, all);
                }
            }

            foreach (var pair in thresholds)
            {
                if (pair.Key != "*" && Emotions.TryParse(pair.Key, out var type))
                {
                    s.SetThreshold(type, pair.Value);
                }
            }
        }

        if (m.Personality?.ExtraversionGain is { } eg)
        {
            s.ExtraversionGain = eg;
        }

        if (m.Personality?.NeuroticismGain is { } ng)
        {
            s.NeuroticismGain = ng;
        }

        if (m.Mood?.Influence is { } influence)
        {
            s.MoodInfluence = influence;
        }

        if (m.Mood?.MinimumMood is { } minimum)
        {
            s.MinimumMood = minimum;
        }
    }

    private static void Set(AffectEngineOptions options, string name, string? value)
    {
        if (value is not null)
        {
            options.AppraisalOptions[name] = value;
        }
    }
}
