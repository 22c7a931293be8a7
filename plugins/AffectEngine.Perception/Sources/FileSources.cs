using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Perception.Sources;

/// <summary>Base of file replays: reads the whole file on start and pushes every percept before start completes.</summary>
internal abstract class RecordingSource : IPerceptionSource
{
    protected RecordingSource(string id, string path, Modality modality)
    {
        Id = id;
        Path = path;
        Modality = modality;
    }

    public string Id { get; }

    public string Path { get; }

    public Modality Modality { get; }

    public bool IsRecording => true;

    /// <summary>What kind of file this turned out to be (set once replayed), for <c>affect percepts</c>.</summary>
    public string? Description { get; protected set; }

    /// <summary>The person id used when the file has none (the scenario normally overrides it).</summary>
    public const string DefaultPerson = "p0";

    public async Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
    {
        sink = CheckedSink.Wrap(sink, Id);
        await ReplayAsync(sink, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => default;

    protected abstract Task ReplayAsync(IPerceptSink sink, CancellationToken cancellationToken);

    protected static async Task<(CsvHeader Header, List<(int Line, string[] Fields)> Rows)> ReadCsvAsync(string path, string what, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{what} file '{path}' does not exist.", path);
        }

        var lines = await TextExport.ReadLinesAsync(path, what, ct).ConfigureAwait(false);
        CsvHeader? header = null;
        var rows = new List<(int, string[])>();
        var separator = ',';
        for (var i = 0; i < lines.Length; i++)
        {
            if (Csv.IsSkippable(lines[i]))
            {
                continue;
            }

            if (header is null)
            {
                separator = Csv.DetectSeparator(lines[i]);
            }

            var fields = Csv.Split(lines[i], separator);
            if (header is null)
            {
                header = new CsvHeader(fields, separator);
            }
            else
            {
                rows.Add((i + 1, fields));
            }
        }

        if (header is null)
        {
            throw new FormatException($"{what} file '{path}' is empty: a header line was expected.");
        }

        if (rows.Count == 0)
        {
            throw new FormatException($"{what} file '{path}' has a header but no data rows: nothing to replay.");
        }

        return (header, rows);
    }

    protected static double Number(string[] fields, int column) =>
        column >= 0 && column < fields.Length && Csv.TryNumber(fields[column], out var v) ? v : double.NaN;
}

/// <summary>Quality of a physiological sample that only the sample itself can tell.</summary>
internal static class PhysiologyQuality
{
    /// <summary>
    /// Skin conductance below this (µS) means the electrodes lost the skin: the E4's EDA drops to its
    /// floor when the wristband is loose or off, and real skin conductance stays well above it.
    /// </summary>
    public const float EdaContactFloor = 0.01f;

    public static PerceptQuality Of(PhysiologySample s) =>
        s.Signal == PhysiologySignal.Eda && s.Value >= 0 && s.Value < EdaContactFloor ? PerceptQuality.ContactLoss : PerceptQuality.None;
}

/// <summary>
/// OpenFace 2.x FeatureExtraction / FaceLandmarkVidMulti CSV (Baltrušaitis et al. 2018, "OpenFace 2.0",
/// FG). Columns by name: timestamp (seconds; the frame column is not time), success, confidence,
/// face_id, AUxx_r (intensity 0–5) or, when absent, AUxx_c (presence 0/1, read as FACS "C" = 3).
/// Rows with success = 0 are tracker failures: they become NoFace percepts, never neutral faces.
/// </summary>
internal sealed class OpenFaceFileSource : RecordingSource
{
    /// <summary>A jump between frames longer than this is a gap (≈ 7 frames at 30 fps).</summary>
    private const double GapSeconds = 0.25;

    /// <summary>Intensity assumed for an AU reported only as present (FACS "C", marked).</summary>
    private const float PresenceOnlyIntensity = 3f;

    public OpenFaceFileSource(string id, string path)
        : base(id, path, Modality.Face)
    {
    }

