using System;
using System.IO;

namespace AffectEngine.Cli.Output;

/// <summary>
/// An output file written under a temporary name in the same directory and renamed over the final
/// name only when complete, so a failure (or a kill) never leaves a half-written file under the
/// final name. Disposing without <see cref="Commit"/> deletes the temporary file.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _temp;
    private bool _committed;

    private AtomicFile(string path, string temp, FileStream stream)
    {
        Path = path;
        _temp = temp;
        Stream = stream;
    }

    public string Path { get; }

    public FileStream Stream { get; }

    public static AtomicFile Create(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir))
        {
            throw new UserException($"{path}: the directory {dir} does not exist");
        }

        if (Directory.Exists(full))
        {
            throw new UserException($"{path}: is a directory, expected a file name");
        }

        var temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            return new AtomicFile(full, temp, new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{path}: cannot write: {ex.Message}");
        }
    }

    /// <summary>Flushes to disk and renames the temporary file over the final name.</summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        try
        {
            File.Move(_temp, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{Path}: cannot write: {ex.Message}");
        }

        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed)
        {
            try
            {
                File.Delete(_temp);
            }
            catch (IOException)
            {
                // Best effort: the temporary name never shadows the final one.
            }
        }
    }
}
