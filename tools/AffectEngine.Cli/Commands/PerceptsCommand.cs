using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using AffectEngine.Cli.Output;
using AffectEngine.Perception;
using AffectEngine.Perception.Face;
using AffectEngine.Perception.Voice;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect percepts &lt;source-spec&gt; [--seconds S] [--csv out.csv] [--bench N]</c>: what a perception source delivers, raw and fused.</summary>
internal static class PerceptsCommand
{
    public static Command Create()
    {
        // The face plugin cannot reference the perception plugin (plugins see Abstractions only), so
        // the command line, which ships both, adds the face: kind to the source factory.
        PerceptionSourceFactory.Register(FaceSources.Kind, FaceSources.Form, FaceSources.Create);
        PerceptionSourceFactory.Register(PoseSources.Kind, PoseSources.Form, PoseSources.Create);
        PerceptionSourceFactory.Register(VoiceSources.Kind, VoiceSources.Form, VoiceSources.Create);
        PerceptionSourceFactory.Register(OpenSmileSources.Kind, OpenSmileSources.Form, OpenSmileSources.Create);
        var spec = new Argument<string>("source") { Description = "A source spec: openface:<file.csv>, e4:<dir>, imotions:<file.csv>, csv:<file.csv>, osc:<host>:<port>, lsl:<predicate>, e4stream:<host>:<port>, face:camera<N>, face:<video-or-image>, pose:camera<N>, pose:<video-or-image>, voice:<file.wav>, voice:stdin, voice:udp:<port>, voice:alsa, voice:pulse, opensmile:<egemaps.csv>." };
        var seconds = new Option<double?>("--seconds") { Description = "How long to listen to a network source (default 10 s); files play to their end unless given, then both the raw dump and the fused rows stop at that much recording time." };
        var csv = new Option<string?>("--csv") { Description = "Write one row per fused percept to this CSV file." };
        var bench = new Option<int?>("--bench") { Description = "face:<video-or-image>: time detection + classification on N frames scaled to 640x480 and print frames/s; pose:<video-or-image>: the same for MoveNet pose + body features; voice:<file.wav>: run the voice pipeline N times over the file and print the real-time factor." };
        var command = new Command("percepts", "Show what a perception source delivers, raw and fused, without running a simulation.")
        {
            spec, seconds, csv, bench,
        };
        command.SetAction(parse =>
        {
            var s = parse.GetValue(seconds);
            if (s is <= 0 or > 86400)
            {
                throw new UserException($"--seconds must be in (0, 86400]; got {s}");
            }

            if (parse.GetValue(bench) is { } frames)
            {
                return Bench(parse.GetValue(spec)!, frames);
            }

            var csvPath = parse.GetValue(csv);
            if (csvPath is not null)
            {
                ScenarioPerception.NoteFile(parse.GetValue(spec)!, null, "the source");
                OutputPaths.CheckFile(csvPath, "--csv");
            }

            // Ctrl+C ends a capture normally (the CSV is still written), so it is not an interruption here.
            // The inspector's problems are re-said in the command line's one voice ("affect: ...").
            using var errors = new StringWriter();
            var code = PerceptsInspector.RunAsync(parse.GetValue(spec)!, s ?? 0, csvPath, Console.Out, errors, Interrupt.Token).GetAwaiter().GetResult();
            foreach (var line in errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Console.Error.WriteLine("affect: " + (line.StartsWith("error: ", StringComparison.Ordinal) ? line.Substring("error: ".Length) : line));
            }

            return code;
        });
        return command;
    }

    private static string LoadAverage()
    {
        // Other work on the machine slows the wall-clock rate; the load average says how much there was.
        const string procLoad = "/proc/loadavg";
        return File.Exists(procLoad) ? File.ReadAllText(procLoad).Split(' ')[0] : "unknown";
    }

    private static int Bench(string spec, int frames)
    {
        if (spec.StartsWith(VoiceSources.Kind + ":", StringComparison.Ordinal))
        {
            return BenchVoice(spec, frames);
        }

        var pose = spec.StartsWith(PoseSources.Kind + ":", StringComparison.Ordinal);
        var prefix = (pose ? PoseSources.Kind : FaceSources.Kind) + ":";
        if (!spec.StartsWith(prefix, StringComparison.Ordinal) || spec.StartsWith(prefix + "camera", StringComparison.Ordinal))
        {
            throw new UserException($"--bench works on face:, pose: or voice: file sources; got '{spec}'");
        }

        if (frames is < 1 or > 100_000)
        {
            throw new UserException($"--bench must be a frame count in 1..100000; got {frames}");
        }

        var path = spec.Substring(prefix.Length);
        if (!File.Exists(path))
        {
            throw new UserException($"{spec}: file '{path}' does not exist");
        }

        try
        {
            if (pose)
            {
                var p = FaceBenchmark.RunPose(path, frames);
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"pose pipeline at 640x480 (MoveNet Lightning on ONNX Runtime, 1 thread; posture/movement features): {p.FramesPerSecond:0.0} frames/s wall, {p.FramesPerCpuSecond:0.0} frames per CPU second ({p.Frames} frames in {p.Seconds:0.000} s, {p.CpuSeconds:0.000} CPU s; torso found in {p.FramesWithFace}; load average {LoadAverage()})"));
                return 0;
            }

            var r = FaceBenchmark.Run(path, frames);
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"face pipeline at 640x480 (Haar face + eye detection, mini-Xception on ONNX Runtime): {r.FramesPerSecond:0.0} frames/s wall, {r.FramesPerCpuSecond:0.0} frames per CPU second ({r.Frames} frames in {r.Seconds:0.000} s, {r.CpuSeconds:0.000} CPU s; face found in {r.FramesWithFace}; load average {LoadAverage()})"));
            return 0;
        }
        catch (IOException e)
        {
            throw new UserException(e.Message);
        }
    }

    private static int BenchVoice(string spec, int repeats)
    {
        var path = spec.Substring(VoiceSources.Kind.Length + 1);
        if (repeats is < 1 or > 10_000)
        {
            throw new UserException($"--bench must be a repeat count in 1..10000; got {repeats}");
        }

        if (!File.Exists(path))
        {
            throw new UserException($"{spec}: file '{path}' does not exist");
        }

        try
        {
            foreach (var energy in new[] { false, true })
            {
                var r = VoiceBenchmark.Run(path, repeats, energy);
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"voice pipeline ({r.Detector} VAD, NWaves features, prosody, mapping): {r.RealTimeFactor:0.0}x real time wall, {r.RealTimeFactorPerCpu:0.0}x per CPU second ({r.AudioSeconds:0.0} s of audio in {r.Seconds:0.000} s, {r.CpuSeconds:0.000} CPU s; {r.Segments} segments; load average {LoadAverage()})"));
            }

            return 0;
        }
        catch (InvalidDataException e)
        {
            throw new UserException(e.Message);
        }
        catch (IOException e)
        {
            throw new UserException(e.Message);
        }
    }
}
