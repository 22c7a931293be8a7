using System;

namespace AffectEngine.Scenarios;

/// <summary>Checks of crowd specs' trait distributions and placement that bounds alone cannot express.</summary>
internal static class PopulationChecks
{
    public static void Check(Scenario s, Action<string, string> add)
    {
        for (var i = 0; i < s.Agents.Count; i++)
        {
            var a = s.Agents[i];
            var p = JsonPathText.Index("$.agents", i);
            if (a.Traits is { } t)
            {
                Trait(t.O, p + ".traits.o", add);
                Trait(t.C, p + ".traits.c", add);
                Trait(t.E, p + ".traits.e", add);
                Trait(t.A, p + ".traits.a", add);
                Trait(t.N, p + ".traits.n", add);
            }

            if (a.Placement is not { } pl)
            {
                continue;
            }

            if (a.Position is not null)
            {
                add(p + ".placement", "expected one of \"position\" or \"placement\", found both");
            }

            if (pl.Kind == "uniform")
            {
                if (pl.Min is null || pl.Max is null)
                {
                    add(p + ".placement", "expected \"min\" and \"max\" corners for a uniform placement, found " + (pl.Min is null ? "no min" : "no max"));
                }
                else if (pl.Min.X > pl.Max.X || pl.Min.Y > pl.Max.Y)
                {
                    add(p + ".placement.max", $"expected max ≥ min on both axes, found min ({pl.Min.X}, {pl.Min.Y}) and max ({pl.Max.X}, {pl.Max.Y})");
                }
            }
            else if (pl.Kind == "clusters" && (pl.Centers is null || pl.Centers.Count == 0))
            {
                add(p + ".placement", "expected at least one of \"centers\" for a clusters placement, found none");
            }
        }
    }

    private static void Trait(DistributionSpec? d, string path, Action<string, string> add)
    {
        if (d is not null && d.Min > d.Max)
        {
            add(path + ".max", $"expected max ≥ min, found min {d.Min} and max {d.Max}");
        }
    }
}
