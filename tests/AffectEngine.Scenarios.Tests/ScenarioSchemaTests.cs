using System.IO;
using System.Text.Json;

namespace AffectEngine.Scenarios.Tests;

public sealed class ScenarioSchemaTests
{
    [Fact]
    public void Published_schema_file_is_up_to_date_with_the_model()
    {
        var path = Path.Combine(ScenarioLoaderTests.Root, "scenarios", "schema", ScenarioSchema.FileName);
        var generated = ScenarioSchema.Generate();
        Assert.True(File.Exists(path), $"{path} is missing: run 'affect schema --out scenarios/schema/{ScenarioSchema.FileName}'");
        Assert.True(generated == File.ReadAllText(path).Replace("\r\n", "\n"), $"{path} is stale: run 'affect schema --out scenarios/schema/{ScenarioSchema.FileName}'");
    }

    [Fact]
    public void Schema_has_descriptions_bounds_and_closed_objects()
    {
        using var doc = JsonDocument.Parse(ScenarioSchema.Generate());
        var root = doc.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        var agent = root.GetProperty("properties").GetProperty("agents").GetProperty("items");
        Assert.False(agent.GetProperty("additionalProperties").GetBoolean());
        var e = agent.GetProperty("properties").GetProperty("personality").GetProperty("properties").GetProperty("e");
        Assert.Equal("Extraversion.", e.GetProperty("description").GetString());
        Assert.Equal(-1, e.GetProperty("minimum").GetDouble());
        Assert.Equal(1, e.GetProperty("maximum").GetDouble());
        var appraisal = root.GetProperty("properties").GetProperty("run").GetProperty("properties").GetProperty("appraisal");
        Assert.Equal(2, appraisal.GetProperty("enum").GetArrayLength());
        var goal = root.GetProperty("properties").GetProperty("events").GetProperty("items").GetProperty("properties").GetProperty("beliefs");
        Assert.Contains("GAMYGDALA", goal.GetProperty("description").GetString());
    }
}
