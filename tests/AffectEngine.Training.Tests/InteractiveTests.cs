using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace AffectEngine.Training.Tests;

/// <summary>The interactive session on a real pseudo-terminal (util-linux `script` gives the command a tty).</summary>
public sealed class InteractiveTests
{
    [Fact]
    public async Task On_a_terminal_the_trainee_picks_moves_from_the_menu_and_can_end_the_session()
    {
        Assert.True(File.Exists("/usr/bin/script"), "util-linux 'script' is needed to give the command a terminal");
        using var dir = new TempDir();
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var exe = Path.Combine(Cli.RepoRoot, "tools", "AffectEngine.Cli", "bin", config, "net10.0", "affect.dll");
        var command = $"dotnet '{exe}' train '{Cli.Sim("patient.json")}' --report '{dir.File("out")}'";
        var psi = new ProcessStartInfo("/usr/bin/script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Cli.RepoRoot,
        };
        psi.ArgumentList.Add("-qec");
        psi.ArgumentList.Add(command);
        psi.ArgumentList.Add("/dev/null");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();

        // At 8 s acknowledge, at 16 s say nothing, at 24 s a wrong key then reassure, at 32 s end.
        p.StandardInput.Write("1\n\n9\n3\nq\n");
        p.StandardInput.Flush();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException("interactive train did not finish");
        }

        var output = await stdout;
        Assert.True(p.ExitCode == 0, output + await stderr);
        Assert.Contains("1) Acknowledge", output);
        Assert.Contains("pick 1..6, 0 or q", output);
        Assert.Contains("session   320 ticks", output);

        var s = SessionRecord.Replay(Path.Combine(dir.File("out"), "session.aerec"));
        Assert.Equal(320, s.Distress.Count);
        Assert.Equal([(80L, "acknowledge"), (240L, "reassure")], s.Moves);
        Assert.True(File.Exists(Path.Combine(dir.File("out"), "report.html")));
    }
}
