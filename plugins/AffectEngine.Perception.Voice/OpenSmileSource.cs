using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception.Voice.Features;

namespace AffectEngine.Perception.Voice;

/// <summary>
/// The <c>opensmile:&lt;file.csv&gt;</c> source: the CSV openSMILE writes with the eGeMAPS
/// configuration (<c>SMILExtract -C config/egemaps/v02/eGeMAPSv02.conf -csvoutput f.csv</c> for
/// functionals, <c>-lldcsvoutput f.csv</c> for low-level descriptors; cCsvSink's format: a header
/// line, ';' between fields, <c>name</c> quoted in single quotes, <c>frameTime</c> in seconds), and
/// the comma-separated tables of the opensmile Python package (<c>file,start,end,...</c>).
/// Functionals give one reading per row; low-level descriptors are cut into voiced segments first.
/// Both are mapped exactly as <c>voice:</c> maps its own features (<see cref="VocalAffect"/>).
/// </summary>
public static class OpenSmileSources
{
    /// <summary>The spec prefix.</summary>
    public const string Kind = "opensmile";

    /// <summary>The accepted form.</summary>
    public const string Form = "opensmile:<egemaps.csv>";

    internal const string F0Mean = "F0semitoneFrom27.5Hz_sma3nz_amean";
    internal const string F0Range = "F0semitoneFrom27.5Hz_sma3nz_pctlrange0-2";
    internal const string LoudnessMean = "loudness_sma3_amean";
    internal const string SoundLevel = "equivalentSoundLevel_dBp";
    internal const string PeaksPerSec = "loudnessPeaksPerSec";
    internal const string JitterMean = "jitterLocal_sma3nz_amean";
    internal const string ShimmerMean = "shimmerLocaldB_sma3nz_amean";
    internal const string HnrMean = "HNRdBACF_sma3nz_amean";
    internal const string AlphaMean = "alphaRatioV_sma3nz_amean";
    internal const string HammarbergMean = "hammarbergIndexV_sma3nz_amean";
    internal const string VoicedPerSec = "VoicedSegmentsPerSec";
    internal const string VoicedLength = "MeanVoicedSegmentLengthSec";

    internal const string LldF0 = "F0semitoneFrom27.5Hz_sma3nz";
    internal const string LldLoudness = "Loudness_sma3";
    internal const string LldAlpha = "alphaRatio_sma3";
    internal const string LldHammarberg = "hammarbergIndex_sma3";
    internal const string LldJitter = "jitterLocal_sma3nz";
    internal const string LldShimmer = "shimmerLocaldB_sma3nz";
    internal const string LldHnr = "HNRdBACF_sma3nz";

    /// <summary>Creates the source; a relative path is resolved against <paramref name="baseDirectory"/>.</summary>
    public static IPerceptionSource Create(string spec, string argument, string? baseDirectory)
    {
        var arg = (argument ?? string.Empty).Trim();
        if (arg.Length == 0)
        {
            throw new FormatException($"Perception source '{spec}' needs the path of an openSMILE eGeMAPS CSV file after 'opensmile:'.");
        }

        var path = baseDirectory is null || Path.IsPathRooted(arg) ? arg : Path.Combine(baseDirectory, arg);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Perception source '{spec}': file '{path}' does not exist.", path);
        }

        return new OpenSmileFileSource(spec, path);
    }

    /// <summary>
    /// Level in dB from openSMILE loudness: loudness grows with intensity to the power 0.3
    /// (Stevens 1957), so 10/0.3 · log10(loudness) is a level on a dB scale up to a constant, which the
    /// speaker baseline removes.
    /// </summary>
    internal static float LoudnessToDb(double loudness) => (float)(10 / 0.3 * Math.Log10(Math.Max(loudness, 1e-6)));
}

/// <summary>An openSMILE eGeMAPS CSV (functionals or LLDs), read completely at start (a recording).</summary>
internal sealed class OpenSmileFileSource : IPerceptionSource
{
    private readonly string _path;

