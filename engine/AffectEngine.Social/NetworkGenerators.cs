using System;
using System.Collections.Generic;

namespace AffectEngine.Social;

/// <summary>
/// Seeded random-graph generators for contagion networks (docs/social.md, "Generated networks").
/// Each returns undirected edges between node indices 0..n−1 (no self-loops, no duplicates); every
/// random draw comes from one <see cref="RandomStream"/> keyed by (seed, stream, key), so the same
/// arguments give the same graph on every machine and thread count. All run in time linear in
/// n + edges (Batagelj &amp; Brandes 2005), so 10^6-node graphs build in seconds.
/// </summary>
public static class NetworkGenerators
{
    private const ulong Stream = 0x6E6574776F726BUL; // "network"

    /// <summary>
    /// A 2-D square lattice: nodes on rows of <c>ceil(sqrt(n))</c>, each joined to its 4 (von Neumann)
    /// or 8 (Moore) grid neighbours; no randomness.
    /// </summary>
    public static List<(int A, int B)> Lattice(int n, int neighbours)
    {
        if (neighbours is not (4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(neighbours), neighbours, "A lattice has 4 or 8 neighbours.");
        }

        var columns = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(n)));
        var edges = new List<(int, int)>(n * neighbours / 2);
        for (var i = 0; i < n; i++)
        {
            var x = i % columns;
            var right = x + 1 < columns && i + 1 < n;
            if (right)
            {
                edges.Add((i, i + 1));
            }

            if (i + columns < n)
            {
                edges.Add((i, i + columns));
                if (neighbours == 8)
                {
                    if (x + 1 < columns && i + columns + 1 < n)
                    {
                        edges.Add((i, i + columns + 1));
                    }

                    if (x > 0)
                    {
                        edges.Add((i, i + columns - 1));
                    }
                }
            }
        }

        return edges;
    }

    /// <summary>
    /// Watts &amp; Strogatz (1998) small world: a ring where each node joins its <paramref name="k"/>
    /// nearest neighbours (k/2 each side, k even), then each edge's far end is rewired with probability
    /// <paramref name="p"/> to a uniformly chosen node, avoiding self-loops and duplicate edges.
    /// </summary>
    public static List<(int A, int B)> WattsStrogatz(int n, int k, double p, ulong seed, long key)
    {
        if (k < 2 || k % 2 != 0 || k >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "Watts–Strogatz needs an even k with 2 ≤ k < n.");
        }

        var rng = new RandomStream(seed, Stream, key, 1);
        var present = new HashSet<long>(n * k / 2);
        var edges = new List<(int, int)>(n * k / 2);
        for (var i = 0; i < n; i++)
        {
            for (var j = 1; j <= k / 2; j++)
            {
                var b = (i + j) % n;
                present.Add(Key(i, b));
                edges.Add((i, b));
            }
        }

        // Rewire lap by lap (first all nearest neighbours, then the next ring), as in the paper.
        for (var j = 1; j <= k / 2; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var index = (i * (k / 2)) + (j - 1);
                if (rng.NextDouble() >= p)
                {
                    continue;
                }

                var (a, old) = edges[index];
                var w = rng.NextInt(n);
                if (w == a || present.Contains(Key(a, w)))
                {
                    continue; // the paper keeps the edge when the new end would duplicate one
                }

                present.Remove(Key(a, old));
                present.Add(Key(a, w));
                edges[index] = (a, w);
            }
        }

        return edges;
    }

    /// <summary>
    /// Erdős &amp; Rényi (1959) / Gilbert (1959) G(n, p): each of the n(n−1)/2 pairs is an edge with
    /// probability <paramref name="p"/>, drawn by geometric skips (Batagelj &amp; Brandes 2005), so the
    /// cost is proportional to the edges made, not to n².
    /// </summary>
    public static List<(int A, int B)> ErdosRenyi(int n, double p, ulong seed, long key)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p is a probability in [0, 1].");
        }

        var expected = p * n * (n - 1) / 2.0;
        var edges = new List<(int, int)>((int)Math.Min(expected * 1.1 + 16, int.MaxValue / 4));
        if (p <= 0 || n < 2)
        {
            return edges;
        }

        var rng = new RandomStream(seed, Stream, key, 2);
        var logQ = Math.Log(1 - p);
        long v = 1;
        long w = -1;
        while (v < n)
        {
            // 1 − u is in (0, 1]: the logarithm is finite.
            w += 1 + (p >= 1 ? 0 : (long)Math.Floor(Math.Log(1 - rng.NextDouble()) / logQ));
            while (w >= v && v < n)
            {
                w -= v;
                v++;
            }

            if (v < n)
            {
                edges.Add(((int)w, (int)v));
            }
        }

        return edges;
    }

    /// <summary>
    /// Barabási &amp; Albert (1999) scale-free growth by preferential attachment: nodes join one by one,
    /// each attaching to <paramref name="m"/> distinct earlier nodes chosen with probability
    /// proportional to their degree (by sampling the list of edge ends, Batagelj &amp; Brandes 2005).
    /// The degree distribution has a power-law tail P(k) ∝ k^−3.
    /// </summary>
    public static List<(int A, int B)> BarabasiAlbert(int n, int m, ulong seed, long key)
    {
        if (m < 1 || m >= n)
        {
            throw new ArgumentOutOfRangeException(nameof(m), m, "Barabási–Albert needs 1 ≤ m < n.");
        }

        var rng = new RandomStream(seed, Stream, key, 3);
        var ends = new int[2L * n * m > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(n), n, "Too many edges for one network.") : 2 * n * m];
        var count = 0;
        var edges = new List<(int, int)>(n * m);
        Span<int> picked = m <= 64 ? stackalloc int[m] : new int[m];
        for (var v = 1; v < n; v++)
        {
            var t = Math.Min(v, m);
            var got = 0;
            while (got < t)
            {
                // Before the first edge there is only node 0 to attach to; after it, every earlier node has degree ≥ 1.
                var u = count == 0 ? 0 : ends[rng.NextInt(count)];
                if (Seen(picked.Slice(0, got), u))
                {
                    continue;
                }

                picked[got++] = u;
            }

            for (var i = 0; i < t; i++)
            {
                edges.Add((picked[i], v));
                ends[count++] = picked[i];
                ends[count++] = v;
            }
        }

        return edges;
    }

    /// <summary>Degree of every node of an undirected edge list (for checks and reports).</summary>
    public static int[] Degrees(int n, List<(int A, int B)> edges)
    {
        Guard.NotNull(edges);
        var d = new int[n];
        foreach (var (a, b) in edges)
        {
            d[a]++;
            d[b]++;
        }

        return d;
    }

    /// <summary>The average local clustering coefficient (Watts &amp; Strogatz 1998), nodes of degree &lt; 2 counted as 0.</summary>
    public static double Clustering(int n, List<(int A, int B)> edges)
    {
        Guard.NotNull(edges);
        var adjacency = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            adjacency[i] = [];
        }

        var set = new HashSet<long>(edges.Count);
        foreach (var (a, b) in edges)
        {
            adjacency[a].Add(b);
            adjacency[b].Add(a);
            set.Add(Key(a, b));
        }

        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var nb = adjacency[i];
            if (nb.Count < 2)
            {
                continue;
            }

            var links = 0;
            for (var x = 0; x < nb.Count; x++)
            {
                for (var y = x + 1; y < nb.Count; y++)
                {
                    if (set.Contains(Key(nb[x], nb[y])))
                    {
                        links++;
                    }
                }
            }

            sum += 2.0 * links / (nb.Count * (nb.Count - 1.0));
        }

        return sum / n;
    }

    private static bool Seen(Span<int> picked, int u)
    {
        foreach (var x in picked)
        {
            if (x == u)
            {
                return true;
            }
        }

        return false;
    }

    private static long Key(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
}
