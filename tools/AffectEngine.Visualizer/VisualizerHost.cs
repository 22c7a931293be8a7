using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AffectEngine.Rendering;

namespace AffectEngine.Visualizer;

/// <summary>Runs the visualizer headless, windowed or as a benchmark; the host is the only part that knows wall time.</summary>
public static class VisualizerHost
{
    /// <summary>Runs per <paramref name="options"/> over <paramref name="simulation"/>; returns the process exit code.</summary>
    public static int Run(VisualizerOptions options, IVisualizedSimulation simulation, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(output);
        if (options.BenchFrames is { } frames)
        {
            Bench(options, simulation, frames, output);
        }
        else if (options.Headless)
        {
            RunHeadless(options, simulation, output);
        }
        else
        {
            RunWindowed(options, simulation, output);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ticks: {simulation.Tick}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"state-hash: {simulation.StateHash:x16}"));
        return 0;
    }

    /// <summary>Headless: runs the ticks and writes a PNG every K ticks (tick 0 included).</summary>
    public static void RunHeadless(VisualizerOptions options, IVisualizedSimulation simulation, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(output);
        var ticks = options.Ticks ?? 100;
        if (options.FramesDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        using var context = new HeadlessContext(options.Width, options.Height);
        using var session = CreateSession(context, simulation, options);
        var frame = 0;
        var preview = options.Preview is null ? null : new AnimatedPng(delayMs: 100);
        void Emit()
        {
            if (options.FramesDirectory is null && preview is null)
            {
                return;
            }

            session.Render();
            context.Present();
            var pixels = context.Target.ReadPixels();
            if (options.FramesDirectory is { } dir)
            {
                var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"frame_{frame:D6}.png"));
                Png.Write(path, pixels, context.Width, context.Height);
            }

            preview?.Add(pixels, context.Width, context.Height);
            frame++;
        }

        Emit();
        var start = simulation.Tick;
        while (simulation.Tick - start < ticks)
        {
            session.Step();
            if ((simulation.Tick - start) % options.Every == 0)
            {
                Emit();
            }
        }

        if (options.Screenshot is { } shot)
        {
            session.Render();
            context.Present();
            WritePng(shot, context.Target.ReadPixels(), context.Width, context.Height);
        }

        if (preview is not null && options.Preview is { } previewPath)
        {
            var previewDir = Path.GetDirectoryName(Path.GetFullPath(previewPath));
            if (previewDir is not null)
            {
                Directory.CreateDirectory(previewDir);
            }

            preview.Write(previewPath);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"preview: {preview.FrameCount} frames, {preview.Width}x{preview.Height}, {previewPath}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames: {frame} written to {options.FramesDirectory ?? "(none)"} ({context.Renderer})"));
    }

    /// <summary>Windowed: a GLFW window with the controls of the help screen.</summary>
    public static void RunWindowed(VisualizerOptions options, IVisualizedSimulation simulation, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(output);
        using var window = new GlfwWindow(options.Width, options.Height, "AffectEngine — " + simulation.Name);
        using var session = CreateSession(window, simulation, options);
        session.Paused = options.StartPaused;
        var inputs = new List<WindowInput>();
        var clock = Stopwatch.StartNew();
        var fpsFrames = 0;
        var fpsStart = 0.0;
        var frames = 0;
        var start = simulation.Tick;
        byte[]? last = null;
        while (!window.ShouldClose)
        {
            window.PollEvents();
            inputs.Clear();
            window.DrainInput(inputs);
            var screenshot = false;
            foreach (var input in inputs)
            {
                switch (session.Handle(input))
                {
                    case InputOutcome.Quit:
                        window.Close();
                        break;
                    case InputOutcome.Screenshot:
                        screenshot = true;
                        break;
                }
            }

            // --ticks stops the simulation (not the window) so the printed hash matches a headless run of N ticks.
            if (options.Ticks is not { } limit || simulation.Tick - start < limit)
            {
                session.Advance();
                if (options.Ticks is { } max)
                {
                    while (simulation.Tick - start > max)
                    {
                        throw new InvalidOperationException("Ran past the tick limit.");
                    }
                }
            }

            session.Render();
            frames++;
            var lastFrame = options.ExitAfterFrames is { } exitAfter && frames >= exitAfter;
            if (screenshot)
            {
                Directory.CreateDirectory(options.ScreenshotDirectory);
                var path = Path.Combine(options.ScreenshotDirectory, string.Create(CultureInfo.InvariantCulture, $"screenshot_{simulation.Tick:D6}.png"));
                WritePng(path, window.ReadPixels(), window.Width, window.Height);
                output.WriteLine("screenshot: " + path);
            }

            if (lastFrame && options.Screenshot is not null)
            {
                // Read the back buffer before the swap: after it, its content is undefined.
                last = window.ReadPixels();
            }

            window.Present();
            fpsFrames++;
            var now = clock.Elapsed.TotalSeconds;
            if (now - fpsStart >= 0.5)
            {
                session.Fps = fpsFrames / (now - fpsStart);
                fpsFrames = 0;
                fpsStart = now;
            }

            if (lastFrame)
            {
                window.Close();
            }
        }

        if (options.Screenshot is { } shot && last is not null)
        {
            WritePng(shot, last, window.Width, window.Height);
            output.WriteLine("screenshot: " + shot);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"frames: {frames}"));
    }

    /// <summary>Renders frames as fast as possible, one tick per frame, and prints the rates.</summary>
    public static BenchResult Bench(VisualizerOptions options, IVisualizedSimulation simulation, int frames, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(output);
        IGraphicsContext context = options.Headless
            ? new HeadlessContext(options.Width, options.Height)
            : new GlfwWindow(options.Width, options.Height, "AffectEngine bench");
        try
        {
            using var session = CreateSession(context, simulation, options);
            var renderer = context is HeadlessContext h ? h.Renderer : context.Gl.GetStringS(Silk.NET.OpenGL.StringName.Renderer);
            // Warm-up: shader compilation and first uploads are not part of the steady frame rate.
            for (var i = 0; i < 5; i++)
            {
                session.Step();
                session.Render();
                context.Present();
            }

            session.Profile.Reset();
            var tickTime = TimeSpan.Zero;
            using var self = Process.GetCurrentProcess();
            var cpuStart = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < frames; i++)
            {
                var t0 = clock.Elapsed;
                session.Step();
                tickTime += clock.Elapsed - t0;
                session.Render();
                context.Present();
                (context as GlfwWindow)?.PollEvents();
                session.Fps = (i + 1) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            }

            var total = clock.Elapsed;
            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuStart;
            var result = new BenchResult(simulation.World.AgentCount, context.Width, context.Height, frames, total, tickTime, renderer, cpu);
            output.WriteLine(result.ToString());
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: per frame sample {session.Profile.SampleMs:0.00} ms, overlay paint {session.Profile.OverlayMs:0.00} ms, GL submit {session.Profile.DrawMs:0.00} ms, rest (GPU finish/swap) {(result.Elapsed - result.TickTime).TotalMilliseconds / frames - session.Profile.SampleMs - session.Profile.OverlayMs - session.Profile.DrawMs:0.00} ms"));
            if (options.Screenshot is { } shot)
            {
                session.Render();
                WritePng(shot, session.ReadPixels(), context.Width, context.Height);
            }

            return result;
        }
        finally
        {
            context.Dispose();
        }
    }

    private static VisualizerSession CreateSession(IGraphicsContext context, IVisualizedSimulation simulation, VisualizerOptions options)
    {
        var session = new VisualizerSession(context, simulation);
        session.Layers.Panel = options.Panel;
        session.Layers.Timeline = options.Timeline;
        session.Layers.Relations = options.Relations;
        if (options.SelectSlot is { } slot)
        {
            session.Selected = simulation.World.AgentAt(slot);
        }

        return session;
    }

    private static void WritePng(string path, byte[] rgba, int width, int height)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        Png.Write(path, rgba, width, height);
    }
}