    protected override async Task ReplayAsync(IPerceptSink sink, CancellationToken ct)
    {
        var (h, rows) = await ReadCsvAsync(Path, "OpenFace CSV", ct).ConfigureAwait(false);
        var tCol = h.Find("timestamp");
        if (tCol < 0)
        {
            throw new FormatException($"OpenFace CSV '{Path}' has no 'timestamp' column (columns: {h.Describe()}).");
        }

        var successCol = h.Find("success");
        var confCol = h.Find("confidence");
        var faceCol = h.Find("face_id");
        var auCols = new int[ActionUnits.Count];
        var presenceOnly = new bool[ActionUnits.Count];
        var anyAu = false;
        for (var k = 0; k < ActionUnits.Count; k++)
        {
            var n = ActionUnits.Numbers[k];
            var name = n.ToString("00", CultureInfo.InvariantCulture);
            auCols[k] = h.Find($"AU{name}_r");
            if (auCols[k] < 0)
            {
                auCols[k] = h.Find($"AU{name}_c");
                presenceOnly[k] = auCols[k] >= 0;
            }

            anyAu |= auCols[k] >= 0;
        }

        if (!anyAu)
        {
            throw new FormatException($"OpenFace CSV '{Path}' has no action-unit columns (AUxx_r or AUxx_c); run FeatureExtraction with -aus. Columns: {h.Describe()}.");
        }

        Description = $"OpenFace 2.x CSV: {auCols.Count(c => c >= 0)} action units ({(presenceOnly.Any(p => p) ? "some presence-only AUxx_c" : "intensities AUxx_r")}), {rows.Count} frames{(faceCol >= 0 ? ", per face_id" : string.Empty)}";
        var previous = new System.Collections.Generic.Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (line, f) in rows)
        {
            ct.ThrowIfCancellationRequested();
            if (f.Length != h.Count)
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            var t = Number(f, tCol);
            var person = faceCol >= 0 ? "face" + f[faceCol] : DefaultPerson;
            // Frames missing from the timeline (dropped video, a paused recording) are flagged as a gap.
            var gap = previous.TryGetValue(person, out var prev) && t - prev > GapSeconds ? PerceptQuality.Gap : PerceptQuality.None;
            previous[person] = t;
            if (successCol >= 0 && Number(f, successCol) == 0)
            {
                sink.Push(new Percept { SourceId = Id, Person = person, Modality = Modality.Face, SourceTime = t, Clock = ClockDomain.Recording, Confidence = 0, Quality = PerceptQuality.NoFace });
                continue;
            }

            var aus = new float[ActionUnits.Count];
            for (var k = 0; k < aus.Length; k++)
            {
                if (auCols[k] < 0)
                {
                    continue;
                }

                var v = (float)Number(f, auCols[k]);
                aus[k] = presenceOnly[k] ? (v >= 0.5f ? PresenceOnlyIntensity : 0f) : v;
            }

            var probs = new float[LabelTables.Emfacs.Count];
            var valid = true;
            foreach (var v in aus)
            {
                valid &= v >= 0 && v <= ActionUnits.MaxIntensity;
            }

            if (valid)
            {
                EmfacsPrototypes.Score(aus, probs);
            }

            sink.Push(new Percept
            {
                SourceId = Id,
                Person = person,
                Modality = Modality.Face,
                Labels = valid ? LabelTables.Emfacs : null,
                ClassProbabilities = valid ? probs : ReadOnlyMemory<float>.Empty,
                ActionUnitIntensities = aus, // invalid AUs are refused (and counted) by the hub's validator
                SourceTime = t,
                Clock = ClockDomain.Recording,
                Confidence = confCol >= 0 ? (float)Number(f, confCol) : 1f,
                Quality = gap,
            });
        }
    }
}

