using System;
using AffectEngine.Affect;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting;

/// <summary>
/// Traits and positions of a crowd spec's copies, drawn from the run seed. Each copy's draws come
/// from its own stream keyed by (seed, spec index, copy index), so they depend neither on threads
/// nor on the order other specs are built in.
/// </summary>
public static class ScenarioPopulation
{
    private const ulong TraitStream = 0x7472616974UL; // "trait"
    private const ulong PlaceStream = 0x706C616365UL; // "place"

    /// <summary>The personality of copy <paramref name="k"/>: the spec's traits, each drawn where a distribution is given; null when neither is given.</summary>
    public static Ocean? Personality(AgentSpec spec, ulong seed, int specIndex, int k)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        if (spec.Traits is not { } t)
        {
            return spec.Personality is { } p ? new Ocean(p.O, p.C, p.E, p.A, p.N) : null;
        }

        var rng = new RandomStream(seed, TraitStream, specIndex, k);
        var b = spec.Personality;

        // A participant row's trait wins; the draw is still made, so a row's gaps get the same values
        // with or without the row's other traits.
        var row = t.Rows is { } rows && k < rows.Count ? rows[k] : null;
        var o = Draw(t.O, b?.O ?? 0f, ref rng);
        var c = Draw(t.C, b?.C ?? 0f, ref rng);
        var e = Draw(t.E, b?.E ?? 0f, ref rng);
        var a = Draw(t.A, b?.A ?? 0f, ref rng);
        var n = Draw(t.N, b?.N ?? 0f, ref rng);
        return new Ocean(row?.O ?? o, row?.C ?? c, row?.E ?? e, row?.A ?? a, row?.N ?? n);
    }

    /// <summary>The position of copy <paramref name="k"/>; null when the spec gives neither a position nor a placement.</summary>
    public static (float X, float Y)? Position(AgentSpec spec, ulong seed, int specIndex, int k)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        if (spec.Placement is not { } pl)
        {
            return spec.Position is { } pos ? (pos.X, pos.Y) : null;
        }

        var rng = new RandomStream(seed, PlaceStream, specIndex, k);
        switch (pl.Kind)
        {
            case "uniform":
                var min = pl.Min!;
                var max = pl.Max!;
                return (Lerp(min.X, max.X, rng.NextDouble()), Lerp(min.Y, max.Y, rng.NextDouble()));
            case "clusters":
                // Copies dealt round-robin to the centres; uniform in the disc (radius ∝ √u).
                var c = pl.Centers![k % pl.Centers.Count];
                var r = pl.Radius * Math.Sqrt(rng.NextDouble());
                var angle = 2 * Math.PI * rng.NextDouble();
                return ((float)(c.X + (r * Math.Cos(angle))), (float)(c.Y + (r * Math.Sin(angle))));
            default:
                var columns = (int)Math.Ceiling(Math.Sqrt(spec.Count));
                var origin = pl.Origin;
                return ((origin?.X ?? 0f) + (k % columns * pl.Spacing), (origin?.Y ?? 0f) + (k / columns * pl.Spacing));
        }
    }

    private static float Draw(DistributionSpec? d, float fallback, ref RandomStream rng)
    {
        // Two draws per trait whatever the distribution, so one trait's kind never shifts another's stream.
        var u1 = rng.NextDouble();
        var u2 = rng.NextDouble();
        if (d is null)
        {
            return fallback;
        }

        switch (d.Dist)
        {
            case "fixed":
                return d.Value;
            case "uniform":
                return Lerp(d.Min, d.Max, u1);
            default:
                // Box–Muller; 1 − u1 is in (0, 1], so the logarithm is finite.
                var z = Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
                return (float)Math.Max(d.Min, Math.Min(d.Max, d.Mean + (d.Sd * z)));
        }
    }

    private static float Lerp(float a, float b, double u) => (float)(a + ((b - a) * u));
}
