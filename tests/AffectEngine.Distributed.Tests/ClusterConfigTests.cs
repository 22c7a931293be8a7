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
    [InlineData("{ \"gateways\": [\"10.0.0.5\"] }", "c.json: $.gateways[0]", "expected a port or \"host:port\" (IPv6 in brackets), found \"10.0.0.5\"")]
    [InlineData("{ \"gateways\": [\"fd00::5:30000\"] }", "c.json: $.gateways[0]", "IPv6 in brackets")]
    [InlineData("{ \"gateways\": [\"10.0.0.5:0\"] }", "c.json: $.gateways[0]", "expected a port in 1..65535, found 0")]
    [InlineData("{ \"gateways\": [\"bad host:30000\"] }", "c.json: $.gateways[0]", "expected an IP address or a DNS name before the port, found \"bad host\"")]
    [InlineData("{ \"gateways\": [true] }", "c.json:1:", "$.gateways[0]: expected an array of ports or \"host:port\" strings")]
    [InlineData("{ \"primary\": \"10.0.0.5\" }", "c.json: $.primary", "expected a port or \"host:port\"")]
    [InlineData("{ \"redis\": \"127.0.0.1:6379\", \"gateways\": [] }", "c.json: $.silos", "nothing to count")]
    [InlineData("{ \"redis\": \"password=x\", \"silos\": 2 }", "c.json: $.redis", "naming at least one \"host:port\"")]
    [InlineData("{ \"redis\": \"127.0.0.1:6379\", \"primary\": \"10.0.0.5:11111\", \"silos\": 2 }", "c.json: $.primary", "not used when the membership table is in Redis")]
    public void Mistakes_name_the_file_the_place_and_what_was_expected(string json, string where, string what)
    {
        var e = Assert.Throws<ArgumentException>(() => Parse(json));
        Assert.StartsWith(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once_each_naming_the_file_and_field()
    {
        var e = Assert.Throws<ArgumentException>(() => Parse("{ \"primaryPort\": 0, \"gateways\": [31000, 70000], \"shards\": 0 }"));
        Assert.Equal(
            [
                "c.json: $.primaryPort: expected a port in 1..65535, found 0.",
                "c.json: $.gateways[1]: expected a port in 1..65535, found 70000.",
                "c.json: $.shards: expected 1..1024, found 0.",
            ],
            e.Message.Split('\n'));
    }

    [Fact]
    public void Silos_on_other_machines_are_named_by_host_and_port()
    {
        var c = Parse("{ \"primary\": \"10.0.0.5:11111\", \"gateways\": [\"10.0.0.5:30000\", \"[fd00::6]:30001\", 30002, \"localhost:30003\"] }");
        Assert.Equal(4, c.ExpectedSilos);
        Assert.Equal("10.0.0.5:11111", c.PrimaryEndpoint.ToString());
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("10.0.0.5"), 30000), c.GatewayEndpoints[0].Resolve());
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("fd00::6"), 30001), c.GatewayEndpoints[1].Resolve());
        Assert.Equal("[fd00::6]:30001", c.GatewayEndpoints[1].ToString());
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 30002), c.GatewayEndpoints[2].Resolve()); // a bare port stays on this machine
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, c.GatewayEndpoints[3].Resolve().AddressFamily); // a name: IPv4 first
        Assert.Equal("primary silo 10.0.0.5:11111", c.MembershipText);

        // Without "primary", the primary is primaryPort on this machine, as before.
        Assert.Equal("127.0.0.1:12000", Parse("{ \"primaryPort\": 12000 }").PrimaryEndpoint.ToString());
    }

    [Fact]
    public void With_redis_the_client_needs_no_gateways_and_messages_hide_the_password()
    {
        var c = Parse("{ \"redis\": \"10.0.0.9:6379,password=secret,ssl=true\", \"silos\": 3 }");
        Assert.Empty(c.GatewayEndpoints);
        Assert.Equal(3, c.ExpectedSilos);
        Assert.Equal("redis 10.0.0.9:6379", c.MembershipText);
        Assert.False(ClusterHosting.IsPrimary(c, System.Net.IPAddress.Loopback, 11111)); // no silo is the primary
        Assert.True(ClusterHosting.IsPrimary(Parse("{ \"primaryPort\": 11111 }"), System.Net.IPAddress.Loopback, 11111));
        Assert.False(ClusterHosting.IsPrimary(Parse("{ \"primaryPort\": 11111 }"), System.Net.IPAddress.Loopback, 11112));
    }
}