/// <summary>
/// An Empatica E4 CSV export directory: EDA.csv, HR.csv (line 1 the start as Unix time, line 2 the
/// sample rate in Hz, then one value per line) and IBI.csv (line 1 start time and "IBI", then
/// "offset, interval" rows). Samples from all files are merged in time order. When present, ACC.csv
/// (32 Hz, x/y/z in 1/64 g) flags samples taken during movement (<see cref="PerceptQuality.Motion"/>)
/// and TEMP.csv (4 Hz, °C) flags samples taken off the skin (<see cref="PerceptQuality.ContactLoss"/>).
/// </summary>
internal sealed class E4ExportSource : RecordingSource
{
    public E4ExportSource(string id, string directory)
        : base(id, directory, Modality.Physiology)
    {
    }

    protected override async Task ReplayAsync(IPerceptSink sink, CancellationToken ct)
    {
        if (!Directory.Exists(Path))
        {
            throw new DirectoryNotFoundException($"E4 export directory '{Path}' does not exist.");
        }

        var samples = new List<(double Time, PhysiologySample Sample)>();
        var found = false;
        found |= await ReadSampled(System.IO.Path.Combine(Path, "EDA.csv"), PhysiologySignal.Eda, samples, sink, ct).ConfigureAwait(false);
        found |= await ReadSampled(System.IO.Path.Combine(Path, "HR.csv"), PhysiologySignal.HeartRate, samples, sink, ct).ConfigureAwait(false);
        found |= await ReadIbi(System.IO.Path.Combine(Path, "IBI.csv"), samples, sink, ct).ConfigureAwait(false);
        if (!found)
        {
            throw new FormatException($"E4 export directory '{Path}' has none of EDA.csv, HR.csv, IBI.csv.");
        }

        var motion = await ReadMotion(System.IO.Path.Combine(Path, "ACC.csv"), ct).ConfigureAwait(false);
        var temp = await ReadTemperature(System.IO.Path.Combine(Path, "TEMP.csv"), ct).ConfigureAwait(false);
        Description = $"Empatica E4 export: {samples.Count} samples of EDA/HR/IBI{(motion is null ? string.Empty : ", ACC motion check")}{(temp is null ? string.Empty : ", TEMP contact check")}";

        // Stable sort by time keeps the file order for equal times, so the replay is reproducible.
        foreach (var (t, s) in StableByTime(samples))
        {
            var q = PhysiologyQuality.Of(s);
            if (temp is not null && temp.Value.At(t) is { } c && (c < SkinTemperatureMin || c > SkinTemperatureMax))
            {
                q |= PerceptQuality.ContactLoss;
            }

            if (motion is not null && motion.Value.At(t) is { } m && m > MotionThresholdG)
            {
                q |= PerceptQuality.Motion;
            }

            sink.Push(new Percept { SourceId = Id, Person = DefaultPerson, Modality = Modality.Physiology, Physiology = s, SourceTime = t, Clock = ClockDomain.UnixSeconds, Confidence = 1f, Quality = q });
        }
    }

    /// <summary>
    /// Wrist skin temperature outside 30–40 °C means the sensor is off the skin (Kleckner et al. 2018,
    /// "Simple, transparent, and flexible automated quality assessment procedures for ambulatory
    /// electrodermal activity data", IEEE TBME 65(7), rule 3).
    /// </summary>
    public const double SkinTemperatureMin = 30.0;

    /// <inheritdoc cref="SkinTemperatureMin"/>
    public const double SkinTemperatureMax = 40.0;

    /// <summary>
    /// Standard deviation of the acceleration magnitude over one second (g) above which the wearer is
    /// moving: a resting wrist stays below 0.02 g, walking exceeds 0.1 g. Project's threshold, between the two.
    /// </summary>
    public const double MotionThresholdG = 0.05;

    /// <summary>One value per second of a regularly sampled signal, looked up by time.</summary>
    private readonly record struct PerSecond(double Start, double[] Values)
    {
        public double? At(double t)
        {
            var i = (int)Math.Floor(t - Start);
            return i >= 0 && i < Values.Length ? Values[i] : null;
        }
    }

