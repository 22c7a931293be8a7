using System;
using System.CommandLine;
using AffectEngine.Cli.Commands;

namespace AffectEngine.Cli;

internal static class Program
{
    /// <summary>Exit code for a user's mistake (bad flags, missing or invalid files).</summary>
    internal const int UsageError = 2;

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

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"affect: {error.Message}");
            }

            Console.Error.WriteLine("Run 'affect --help' for usage.");
            return UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UserException ex)
        {
            Console.Error.WriteLine($"affect: {ex.Message}");
            return ex.ExitCode;
        }
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
