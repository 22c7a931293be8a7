using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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

        var lines = await File.ReadAllLinesAsync(path, ct).ConfigureAwait(false);
        CsvHeader? header = null;
        var rows = new List<(int, string[])>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (Csv.IsSkippable(lines[i]))
            {
                continue;
            }

            var fields = Csv.Split(lines[i]);
            if (header is null)
            {
                header = new CsvHeader(fields);
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
/// "offset, interval" rows). Samples from all files are merged in time order.
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

        // Stable sort by time keeps the file order for equal times, so the replay is reproducible.
        foreach (var (t, s) in StableByTime(samples))
        {
            sink.Push(new Percept { SourceId = Id, Person = DefaultPerson, Modality = Modality.Physiology, Physiology = s, SourceTime = t, Clock = ClockDomain.UnixSeconds, Confidence = 1f, Quality = PhysiologyQuality.Of(s) });
        }
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

        var lines = await File.ReadAllLinesAsync(file, ct).ConfigureAwait(false);
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

        var lines = await File.ReadAllLinesAsync(file, ct).ConfigureAwait(false);
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
/// An iMotions-style export of AFFDEX emotion scores: '#' metadata lines, then a header with any of
/// the <see cref="LabelTables.Affdex"/> class columns (scores 0–100), a time column ("Timestamp" in ms,
/// or "time" in seconds), optional "Valence" (-100..100) and an optional respondent column. Rows whose
/// class cells are all empty are frames without a face.
/// </summary>
internal sealed class IMotionsFileSource : RecordingSource
{
    public IMotionsFileSource(string id, string path)
        : base(id, path, Modality.Face)
    {
    }

    protected override async Task ReplayAsync(IPerceptSink sink, CancellationToken ct)
    {
        var (h, rows) = await ReadCsvAsync(Path, "iMotions CSV", ct).ConfigureAwait(false);
        var msCol = h.Find("Timestamp", "Time (ms)", "timestamp_ms");
        var sCol = msCol < 0 ? h.Find("time", "Time (s)", "seconds") : -1;
        if (msCol < 0 && sCol < 0)
        {
            throw new FormatException($"iMotions CSV '{Path}' has no time column ('Timestamp' in ms or 'time' in s). Columns: {h.Describe()}.");
        }

        var table = LabelTables.Affdex;
        var classCols = new int[table.Count];
        var anyClass = false;
        for (var k = 0; k < table.Count; k++)
        {
            classCols[k] = h.Find(table[k].ClassName, table[k].ClassName + " Evidence");
            anyClass |= classCols[k] >= 0;
        }

        if (!anyClass)
        {
            throw new FormatException($"iMotions CSV '{Path}' has none of the AFFDEX class columns ({string.Join(", ", ClassNames(table))}). Columns: {h.Describe()}.");
        }

        var valenceCol = h.Find("Valence");
        var personCol = h.Find("Respondent", "Respondent Name", "Name", "person");
        foreach (var (_, f) in rows)
        {
            ct.ThrowIfCancellationRequested();
            if (f.Length != h.Count)
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            var t = msCol >= 0 ? Number(f, msCol) / 1000.0 : Number(f, sCol);
            var person = personCol >= 0 && f[personCol].Length > 0 ? f[personCol] : DefaultPerson;
            var probs = new float[table.Count];
            var empty = true;
            for (var k = 0; k < probs.Length; k++)
            {
                if (classCols[k] < 0 || f[classCols[k]].Length == 0)
                {
                    continue;
                }

                empty = false;
                probs[k] = (float)(Number(f, classCols[k]) / 100.0);
            }

            if (empty)
            {
                sink.Push(new Percept { SourceId = Id, Person = person, Modality = Modality.Face, SourceTime = t, Clock = ClockDomain.Recording, Quality = PerceptQuality.NoFace });
                continue;
            }

            ValenceArousal? va = null;
            if (valenceCol >= 0 && f[valenceCol].Length > 0)
            {
                // AFFDEX gives valence but no arousal: take arousal from the class scores' PAD instead.
                var v = (float)(Number(f, valenceCol) / 100.0);
                var a = 0f;
                var mass = 0f;
                for (var k = 0; k < probs.Length; k++)
                {
                    a += probs[k] * table[k].Pad.Arousal;
                    mass += probs[k];
                }

                va = new ValenceArousal(v, mass > 1 ? a / mass : a);
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
