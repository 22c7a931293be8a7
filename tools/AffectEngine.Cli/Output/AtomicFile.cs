using System;
using System.Collections.Generic;
using System.IO;

namespace AffectEngine.Cli.Output;

/// <summary>
/// An output file written under a hidden temporary name in the same folder and renamed over the final
/// name only when complete, so a failure, Ctrl+C or a kill never leaves a half-written file under the
/// final name. Disposing without <see cref="Commit"/> deletes the temporary file. Creating it is also
/// the check that the path is usable, so commands create every output before they start working.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _temp;
    private bool _committed;

    private AtomicFile(string path, string shown, string temp, FileStream stream)
    {
        Path = path;
        Shown = shown;
        _temp = temp;
        Stream = stream;
    }

    /// <summary>The final full path.</summary>
    public string Path { get; }

    /// <summary>How the user named the file (with the flag), for messages.</summary>
    public string Shown { get; }

    public FileStream Stream { get; }

    /// <summary>
    /// Checks <paramref name="path"/> and opens its temporary file. The folder must exist: affect creates
    /// no folders for output files (<c>sweep --out</c> and <c>train --report</c> name a folder, which is created).
    /// </summary>
    public static AtomicFile Create(string path, string? flag = null)
    {
        var shown = OutputPaths.Shown(path, flag);
        var full = OutputPaths.CheckFile(path, flag);
        var dir = System.IO.Path.GetDirectoryName(full) ?? ".";
        var temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            return new AtomicFile(full, shown, temp, new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{shown}: cannot write there ({OutputPaths.Reason(ex)})");
        }
    }

    /// <summary>Flushes to disk and renames the temporary file over the final name.</summary>
    public void Commit()
    {
        try
        {
            Stream.Flush(flushToDisk: true);
            Stream.Dispose();
            File.Move(_temp, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{Shown}: cannot finish writing ({OutputPaths.Reason(ex)}); nothing was written", ExitCodes.WriteFailed);
        }

        _committed = true;
    }

    public void Dispose()
    {
        try
        {
            Stream.Dispose();
        }
        catch (IOException)
        {
            // A full disk fails the last flush too; the temporary file goes below either way.
        }

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

/// <summary>
/// A command's output files, created (checked) together before the work and committed together after
/// it; disposing without <see cref="CommitAll"/> removes every one, so a failure leaves nothing behind.
/// </summary>
internal sealed class OutputSet : IDisposable
{
    private readonly List<AtomicFile> _files = [];

    public AtomicFile Add(string path, string? flag = null)
    {
        foreach (var f in _files)
        {
            if (string.Equals(f.Path, System.IO.Path.GetFullPath(path), StringComparison.Ordinal))
            {
                throw new UserException($"{OutputPaths.Shown(path, flag)}: {f.Shown} writes the same file");
            }
        }

        var file = AtomicFile.Create(path, flag);
        _files.Add(file);
        return file;
    }

    public void CommitAll()
    {
        foreach (var f in _files)
        {
            f.Commit();
        }
    }

    public void Dispose()
    {
        foreach (var f in _files)
        {
            f.Dispose();
        }
    }
}

/// <summary>Checks of output paths and plain-words reasons for file-system failures (no .NET wording, no temporary names).</summary>
internal static class OutputPaths
{
    public static string Shown(string path, string? flag) => flag is null ? path : $"{flag} {path}";

    /// <summary>The full path of an output file whose folder exists and which is not a folder itself.</summary>
    public static string CheckFile(string path, string? flag)
    {
        var shown = Shown(path, flag);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UserException($"{flag ?? "output"}: expected a file name, found an empty one");
        }

        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UserException($"{shown}: not a usable file name");
        }

        if (Directory.Exists(full) || path.EndsWith('/') || path.EndsWith(System.IO.Path.DirectorySeparatorChar))
        {
            throw new UserException($"{shown}: is a folder, expected a file name");
        }

        InputFiles.Check(full, shown);
        var dir = System.IO.Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir))
        {
            throw new UserException(File.Exists(dir)
                ? $"{shown}: {ShortDir(path)} is a file, not a folder"
                : $"{shown}: the folder {ShortDir(path)} does not exist (affect creates no folders for output files; create it first)");
        }

        return full;
    }

    /// <summary>
    /// Creates an output folder (<c>sweep --out</c>, <c>train --report</c>) whose parent must exist;
    /// returns whether it was created, so a failed command can remove it again.
    /// </summary>
    public static bool CreateFolder(string path, string flag)
    {
        var shown = Shown(path, flag);
        if (File.Exists(path))
        {
            throw new UserException($"{shown}: is a file, expected a folder");
        }

        if (Directory.Exists(path))
        {
            return false;
        }

        var full = System.IO.Path.GetFullPath(path);
        var parent = System.IO.Path.GetDirectoryName(full.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        if (parent is not null && !Directory.Exists(parent))
        {
            throw new UserException($"{shown}: the folder {ShortDir(path.TrimEnd('/'))} does not exist (affect creates the output folder, not the folders above it; create them first)");
        }

        try
        {
            Directory.CreateDirectory(full);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{shown}: cannot create the folder ({Reason(ex)})");
        }
    }

    /// <summary>Removes a folder this command created, when it is still empty.</summary>
    public static void RemoveIfEmpty(string path)
    {
        try
        {
            if (Directory.Exists(path) && Directory.GetFileSystemEntries(path).Length == 0)
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>
    /// Refuses outputs that would not fit the free space of their disk, before any work is done.
    /// The estimate is a lower bound of what the files will take.
    /// </summary>
    public static void CheckSpace(string path, string? flag, long estimatedBytes)
    {
        var free = FreeBytes(path);
        if (free is { } f && estimatedBytes > f)
        {
            throw new UserException($"{Shown(path, flag)}: would need about {Size(estimatedBytes)} but only {Size(f)} is free on that disk (run fewer ticks, record fewer keyframes, or write elsewhere)");
        }
    }

    public static long? FreeBytes(string path)
    {
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
            return new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    /// <summary>Why the file system refused, in plain words (the errno, never the runtime's sentence with its temporary path).</summary>
    public static string Reason(Exception ex)
    {
        var errno = ex.HResult & 0xFFFF;
        return ex switch
        {
            UnauthorizedAccessException => "permission denied",
            DirectoryNotFoundException => "the folder does not exist",
            PathTooLongException => "the path is too long",
            IOException when errno == 28 || ex.Message.Contains("No space left", StringComparison.Ordinal) => "the disk is full",
            IOException when errno == 30 || ex.Message.Contains("Read-only file system", StringComparison.Ordinal) => "the file system is read-only",
            IOException when errno == 2 || ex.Message.Contains("No such file", StringComparison.Ordinal) => "the folder does not accept new files",
            IOException when errno == 13 || errno == 1 || ex.Message.Contains("ermission denied", StringComparison.Ordinal) => "permission denied",
            IOException when errno == 122 || ex.Message.Contains("quota", StringComparison.OrdinalIgnoreCase) => "the disk quota is exceeded",
            _ => "the system refused: " + WithoutPaths(ex.Message),
        };
    }

    /// <summary>The runtime's messages quote paths ('…'); drop them, the caller names the user's path.</summary>
    private static string WithoutPaths(string message)
    {
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" '", StringComparison.Ordinal);
        }

        return (cut > 0 ? message.Substring(0, cut) : message).TrimEnd('.', ' ').ToLowerInvariant();
    }

    private static string ShortDir(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(dir) ? "." : dir;
    }
}

/// <summary>
/// The files this command reads (scenario, record, moves script, perception and event files), so no output
/// replaces one: <c>run a.json --record a.json</c> would otherwise turn the scenario into a record with exit 0.
/// Commands note their inputs before they create their outputs, and <see cref="OutputPaths.CheckFile"/> checks.
/// </summary>
internal static class InputFiles
{
    private static readonly Dictionary<string, string> Read = new(StringComparer.Ordinal);

    /// <summary>Notes <paramref name="path"/> as read, described as <paramref name="what"/> ("the scenario").</summary>
    public static void Note(string path, string what)
    {
        if (Identity(path) is { } id)
        {
            Read.TryAdd(id, what);
        }
    }

    /// <summary>Refuses an output that is a noted input, by name or through symbolic links.</summary>
    public static void Check(string path, string shown)
    {
        if (Identity(path) is { } id && Read.TryGetValue(id, out var what))
        {
            throw new UserException($"{shown}: is {what} this command reads; writing there would replace it (choose another file name)");
        }
    }

    /// <summary>
    /// The full path with every symbolic link on the way resolved (a link to a folder above the file too), as the
    /// file system sees it; from the first part that cannot be read (missing, not to be entered), the rest as given.
    /// </summary>
    private static string? Identity(string path)
    {
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }

        var root = System.IO.Path.GetPathRoot(full) ?? "/";
        var parts = full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = System.IO.Path.Combine(current, parts[i]);
            try
            {
                var target = File.ResolveLinkTarget(next, returnFinalTarget: true);
                current = target is null ? next : System.IO.Path.GetFullPath(target.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return System.IO.Path.Combine([current, .. parts[i..]]);
            }
        }

        return current;
    }
}
