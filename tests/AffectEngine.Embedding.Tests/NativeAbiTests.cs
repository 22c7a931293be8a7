using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace AffectEngine.Embedding.Tests;

/// <summary>A fact skipped, with the reason, only where NativeAOT's or the C example's prerequisites are missing.</summary>
public sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Skip = "The C ABI test publishes for linux-x64 and runs on Linux x64 only.";
        }
        else if (Repo.Which("clang") is null)
        {
            Skip = "NativeAOT links with clang on Linux and clang is not installed (apt-get install clang; run-tests.sh installs it from .ci/apt-packages.txt when run as root).";
        }
        else if (Repo.Which("gcc") is null)
        {
            Skip = "The C example is compiled with gcc, which is not installed (apt-get install gcc).";
        }
    }
}

public sealed class NativeAbiTests
{
    [NativeAotFact]
    public void C_example_built_with_gcc_drives_the_NativeAOT_library_and_round_trips_a_snapshot()
    {
        var project = Repo.Path2("tools", "AffectEngine.Native", "AffectEngine.Native.csproj");
        var output = Repo.Path2("tools", "AffectEngine.Native", "bin", "native-test");
        var clock = Stopwatch.StartNew();
        var (publishExit, publishOutput) = Repo.Run("dotnet", Repo.Root, TimeSpan.FromMinutes(30),
            "publish", project, "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-v", "q");
        Assert.True(publishExit == 0, "dotnet publish (NativeAOT) failed:\n" + publishOutput);
        var library = Path.Combine(output, "libaffectengine.so");
        Assert.True(File.Exists(library), $"no {library} after publish:\n{publishOutput}");
        var publishSeconds = clock.Elapsed.TotalSeconds;

        var cDir = Repo.Path2("tools", "AffectEngine.Native", "c");
        var exe = Path.Combine(output, "affect-example");
        var (gccExit, gccOutput) = Repo.Run("gcc", cDir, TimeSpan.FromMinutes(2),
            "-std=c11", "-Wall", "-Wextra", "-Werror", "example.c", "-I", cDir, "-L", output, "-laffectengine", "-Wl,-rpath," + output, "-o", exe);
        Assert.True(gccExit == 0, "gcc failed:\n" + gccOutput);

        var (exit, run) = Repo.Run(exe, output, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, $"example exited {exit}:\n{run}");
        Assert.Contains("frame 11 guard mood", run);
        Assert.Contains("bad emotion -> status 1: emotion must be in [0, 24); got 99", run);
        Assert.Contains("scenario: ada joy 0.", run);
        Assert.Matches("generated: bo fear 0\\.[0-9]{3}", run); // a scenario's event generators fire through the C ABI too
        Assert.Matches("bad scenario -> status 4: scenario:1:[0-9]+: \\$\\.name: expected a string", run);
        Assert.Contains("guard: anger rose to", run);
        Assert.Contains("guard shoves the player", run);
        Assert.Matches("tick [0-9]+ player: (distress|reproach|anger) rose to", run);
        Assert.True(run.IndexOf("guard: anger rose", StringComparison.Ordinal) < run.IndexOf("player:", StringComparison.Ordinal), run);
        Assert.Matches("bulk: guard P=[-+]0\\.[0-9]{3} anger 0\\.[0-9]{3}", run);
        Assert.Contains("removed player -> status 2", run);

        // ae_event_ex: controllability chooses the coping (1 = problem-focused, 5 = distancing), no flags = ae_event,
        // and a bad value or an unknown struct size is refused with a message.
        Assert.Matches("coping: controllability 0\\.9 -> 1, 0\\.1 -> 5, none -> [0-9]", run);
        Assert.Contains("ae_event_ex without controllability hashes as ae_event", run);
        Assert.Contains("controllability 1.5 -> status 1: desc.effects[0].controllability must be in [0, 1]; got 1.5", run);
        Assert.Contains("unknown size -> status 1: desc.size must be sizeof(ae_event_desc_ex) = 80 for this library; got 88", run);
        Assert.Matches("on-read save into a per-tick world -> status [1-9][0-9]*: .*this world has [0-9]+: .*action units, per tick or on read", run);
        Assert.Contains("MATCH", run);
        Assert.DoesNotContain("MISMATCH", run);
        Assert.True(publishSeconds < 1800, $"publish took {publishSeconds:0} s");
    }
}
