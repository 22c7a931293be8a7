using System.IO;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Commands;

/// <summary>Loads scenario files for commands, turning every problem into a one-line user error.</summary>
internal static class ScenarioFiles
{
    public static Scenario Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UserException($"{path}: is a directory, expected a scenario file");
        }

        try
        {
            return ScenarioLoader.Load(path);
        }
        catch (ScenarioException ex)
        {
            throw new UserException(ex.Errors.Count == 0 ? ex.Message : string.Join(System.Environment.NewLine + "affect: ", ex.Errors));
        }
    }
}
