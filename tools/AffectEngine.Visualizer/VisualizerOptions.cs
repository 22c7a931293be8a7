using System;
using System.Collections.Generic;
using System.Globalization;

namespace AffectEngine.Visualizer;

/// <summary>Command-line settings of a visualizer run.</summary>
public sealed class VisualizerOptions
{
    /// <summary>Render offscreen through EGL instead of opening a window.</summary>
    public bool Headless { get; set; }

    /// <summary>Directory for PNG frames (headless).</summary>
    public string? FramesDirectory { get; set; }

    /// <summary>Write a frame every this many ticks.</summary>
    public int Every { get; set; } = 1;

    /// <summary>Ticks to run; null = until the window closes (windowed) or 100 (headless).</summary>
    public long? Ticks { get; set; }

    /// <summary>Framebuffer width.</summary>
    public int Width { get; set; } = 1280;

    /// <summary>Framebuffer height.</summary>
    public int Height { get; set; } = 720;

    /// <summary>Agents of the built-in demo crowd (used when no scenario is given).</summary>
    public int Agents { get; set; } = 200;

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; set; } = 42;

    /// <summary>True when --seed was given (a scenario's own seed applies otherwise).</summary>
    public bool SeedSet { get; set; }

    /// <summary>Threads for per-agent stages.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>True when --threads was given (a scenario's own setting applies otherwise).</summary>
    public bool ThreadsSet { get; set; }

    /// <summary>Scenario file to run instead of the demo crowd.</summary>
    public string? Scenario { get; set; }

    /// <summary>Render this many frames as fast as possible and print the frame rate.</summary>
    public int? BenchFrames { get; set; }

    /// <summary>Windowed: close after this many frames (for tests and CI).</summary>
    public int? ExitAfterFrames { get; set; }

    /// <summary>Headless: also write the frames as one animated PNG (half size) to this path.</summary>
    public string? Preview { get; set; }

    /// <summary>Write the last frame to this PNG path at exit.</summary>
    public string? Screenshot { get; set; }

    /// <summary>Directory for screenshots taken with the s key.</summary>
    public string ScreenshotDirectory { get; set; } = ".";

    /// <summary>Start with the agent panel shown.</summary>
    public bool Panel { get; set; } = true;

    /// <summary>Start with the timeline shown.</summary>
    public bool Timeline { get; set; } = true;

    /// <summary>Start with relation lines shown.</summary>
    public bool Relations { get; set; } = true;

    /// <summary>Select the agent in this slot at start (its panel is shown; useful for headless frames).</summary>
    public int? SelectSlot { get; set; }

    /// <summary>Start paused (windowed).</summary>
    public bool StartPaused { get; set; }

    /// <summary>Prints usage.</summary>
    public const string Usage = """
        affect-visualizer [options]
          --scenario FILE         scenario to run, as `affect run` does (default: the built-in demo crowd)
          --agents N              demo crowd size (default 200)
          --seed S                seed (default 42)
          --threads T             threads for per-agent stages (default 1)
          --ticks N               ticks to run (scenario: its own; demo headless: 100; windowed: pause at N)
          --width W --height H    framebuffer size (default 1280x720)
          --headless              render offscreen (EGL), no window
          --frames DIR            headless: write frame_000000.png ... into DIR
          --every K               headless: a frame every K ticks (default 1)
          --preview FILE          headless: also write those frames as an animated PNG (half size)
          --screenshot FILE       write the last frame as PNG at exit
          --screenshot-dir DIR    where the s key saves screenshots (default .)
          --exit-after-frames N   windowed: close after N frames
          --bench-frames N        render N frames (1 tick each) and print frames per second
          --no-panel --no-timeline --no-relations   start with a layer hidden
          --paused                windowed: start paused
          --select SLOT           select the agent in this slot at start (panel)
        Prints 'state-hash: <16 hex>' at the end.
        """;

    /// <summary>Parses arguments; throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public static VisualizerOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new VisualizerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Next()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"Option {arg} needs a value.");
                }

                return args[++i];
            }

            long Number(long min, long max)
            {
                var text = Next();
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                {
                    throw new ArgumentException($"Option {arg} expects a whole number in [{min}, {max}]; got '{text}'.");
                }

                return v;
            }

            switch (arg)
            {
                case "--headless": o.Headless = true; break;
                case "--frames": o.FramesDirectory = Next(); break;
                case "--every": o.Every = (int)Number(1, int.MaxValue); break;
                case "--ticks": o.Ticks = Number(0, long.MaxValue); break;
                case "--width": o.Width = (int)Number(64, 8192); break;
                case "--height": o.Height = (int)Number(64, 8192); break;
                case "--agents": o.Agents = (int)Number(1, 1_000_000); break;
                case "--seed": o.Seed = (ulong)Number(0, long.MaxValue); o.SeedSet = true; break;
                case "--threads": o.Threads = (int)Number(1, 256); o.ThreadsSet = true; break;
                case "--scenario": o.Scenario = Next(); break;
                case "--bench-frames": o.BenchFrames = (int)Number(1, 1_000_000); break;
                case "--exit-after-frames": o.ExitAfterFrames = (int)Number(1, int.MaxValue); break;
                case "--screenshot": o.Screenshot = Next(); break;
                case "--preview": o.Preview = Next(); break;
                case "--screenshot-dir": o.ScreenshotDirectory = Next(); break;
                case "--no-panel": o.Panel = false; break;
                case "--no-timeline": o.Timeline = false; break;
                case "--no-relations": o.Relations = false; break;
                case "--paused": o.StartPaused = true; break;
                case "--select": o.SelectSlot = (int)Number(0, int.MaxValue); break;
                default: throw new ArgumentException($"Unknown option '{arg}'.");
            }
        }

        return o;
    }
}
