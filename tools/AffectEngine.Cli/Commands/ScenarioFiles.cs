using System.IO;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Commands;

/// <summary>Loads scenario files for commands, turning every problem into a one-line user error.</summary>
internal static class ScenarioFiles
{
    public static Scenario Load(string path) => LoadWithBytes(path).Scenario;

    /// <summary>The folder a scenario's relative paths (perception files) are resolved against.</summary>
    public static string DirectoryOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

    /// <summary>The parsed scenario and the file's exact bytes (records embed and hash the bytes).</summary>
    public static (Scenario Scenario, byte[] Bytes) LoadWithBytes(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UserException($"{path}: is a directory, expected a scenario file");
        }

        try
        {
            var bytes = ScenarioLoader.ReadFile(path);
            Output.InputFiles.Note(path, "the scenario");
            var scenario = ScenarioLoader.Parse(bytes, path);
            for (var i = 0; i < scenario.EventGenerators.Count; i++)
            {
                if (scenario.EventGenerators[i] is { Kind: "file", File: not null } g)
                {
                    Output.InputFiles.Note(EventFileReader.Resolve(g, DirectoryOf(path)), $"the event file of $.eventGenerators[{i}]");
                }
            }

            return (scenario, bytes);
        }
        catch (ScenarioException ex)
        {
            throw new UserException(ex.Errors.Count == 0 ? ex.Message : string.Join(System.Environment.NewLine + "affect: ", ex.Errors));
        }
    }

    /// <summary>
    /// Parses a scenario changed by flags (<c>sweep --set</c>): the problems are named by the flag and the
    /// JSON path, since line:column would point into the rewritten text, not the user's file. Files the
    /// scenario names (participants CSVs) are read relative to <paramref name="baseDirectory"/>, the original file's folder.
    /// </summary>
    public static Scenario ParseChanged(byte[] bytes, string flags, string baseDirectory)
    {
        try
        {
            return ScenarioLoader.Parse(bytes, flags, baseDirectory);
        }
        catch (ScenarioException ex) when (ex.Errors.Count > 0)
        {
            var lines = new System.Collections.Generic.List<string>();
            foreach (var e in ex.Errors)
            {
                lines.Add($"{flags}: {e.Path}: {e.Message}");
            }

            throw new UserException(string.Join(System.Environment.NewLine + "affect: ", lines));
        }
        catch (ScenarioException ex)
        {
            throw new UserException($"{flags}: {ex.Message}");
        }
    }

    /// <summary>Parses scenario bytes that came from elsewhere (a record).</summary>
    public static Scenario Parse(byte[] bytes, string name)
    {
        try
        {
            return ScenarioLoader.Parse(bytes, name);
        }
        catch (ScenarioException ex)
        {
            throw new UserException(ex.Errors.Count == 0 ? ex.Message : string.Join(System.Environment.NewLine + "affect: ", ex.Errors));
        }
    }
}