/// <summary>The figures of a benchmark run.</summary>
/// <param name="Agents">Agents drawn.</param>
/// <param name="Width">Framebuffer width.</param>
/// <param name="Height">Framebuffer height.</param>
/// <param name="Frames">Frames measured.</param>
/// <param name="Elapsed">Wall time of the measured frames.</param>
/// <param name="TickTime">Part of it spent in simulation ticks.</param>
/// <param name="Renderer">The GL renderer string.</param>
/// <param name="CpuTime">CPU time of the process over the measured frames, all threads (llvmpipe's rasterizer threads included).</param>
public readonly record struct BenchResult(int Agents, int Width, int Height, int Frames, TimeSpan Elapsed, TimeSpan TickTime, string Renderer, TimeSpan CpuTime)
{
    /// <summary>
    /// Frames per second the process's CPU time allows on <paramref name="cores"/> otherwise idle
    /// cores: a figure that stays meaningful when other jobs share the machine and wall-clock fps drops.
    /// </summary>
    public double CpuBoundFps(int cores) => Frames / Math.Max(1e-9, CpuTime.TotalSeconds / Math.Max(1, cores));

    /// <summary>Frames per second including the ticks.</summary>
    public double Fps => Frames / Elapsed.TotalSeconds;

    /// <summary>Frames per second of drawing alone.</summary>
    public double RenderFps => Frames / Math.Max(1e-9, (Elapsed - TickTime).TotalSeconds);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"bench: {Agents} agents, {Width}x{Height}, {Frames} frames in {Elapsed.TotalSeconds:0.00} s = {Fps:0.0} fps (drawing alone {RenderFps:0.0} fps; tick {TickTime.TotalMilliseconds / Frames:0.00} ms/frame) on {Renderer}; CPU {CpuTime.TotalMilliseconds / Frames:0.0} ms/frame over all threads = {CpuBoundFps(Environment.ProcessorCount):0.0} fps if the {Environment.ProcessorCount} cores were free");
}
