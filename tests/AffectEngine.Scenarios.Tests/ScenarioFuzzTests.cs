using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace AffectEngine.Scenarios.Tests;

public sealed class ScenarioFuzzTests
{
    private static readonly string[] Tokens = ["{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1e309", "1e400", "0.5", "\"x\"", "//", "/*", "\\u0000", "18446744073709551616", "\"agents\"", "\"$schema\""];

    /// <summary>
    /// Thousands of mutated bundled scenarios (byte flips, token insertions, deletions, truncations;
    /// deterministic seed, time-bounded): the loader either accepts or throws a ScenarioException whose
    /// every error has a position and a path. Anything else is a crash.
    /// </summary>
    [Fact]
    public void Mutated_scenarios_give_only_positioned_typed_errors()
    {
        var seeds = new[]
        {
            File.ReadAllBytes(Path.Combine(ScenarioLoaderTests.Root, "scenarios", "quickstart.json")),
            File.ReadAllBytes(Path.Combine(ScenarioLoaderTests.Root, "scenarios", "tavern.json")),
        };
        var rng = new Random(4242);
        var clock = Stopwatch.StartNew();
        var cases = 0;
        var rejected = 0;
        while (cases < 5000 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var bytes = Mutate(seeds[cases % seeds.Length], rng);
            cases++;
            try
            {
                ScenarioLoader.Parse(bytes, "fuzz.json");
            }
            catch (ScenarioException ex)
            {
                rejected++;
                Assert.NotEmpty(ex.Errors);
                foreach (var e in ex.Errors)
                {
                    Assert.True(e.Line > 0 && e.Column > 0, $"no position: {e}");
                    Assert.StartsWith("$", e.Path);
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                }
            }
        }

        Assert.True(cases >= 2000, $"only {cases} cases ran in the time bound");
        Assert.True(rejected > cases / 4, $"only {rejected} of {cases} mutations were rejected");
    }

    private static byte[] Mutate(byte[] source, Random rng)
    {
        var bytes = (byte[])source.Clone();
        for (var round = rng.Next(1, 4); round > 0; round--)
        {
            switch (rng.Next(4))
            {
                case 0:
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                    break;
                case 1:
                    var at = rng.Next(bytes.Length);
                    var token = Encoding.UTF8.GetBytes(Tokens[rng.Next(Tokens.Length)]);
                    var inserted = new byte[bytes.Length + token.Length];
                    bytes.AsSpan(0, at).CopyTo(inserted);
                    token.CopyTo(inserted.AsSpan(at));
                    bytes.AsSpan(at).CopyTo(inserted.AsSpan(at + token.Length));
                    bytes = inserted;
                    break;
                case 2:
                    var start = rng.Next(bytes.Length);
                    var len = Math.Min(rng.Next(1, 24), bytes.Length - start);
                    var removed = new byte[bytes.Length - len];
                    bytes.AsSpan(0, start).CopyTo(removed);
                    bytes.AsSpan(start + len).CopyTo(removed.AsSpan(start));
                    bytes = removed;
                    break;
                default:
                    bytes = bytes.AsSpan(0, rng.Next(bytes.Length)).ToArray();
                    break;
            }

            if (bytes.Length == 0)
            {
                break;
            }
        }

        return bytes;
    }
}
