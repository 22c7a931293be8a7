using System;
using System.Diagnostics;
using System.IO;

namespace AffectEngine.Cli.Tests;

/// <summary>Runs the real `affect` executable built next to the tests.</summary>
internal static class AffectCli
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Executable
    {
        get
        {
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(RepoRoot, "tools", "AffectEngine.Cli", "bin", config, "net10.0", "affect.dll");
            Assert.True(File.Exists(path), $"affect.dll not built at {path}");
            return path;
        }
    }

    public static string Scenario(string name) => Path.Combine(RepoRoot, "scenarios", name);

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => RunWith(new System.Collections.Generic.Dictionary<string, string>(), args);

    /// <summary>Runs affect with extra environment variables (e.g. the runtime's instruction-set switches).</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunWith(System.Collections.Generic.IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAt(RepoRoot, environment, args);

    /// <summary>Runs affect in <paramref name="workingDirectory"/>, so relative paths are named as a user types them.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunIn(string workingDirectory, params string[] args) =>
        RunAt(workingDirectory, new System.Collections.Generic.Dictionary<string, string>(), args);

    private static (int ExitCode, string Stdout, string Stderr) RunAt(string workingDirectory, System.Collections.Generic.IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        psi.ArgumentList.Add(Executable);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        p.StandardInput.Close(); // stdin is not a terminal, as on CI (interactive commands must refuse, not wait)
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
