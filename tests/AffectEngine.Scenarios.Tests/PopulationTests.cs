using System;
using System.IO;
using System.Linq;
using System.Text;

namespace AffectEngine.Scenarios.Tests;

/// <summary>Issue 20 §1: crowd copies from a participants CSV, relation templates toward groups, copies in several groups.</summary>
public sealed class PopulationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("affect-population-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private Scenario Load(string json) => ScenarioLoader.Load(Write("s.json", json));

    private ScenarioException Fails(string json) => Assert.Throws<ScenarioException>(() => Load(json));

    [Fact]
    public void Participants_csv_with_quotes_crlf_aliases_and_extra_columns_gives_one_copy_per_row()
    {
        // A questionnaire export: CRLF, a quoted id with a comma, a quoted line break, a 1–5 scale, aliases.
        Write("participants.csv",
            "\"participant id\",O,Conscientiousness,E,a,NEUROTICISM,group,age\r\n"
            + "\"P1, pilot\",5,1,3,4,2,guards,31\r\n"
            + "P2,1,5,3,3,\"4\",\"guards;night\",\"45\"\r\n"
            + "\"P3\nsecond line\",3,3,3,3,3,,22\r\n");
        var s = Load("""
            { "agents": [ { "id": "p", "traits": { "from": "participants.csv", "scale": { "min": 1, "max": 5 } } } ] }
            """);
        var spec = s.Agents[0];
        Assert.Equal(3, spec.Count);
        var rows = spec.Traits!.Rows!;
        Assert.Equal(1f, rows[0].O);
        Assert.Equal(-1f, rows[0].C);
        Assert.Equal(0f, rows[0].E);
        Assert.Equal(0.5f, rows[0].A);
        Assert.Equal(-0.5f, rows[0].N);
        Assert.Equal(0.5f, rows[1].N);
        Assert.Equal(new[] { "guards", "night" }, rows[1].Groups);
        Assert.Null(rows[2].Groups);
        Assert.Equal(0f, rows[2].O);
        Assert.True(spec.InGroup("guards", 0));
        Assert.True(spec.InGroup("night", 1));
        Assert.False(spec.InGroup("night", 0));
        Assert.False(spec.InGroup("guards", 2));
        Assert.Equal(2, spec.CountInGroup("guards"));
    }

    [Fact]
    public void A_bad_cell_is_reported_at_its_csv_line_and_column_with_the_scenario_field()
    {
        Write("people.csv", "o,c,e,a,n\r\n0.1,0.2,0.3,0.4,0.5\r\n0.1,\"0.2\",abc,0.4,1.5\r\n");
        var ex = Fails("""
            {
              "agents": [
                { "id": "x" },
                { "id": "p", "traits": { "from": "people.csv" } }
              ]
            }
            """);
        var lines = ex.Errors.Select(e => e.ToString()).ToArray();
        Assert.Equal(2, lines.Length);
        var csv = Path.Combine(_dir, "people.csv");
        Assert.Equal($"{csv}:3:11: $.agents[1].traits.from: extraversion: expected a number in [-1, 1] (or give \"scale\"), found 'abc'", lines[0]);
        Assert.Equal($"{csv}:3:19: $.agents[1].traits.from: neuroticism: expected a number in [-1, 1] (or give \"scale\"), found '1.5'", lines[1]);
    }

    [Fact]
    public void Csv_structure_problems_name_their_place()
    {
        Write("short.csv", "O,C\n0.1\n");
        Write("open.csv", "O,C\n0.1,\"0.2\n");
        Write("names.csv", "id,age\n1,2\n");
        Write("empty.csv", "O,C\n");
        var ex = Fails("""
            {
              "agents": [
                { "id": "a", "traits": { "from": "short.csv" } },
                { "id": "b", "traits": { "from": "open.csv" } },
                { "id": "c", "traits": { "from": "names.csv" } },
                { "id": "d", "traits": { "from": "empty.csv" } },
                { "id": "e", "traits": { "from": "missing.csv" } }
              ]
            }
            """);
        var lines = ex.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains(lines, l => l == $"{Path.Combine(_dir, "short.csv")}:2:1: $.agents[0].traits.from: expected 2 fields as in the header, found 1");
        Assert.Contains(lines, l => l.StartsWith($"{Path.Combine(_dir, "open.csv")}:2:5: $.agents[1].traits.from: expected a closing quote", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{Path.Combine(_dir, "names.csv")}:1:1: $.agents[2].traits.from: expected a header naming at least one trait column", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{Path.Combine(_dir, "empty.csv")}:2:1: $.agents[3].traits.from: expected at least one participant row", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{Path.Combine(_dir, "s.json")}:7:38: $.agents[4].traits.from: expected a participants CSV file", StringComparison.Ordinal));
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public void Count_larger_than_the_rows_is_an_error_and_a_smaller_one_takes_the_first_rows()
    {
        Write("two.csv", "O\n0.5\n-0.5\n");
        var ex = Fails("""
            { "agents": [ { "id": "p", "count": 3, "traits": { "from": "two.csv" } } ] }
            """);
        var e = Assert.Single(ex.Errors);
        Assert.Equal("$.agents[0].count", e.Path);
        Assert.Equal("expected at most one copy per participant row (2 rows), found count 3", e.Message);
        Assert.Equal(1, e.Line);
        Assert.Equal(37, e.Column);

        // count 1 (the default) and an explicit smaller count.
        Write("three.csv", "O\n0.5\n-0.5\n0\n");
        var s = Load("""{ "agents": [ { "id": "p", "count": 2, "traits": { "from": "three.csv" } } ] }""");
        Assert.Equal(2, s.Agents[0].Count);
    }

    [Fact]
    public void Rows_are_carried_inline_so_a_scenario_passed_on_as_json_needs_no_file()
    {
        Write("p.csv", "O,group\n0.25,red\n-0.25,blue\n");
        var s = Load("""
            {
              "agents": [
                { "id": "p", "traits": { "from": "p.csv", "e": { "dist": "fixed", "value": 0.7 } } },
                { "id": "q", "relations": { "@red": { "liking": 0.4 } } }
              ]
            }
            """);
        var json = ScenarioLoader.ToJson(s);
        File.Delete(Path.Combine(_dir, "p.csv"));
        var again = ScenarioLoader.Parse(json, "elsewhere/passed-on.json");
        Assert.Equal(2, again.Agents[0].Count);
        Assert.Equal(-0.25f, again.Agents[0].Traits!.Rows![1].O);
        Assert.Equal("fixed", again.Agents[0].Traits!.E!.Dist);
        Assert.True(again.Agents[0].InGroup("red", 0));
    }

    [Fact]
    public void Relation_templates_toward_groups_and_copies_in_several_groups_are_checked()
    {
        var s = Load("""
            {
              "agents": [
                { "id": "guard", "count": 3, "group": "guards", "groups": ["staff"] },
                { "id": "cook", "groups": ["staff", "kitchen"] },
                { "id": "thief", "relations": { "@guards": { "liking": -0.3 }, "@staff": { "liking": -0.1 }, "cook": { "liking": 0.5 } } }
              ]
            }
            """);
        Assert.Equal(-0.3f, s.Agents[2].Relations["@guards"].Liking);
        Assert.True(s.Agents[1].InGroup("kitchen", 0));
        Assert.Equal(3, s.Agents[0].CountInGroup("staff"));

        var ex = Fails("""
            {
              "agents": [
                { "id": "guard", "count": 3, "group": "guards", "groups": ["staff", "staff", ""] },
                { "id": "thief", "relations": { "@gaurds": { "liking": -0.3 } } }
              ]
            }
            """);
        var lines = ex.Errors.Select(e => e.ToString()).ToArray();
        var file = Path.Combine(_dir, "s.json");
        Assert.Contains($"{file}:3:73: $.agents[0].groups[1]: expected each group once, found 'staff' again", lines);
        Assert.Contains($"{file}:3:82: $.agents[0].groups[2]: expected a group name (not empty, not starting with '@'), found ''", lines);
        Assert.Contains($"{file}:4:48: $.agents[1].relations['@gaurds']: expected \"@\" and a group some agent belongs to (@guards, @staff), found '@gaurds'", lines);
    }
}
