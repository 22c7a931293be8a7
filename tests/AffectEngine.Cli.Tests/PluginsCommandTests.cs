using System;
using System.IO;

namespace AffectEngine.Cli.Tests;

public sealed class PluginsCommandTests
{
    private static string WeatherFolder
    {
        get
        {
            var config = AffectCli.Executable.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(AffectCli.RepoRoot, "plugins", "AffectEngine.Plugins.Weather", "bin", config, "net10.0");
        }
    }

    [Fact]
    public void Plugins_lists_name_version_api_and_what_each_adds()
    {
        var (code, stdout, stderr) = AffectCli.Run("plugins", "--dir", WeatherFolder);

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("weather 1.0.0 (API 1.1)", stdout);
        Assert.Contains("  fields: weather.felt", stdout);
        Assert.Contains("  systems: weather.mood", stdout);
        Assert.Contains("  inputs: weather.set", stdout);
        Assert.Contains("1 loaded, 0 failed", stdout);
    }

    [Fact]
    public void Plugins_without_a_folder_loads_nothing()
    {
        var (code, stdout, _) = AffectCli.Run("plugins");

        Assert.Equal(0, code);
        Assert.Contains("folders: (none; pass --dir)", stdout);
        Assert.Contains("0 loaded, 0 failed", stdout);
    }

    [Fact]
    public void Plugins_reports_a_broken_file_by_name_and_exits_1()
    {
        var dir = Path.Combine(Path.GetTempPath(), "affect-cli-plugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "Broken.dll"), "not an assembly");
            var (code, stdout, _) = AffectCli.Run("plugins", "--dir", dir);

            Assert.Equal(1, code);
            Assert.Contains("error: plugin 'Broken'", stdout);
            Assert.Contains("not a valid .NET assembly", stdout);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Plugins_with_a_missing_folder_is_one_line_and_exit_code_2()
    {
        var (code, _, stderr) = AffectCli.Run("plugins", "--dir", "/nonexistent/plugins");

        Assert.Equal(2, code);
        Assert.Equal("affect: --dir: no folder '/nonexistent/plugins'", stderr.Trim());
    }
}