    private static async Task<(double Start, double Rate, List<string[]> Rows)?> ReadRegular(string file, int columns, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var lines = await TextExport.ReadLinesAsync(file, "E4 file", ct).ConfigureAwait(false);
        if (lines.Length < 2 || !Csv.TryNumber(Csv.Split(lines[0])[0], out var start) || !Csv.TryNumber(Csv.Split(lines[1])[0], out var rate) || !(rate > 0))
        {
            throw new FormatException($"E4 file '{file}' must start with the start time (Unix seconds) on line 1 and the sample rate (Hz) on line 2.");
        }

        var rows = new List<string[]>(lines.Length);
        for (var i = 2; i < lines.Length; i++)
        {
            var f = Csv.Split(lines[i]);
            if (f.Length < columns)
            {
                throw new FormatException($"E4 file '{file}':{i + 1}: expected {columns} value(s), found {f.Length}.");
            }

            rows.Add(f);
        }

        return (start, rate, rows);
    }

    private static async Task<PerSecond?> ReadMotion(string file, CancellationToken ct)
    {
        // ACC.csv: x, y, z at 32 Hz in units of 1/64 g; motion = SD of |a| within each second.
        if (await ReadRegular(file, 3, ct).ConfigureAwait(false) is not { } acc)
        {
            return null;
        }

        var perSecond = (int)Math.Round(acc.Rate);
        var seconds = (acc.Rows.Count + perSecond - 1) / Math.Max(1, perSecond);
        var values = new double[seconds];
        for (var sec = 0; sec < seconds; sec++)
        {
            double sum = 0, sum2 = 0;
            var n = 0;
            for (var i = sec * perSecond; i < Math.Min(acc.Rows.Count, (sec + 1) * perSecond); i++)
            {
                var r = acc.Rows[i];
                if (!Csv.TryNumber(r[0], out var x) || !Csv.TryNumber(r[1], out var y) || !Csv.TryNumber(r[2], out var z))
                {
                    continue;
                }

                var mag = Math.Sqrt((x * x) + (y * y) + (z * z)) / 64.0;
                sum += mag;
                sum2 += mag * mag;
                n++;
            }

            values[sec] = n > 1 ? Math.Sqrt(Math.Max(0, (sum2 - (sum * sum / n)) / (n - 1))) : 0;
        }

        return new PerSecond(acc.Start, values);
    }

    private static async Task<PerSecond?> ReadTemperature(string file, CancellationToken ct)
    {
        if (await ReadRegular(file, 1, ct).ConfigureAwait(false) is not { } temp)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(temp.Rows.Count / temp.Rate);
        var values = new double[seconds];
        for (var sec = 0; sec < seconds; sec++)
        {
            var i = Math.Min(temp.Rows.Count - 1, (int)(sec * temp.Rate));
            values[sec] = Csv.TryNumber(temp.Rows[i][0], out var c) ? c : double.NaN;
        }

        return new PerSecond(temp.Start, values);
    }

    private static IEnumerable<(double, PhysiologySample)> StableByTime(List<(double Time, PhysiologySample Sample)> samples)
    {
        var idx = new int[samples.Count];
        for (var i = 0; i < idx.Length; i++)
        {
            idx[i] = i;
        }

        Array.Sort(idx, (a, b) =>
        {
            var c = samples[a].Time.CompareTo(samples[b].Time);
            return c != 0 ? c : a.CompareTo(b);
        });
        foreach (var i in idx)
        {
            yield return samples[i];
        }
    }

