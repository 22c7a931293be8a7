using System;
using System.IO;
using System.Linq;
using System.Text;

namespace AffectEngine.Scenarios.Tests;

public sealed class ScenarioLoaderTests
{
    internal static string Root { get; } = FindRoot();

    private static ScenarioException Fails(string json) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "s.json"));

    [Theory]
    [InlineData("quickstart.json")]
    [InlineData("tavern.json")]
    public void Bundled_scenarios_load_and_declare_the_schema(string name)
    {
        var path = Path.Combine(Root, "scenarios", name);
        var scenario = ScenarioLoader.Load(path);
        Assert.Equal("./schema/affect.schema.json", scenario.Schema);
        Assert.NotEmpty(scenario.Agents);
    }

    [Fact]
    public void Full_model_is_read_from_the_tavern_scenario()
    {
        var s = ScenarioLoader.Load(Path.Combine(Root, "scenarios", "tavern.json"));
        var mara = s.Agents[0];
        Assert.Equal(0.8f, mara.Goals[0].Utility);
        Assert.Equal("steal", mara.Standards[0].Action);
        Assert.Equal(-0.9f, mara.Standards[0].Praiseworthiness);
        Assert.Equal(0.6f, mara.Attitudes[0].Appeal);
        Assert.Equal(0.3f, mara.Relations["bren"].Liking);
        Assert.Equal("patrons", mara.Group);
        var theft = s.Events[0];
        Assert.Equal("steal", theft.Action);
        Assert.Equal("bren", theft.Actor);
        Assert.Equal("mara", theft.Target);
        Assert.Equal(0.7f, theft.Beliefs![1].Likelihood);
        Assert.Equal(12, theft.At!.Value.Seconds);
        Assert.Empty(s.Perception); // perception sources are opened by runs now; the tavern has no observed person
        Assert.Equal("occ", s.Run.Appraisal);
    }

    [Fact]
    public void Every_problem_is_reported_in_one_pass_with_line_column_and_path()
    {
        var ex = Fails("""
            {
              "run": { "ticks": "many", "appraisal": "hmm" },
              "agents": [
                { "id": "a", "personality": { "o": 2, "x": 1 } },
                { "id": "a" }
              ],
              "events": [
                { "tick": 5, "elicit": { "agent": "zed", "emotion": "joy", "intensity": 0.5 } }
              ]
            }
            """);
        var lines = ex.Errors.Select(e => e.ToString()).ToArray();
        Assert.Equal(6, lines.Length);
        Assert.Equal("s.json:2:21: $.run.ticks: expected an integer in [0, 1e9], found the string \"many\"", lines[0]);
        Assert.StartsWith("s.json:2:42: $.run.appraisal: expected one of occ, gamygdala", lines[1]);
        Assert.Equal("s.json:4:40: $.agents[0].personality.o: expected a number in [-1, 1], found 2", lines[2]);
        Assert.StartsWith("s.json:4:43: $.agents[0].personality.x: expected one of the properties o, c, e, a, n, found unknown property 'x'", lines[3]);
        Assert.Equal("s.json:5:13: $.agents[1].id: expected a unique agent id, found 'a' again", lines[4]);
        Assert.Equal("s.json:8:39: $.events[0].elicit.agent: expected the id of an agent of this scenario, found 'zed'", lines[5]);
    }

    [Fact]
    public void An_event_target_that_is_no_agent_is_named_with_its_place()
    {
        var ex = Fails("""
            {
              "agents": [ { "id": "a" }, { "id": "b" } ],
              "events": [
                { "tick": 1, "action": "help", "actor": "a", "target": "boo" },
                { "tick": 2, "action": "help", "actor": "a", "targets": [ "b", "door" ] }
              ]
            }
            """);
        var lines = ex.Errors.Select(e => e.ToString()).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal("s.json:4:60: $.events[0].target: expected the id of an agent of this scenario, found 'boo'", lines[0]);
        Assert.Equal("s.json:5:68: $.events[1].targets[1]: expected the id of an agent of this scenario, found 'door'", lines[1]);
    }

    [Fact]
    public void Syntax_errors_name_line_and_column()
    {
        var ex = Fails("{\n  \"name\": \"x\",\n  \"run\": { \"ticks\": 5 \n}");
        var e = Assert.Single(ex.Errors);
        Assert.True(e.Line >= 3, e.ToString());
        Assert.True(e.Column > 0);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var s = ScenarioLoader.Parse("""
            // a comment
            { "agents": [ { "id": "x", /* inline */ }, ], }
            """u8, "s.json");
        Assert.Equal("x", Assert.Single(s.Agents).Id);
    }

    [Fact]
    public void Duplicate_properties_are_reported_at_the_second_name()
    {
        var ex = Fails("{ \"name\": \"a\",\n  \"name\": \"b\" }");
        var e = Assert.Single(ex.Errors);
        Assert.Equal("$.name", e.Path);
        Assert.Equal(2, e.Line);
        Assert.Equal(3, e.Column);
    }

    [Fact]
    public void Beliefs_must_name_a_declared_goal_of_a_declared_agent()
    {
        var ex = Fails("""
            { "agents": [ { "id": "m", "goals": [ { "id": "purse", "utility": 0.8 } ] } ],
              "events": [ { "tick": 1, "action": "steal", "actor": "m", "beliefs": [
                { "goal": "m/purse", "congruence": -1 },
                { "goal": "m/honour", "congruence": -1 },
                { "goal": "q/purse", "congruence": 1 },
                { "goal": "nogoal", "congruence": 1 } ] } ] }
            """);
        Assert.Collection(
            ex.Errors,
            e => Assert.Equal("$.events[0].beliefs[1].goal: expected one of m's goals (purse), found 'honour'", e.Path + ": " + e.Message),
            e => Assert.Contains("before '/', found 'q'", e.Message),
            e => Assert.Contains("\"agentId/goalId\"", e.Message));
    }

    [Fact]
    public void Crowd_copies_are_addressable_as_id_hash_k()
    {
        var s = ScenarioLoader.Parse("""{ "agents": [ { "id": "c", "count": 3 } ], "events": [ { "tick": 0, "elicit": { "agent": "c#2", "emotion": "joy", "intensity": 1 } } ] }"""u8, "s.json");
        Assert.Single(s.Events);
        var ex = Fails("""{ "agents": [ { "id": "c", "count": 3 } ], "events": [ { "tick": 0, "elicit": { "agent": "c#3", "emotion": "joy", "intensity": 1 } } ] }""");
        Assert.Contains("'c#3'", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Wrong_kinds_in_arrays_do_not_hide_other_problems()
    {
        var ex = Fails("""{ "agents": [ 5, { "id": "" } ], "plugins": [ 1 ] }""");
        Assert.Contains(ex.Errors, e => e.Path == "$.agents[0]" && e.Message == "expected an object (agent), found 5");
        Assert.Contains(ex.Errors, e => e.Path == "$.plugins[0]" && e.Message == "expected a string, found 5".Replace("5", "1", StringComparison.Ordinal));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AffectEngine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AffectEngine.sln not found");
    }
}
