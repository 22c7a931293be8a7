using System.IO;

namespace AffectEngine.Training.Tests;

/// <summary>The CLI tests' runner of the real `affect` executable (linked in), plus the training sim's folder.</summary>
internal static class Cli
{
    public static string RepoRoot => AffectCli.RepoRoot;

    public static string Sim(string name) => Path.Combine(RepoRoot, "sims", "empathy-training", name);

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => AffectCli.Run(args);
}
