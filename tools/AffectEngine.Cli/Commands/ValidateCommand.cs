using System;
using System.CommandLine;
using System.IO;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect validate &lt;file&gt;...</c>: every problem of each file as <c>file:line:column: $.path: expected ..., found ...</c>; exit 2 when there is any.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("scenario") { Description = "The scenario files (JSON); several may be given (e.g. scenarios/*.json).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Check scenario files and list every problem with its line, column and JSON path.") { files };
        command.SetAction(parse => RunAll(parse.GetValue(files)!));
        return command;
    }

    /// <summary>"population: N agents, E network edges, ~M MiB (B B per agent)" — or why no estimate could be made.</summary>
    private static string PopulationLine(Scenario scenario)
    {
        try
        {
            var e = Hosting.ScenarioHost.Estimate(scenario, b => b.Services.AddAffectEngine(o => o.AppraisalModels = EngineSetup.AppraisalModels()));
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            return string.Create(inv, $"population: {e.Agents:N0} agents, {e.NetworkEdges:N0} network edges; memory estimate {e.Bytes / 1048576.0:F1} MiB ({e.BytesPerAgent:N0} B per agent + the network)");
        }
        catch (ArgumentException ex)
        {
            return $"population: no memory estimate ({ex.Message})";
        }
    }

    /// <summary>Checks every file (one bad file does not hide the others' problems); 2 when any has a problem.</summary>
    private static int RunAll(string[] paths)
    {
        if (paths.Length == 1)
        {
            return Run(paths[0]);
        }

        var code = 0;
        foreach (var path in paths)
        {
            try
            {
                code = Math.Max(code, Run(path));
            }
            catch (UserException ex)
            {
                Console.Error.WriteLine("affect: " + ex.Message);
                code = Math.Max(code, ex.ExitCode);
            }
        }

        return code;
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
            EventFileReader.CheckFiles(scenario, ScenarioFiles.DirectoryOf(path));
            Console.Out.WriteLine($"{path}: ok ({scenario.Agents.Count} agent specs, {scenario.Events.Count} events, {scenario.Run.Ticks} ticks)");
            Console.Out.WriteLine(PopulationLine(scenario));
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
