using System;
using System.CommandLine;
using System.IO;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect validate &lt;file&gt;</c>: every problem as <c>file:line:column: $.path: expected ..., found ...</c>; exit 2 when there is any.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("scenario") { Description = "The scenario file (JSON)." };
        var command = new Command("validate", "Check a scenario file and list every problem with its line, column and JSON path.") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!));
        return command;
    }

    private static int Run(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UserException($"{path}: is a directory, expected a scenario file");
        }

        try
        {
            var scenario = ScenarioLoader.Load(path);
            Console.Out.WriteLine($"{path}: ok ({scenario.Agents.Count} agent specs, {scenario.Events.Count} events, {scenario.Run.Ticks} ticks)");
            return 0;
        }
        catch (ScenarioException ex)
        {
            if (ex.Errors.Count == 0)
            {
                throw new UserException(ex.Message);
            }

            foreach (var e in ex.Errors)
            {
                Console.Error.WriteLine(e.ToString());
            }

            Console.Error.WriteLine($"{path}: {ex.Errors.Count} problem{(ex.Errors.Count == 1 ? "" : "s")}");
            return Program.UsageError;
        }
    }
}
