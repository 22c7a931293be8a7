using System;
using System.Linq;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Social.Tests;

/// <summary>Seeded network generators (issue 20): determinism, and the structural properties each published model is known for.</summary>
public sealed class NetworkGeneratorTests
{
    private const int N = 2000;

    [Fact]
    public void Same_seed_gives_the_same_graph_and_another_seed_another()
    {
        Assert.Equal(NetworkGenerators.WattsStrogatz(N, 6, 0.2, 7, 0), NetworkGenerators.WattsStrogatz(N, 6, 0.2, 7, 0));
        Assert.NotEqual(NetworkGenerators.WattsStrogatz(N, 6, 0.2, 7, 0), NetworkGenerators.WattsStrogatz(N, 6, 0.2, 8, 0));
        Assert.Equal(NetworkGenerators.BarabasiAlbert(N, 3, 7, 0), NetworkGenerators.BarabasiAlbert(N, 3, 7, 0));
        Assert.NotEqual(NetworkGenerators.BarabasiAlbert(N, 3, 7, 0), NetworkGenerators.BarabasiAlbert(N, 3, 8, 0));
        Assert.Equal(NetworkGenerators.ErdosRenyi(N, 0.003, 7, 0), NetworkGenerators.ErdosRenyi(N, 0.003, 7, 0));
        Assert.NotEqual(NetworkGenerators.ErdosRenyi(N, 0.003, 7, 0), NetworkGenerators.ErdosRenyi(N, 0.003, 7, 1));
    }

    [Fact]
    public void Graphs_have_no_self_loops_or_duplicate_edges()
    {
        foreach (var edges in new[] { NetworkGenerators.WattsStrogatz(N, 6, 0.5, 1, 0), NetworkGenerators.BarabasiAlbert(N, 3, 1, 0), NetworkGenerators.ErdosRenyi(N, 0.01, 1, 0), NetworkGenerators.Lattice(N, 8) })
        {
            Assert.DoesNotContain(edges, e => e.A == e.B);
            Assert.Equal(edges.Count, edges.Select(e => (Math.Min(e.A, e.B), Math.Max(e.A, e.B))).Distinct().Count());
            Assert.All(edges, e => Assert.True(e.A is >= 0 and < N && e.B is >= 0 and < N));
        }
    }

    [Fact]
    public void Erdos_renyi_edge_count_is_binomial()
    {
        // G(n, p): E[m] = p·n(n−1)/2 = 5997, SD ≈ 77; five SDs either side.
        var m = NetworkGenerators.ErdosRenyi(N, 0.003, 42, 0).Count;
        Assert.InRange(m, 5997 - 385, 5997 + 385);
        Assert.Equal(N * (N - 1) / 2, NetworkGenerators.ErdosRenyi(N, 1.0, 42, 0).Count);
        Assert.Empty(NetworkGenerators.ErdosRenyi(N, 0.0, 42, 0));
    }

    [Fact]
    public void Watts_strogatz_keeps_lattice_clustering_far_above_a_random_graph_of_the_same_degree()
    {
        // Watts & Strogatz 1998, Fig. 2: at p = 0.01 C(p)/C(0) ≈ 0.97 while a random graph's C ≈ k/n.
        var ws = NetworkGenerators.WattsStrogatz(N, 10, 0.01, 3, 0);
        var er = NetworkGenerators.ErdosRenyi(N, 10.0 / (N - 1), 3, 0);
        var ring = NetworkGenerators.WattsStrogatz(N, 10, 0.0, 3, 0);
        var cws = NetworkGenerators.Clustering(N, ws);
        var cer = NetworkGenerators.Clustering(N, er);
        Assert.InRange(NetworkGenerators.Clustering(N, ring), 0.666, 0.667); // 3(k−2)/(4(k−1)) at k = 10
        Assert.True(cws > 0.6, $"WS clustering {cws}");
        Assert.True(cer < 0.02, $"ER clustering {cer}");
        Assert.Equal(N * 5, ws.Count);
        Assert.All(NetworkGenerators.Degrees(N, ring), d => Assert.Equal(10, d));
    }

    [Fact]
    public void Barabasi_albert_has_a_heavy_tail_and_a_random_graph_does_not()
    {
        var ba = NetworkGenerators.Degrees(N, NetworkGenerators.BarabasiAlbert(N, 3, 5, 0));
        var er = NetworkGenerators.Degrees(N, NetworkGenerators.ErdosRenyi(N, 6.0 / (N - 1), 5, 0));
        Assert.InRange(ba.Average(), 5.9, 6.0); // 2m per node
        Assert.All(ba, d => Assert.True(d >= 1));
        Assert.True(ba.Max() > 60, $"BA hub degree {ba.Max()}"); // ~ m·sqrt(n) ≈ 134 for a power law
        Assert.True(er.Max() < 25, $"ER max degree {er.Max()}"); // Poisson(6) tail
        Assert.True(ba.Count(d => d >= 30) > 5);
    }

