using System;
using System.Collections.Generic;
using AffectEngine.Scenarios;
using AffectEngine.Social;

namespace AffectEngine.Hosting;

/// <summary>Turns a generated network entry of a scenario (<see cref="NetworkEdgeSection.Generator"/>) into contagion edges.</summary>
internal static class ScenarioNetworks
{
    /// <summary>
    /// Adds the edges of entry <paramref name="index"/> over <paramref name="nodes"/> (in file order), both
    /// directions of each, drawn from <paramref name="seed"/> keyed by the entry's index.
    /// </summary>
    public static void Add(NetworkEdgeSection e, int index, IReadOnlyList<AgentId> nodes, ulong seed, List<ContagionEdge> edges)
    {
        var n = nodes.Count;
        var pairs = e.Generator switch
        {
            "lattice" => NetworkGenerators.Lattice(n, e.K ?? 4),
            "watts-strogatz" => NetworkGenerators.WattsStrogatz(n, e.K ?? 4, e.P ?? 0.1, seed, index),
            "barabasi-albert" => NetworkGenerators.BarabasiAlbert(n, e.M ?? 2, seed, index),
            "erdos-renyi" => NetworkGenerators.ErdosRenyi(n, e.P ?? (n > 1 ? Math.Min(1.0, (e.K ?? 0) / (n - 1.0)) : 0), seed, index),
            _ => throw new ArgumentException($"$.social.network[{index}].generator: unknown generator '{e.Generator}'."),
        };
        edges.Capacity = Math.Max(edges.Capacity, edges.Count + (2 * pairs.Count));
        foreach (var (a, b) in pairs)
        {
            edges.Add(new ContagionEdge(nodes[a], nodes[b], e.Weight));
            edges.Add(new ContagionEdge(nodes[b], nodes[a], e.Weight));
        }
    }
}