    private async Task<bool> ReadSampled(string file, PhysiologySignal signal, List<(double, PhysiologySample)> into, IPerceptSink sink, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        var lines = await TextExport.ReadLinesAsync(file, "E4 file", ct).ConfigureAwait(false);
        if (lines.Length < 2 || !Csv.TryNumber(Csv.Split(lines[0])[0], out var start) || !Csv.TryNumber(Csv.Split(lines[1])[0], out var rate) || !(rate > 0))
        {
            throw new FormatException($"E4 file '{file}' must start with the start time (Unix seconds) on line 1 and the sample rate (Hz) on line 2.");
        }

        for (var i = 2; i < lines.Length; i++)
        {
            if (Csv.IsSkippable(lines[i]))
            {
                continue;
            }

            if (!Csv.TryNumber(Csv.Split(lines[i])[0], out var v))
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            into.Add((start + ((i - 2) / rate), new PhysiologySample(signal, (float)v)));
        }

        return true;
    }

    private async Task<bool> ReadIbi(string file, List<(double, PhysiologySample)> into, IPerceptSink sink, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        var lines = await TextExport.ReadLinesAsync(file, "E4 file", ct).ConfigureAwait(false);
        if (lines.Length < 1 || !Csv.TryNumber(Csv.Split(lines[0])[0], out var start))
        {
            throw new FormatException($"E4 file '{file}' must start with the start time (Unix seconds) and 'IBI' on line 1.");
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (Csv.IsSkippable(lines[i]))
            {
                continue;
            }

            var f = Csv.Split(lines[i]);
            if (f.Length < 2 || !Csv.TryNumber(f[0], out var offset) || !Csv.TryNumber(f[1], out var ibi))
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            into.Add((start + offset, new PhysiologySample(PhysiologySignal.InterBeatInterval, (float)ibi)));
        }

        return true;
    }
}

/// <summary>
/// An iMotions export of facial-expression scores, comma-separated (.csv, iMotions 7+) or
/// tab-separated (.txt, iMotions 5.x/6.x, CRLF), '#' metadata lines skipped. Two engines are read:
/// Affectiva AFFDEX (class columns "Joy", "Anger", ... scored 0–100, optional "Valence" −100..100) and
/// Emotient FACET ("Joy Evidence", ... as log10 odds, mostly negative; Littlewort et al. 2011, "The
/// computer expression recognition toolbox (CERT)", FG), read as probabilities p = 1 / (1 + 10^−e).
/// Time is "Timestamp" in ms (or "time" in s); rows whose class cells are all empty are frames without a face.
/// </summary>
internal sealed class IMotionsFileSource : RecordingSource
{
    private static readonly LabelTable Facet = new(
        "facet",
        new LabelMapping("Joy", EmotionCategory.Happiness, LabelTables.PadOf(EmotionCategory.Happiness)),
        new LabelMapping("Sadness", EmotionCategory.Sadness, LabelTables.PadOf(EmotionCategory.Sadness)),
        new LabelMapping("Disgust", EmotionCategory.Disgust, LabelTables.PadOf(EmotionCategory.Disgust)),
        new LabelMapping("Contempt", EmotionCategory.Contempt, LabelTables.PadOf(EmotionCategory.Contempt)),
        new LabelMapping("Anger", EmotionCategory.Anger, LabelTables.PadOf(EmotionCategory.Anger)),
        new LabelMapping("Fear", EmotionCategory.Fear, LabelTables.PadOf(EmotionCategory.Fear)),
        new LabelMapping("Surprise", EmotionCategory.Surprise, LabelTables.PadOf(EmotionCategory.Surprise)),
        new LabelMapping("Neutral", EmotionCategory.Neutral, LabelTables.PadOf(EmotionCategory.Neutral)));

    public IMotionsFileSource(string id, string path)
        : base(id, path, Modality.Face)
    {
    }

    /// <summary>The FACET evidence (log10 odds) of a class as a probability.</summary>
    public static double EvidenceToProbability(double evidence) => 1.0 / (1.0 + Math.Pow(10, -evidence));

