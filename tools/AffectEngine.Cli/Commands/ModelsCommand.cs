using System;
using System.CommandLine;
using AffectEngine.Affect;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect models [--json]</c>: every model constant in use, with its citation.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object (kebab-case emotion names)." };
        var command = new Command("models", "Print every model constant in use (OCC->PAD, decay, personality coefficients, thresholds) with its citation.")
        {
            json,
        };
        command.SetAction(parse =>
        {
            var models = EngineSetup.AppraisalModels();
            if (parse.GetValue(json))
            {
                using var stdout = Console.OpenStandardOutput();
                ModelCatalog.WriteJson(stdout, models);
                stdout.Flush();
                Console.Out.WriteLine();
            }
            else
            {
                ModelCatalog.WriteText(Console.Out, models);
            }

            return 0;
        });
        return command;
    }
}
