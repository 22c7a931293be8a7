using System;
using System.Globalization;

namespace AffectEngine.Scenarios;

/// <summary>Checks of generated networks (<see cref="NetworkEdgeSection.Generator"/>): parameters each model needs, within their ranges for the node count.</summary>
internal static class NetworkChecks
{
    /// <summary>Largest number of undirected edges one generated network may have (16 bytes each twice, once per direction).</summary>
    public const long MaxEdges = 200_000_000;

    public static void Check(NetworkEdgeSection e, string path, long nodes, Action<string, string> add)
    {
        if (e.From is not null || e.To is not null)
        {
            add(path, "expected \"generator\" or \"from\"/\"to\", found both");
            return;
        }

        string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
        switch (e.Generator)
        {
            case "lattice":
                if (e.K is { } lk && lk is not (4 or 8))
                {
                    add(path + ".k", $"expected 4 or 8 neighbours for a lattice, found {lk}");
                }

                Unused(e.P, "p", path, add);
                Unused(e.M, "m", path, add);
                break;
            case "watts-strogatz":
                var k = e.K ?? 4;
                if (k % 2 != 0 || k < 2 || k >= nodes)
                {
                    add(path + ".k", $"expected an even k with 2 ≤ k < {nodes} (the nodes), found {k}");
                }

                Unused(e.M, "m", path, add);
                break;
            case "barabasi-albert":
                var m = e.M ?? 2;
                if (m >= nodes)
                {
                    add(path + ".m", $"expected m < {nodes} (the nodes), found {m}");
                }
                else if (m * nodes > MaxEdges)
                {
                    add(path + ".m", $"expected at most {MaxEdges} edges, found m × nodes = {m * nodes}");
                }

                Unused(e.P, "p", path, add);
                Unused(e.K, "k", path, add);
                break;
            case "erdos-renyi":
                if (e.P is null == e.K is null)
                {
                    add(path, "expected \"p\" (edge probability) or \"k\" (mean degree) for erdos-renyi, found " + (e.P is null ? "neither" : "both"));
                }
                else if (e.K is { } mean && mean >= nodes)
                {
                    add(path + ".k", $"expected a mean degree below {nodes} (the nodes), found {mean}");
                }
                else if (ErdosRenyiP(e, nodes) * nodes * (nodes - 1) / 2 > MaxEdges)
                {
                    add(path + (e.P is null ? ".k" : ".p"), $"expected at most {MaxEdges} edges, found {Text(Math.Round(ErdosRenyiP(e, nodes) * nodes * (nodes - 1) / 2))} expected");
                }

                Unused(e.M, "m", path, add);
                break;
        }
    }

    /// <summary>The edge probability of an Erdős–Rényi spec: p, or k / (n − 1).</summary>
    public static double ErdosRenyiP(NetworkEdgeSection e, long nodes) =>
        e.P is { } p ? p : nodes > 1 ? Math.Min(1.0, (e.K ?? 0) / (double)(nodes - 1)) : 0;

    private static void Unused<T>(T? value, string name, string path, Action<string, string> add)
        where T : struct
    {
        if (value is not null)
        {
            add(path + "." + name, $"expected no \"{name}\" for this generator, found one");
        }
    }
}
