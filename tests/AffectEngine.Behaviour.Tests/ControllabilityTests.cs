using System.Linq;
using System.Text;
using AffectEngine.Appraisal;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Behaviour.Tests;

/// <summary>
/// Controllability per event and per belief (EMA: Marsella &amp; Gratch 2009): the same threat, said to be
/// controllable or not, is met with problem-focused or emotion-focused coping, and the next appraisal of
/// the same threat differs accordingly.
/// </summary>
public sealed class ControllabilityTests
{
    // Bren steals from Mara at ticks 5 and 60; Mara has no per-agent controllability, so only the event
    // (or its belief) says how far she can change the outcome. Her personality alone would give 0.49.
    private static string Scenario(string first, string second = "", string firstBelief = "") => """
        {
          "run": { "ticks": 100, "step": "100ms", "seed": 3 },
          "agents": [
            { "id": "mara", "personality": { "o": 0.0, "c": 0.2, "e": 0.1, "a": -0.1, "n": 0.2 },
              "goals": [ { "id": "keep-purse", "utility": 0.8 } ] },
            { "id": "bren" }
          ],
          "events": [
            { "tick": 5, "action": "steal", "actor": "bren", "target": "mara" FIRST,
              "beliefs": [ { "goal": "mara/keep-purse", "congruence": -0.6, "likelihood": 1 BELIEF } ] },
            { "tick": 60, "action": "steal", "actor": "bren", "target": "mara" SECOND,
              "beliefs": [ { "goal": "mara/keep-purse", "congruence": -0.6, "likelihood": 1 } ] }
          ],
          "behaviours": {
            "actions": [ { "name": "confront", "agents": [ "bren" ], "target": "provoker", "utility": 0.1,
                           "when": { "emotions": { "anger": { "min": 0.2 } } } } ],
            "coping": { "stressThreshold": 0.2, "every": "100s", "problemAction": "confront" }
          }
        }
        """.Replace("FIRST", first, System.StringComparison.Ordinal)
           .Replace("SECOND", second, System.StringComparison.Ordinal)
           .Replace("BELIEF", firstBelief, System.StringComparison.Ordinal);

