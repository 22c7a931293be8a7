using System.Collections.Generic;
using System.IO;

namespace AffectEngine.Cli.Tests;

/// <summary>
/// Lockstep across machines: the passes have 512-bit, 256-bit and scalar paths, and a game's peers or a
/// researcher's cluster may run on CPUs with different instruction sets. The runtime's switches turn the
/// wider paths off in a child process; every run must end in the same digest and state hash.
/// </summary>
public sealed class InstructionSetTests
{
    public static TheoryData<string> Scenarios => new()
    {
        "scenarios/quickstart.json",
        "sims/crowd-contagion/panic.json",  // spatial contagion, flight, behaviour
        "sims/tavern-brawl/brawl.json",     // actions, coping, witnesses
        "sims/tavern/tavern.json",          // memory, relations
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_instruction_set_gives_the_same_hashes(string scenario)
    {
        var path = Path.Combine(AffectCli.RepoRoot, scenario);
        var (code, expected, err) = AffectCli.Run("run", path, "--quiet");
        Assert.True(code == 0, err);
        Assert.Contains("state-hash: ", expected);
        foreach (var off in new[] { "DOTNET_EnableAVX512", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic" })
        {
            var (c, output, e) = AffectCli.RunWith(new Dictionary<string, string> { [off] = "0" }, "run", path, "--quiet");
            Assert.True(c == 0, e);
            Assert.True(expected == output, $"{scenario} with {off}=0:\n{output}\nexpected:\n{expected}");
        }
    }
}
