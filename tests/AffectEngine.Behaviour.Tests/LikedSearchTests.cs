using System;
using System.Globalization;
using System.Linq;
using System.Text;
using AffectEngine.Appraisal;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Behaviour.Tests;

/// <summary>
/// Most-liked and least-liked searches go over the chooser's own likings (declared and relation rows), not
/// the world; the scan over every slot (<c>ScanOnly</c>) stays as the reference, and both must choose the
/// same agent every time: same filters, same scores, ties to the lowest slot.
/// </summary>
public sealed class LikedSearchTests
{
    // Likings drawn from a few values, so many choosers hold equal likings of several others (ties), and 0
    // (a found liking that can never win, and a relation of 0 that hides a declared liking).
    private static readonly float[] Values = [-0.8f, -0.5f, -0.5f, -0.3f, 0f, 0.3f, 0.5f, 0.5f, 0.8f];

    private static string Scenario(int agents, bool social)
    {
        var json = new StringBuilder();
        json.Append("""{ "run": { "ticks": 60, "step": "100ms", "seed": 7 }, "agents": [""");
        var rng = new Random(3);
        for (var i = 0; i < agents; i++)
        {
            var x = (float)(rng.NextDouble() * 40.0);
            var y = (float)(rng.NextDouble() * 40.0);
            json.Append(CultureInfo.InvariantCulture, $$"""{ "id": "a{{i}}", "position": { "x": {{x:R}}, "y": {{y:R}} }, "goals": [ { "id": "calm", "utility": 0.7 } ]""");
            json.Append(CultureInfo.InvariantCulture, $$""", "personality": { "o": 0, "c": 0, "e": 0, "a": {{(i % 3) - 1}}, "n": 0.4 }""");
            json.Append(i == agents - 1 ? "}" : "},");
        }

        json.Append("""
            ],
            "behaviours": {
              "actions": [
                { "name": "scold", "target": "most-liked", "utility": 0.9, "cooldown": "700ms",
                  "effects": [ { "owner": "target", "goal": "calm", "congruence": -0.8, "likelihood": 0.7 } ] },
                { "name": "shun", "target": "least-liked", "utility": 0.8, "move": "away", "cooldown": "400ms", "appraised": false },
                { "name": "tease", "target": "least-liked", "utility": 0.7, "when": { "liking": { "min": -0.6, "max": -0.2 } }, "cooldown": "300ms", "appraised": false },
                { "name": "greet", "target": "most-liked", "utility": 0.6, "when": { "liking": { "min": 0.2, "max": 0.6 } }, "cooldown": "300ms", "appraised": false },
                { "name": "nudge", "target": "most-liked", "radius": 6, "utility": 0.5, "move": "toward", "reach": 0.5, "appraised": false }
              ],
              "coping": { "stressThreshold": 0.05, "every": "500ms" }
            }
          """);
        json.Append(social ? """, "social": { } }""" : " }");
        return json.ToString();
    }

    // One tick of both worlds: the same happenings and the same state, or the test fails here.
    private static Happening[] StepBoth(SimulationRunner fast, SimulationRunner scan)
    {
        fast.Step();
        scan.Step();
        var a = fast.Behaviour().Happenings.ToArray();
        Assert.Equal(scan.Behaviour().Happenings.ToArray(), a);
        Assert.Equal(scan.Simulation.ComputeHash(), fast.Simulation.ComputeHash());
        return a;
    }

    private static SimulationRunner Create(string json, bool scan)
    {
        var runner = Sims.Create(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "liked.json"));
        runner.Behaviour().Pass!.ScanOnly = scan;
        runner.Behaviour().Appraiser!.ScanOnly = scan;
        return runner;
    }

    // The same random likings, deaths and newcomers in both runners: declared likings (insertion order is
    // not slot order), relation rows when the social layer runs (some overriding a declared liking), likings
    // of agents that then die, and new agents reusing their slots under a new generation.
    private static void Populate(SimulationRunner runner, int seed, bool social)
    {
        var rng = new Random(seed);
        var world = runner.World;
        var appraisal = runner.Module<AffectEngineModule>().Appraisal;
        var n = world.SlotCount;
        for (var s = 0; s < n; s++)
        {
            var a = world.AgentAt(s);
            for (var k = rng.Next(0, 8); k > 0; k--)
            {
                var o = world.AgentAt(rng.Next(n));
                if (o != a)
                {
                    appraisal.SetLiking(a, o, Values[rng.Next(Values.Length)]);
                }
            }

            for (var k = social ? rng.Next(0, 8) : 0; k > 0; k--)
            {
                var o = world.AgentAt(rng.Next(n));
                if (o != a)
                {
                    runner.Social().Relations.Set(a, o, Values[rng.Next(Values.Length)], (float)rng.NextDouble());
                }
            }
        }

        for (var k = n / 10; k > 0; k--)
        {
            world.RemoveAgent(world.AgentAt(rng.Next(n)));
        }

        for (var k = n / 30; k > 0; k--)
        {
            world.AddAgent();
        }
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    public void Searches_over_the_choosers_likings_choose_what_the_scan_over_the_world_chooses(bool social, int seed)
    {
        var json = Scenario(500, social);
        using var fast = Create(json, scan: false);
        using var scan = Create(json, scan: true);
        Populate(fast, seed, social);
        Populate(scan, seed, social);
        long chosen = 0, supported = 0;
        for (var t = 0; t < 40; t++)
        {
            var a = StepBoth(fast, scan);
            chosen += a.Count(h => h.Kind == HappeningKind.ActionChosen && !h.Other.IsNone);
            supported += a.Count(h => h.Kind == HappeningKind.CopingApplied && h.Strategy == CopingStrategy.SeekSupport && !h.Other.IsNone);
        }

        // Not vacuous: many targeted actions and support sought from a liked agent anywhere.
        Assert.True(chosen > 2000, $"targeted actions {chosen}");
        Assert.True(supported > 20, $"support sought {supported}");
    }

    [Fact]
    public void A_liking_source_that_cannot_list_its_entries_keeps_the_scan()
    {
        // A host's source answering for pairs it cannot list (here about one pair in five, from the handles):
        // the search must still find those agents, which only the scan over every slot can.
        var json = Scenario(500, social: false);
        using var fast = Create(json, scan: false);
        using var scan = Create(json, scan: true);
        foreach (var runner in new[] { fast, scan })
        {
            Populate(runner, 4, social: false);
            runner.Module<AffectEngineModule>().Appraisal.Connect(new HashedLikings(), null);
        }

        long chosen = 0;
        for (var t = 0; t < 30; t++)
        {
            var a = StepBoth(fast, scan);
            chosen += a.Count(h => h.Kind == HappeningKind.ActionChosen && !h.Other.IsNone);
        }

        Assert.True(chosen > 1000, $"targeted actions {chosen}");
    }

    private sealed class HashedLikings : ILikingSource
    {
        public bool TryGetLiking(AgentId from, AgentId to, out float liking)
        {
            var h = (uint)((from.Slot * 7919) + (to.Slot * 104729)) % 45u;
            liking = h < 9 ? Values[h] : 0f;
            return h < 9;
        }
    }
}