    private static SimulationRunner Create(string json) =>
        Sims.Create(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "control.json"));

    private static string? FirstCoping(SimulationRunner runner)
    {
        for (var t = 0; t < 30; t++)
        {
            runner.Step();
            foreach (var h in runner.Behaviour().Happenings)
            {
                if (h.Kind == HappeningKind.CopingApplied)
                {
                    return Sims.Describe(runner, h);
                }
            }
        }

        return null;
    }

    [Fact]
    public void The_same_threat_controllable_or_not_gives_problem_or_emotion_focused_coping_and_a_different_next_appraisal()
    {
        using var high = Create(Scenario(""", "controllability": 0.9"""));
        using var low = Create(Scenario(""", "controllability": 0.1"""));

        Assert.Equal("mara coping: problem-focused, action confront bren", FirstCoping(high));
        Assert.Equal("mara coping: distancing, goal keep-purse 0.8 → 0.5", FirstCoping(low));

        high.TryGetAgent("mara", out var mh);
        low.TryGetAgent("mara", out var ml);
        Assert.Equal(0.8f, high.Module<AffectEngineModule>().Appraisal.View(mh).Goals[0].Utility, 5);
        Assert.Equal(0.5f, low.Module<AffectEngineModule>().Appraisal.View(ml).Goals[0].Utility, 5);

        // The second theft: acting on the goal kept it whole, so it hurts as much as the first; distancing made it hurt less.
        var jumpHigh = Sims.DistressJumpAt(high, 60);
        var jumpLow = Sims.DistressJumpAt(low, 60);
        Assert.True(jumpHigh > 0.1f, $"controllable: +{jumpHigh}");
        Assert.True(jumpLow < jumpHigh * 0.8f, $"uncontrollable +{jumpLow}, controllable +{jumpHigh}");
    }

    [Theory]
    [InlineData("0.9", "mara coping: problem-focused, action confront bren")]
    [InlineData("0.1", "mara coping: distancing, goal keep-purse 0.8 → 0.5")]
    public void A_csv_event_files_controllability_column_chooses_the_coping_as_a_json_event_does(string controllability, string coping)
    {
        // The theft of tick 5 streamed from a CSV file (its goal columns make the belief) instead of "events".
        var dir = System.IO.Directory.CreateTempSubdirectory("affect-control-").FullName;
        try
        {
            System.IO.File.WriteAllText(System.IO.Path.Combine(dir, "thefts.csv"), "tick,action,actor,target,goal,congruence,likelihood,controllability\n"
                + $"5,steal,bren,mara,mara/keep-purse,-0.6,1,{controllability}\n");
            var json = System.Text.RegularExpressions.Regex.Replace(Scenario(""), @"""events"": \[.*?\n  \],", @"""eventGenerators"": [ { ""kind"": ""file"", ""file"": ""thefts.csv"" } ],", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.Contains("thefts.csv", json, System.StringComparison.Ordinal);
            var path = System.IO.Path.Combine(dir, "control.json");
            System.IO.File.WriteAllText(path, json);
            using var runner = ScenarioHost.CreateRun(ScenarioLoader.Load(path), dir);
            Assert.Equal(coping, FirstCoping(runner));
        }
        finally
        {
            System.IO.Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_beliefs_controllability_overrides_its_events()
    {
        using var runner = Create(Scenario(""", "controllability": 0.1""", firstBelief: """, "controllability": 0.95"""));
        Assert.Equal("mara coping: problem-focused, action confront bren", FirstCoping(runner));
    }

    [Fact]
    public void The_threats_controllability_is_hashed_state_and_is_not_written_when_no_event_gives_one()
    {
        using var high = Create(Scenario(""", "controllability": 0.9"""));
        using var low = Create(Scenario(""", "controllability": 0.7"""));
        using var none = Create(Scenario(""));

        // Ticks 0..6: the theft at 5 is appraised; neither 0.9 nor 0.7 changes a coping choice yet (both ≥ 0.5).
        high.Run(7);
        low.Run(7);
        none.Run(7);
        Assert.NotEqual(high.Simulation.ComputeHash(), low.Simulation.ComputeHash());
        Assert.NotEqual(high.Simulation.ComputeHash(), none.Simulation.ComputeHash());

        // A snapshot keeps it: restored into a run whose event said 0.1, the agent holds the saved 0.9.
        var snapshot = high.Simulation.SaveSnapshot();
        using var restored = Create(Scenario(""", "controllability": 0.1"""));
        restored.Run(7);
        restored.Simulation.LoadSnapshot(snapshot);
        Assert.Equal(high.Simulation.ComputeHash(), restored.Simulation.ComputeHash());
        restored.TryGetAgent("mara", out var mara);
        Assert.Equal(0.9f, restored.Behaviour().ThreatControllability(mara.Slot));
        Assert.True(float.IsNaN(none.Behaviour().ThreatControllability(mara.Slot)));
    }

    [Fact]
    public void Event_controllability_survives_the_record_payload_and_plain_events_keep_their_bytes()
    {
        var goal = new GoalId(1);
        var effects = new[]
        {
            new GoalEffect(new AgentId(0, 1), goal, new Congruence(-0.5f), new Likelihood(1f)) { Controllability = 0.25f },
            new GoalEffect(new AgentId(1, 1), goal, new Congruence(-0.5f), new Likelihood(1f)),
        };
        var withControl = new AppraisalEvent(3, 1, 0, new ActionId(1), new AgentId(1, 1), effects) { Controllability = 0.75f };
        var back = RoundTrip(withControl);
        Assert.Equal(0.75f, back.Controllability);
        Assert.Equal(0.25f, back.Effects[0].Controllability);
        Assert.Null(back.Effects[1].Controllability);

        // Without controllability the payload is what it always was: flags word 0, nothing after the witnesses.
        var plain = new AppraisalEvent(3, 1, 0, new ActionId(1), new AgentId(1, 1), effects.Select(e => e with { Controllability = null }).ToArray());
        var plainBytes = Bytes(plain);
        Assert.Equal(Bytes(withControl).Length - (3 * sizeof(float)), plainBytes.Length);
        Assert.Null(RoundTrip(plain).Controllability);

        Assert.Throws<System.ArgumentException>(() => new AppraisalEvent(3, 1, 0, default, AgentId.None, []) { Controllability = 1.5f });
        Assert.Throws<System.ArgumentException>(() => new AppraisalEvent(3, 1, 0, default, AgentId.None, [effects[0] with { Controllability = -0.1f }]));
    }

    [Fact]
    public void Out_of_range_controllability_is_named_with_its_position()
    {
        var json = Scenario(""", "controllability": 1.5""", firstBelief: """, "controllability": -1""");
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "bad.json"));
        Assert.Contains(ex.Errors, e => e.ToString().StartsWith("bad.json:9:", System.StringComparison.Ordinal) && e.ToString().Contains("$.events[0].controllability: expected a number in [0, 1], found 1.5", System.StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.ToString().StartsWith("bad.json:10:", System.StringComparison.Ordinal) && e.ToString().Contains("$.events[0].beliefs[0].controllability: expected a number in [0, 1], found -1", System.StringComparison.Ordinal));
    }

    private static byte[] Bytes(AppraisalEvent e)
    {
        var writer = new BufferStateWriter();
        e.WritePayload(writer);
        return writer.ToArray();
    }

    private static AppraisalEvent RoundTrip(AppraisalEvent e)
    {
        var reader = new BufferStateReader(Bytes(e));
        var back = AppraisalEvent.ReadPayload(e.Tick, e.Source, e.Sequence, reader);
        Assert.Equal(0, reader.Remaining);
        return back;
    }
}