    [Fact]
    public void Lattice_joins_grid_neighbours()
    {
        var four = NetworkGenerators.Degrees(100, NetworkGenerators.Lattice(100, 4));
        var eight = NetworkGenerators.Degrees(100, NetworkGenerators.Lattice(100, 8));
        Assert.Equal(4, four[55]);
        Assert.Equal(2, four[0]);
        Assert.Equal(8, eight[55]);
        Assert.Equal(3, eight[0]);
    }

    private const string Scenario = """
        {
          "run": { "ticks": 30, "seed": SEED },
          "agents": [ { "id": "p", "count": 300, "group": "g", "traits": { "e": { "dist": "uniform", "min": 0, "max": 1 } } }, { "id": "x" } ],
          "events": [ { "tick": 0, "elicit": { "agent": "p#0", "emotion": "fear", "intensity": 1 } } ],
          "social": {
            "contagion": { "neighbours": "network", "defaults": { "openness": 1 } },
            "network": [ { "generator": "GEN", "group": "g" PARAMS } ]
          }
        }
        """;

    private static ulong Hash(string generator, string parameters, int seed)
    {
        var json = Scenario.Replace("SEED", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("GEN", generator, StringComparison.Ordinal).Replace("PARAMS", parameters, StringComparison.Ordinal);
        using var r = ScenarioHost.CreateRunner(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "net.json"));
        r.Run(30);
        Assert.True(r.TryGetAgent("x", out var x));
        Assert.Equal(0f, r.Affect.Intensity(x, EmotionType.Fear)); // outside the group: no edges
        return r.LastHash;
    }

    [Theory]
    [InlineData("watts-strogatz", ", \"k\": 4, \"p\": 0.2")]
    [InlineData("barabasi-albert", ", \"m\": 2")]
    [InlineData("erdos-renyi", ", \"k\": 4")]
    public void A_scenario_network_is_a_function_of_the_seed(string generator, string parameters)
    {
        Assert.Equal(Hash(generator, parameters, 1), Hash(generator, parameters, 1));
        Assert.NotEqual(Hash(generator, parameters, 1), Hash(generator, parameters, 2));
    }

    [Fact]
    public void Fear_spreads_over_a_generated_lattice()
    {
        var json = Scenario.Replace("SEED", "1", StringComparison.Ordinal).Replace("GEN", "lattice", StringComparison.Ordinal).Replace("PARAMS", "", StringComparison.Ordinal);
        using var r = ScenarioHost.CreateRunner(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "net.json"));
        r.Run(30);
        Assert.True(r.TryGetAgent("p#1", out var right));
        Assert.True(r.TryGetAgent("p#299", out var far));
        Assert.True(r.Affect.Intensity(right, EmotionType.Fear) > r.Affect.Intensity(far, EmotionType.Fear));
    }

    [Theory]
    [InlineData("{ \"generator\": \"watts-strogatz\", \"k\": 3 }", "$.social.network[0].k", "even k")]
    [InlineData("{ \"generator\": \"barabasi-albert\", \"m\": 400 }", "$.social.network[0].m", "m < 301")]
    [InlineData("{ \"generator\": \"erdos-renyi\" }", "$.social.network[0]", "neither")]
    [InlineData("{ \"generator\": \"lattice\", \"k\": 6 }", "$.social.network[0].k", "4 or 8")]
    [InlineData("{ \"generator\": \"lattice\", \"from\": \"x\" }", "$.social.network[0]", "found both")]
    [InlineData("{ \"from\": \"x\", \"to\": \"p#1\", \"k\": 4 }", "$.social.network[0]", "no generator")]
    [InlineData("{ \"generator\": \"lattice\", \"group\": \"nobody\" }", "$.social.network[0].group", "nobody")]
    public void Bad_generator_parameters_are_reported_with_their_path(string entry, string path, string words)
    {
        var json = $$"""
            { "agents": [ { "id": "p", "count": 300, "group": "g" }, { "id": "x" } ],
              "social": { "contagion": { "neighbours": "network" }, "network": [ {{entry}} ] } }
            """;
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "bad.json"));
        Assert.Contains(ex.Errors, e => e.Path == path && e.Message.Contains(words, StringComparison.Ordinal) && e.Line == 2);
    }
}
