using System;
using System.CommandLine;
using AffectEngine.Cli.Commands;
using AffectEngine.Cli.Output;

namespace AffectEngine.Cli;

internal static class Program
{
    /// <summary>Exit code for a user's mistake (bad flags, missing or invalid files).</summary>
    internal const int UsageError = ExitCodes.UsageError;

    private static int Main(string[] args)
    {
        // One command per line, one file per command: add yours on its own line.
        var root = new RootCommand("AffectEngine: deterministic affective simulation.")
        {
            RunCommand.Create(),
            BenchCommand.Create(),
            PluginsCommand.Create(),
            ValidateCommand.Create(),
            SchemaCommand.Create(),
            ReplayCommand.Create(),
            ExportCommand.Create(),
            PlotCommand.Create(),
            SweepCommand.Create(),
            InspectCommand.Create(),
            ModelsCommand.Create(),
            PerceptsCommand.Create(),
            SiloCommand.Create(),
            TrainCommand.Create(),
            PipelineCommand.Create(),
        };

        return CliErrors.Invoke(root, args);
    }
}

/// <summary>A problem the user can fix (bad input); printed as one line without a stack trace.</summary>
internal sealed class UserException : Exception
{
    public UserException(string message, int exitCode = Program.UsageError)
        : base(message) => ExitCode = exitCode;

    public UserException()
        : this("invalid input")
    {
    }

    public UserException(string message, Exception inner)
        : base(message, inner) => ExitCode = Program.UsageError;

    public int ExitCode { get; }
}