    protected override async Task ReplayAsync(IPerceptSink sink, CancellationToken ct)
    {
        var (h, rows) = await ReadCsvAsync(Path, "iMotions export", ct).ConfigureAwait(false);
        var msCol = h.Find("Timestamp", "Time (ms)", "timestamp_ms", "Timestamp (ms)");
        var sCol = msCol < 0 ? h.Find("time", "Time (s)", "seconds") : -1;
        if (msCol < 0 && sCol < 0)
        {
            throw new FormatException($"iMotions export '{Path}' has no time column ('Timestamp' in ms or 'time' in s). Columns: {h.Describe()}.");
        }

        // FACET names its columns "<Class> Evidence"; AFFDEX uses the bare class name.
        var facet = h.Find("Joy Evidence", "Anger Evidence", "Sadness Evidence", "Neutral Evidence") >= 0;
        var table = facet ? Facet : LabelTables.Affdex;
        var classCols = new int[table.Count];
        var anyClass = false;
        for (var k = 0; k < table.Count; k++)
        {
            classCols[k] = facet ? h.Find(table[k].ClassName + " Evidence") : h.Find(table[k].ClassName);
            anyClass |= classCols[k] >= 0;
        }

        if (!anyClass)
        {
            throw new FormatException($"iMotions export '{Path}' has neither AFFDEX class columns ({string.Join(", ", ClassNames(LabelTables.Affdex))}) nor FACET '<Class> Evidence' columns. Columns: {h.Describe()}.");
        }

        var valenceCol = facet ? -1 : h.Find("Valence");
        var posCol = facet ? h.Find("Positive Evidence") : -1;
        var negCol = facet ? h.Find("Negative Evidence") : -1;
        var personCol = h.Find("Respondent", "Respondent Name", "Name", "person");
        Description = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"iMotions {(h.Separator == '\t' ? "tab-separated text" : "CSV")} export of {(facet ? "Emotient FACET evidence (log10 odds, read as probabilities)" : "Affectiva AFFDEX scores (0-100)")}: {classCols.Count(c => c >= 0)} classes, {rows.Count} rows");
        foreach (var (_, f) in rows)
        {
            ct.ThrowIfCancellationRequested();
            if (f.Length < h.Count - 1 || f.Length > h.Count)
            {
                // iMotions .txt rows may drop an empty last cell; anything else is a broken row.
                sink.Reject(Id, "malformed");
                continue;
            }

            var t = msCol >= 0 ? Number(f, msCol) / 1000.0 : Number(f, sCol);
            var person = personCol >= 0 && personCol < f.Length && f[personCol].Length > 0 ? f[personCol] : DefaultPerson;
            var probs = new float[table.Count];
            var empty = true;
            for (var k = 0; k < probs.Length; k++)
            {
                if (classCols[k] < 0 || classCols[k] >= f.Length || f[classCols[k]].Length == 0)
                {
                    continue;
                }

                empty = false;
                var x = Number(f, classCols[k]);
                probs[k] = (float)(facet ? EvidenceToProbability(x) : x / 100.0);
            }

            if (empty)
            {
                sink.Push(new Percept { SourceId = Id, Person = person, Modality = Modality.Face, SourceTime = t, Clock = ClockDomain.Recording, Quality = PerceptQuality.NoFace });
                continue;
            }

            ValenceArousal? va = null;
            float? v = null;
            if (valenceCol >= 0 && valenceCol < f.Length && f[valenceCol].Length > 0)
            {
                v = (float)(Number(f, valenceCol) / 100.0);
            }
            else if (posCol >= 0 && negCol >= 0 && posCol < f.Length && negCol < f.Length && f[posCol].Length > 0 && f[negCol].Length > 0)
            {
                v = (float)(EvidenceToProbability(Number(f, posCol)) - EvidenceToProbability(Number(f, negCol)));
            }

            if (v is { } valence)
            {
                // Neither engine gives arousal: take it from the class scores' PAD instead.
                var a = 0f;
                var mass = 0f;
                for (var k = 0; k < probs.Length; k++)
                {
                    a += probs[k] * table[k].Pad.Arousal;
                    mass += probs[k];
                }

                va = new ValenceArousal(valence, mass > 1 ? a / mass : a);
            }

            sink.Push(new Percept { SourceId = Id, Person = person, Modality = Modality.Face, Labels = table, ClassProbabilities = probs, Affect = va, SourceTime = t, Clock = ClockDomain.Recording, Confidence = 1f });
        }
    }

    private static IEnumerable<string> ClassNames(LabelTable t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            yield return t[i].ClassName;
        }
    }
}

