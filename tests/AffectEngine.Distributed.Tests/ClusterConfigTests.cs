using System;
using System.Text;
using AffectEngine.Distributed.Orleans;

namespace AffectEngine.Distributed.Tests;

public sealed class ClusterConfigTests
{
    private static ClusterConfig Parse(string json) => ClusterConfig.Parse(Encoding.UTF8.GetBytes(json), "c.json");

    [Fact]
    public void Defaults_and_comments_and_trailing_commas_are_accepted()
    {
        var c = Parse("// two silos\n{ \"primaryPort\": 12000, \"gateways\": [31000, 31001], }");
        Assert.Equal(2, c.ExpectedSilos);
        Assert.Equal(2, c.ShardCount);
        Assert.Equal("affect", c.ClusterId);
        Assert.Equal(4, Parse("{ \"gateways\": [31000, 31001], \"shards\": 4 }").ShardCount);
        Assert.Equal(100, c.CheckpointEveryTicks); // a lost shard is survived by default
        Assert.Equal(3, c.Recoveries);
    }

    [Theory]
    [InlineData("{ \"primaryPort\": \"x\" }", "c.json:1:", "$.primaryPort: expected an integer")]
    [InlineData("{\n  \"gateway\": [1] }", "c.json:2:", "unknown field")]
    [InlineData("{ \"gateways\": [31000, 70000] }", "c.json: $.gateways[1]", "expected a port in 1..65535, found 70000")]
    [InlineData("{ \"gateways\": [] }", "c.json: $.gateways", "at least one")]
    [InlineData("{ \"shards\": 0 }", "c.json: $.shards", "expected 1..1024, found 0")]
    [InlineData("{ \"responseTimeoutSeconds\": 0 }", "c.json: $.responseTimeoutSeconds", "expected 1..86400")]
    [InlineData("{ \"checkpointEveryTicks\": -1 }", "c.json: $.checkpointEveryTicks", "expected 0..1000000000 (0: no checkpoints), found -1")]
    [InlineData("{ \"recoveries\": 5000 }", "c.json: $.recoveries", "expected 0..1000, found 5000")]
    [InlineData("{ \"probeTimeoutSeconds\": 0.1 }", "c.json: $.probeTimeoutSeconds", "expected 0.5..3600")]
    [InlineData("{ \"recoveryTimeoutSeconds\": \"soon\" }", "c.json:1:", "$.recoveryTimeoutSeconds: expected a number of seconds")]
    [InlineData("[1]", "c.json:1:", "expected a JSON object")]
    public void Mistakes_name_the_file_the_place_and_what_was_expected(string json, string where, string what)
    {
        var e = Assert.Throws<ArgumentException>(() => Parse(json));
        Assert.StartsWith(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }
}
