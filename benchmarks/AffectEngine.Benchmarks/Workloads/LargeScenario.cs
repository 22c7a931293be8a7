using System;
using System.IO;
using System.Text.Json;

namespace AffectEngine.Benchmarks;

/// <summary>
/// A large, valid scenario written from a seed (the loader benchmark's and the loader tests' input):
/// agents with personality, goals, standards, attitudes, relations, mood and position, and events
/// with an action, actor, target, beliefs about goals and witnesses, indented as an editor would
/// write them. 1,000 agents and 100,000 events make about 24 MB. Generated in code so no such file
/// is committed.
/// </summary>
internal static class LargeScenario
{
    private static readonly string[] Actions = ["insult", "help", "steal", "praise", "ignore", "share", "threaten", "console"];
    private static readonly string[] Objects = ["ale", "music", "fire", "rain", "bread", "coin"];

    /// <summary>The scenario as UTF-8 bytes.</summary>
    /// <param name="agents">Agent specs.</param>
    /// <param name="events">Events.</param>
    /// <param name="seed">Seed of every drawn value.</param>
    /// <param name="badLikelihoodAt">An event index whose first belief gets <c>"likelihood": 7</c> (out of range), or -1.</param>
    /// <param name="unknownActorAt">An event index whose actor is <c>"nobody"</c> (no such agent), or -1.</param>
    public static byte[] Create(int agents, int events, ulong seed, int badLikelihoodAt = -1, int unknownActorAt = -1)
    {
        var rng = new SplitMix(seed);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "./schema/affect.schema.json");
            w.WriteString("name", $"generated: {agents} agents, {events} events, seed {seed}");
            w.WriteStartObject("run");
            w.WriteNumber("ticks", Math.Max(1, events / 10));
            w.WriteString("step", "100ms");
            w.WriteNumber("seed", seed);
            w.WriteEndObject();
            w.WriteStartArray("agents");
            for (var i = 0; i < agents; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", Id(i));
                w.WriteStartObject("personality");
                foreach (var trait in (string[])["o", "c", "e", "a", "n"])
                {
                    w.WriteNumber(trait, rng.Signed());
                }

                w.WriteEndObject();
                w.WriteStartArray("goals");
                for (var g = 0; g < 5; g++)
                {
                    w.WriteStartObject();
                    w.WriteString("id", "goal-" + g);
                    w.WriteNumber("utility", rng.Signed());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("standards");
                for (var k = 0; k < 4; k++)
                {
                    w.WriteStartObject();
                    w.WriteString("action", Actions[(i + k) % Actions.Length]);
                    w.WriteNumber("praiseworthiness", rng.Signed());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("attitudes");
                for (var k = 0; k < 2; k++)
                {
                    w.WriteStartObject();
                    w.WriteString("object", Objects[(i + k) % Objects.Length]);
                    w.WriteNumber("appeal", rng.Signed());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartObject("relations");
                for (var k = 1; k <= 6 && k < agents; k++)
                {
                    w.WriteStartObject(Id((i + k) % agents));
                    w.WriteNumber("liking", rng.Signed());
                    w.WriteNumber("familiarity", rng.Unit());
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteStartObject("mood");
                w.WriteNumber("p", rng.Signed());
                w.WriteNumber("a", rng.Signed());
                w.WriteNumber("d", rng.Signed());
                w.WriteEndObject();
                w.WriteStartObject("position");
                w.WriteNumber("x", Math.Round(rng.Unit() * 100, 1));
                w.WriteNumber("y", Math.Round(rng.Unit() * 100, 1));
                w.WriteEndObject();
                w.WriteString("group", "group-" + (i % 10));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("events");
            for (var e = 0; e < events; e++)
            {
                var actor = rng.Below(agents);
                var target = (actor + 1 + rng.Below(Math.Max(1, agents - 1))) % agents;
                w.WriteStartObject();
                w.WriteNumber("tick", e / 10);
                w.WriteString("action", Actions[rng.Below(Actions.Length)]);
                w.WriteString("actor", e == unknownActorAt ? "nobody" : Id(actor));
                w.WriteString("target", Id(target));
                if (e % 4 != 3 || e == badLikelihoodAt)
                {
                    w.WriteStartArray("beliefs");
                    w.WriteStartObject();
                    w.WriteString("goal", Id(target) + "/goal-" + rng.Below(5));
                    w.WriteNumber("congruence", rng.Signed());
                    if (e == badLikelihoodAt)
                    {
                        w.WriteNumber("likelihood", 7);
                    }
                    else
                    {
                        w.WriteNumber("likelihood", rng.Unit());
                    }

                    w.WriteEndObject();
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteStartArray("witnesses");
                    w.WriteStringValue(Id((target + 1) % agents));
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static string Id(int i) => "agent-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SplitMix64 (Steele, Lea &amp; Flood 2014): a fixed algorithm, so the file is the same on every runtime.</summary>
    private struct SplitMix
    {
        private ulong _state;

        public SplitMix(ulong seed) => _state = seed;

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>In [0, 1], two decimals.</summary>
        public double Unit() => (Next() % 101) / 100.0;

        /// <summary>In [-1, 1], two decimals.</summary>
        public double Signed() => ((long)(Next() % 201) - 100) / 100.0;

        public int Below(int n) => (int)(Next() % (ulong)n);
    }
}