    public OpenSmileFileSource(string id, string path)
    {
        Id = id;
        _path = path;
    }

    public string Id { get; }

    public Modality Modality => Modality.Voice;

    public bool IsRecording => true;

    public IReadOnlyList<VoiceReading> Readings { get; private set; } = Array.Empty<VoiceReading>();

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken) => Task.Run(() => Read(sink), cancellationToken);

    public Task StopAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => default;

    private void Read(IPerceptSink sink)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Perception source '{Id}': {_path}: cannot be read: {e.Message}", e);
        }

        if (lines.Length == 0 || lines[0].Trim().Length == 0)
        {
            throw new IOException($"Perception source '{Id}': {_path}:1: the file is empty; expected openSMILE's header line (name;frameTime;...).");
        }

        if (lines[0].Contains('\0', StringComparison.Ordinal) || lines[0].Contains('\uFFFD', StringComparison.Ordinal))
        {
            throw new IOException($"Perception source '{Id}': {_path}:1: not a text CSV (binary or UTF-16 data).");
        }

        var delimiter = lines[0].Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var header = lines[0].Split(delimiter);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            columns.TryAdd(Unquote(header[i]), i);
        }

        var readings = new List<VoiceReading>();
        if (columns.ContainsKey(OpenSmileSources.F0Mean))
        {
            Functionals(lines, delimiter, header.Length, columns, sink, readings);
        }
        else if (columns.ContainsKey(OpenSmileSources.LldF0) && columns.ContainsKey(OpenSmileSources.LldLoudness))
        {
            LowLevel(lines, delimiter, header.Length, columns, sink, readings);
        }
        else
        {
            throw new IOException($"Perception source '{Id}': {_path}:1: not openSMILE eGeMAPS output: the header has neither '{OpenSmileSources.F0Mean}' (functionals) nor '{OpenSmileSources.LldF0}' and '{OpenSmileSources.LldLoudness}' (low-level descriptors).");
        }

        Readings = readings;
        foreach (var r in readings)
        {
            sink.Push(VoiceSources.ToPercept(Id, r));
        }

        if (readings.Count == 0)
        {
            sink.Reject(Id, "no-speech");
        }
    }

    private void Functionals(string[] lines, char delimiter, int width, Dictionary<string, int> columns, IPerceptSink sink, List<VoiceReading> readings)
    {
        var baseline = new SpeakerBaseline();
        var lastStart = double.NegativeInfinity;
        for (var l = 1; l < lines.Length; l++)
        {
            if (lines[l].Trim().Length == 0)
            {
                continue;
            }

            var row = new Row(lines[l].Split(delimiter), columns);
            if (row.Cells.Length != width)
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            var f0 = row.Get(OpenSmileSources.F0Mean);
            if (double.IsNaN(f0) || row.AnyNonFinite)
            {
                sink.Reject(Id, row.AnyNonFinite ? "nan" : "malformed");
                continue;
            }

            var (start, end) = row.Times(lastStart);
            lastStart = start;
            var voicedShare = row.Get(OpenSmileSources.VoicedPerSec) * row.Get(OpenSmileSources.VoicedLength);
            var level = row.Has(OpenSmileSources.SoundLevel) ? row.Get(OpenSmileSources.SoundLevel) : OpenSmileSources.LoudnessToDb(row.Get(OpenSmileSources.LoudnessMean));
            var p = new Prosody
            {
                Start = start,
                End = end,
                VadMean = 1f,
                VoicedFraction = double.IsFinite(voicedShare) ? (float)Math.Clamp(voicedShare, 0, 1) : 1f,
                F0MeanSemitones = f0 > 0 ? (float)f0 : float.NaN,
                F0RangeSemitones = (float)row.Get(OpenSmileSources.F0Range),
                LoudnessMean = (float)row.Get(OpenSmileSources.LoudnessMean),
                EnergyDb = (float)level,
                RatePerSecond = (float)row.Get(OpenSmileSources.PeaksPerSec),
                Jitter = (float)row.Get(OpenSmileSources.JitterMean),
                ShimmerDb = (float)row.Get(OpenSmileSources.ShimmerMean),
                HnrDb = (float)row.Get(OpenSmileSources.HnrMean),
                AlphaRatio = (float)row.Get(OpenSmileSources.AlphaMean),
                Hammarberg = (float)row.Get(OpenSmileSources.HammarbergMean),

                // Functionals carry no noise estimate: the SNR factor is left at 1.
                SnrDb = VocalAffect.SnrFullDb,
            };
            readings.Add(VocalAffect.Read(p, baseline, "opensmile"));
        }
    }

    private void LowLevel(string[] lines, char delimiter, int width, Dictionary<string, int> columns, IPerceptSink sink, List<VoiceReading> readings)
    {
        var frames = new List<Features.FrameFeatures>();
        var jitter = new List<float>();
        var shimmer = new List<float>();
        var last = double.NegativeInfinity;
        for (var l = 1; l < lines.Length; l++)
        {
            if (lines[l].Trim().Length == 0)
            {
                continue;
            }

            var row = new Row(lines[l].Split(delimiter), columns);
            if (row.Cells.Length != width)
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            if (row.AnyNonFinite)
            {
                sink.Reject(Id, "nan");
                continue;
            }

            var (time, _) = row.Times(last);
            if (time <= last)
            {
                sink.Reject(Id, "out-of-order");
                continue;
            }

            last = time;
            var st = row.Get(OpenSmileSources.LldF0);
            frames.Add(new Features.FrameFeatures
            {
                Time = time,
                Vad = 1f,
                EnergyDb = OpenSmileSources.LoudnessToDb(row.Get(OpenSmileSources.LldLoudness)),
                Loudness = (float)row.Get(OpenSmileSources.LldLoudness),
                F0 = st > 0 ? (float)(27.5 * Math.Pow(2, st / 12)) : 0f,
                HnrDb = st > 0 ? (float)row.Get(OpenSmileSources.LldHnr) : float.NaN,
                AlphaRatio = (float)row.Get(OpenSmileSources.LldAlpha),
                Hammarberg = (float)row.Get(OpenSmileSources.LldHammarberg),
            });
            jitter.Add(st > 0 ? (float)row.Get(OpenSmileSources.LldJitter) : float.NaN);
            shimmer.Add(st > 0 ? (float)row.Get(OpenSmileSources.LldShimmer) : float.NaN);
        }

        if (frames.Count == 0)
        {
            return;
        }

        // The 10th percentile of the level stands in for the noise floor (pauses are the quietest frames).
        var levels = new List<float>(frames.Count);
        foreach (var f in frames)
        {
            levels.Add(f.EnergyDb);
        }

        levels.Sort();
        var floor = levels[levels.Count / 10];
        var baseline = new SpeakerBaseline();
        var hop = frames.Count > 1 ? Math.Max((frames[^1].Time - frames[0].Time) / (frames.Count - 1), 1e-3) : 0.01;
        var startIndex = -1;
        var lastVoiced = -1;
        for (var i = 0; i <= frames.Count; i++)
        {
            var voiced = i < frames.Count && frames[i].Voiced;
            if (voiced)
            {
                if (startIndex < 0)
                {
                    startIndex = i;
                }

                lastVoiced = i;
            }

            var gap = startIndex >= 0 && (i == frames.Count || (frames[Math.Min(i, frames.Count - 1)].Time - frames[lastVoiced].Time) >= VoiceAnalyzer.EndSilenceSeconds || (frames[lastVoiced].Time - frames[startIndex].Time) >= VoiceAnalyzer.MaxSegmentSeconds);
            if (!gap)
            {
                continue;
            }

            var start = frames[startIndex].Time - hop / 2;
            var end = frames[lastVoiced].Time + hop / 2;
            if (end - start >= VoiceAnalyzer.MinSegmentSeconds)
            {
                var segment = frames.GetRange(startIndex, lastVoiced - startIndex + 1);
                var p = Prosody.From(segment, start, end, floor) with
                {
                    Jitter = Mean(jitter, startIndex, lastVoiced),
                    ShimmerDb = Mean(shimmer, startIndex, lastVoiced),
                };
                readings.Add(VocalAffect.Read(p, baseline, "opensmile"));
            }

            startIndex = voiced && i < frames.Count && frames[lastVoiced].Time - frames[startIndex].Time >= VoiceAnalyzer.MaxSegmentSeconds ? i : -1;
        }
    }

    private static float Mean(List<float> values, int from, int to)
    {
        double s = 0;
        var n = 0;
        for (var i = from; i <= to; i++)
        {
            if (float.IsFinite(values[i]) && values[i] > 0)
            {
                s += values[i];
                n++;
            }
        }

        return n == 0 ? float.NaN : (float)(s / n);
    }

    private static string Unquote(string s)
    {
        s = s.Trim();
        return s.Length >= 2 && (s[0] == '\'' || s[0] == '"') && s[^1] == s[0] ? s[1..^1] : s;
    }

    /// <summary>One data row: numeric cells by column name; text columns (name, file) are skipped.</summary>
    private readonly struct Row
    {
        private readonly Dictionary<string, int> _columns;

        public Row(string[] cells, Dictionary<string, int> columns)
        {
            Cells = cells;
            _columns = columns;
            AnyNonFinite = false;
            foreach (var kv in columns)
            {
                if (kv.Key is "name" or "file" or "start" or "end" or "frameTime" or "frameIndex" || kv.Value >= cells.Length)
                {
                    continue;
                }

                var t = cells[kv.Value].Trim();
                if (t.Equals("nan", StringComparison.OrdinalIgnoreCase) || t.Contains("inf", StringComparison.OrdinalIgnoreCase))
                {
                    AnyNonFinite = true;
                }
            }
        }

        public string[] Cells { get; }

        public bool AnyNonFinite { get; }

        public bool Has(string column) => _columns.ContainsKey(column);

        /// <summary>The cell as a number; NaN when the column is absent or the cell is not a number.</summary>
        public double Get(string column) =>
            _columns.TryGetValue(column, out var i) && i < Cells.Length && double.TryParse(Unquote(Cells[i]), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

        /// <summary>The row's (start, end) in seconds from frameTime, or start/end (seconds or pandas timedelta text).</summary>
        public (double Start, double End) Times(double previousStart)
        {
            if (Has("start") && Has("end"))
            {
                var s = Timedelta(Cells[_columns["start"]]);
                var e = Timedelta(Cells[_columns["end"]]);
                if (double.IsFinite(s) && double.IsFinite(e))
                {
                    return (s, e);
                }
            }

            // frameTime is a window's start; its length is the step to the previous window, else one second.
            var t = Get("frameTime");
            if (double.IsFinite(t))
            {
                var step = double.IsFinite(previousStart) && t > previousStart ? t - previousStart : 1.0;
                return (t, t + step);
            }

            var next = double.IsFinite(previousStart) ? previousStart + 1 : 0;
            return (next, next + 1);
        }

        private static double Timedelta(string text)
        {
            var t = Unquote(text);
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds;
            }

            // pandas writes "0 days 00:00:01.230000".
            var days = 0;
            var daysAt = t.IndexOf(" days ", StringComparison.Ordinal);
            if (daysAt > 0 && int.TryParse(t[..daysAt], NumberStyles.Integer, CultureInfo.InvariantCulture, out days))
            {
                t = t[(daysAt + 6)..];
            }

            return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) ? days * 86400 + span.TotalSeconds : double.NaN;
        }
    }
}