/// <summary>
/// A generic timestamped CSV: "time" (seconds), optional "person", and "valence" + "arousal"
/// (optional "dominance") in [-1, 1] and/or "category" (canonical or common names), optional
/// "confidence" and "modality" (face, voice, physiology, text, other).
/// </summary>
internal sealed class GenericCsvSource : RecordingSource
{
    public GenericCsvSource(string id, string path)
        : base(id, path, Modality.Other)
    {
    }

    protected override async Task ReplayAsync(IPerceptSink sink, CancellationToken ct)
    {
        var (h, rows) = await ReadCsvAsync(Path, "CSV", ct).ConfigureAwait(false);
        var tCol = h.Find("time", "timestamp", "t", "seconds");
        if (tCol < 0)
        {
            throw new FormatException($"CSV '{Path}' needs a 'time' column (seconds). Columns: {h.Describe()}.");
        }

        var vCol = h.Find("valence");
        var aCol = h.Find("arousal");
        var cCol = h.Find("category", "emotion", "label");
        if ((vCol < 0 || aCol < 0) && cCol < 0)
        {
            throw new FormatException($"CSV '{Path}' needs 'valence' and 'arousal' columns, or a 'category' column. Columns: {h.Describe()}.");
        }

        Description = $"generic CSV: {(vCol >= 0 && aCol >= 0 ? "valence/arousal" : string.Empty)}{(cCol >= 0 ? " category" : string.Empty)}, {rows.Count} rows";
        var pCol = h.Find("person", "subject", "participant");
        var confCol = h.Find("confidence");
        var mCol = h.Find("modality");
        foreach (var (_, f) in rows)
        {
            ct.ThrowIfCancellationRequested();
            if (f.Length != h.Count)
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            var modality = Modality.Other;
            if (mCol >= 0 && f[mCol].Length > 0 && !Enum.TryParse(f[mCol], true, out modality))
            {
                sink.Reject(Id, "unknown-modality");
                continue;
            }

            ReadOnlyMemory<float> probs = default;
            if (cCol >= 0 && f[cCol].Length > 0)
            {
                if (!LabelTables.TryParseCategory(f[cCol], out var cat))
                {
                    sink.Reject(Id, "unknown-label");
                    continue;
                }

                if (cat != EmotionCategory.Uncertain)
                {
                    var one = new float[LabelTables.Canonical.Count];
                    one[LabelTables.Canonical.IndexOf(LabelTables.NameOf(cat))] = 1f;
                    probs = one;
                }
            }

            ValenceArousal? va = vCol >= 0 && aCol >= 0 && f[vCol].Length > 0 && f[aCol].Length > 0
                ? new ValenceArousal((float)Number(f, vCol), (float)Number(f, aCol))
                : null;
            if (probs.IsEmpty && va is null)
            {
                sink.Reject(Id, "empty-row");
                continue;
            }

            sink.Push(new Percept
            {
                SourceId = Id,
                Person = pCol >= 0 && f[pCol].Length > 0 ? f[pCol] : DefaultPerson,
                Modality = modality,
                Labels = probs.IsEmpty ? null : LabelTables.Canonical,
                ClassProbabilities = probs,
                Affect = va,
                SourceTime = Number(f, tCol),
                Clock = ClockDomain.Recording,
                Confidence = confCol >= 0 && f[confCol].Length > 0 ? (float)Number(f, confCol) : 1f,
            });
        }
    }
}
