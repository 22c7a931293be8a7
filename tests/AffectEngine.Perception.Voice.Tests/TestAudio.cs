using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using AffectEngine.Perception.Voice.Features;

namespace AffectEngine.Perception.Voice.Tests;

/// <summary>Collects what a source pushes.</summary>
internal sealed class CollectingSink : IPerceptSink
{
    public ConcurrentQueue<Percept> Percepts { get; } = new();

    public ConcurrentQueue<string> Rejects { get; } = new();

    public void Push(in Percept percept) => Percepts.Enqueue(percept);

    public void Reject(string sourceId, string reason) => Rejects.Enqueue(reason);
}

/// <summary>
/// Real speech made here: espeak-ng (formant synthesis) speaks sentences at a chosen pitch (-p 0–99),
/// rate (-s words/min) and amplitude (-a 0–200); sox converts formats, mixes noise and makes silence.
/// Files are cached per test run in one temporary folder.
/// </summary>
internal static class TestAudio
{
    public static readonly string[] Sentences =
    {
        "I have been waiting here for almost an hour and nobody has told me anything.",
        "The doctor said the results would be ready by this afternoon.",
        "Could you please tell me what is going to happen next?",
        "My daughter is coming to pick me up after work today.",
        "We talked about the medication and the side effects last week.",
        "I am not sure I understood everything that you explained to me.",
    };

    /// <summary>A speaking style: espeak-ng pitch, words per minute and amplitude.</summary>
    public readonly record struct Style(string Name, int Pitch, int Rate, int Amplitude);

    public static readonly Style Neutral = new("neutral", 50, 165, 70);

    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "affect-voice-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        return dir;
    });

    private static readonly ConcurrentDictionary<string, Lazy<string>> Made = new();

    public static string Dir => Root.Value;

    /// <summary>espeak-ng speaking sentence <paramref name="sentence"/> in <paramref name="style"/> (22050 Hz, 16-bit mono WAV).</summary>
    public static string Speak(int sentence, Style style) =>
        Make($"{style.Name}-p{style.Pitch}-s{style.Rate}-a{style.Amplitude}-{sentence}.wav", path =>
            Run("espeak-ng", "-w", path, "-p", style.Pitch.ToString(), "-s", style.Rate.ToString(), "-a", style.Amplitude.ToString(), Sentences[sentence]));

    /// <summary>The speaker's calm baseline (four neutral sentences) followed by <paramref name="test"/>.</summary>
    public static string AfterBaseline(string test) =>
        Make("baseline+" + Path.GetFileName(test), path => Run("sox", Speak(0, Neutral), Speak(1, Neutral), Speak(2, Neutral), Speak(3, Neutral), test, path));

    /// <summary>sox converts <paramref name="source"/> (rate, bits, channels, encoding).</summary>
    public static string Convert(string source, int rate, int bits, int channels, bool floatSamples = false) =>
        Make($"{Path.GetFileNameWithoutExtension(source)}-{rate}-{bits}{(floatSamples ? "f" : "")}-{channels}.wav", path =>
        {
            var args = new List<string> { source, "-r", rate.ToString(), "-b", bits.ToString(), "-c", channels.ToString() };
            if (floatSamples)
            {
                args.InsertRange(3, new[] { "-e", "floating-point" });
            }

            args.Insert(args.Count, path);
            Run("sox", args.ToArray());
        });

    /// <summary><paramref name="source"/> with white noise mixed in at <paramref name="noiseDb"/> dBFS (sox synth + mix).</summary>
    public static string WithNoise(string source, int noiseDb) =>
        Make($"{Path.GetFileNameWithoutExtension(source)}-noise{-noiseDb}.wav", path =>
        {
            var noise = path + ".noise.wav";
            var seconds = Sox("--i", "-D", source).Trim();
            Run("sox", "-R", "-n", "-r", "22050", "-b", "16", "-c", "1", noise, "synth", seconds, "whitenoise", "vol", $"{noiseDb}dB"); // -R: the same noise every run
            Run("sox", "-m", source, noise, path);
            File.Delete(noise);
        });

    /// <summary><paramref name="seconds"/> of digital silence at 16 kHz.</summary>
    public static string Silence(double seconds) =>
        Make($"silence-{seconds}.wav", path => Run("sox", "-n", "-r", "16000", "-b", "16", "-c", "1", path, "trim", "0", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Runs a file source to its end and returns its readings.</summary>
    public static (IReadOnlyList<VoiceReading> Readings, CollectingSink Sink) Analyse(string path)
    {
        var sink = new CollectingSink();
        var source = (VoiceFileSource)VoiceSources.Create("voice:" + path, path, null);
        source.StartAsync(sink, CancellationToken.None).GetAwaiter().GetResult();
        return (source.Readings, sink);
    }

    /// <summary>16-bit little-endian mono PCM at 16 kHz (sox raw output) of a WAV.</summary>
    public static byte[] RawS16At16k(string wav)
    {
        var raw = Make(Path.GetFileNameWithoutExtension(wav) + ".s16", path => Run("sox", wav, "-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1", path));
        return File.ReadAllBytes(raw);
    }

    public static string Sox(params string[] args) => Run("sox", args);

    private static string Make(string name, Action<string> make) =>
        Made.GetOrAdd(name, n => new Lazy<string>(() =>
        {
            var path = Path.Combine(Dir, n);
            make(path);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{path} was not made");
            }

            return path;
        })).Value;

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start");
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed: {err.Result}");
        }

        return output;
    }
}
