using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Visualizer.Tests;

public sealed class RunTests
{
    private static string NewDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "affect-vis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is too short for a PNG");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        int Be(int o) => (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3];
        return (Be(16), Be(20));
    }

    [Fact]
    public void Visualizing_a_run_does_not_change_its_state_hash()
    {
        const int agents = 300;
        const int ticks = 40;
        ulong plain;
        using (var sim = DemoCrowd.Create(agents, seed: 9))
        {
            for (var i = 0; i < ticks; i++)
            {
                sim.Step();
            }

            plain = sim.StateHash;
        }

        var dir = NewDirectory();
        try
        {
            using var shown = DemoCrowd.Create(agents, seed: 9);
            var output = new StringWriter();
            var options = VisualizerOptions.Parse(["--headless", "--frames", dir, "--every", "10", "--ticks", ticks.ToString(), "--width", "320", "--height", "240"]);
            Assert.Equal(0, VisualizerHost.Run(options, shown, output));
            Assert.Equal(plain, shown.StateHash);
            Assert.Contains($"state-hash: {plain:x16}", output.ToString(), StringComparison.Ordinal);

            // Frames at ticks 0, 10, 20, 30, 40, named in sequence, of the requested size.
            var frames = Directory.GetFiles(dir, "frame_*.png");
            Array.Sort(frames, StringComparer.Ordinal);
            Assert.Equal(5, frames.Length);
            Assert.EndsWith("frame_000000.png", frames[0], StringComparison.Ordinal);
            Assert.EndsWith("frame_000004.png", frames[4], StringComparison.Ordinal);
            Assert.Equal((320, 240), PngSize(frames[4]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        // A different seed must give a different hash, or the comparison above proves nothing.
        using var other = DemoCrowd.Create(agents, seed: 10);
        for (var i = 0; i < ticks; i++)
        {
            other.Step();
        }

        Assert.NotEqual(plain, other.StateHash);
    }

    [Fact]
    public void Options_name_the_bad_argument()
    {
        var e = Assert.Throws<ArgumentException>(() => VisualizerOptions.Parse(["--every", "0"]));
        Assert.Contains("--every", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => VisualizerOptions.Parse(["--bogus"]));
        Assert.Contains("--bogus", e.Message, StringComparison.Ordinal);
        var o = VisualizerOptions.Parse(["--headless", "--ticks", "5", "--width", "800", "--height", "600", "--no-panel"]);
        Assert.True(o.Headless);
        Assert.Equal(5, o.Ticks);
        Assert.Equal((800, 600), (o.Width, o.Height));
        Assert.False(o.Panel);
    }

    [Fact]
    public async Task Windowed_run_under_xvfb_opens_renders_takes_a_screenshot_and_exits_zero()
    {
        // CI installs xvfb, xauth and libglfw3 from .ci/apt-packages.txt; a missing one is a failure, not a skip.
        Assert.True(File.Exists("/usr/bin/xvfb-run"), "xvfb-run is missing: apt-get install xvfb xauth (see .ci/apt-packages.txt)");
        var visualizer = Path.Combine(AppContext.BaseDirectory, "AffectEngine.Visualizer.dll");
        Assert.True(File.Exists(visualizer), $"{visualizer} was not copied next to the tests");
        var dir = NewDirectory();
        try
        {
            var shot = Path.Combine(dir, "window.png");
            var start = new ProcessStartInfo("xvfb-run")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "-a", "-s", "-screen 0 1024x768x24", "dotnet", visualizer,
                "--agents", "64", "--width", "800", "--height", "600", "--exit-after-frames", "30", "--ticks", "20", "--screenshot", shot,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var log = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {log}");
            Assert.Contains("frames: 30", log, StringComparison.Ordinal);
            Assert.Matches(@"state-hash: [0-9a-f]{16}", log);
            Assert.Equal((800, 600), PngSize(shot));

            // The window showed faces: some screenshot pixels carry an octant colour.
            using var sim = DemoCrowd.Create(64, seed: 42);
            for (var i = 0; i < 20; i++)
            {
                sim.Step();
            }

            Assert.Contains($"state-hash: {sim.StateHash:x16}", log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
