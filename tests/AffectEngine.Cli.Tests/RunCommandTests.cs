using System.IO;
using System.Text.RegularExpressions;

namespace AffectEngine.Cli.Tests;

public sealed class RunCommandTests
{
    private static readonly Regex HashLine = new("^state-hash: ([0-9a-f]{16})$", RegexOptions.Multiline);

    private static string HashOf(string stdout)
    {
        var m = HashLine.Match(stdout.Replace("\r", ""));
        Assert.True(m.Success, "no state-hash line in: " + stdout);
        return m.Groups[1].Value;
    }

    [Fact]
    public void Run_of_bundled_scenario_prints_summary_and_final_hash()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"));
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("agents    4", stdout);
        var lines = stdout.TrimEnd().Split('\n');
        Assert.Matches("^state-hash: [0-9a-f]{16}$", lines[^1].TrimEnd('\r'));
    }

    [Fact]
    public void Run_is_reproducible_and_thread_count_does_not_change_the_hash()
    {
        var a = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--quiet").Stdout;
        var b = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--quiet", "--threads", "2").Stdout;
        var c = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--quiet", "--seed", "7").Stdout;
        Assert.Equal(HashOf(a), HashOf(b));
        Assert.Equal(a, b);

        // Another seed draws other background impulses: the trajectory (run digest) differs, although the
        // final states may coincide once every drawn emotion has decayed (state-hash is the final state only).
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Profile_lists_every_system_in_pipeline_order_and_leaves_the_hash_alone()
    {
        var crowd = Path.Combine(AffectCli.RepoRoot, "sims", "crowd-contagion", "crowd.json");
        var plain = AffectCli.Run("run", crowd, "--ticks", "30");
        var (code, stdout, stderr) = AffectCli.Run("run", crowd, "--ticks", "30", "--profile");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(HashOf(plain.Stdout), HashOf(stdout));
        Assert.Contains("profile over 30 ticks", stdout);
        var dynamics = stdout.IndexOf("affect.dynamics", System.StringComparison.Ordinal);
        var contagion = stdout.IndexOf("social.contagion ", System.StringComparison.Ordinal);
        var express = stdout.IndexOf("affect.express", System.StringComparison.Ordinal);
        Assert.True(dynamics > 0 && contagion > dynamics && express > contagion, stdout);
        Assert.Matches(@"all systems\s+\d+\.\d{3} ms", stdout);
    }

    [Fact]
    public void Missing_file_is_one_line_and_exit_code_2()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", "no/such/scenario.json");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains("no/such/scenario.json", line);
        Assert.Contains("not found", line);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Unreadable_file_is_a_clear_error_with_exit_code_2()
    {
        var dir = Directory.CreateTempSubdirectory("affect-cli-");
        try
        {
            var (code, _, stderr) = AffectCli.Run("run", dir.FullName);
            Assert.Equal(2, code);
            Assert.Contains("is a directory", stderr);
            Assert.DoesNotContain("   at ", stderr);

            var broken = Path.Combine(dir.FullName, "broken.json");
            File.WriteAllText(broken, "{ \"run\": { \"ticks\": \"many\" } }");
            (code, _, stderr) = AffectCli.Run("run", broken);
            Assert.Equal(2, code);
            Assert.Contains("broken.json:1:", stderr);
            Assert.Contains("$.run.ticks", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("--tiks", "3")]
    [InlineData("--threads", "zero")]
    [InlineData("--threads", "0")]
    [InlineData("--ticks", "-5")]
    public void Bad_flags_exit_with_code_2_and_no_stack_trace(string flag, string value)
    {
        var (code, stdout, stderr) = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), flag, value);
        Assert.Equal(2, code);
        Assert.DoesNotContain("state-hash", stdout);
        Assert.StartsWith("affect: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Bench_json_reports_the_documented_fields()
    {
        var (code, stdout, _) = AffectCli.Run("bench", "--agents", "20000", "--ticks", "5", "--json");
        Assert.Equal(0, code);

        // The original fields first and in their order, so consumers that read them by position keep working.
        Assert.Matches("^\\{\"agents\":20000,\"ticks\":5,\"threads\":1,\"agentTicksPerSecond\":[0-9.]+,\"allocatedBytesPerTick\":[0-9.]+,\"bandwidthBoundRatio\":[0-9.]+,\"cpuTimeBoundRatio\":[0-9.]+,\"rounds\":", stdout.Trim());
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("rounds").GetInt32());
        Assert.Equal(5, root.GetProperty("sweeps").GetInt32());

        // One thread: the pass and the sweep run on the calling thread, so its own CPU clock is the right one.
        Assert.Equal("thread", root.GetProperty("cpuClock").GetString());

        // 20,000 agents: the bound's buffer moves exactly the pass's 236 B per agent, so each ratio to the
        // bound is the fastest sweep's time over the fastest tick's.
        AssertRatio(root, "fastestTickBoundRatio", "fastestSweepMs", "fastestTickMs");
        AssertRatio(root, "fastestTickCpuBoundRatio", "fastestSweepCpuMs", "fastestTickCpuMs");
        Assert.True(root.GetProperty("medianTickCpuBoundRatio").GetDouble() > 0);
        Assert.True(root.GetProperty("loadAverageEnd").ValueKind is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public void Bench_with_several_threads_states_ratios_in_process_cpu_time()
    {
        var (code, stdout, _) = AffectCli.Run("bench", "--agents", "20000", "--ticks", "4", "--threads", "2", "--rounds", "2", "--json");
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal("process", doc.RootElement.GetProperty("cpuClock").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("rounds").GetInt32());

        // At least three sweeps: two rounds sweep twice each.
        Assert.Equal(4, doc.RootElement.GetProperty("sweeps").GetInt32());
    }

    [Fact]
    public void Bench_rejects_more_rounds_than_ticks()
    {
        var (code, _, stderr) = AffectCli.Run("bench", "--agents", "1000", "--ticks", "3", "--rounds", "4");
        Assert.Equal(2, code);
        Assert.Contains("--rounds must be between 1 and --ticks (3); got 4", stderr);
    }

    private static void AssertRatio(System.Text.Json.JsonElement root, string ratio, string sweepMs, string tickMs)
    {
        var expected = root.GetProperty(sweepMs).GetDouble() / root.GetProperty(tickMs).GetDouble();
        Assert.InRange(root.GetProperty(ratio).GetDouble(), expected * 0.99, expected * 1.01);
    }

    [Fact]
    public void Bench_diagnose_adds_the_layout_packed_and_cache_resident_rates()
    {
        var (code, stdout, _) = AffectCli.Run("bench", "--agents", "4000", "--ticks", "3", "--json", "--diagnose");
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        foreach (var name in new[] { "layoutStreamAgentTicksPerCpuSecond", "layoutStreamNoPrefetchAgentTicksPerCpuSecond", "packedStreamAgentTicksPerCpuSecond", "cacheResidentPassAgentTicksPerCpuSecond", "passAgentTicksPerCpuSecond", "boundAgentTicksPerCpuSecond" })
        {
            Assert.True(doc.RootElement.GetProperty(name).GetDouble() > 0, name);
        }

        var root = doc.RootElement;
        var ceiling = root.GetProperty("cacheResidentPassAgentTicksPerCpuSecond").GetDouble() / root.GetProperty("boundAgentTicksPerCpuSecond").GetDouble();
        Assert.InRange(root.GetProperty("cacheResidentBoundRatio").GetDouble(), ceiling * 0.99, ceiling * 1.01);

        Assert.Equal(4000, doc.RootElement.GetProperty("agents").GetInt32());
    }
}

public sealed class AppraisalRecordTests
{
    [Fact]
    public void A_run_with_appraisal_events_replays_and_verifies_from_its_record()
    {
        var dir = System.IO.Directory.CreateTempSubdirectory("affect-appraisal-");
        try
        {
            var rec = System.IO.Path.Combine(dir.FullName, "tavern.aerec");
            var run = AffectCli.Run("run", AffectCli.Scenario("tavern.json"), "--ticks", "200", "--record", rec, "--quiet");
            Assert.Equal(0, run.ExitCode);
            var replay = AffectCli.Run("replay", rec, "--verify");
            Assert.Equal(0, replay.ExitCode);
            Assert.Contains(run.Stdout.Trim().Split('\n')[^1].Trim(), replay.Stdout);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Models_json_has_the_published_tables_in_kebab_case()
    {
        var (code, stdout, _) = AffectCli.Run("models", "--json");
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var joy = doc.RootElement.GetProperty("occToPad").GetProperty("joy");
        Assert.Equal(0.40, joy[0].GetDouble(), 3);
        Assert.True(doc.RootElement.GetProperty("occToPad").TryGetProperty("fears-confirmed", out _));
        Assert.Equal(0.59, doc.RootElement.GetProperty("personalityToMood").GetProperty("p").GetProperty("a").GetDouble(), 3);
    }
}
