using System;
using System.Diagnostics;
using System.IO;

namespace AffectEngine.Training.Tests;

/// <summary>Runs the real `affect` executable built next to the tests.</summary>
internal static class Cli
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Sim(string name) => Path.Combine(RepoRoot, "sims", "empathy-training", name);

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var exe = Path.Combine(RepoRoot, "tools", "AffectEngine.Cli", "bin", config, "net10.0", "affect.dll");
        Assert.True(File.Exists(exe), $"affect.dll not built at {exe}");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        psi.ArgumentList.Add(exe);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardInput.Close(); // stdin is not a terminal, as on CI
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(180_000))
        {
            p.Kill(true);
            throw new TimeoutException("affect did not finish in 180 s: " + string.Join(' ', args));
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AffectEngine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AffectEngine.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary directory deleted after the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("affect-train-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
        }
    }
}
