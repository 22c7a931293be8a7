using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Cli.Commands;
using AffectEngine.Cli.Output;
using AffectEngine.Perception;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Training;

/// <summary>A scored moment of the session: an input and how much the patient's state moved after it.</summary>
/// <param name="Tick">The tick of the input.</param>
/// <param name="Input">What happened ("move reassure", "trainee expression neutral → sadness").</param>
/// <param name="TraineeFace">The trainee's recognized expression at that tick.</param>
/// <param name="DistressBefore">The distress index just before the tick.</param>
/// <param name="DistressAfter">The distress index at the end of the window.</param>
/// <param name="MoodPleasureChange">Change of the patient's mood pleasure over the window.</param>
internal sealed record TurningPoint(long Tick, string Input, string TraineeFace, double DistressBefore, double DistressAfter, double MoodPleasureChange)
{
    /// <summary>Effect size: change of the distress index over the window (negative = relief).</summary>
    public double Effect => DistressAfter - DistressBefore;
}

/// <summary>A trainee move as the record holds it.</summary>
internal sealed record RecordedMove(long Tick, string Move, bool Blameworthy, string TraineeFace, double Kappa, double DistressBefore, double DistressAfter, double? RecoverySeconds);

/// <summary>
/// Everything the feedback report shows, computed from a session record by replaying it (the record
/// is the single source: the report's numbers can be recomputed from it). Definitions (also written
/// into the report):
/// <list type="bullet">
/// <item>distress index D(t) = clamp(−Σₑ Iₑ(t)·Pₑ, 0, 1): the patient's emotion intensities weighted by
/// the pleasure of each type in ALMA's OCC→PAD table (Gebhard 2005), i.e. the unpleasant side of the
/// active emotions' PAD centre times their total intensity;</item>
/// <item>time in distress = step × #ticks with D &gt; <see cref="DistressThreshold"/>;</item>
/// <item>recovery after a blameworthy move (one the patient's standards judge negatively: dismiss,
/// interrupt) = time from the move until D is back at or below its value just before the move;</item>
/// <item>congruence = mean κ (confidence × engagement of the trainee's recognized expression) over the
/// ticks when the patient is in distress and the trainee's face is recognized, and the share of those
/// ticks with κ &gt; 0;</item>
/// <item>turning points = moves and changes of the trainee's recognized category, ranked by |D(t+W−1) −
/// D(t−1)| with W = <see cref="WindowSeconds"/>.</item>
/// </list>
/// </summary>
internal sealed class SessionAnalysis
{
    public const double DistressThreshold = 0.25;
    public const double WindowSeconds = 5;
    public const int TopTurningPoints = 5;

    private SessionAnalysis()
    {
    }

    public string ScenarioName { get; private set; } = "";

    public string Patient { get; private set; } = "";

    public string Trainee { get; private set; } = "";

    public double StepSeconds { get; private set; }

    public long Ticks { get; private set; }

    public ulong FinalHash { get; private set; }

    /// <summary>Time after each tick (tick + 1) × step.</summary>
    public double[] Time { get; private set; } = [];

    public double[] Distress { get; private set; } = [];

    public double InitialDistress { get; private set; }

    public double[] MoodP { get; private set; } = [];

    public double[] MoodA { get; private set; } = [];

    public double[] MoodD { get; private set; } = [];

    public double[] TraineeValence { get; private set; } = [];

    public double[] TraineeArousal { get; private set; } = [];

    public double[] TraineeConfidence { get; private set; } = [];

    public double[] TraineeKappa { get; private set; } = [];

    public EmotionCategory[] TraineeCategory { get; private set; } = [];

    /// <summary>Per tick: true when the fusion abstained on the trainee (too unsure or the channels disagreed).</summary>
    public bool[] TraineeAbstained { get; private set; } = [];

    public List<RecordedMove> Moves { get; } = [];

    public List<TurningPoint> TurningPoints { get; } = [];

    public double TimeInDistressSeconds { get; private set; }

    public double TimeInDistressShare { get; private set; }

    public double? MeanRecoverySeconds { get; private set; }

    public int UnrecoveredMoves { get; private set; }

    public double? MeanCongruence { get; private set; }

    public double? CongruentShare { get; private set; }

    public int DistressedRecognizedTicks { get; private set; }

    public byte[] PatientPlot { get; private set; } = [];

    public static SessionAnalysis FromRecord(string recordPath)
    {
        using var reader = RecordFiles.Open(recordPath);
        var scenario = RecordFiles.ScenarioOf(reader, recordPath);
        if (scenario.Training is not { } training)
        {
            throw new UserException($"{recordPath}: the recorded scenario has no \"training\" section; a feedback report needs a training session record");
        }

        using var runner = RecordFiles.RunnerFor(reader, recordPath, threads: null);
        if (!runner.TryGetAgent(training.Patient, out var patient))
        {
            throw new UserException($"{recordPath}: no patient agent '{training.Patient}'");
        }

        var blame = new Dictionary<string, bool>(StringComparer.Ordinal);
        var standards = runner.Module<Hosting.AffectEngineModule>().Appraisal;
        foreach (var m in training.Moves)
        {
            var action = standards.Vocabulary.Action(m.Action ?? m.Id);
            standards.View(patient).TryGetStandard(action, out var w);
            blame[m.Id] = w < 0f;
        }

        var a = new SessionAnalysis
        {
            ScenarioName = scenario.Name,
            Patient = training.Patient,
            Trainee = training.Trainee,
            StepSeconds = reader.Header.StepSeconds,
        };
        var time = new List<double>();
        var distress = new List<double>();
        var moodP = new List<double>();
        var moodA = new List<double>();
        var moodD = new List<double>();
        var val = new List<double>();
        var aro = new List<double>();
        var conf = new List<double>();
        var kappa = new List<double>();
        var cat = new List<EmotionCategory>();
        var abstained = new List<bool>();
        var moves = new List<(long Tick, string Move, double Kappa, EmotionCategory Face, float Confidence)>();
        var plot = new TrajectoryPlot(runner.World, [(training.Patient, patient)]);
        var affect = runner.Affect;
        var options = new ReplayOptions
        {
            Verify = true,
            AfterLoad = _ => a.InitialDistress = DistressIndex(affect, patient),
            AfterTick = (tick, sim) =>
            {
                var t = (tick + 1) * a.StepSeconds;
                time.Add(t);
                distress.Add(DistressIndex(affect, patient));
                var mood = affect.Mood(patient);
                moodP.Add(mood.P);
                moodA.Add(mood.A);
                moodD.Add(mood.D);
                plot.Sample(sim.World, t);
                PerceptInput? face = null;
                foreach (var input in sim.World.Inputs.Current)
                {
                    if (input is PerceptInput p && p.Person == training.Trainee)
                    {
                        face = p;
                    }
                }

                val.Add(face?.Valence ?? double.NaN);
                aro.Add(face?.Arousal ?? double.NaN);
                conf.Add(face?.Confidence ?? 0);
                var k = face is null ? 0 : PerceivedPersonRules.Congruence(face);
                kappa.Add(k);
                cat.Add(face?.Category ?? EmotionCategory.Uncertain);
                abstained.Add(face is not null && (face.Quality & PerceptQuality.Abstained) != 0);
                foreach (var input in sim.World.Inputs.Current)
                {
                    if (input is MoveInput m)
                    {
                        moves.Add((tick, m.Move, k, face?.Category ?? EmotionCategory.Uncertain, face?.Confidence ?? 0f));
                    }
                }
            },
        };
        var result = RecordFiles.Replay(reader, runner, recordPath, options);
        if (result.Mismatch is { } mismatch)
        {
            throw new UserException($"{recordPath}: the record does not replay (tick {mismatch.Tick} differs); cannot report on it");
        }

        a.Ticks = result.Ticks;
        a.FinalHash = result.FinalHash;
        a.Time = [.. time];
        a.Distress = [.. distress];
        a.MoodP = [.. moodP];
        a.MoodA = [.. moodA];
        a.MoodD = [.. moodD];
        a.TraineeValence = [.. val];
        a.TraineeArousal = [.. aro];
        a.TraineeConfidence = [.. conf];
        a.TraineeKappa = [.. kappa];
        a.TraineeCategory = [.. cat];
        a.TraineeAbstained = [.. abstained];
        a.PatientPlot = plot.Render(scenario.Name);
        a.Measure(moves, blame);
        return a;
    }

    /// <summary>D = clamp(−Σ Iₑ·Pₑ, 0, 1) over the 24 types, with ALMA's pleasure of each type.</summary>
    public static double DistressIndex(AffectModule affect, AgentId agent)
    {
        var sum = 0.0;
        for (var e = 0; e < Emotions.Count; e++)
        {
            sum += affect.Intensity(agent, (EmotionType)e) * AlmaTables.OccToPad((EmotionType)e).P;
        }

        return Math.Max(0, Math.Min(1, -sum));
    }

    public static string Face(EmotionCategory category, double confidence) =>
        category == EmotionCategory.Uncertain ? "uncertain" : LabelTables.NameOf(category) + " " + confidence.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private double Before(long tick) => tick <= 0 ? InitialDistress : Distress[tick - 1];

    private void Measure(List<(long Tick, string Move, double Kappa, EmotionCategory Face, float Confidence)> moves, Dictionary<string, bool> blame)
    {
        var n = Distress.Length;
        var window = Math.Max(1, (int)Math.Round(WindowSeconds / StepSeconds));
        var inDistress = 0;
        var congruenceSum = 0.0;
        var congruent = 0;
        var counted = 0;
        for (var t = 0; t < n; t++)
        {
            if (Distress[t] > DistressThreshold)
            {
                inDistress++;
                if (TraineeCategory[t] != EmotionCategory.Uncertain)
                {
                    counted++;
                    congruenceSum += TraineeKappa[t];
                    congruent += TraineeKappa[t] > 0 ? 1 : 0;
                }
            }
        }

        TimeInDistressSeconds = inDistress * StepSeconds;
        TimeInDistressShare = n == 0 ? 0 : (double)inDistress / n;
        DistressedRecognizedTicks = counted;
        MeanCongruence = counted == 0 ? null : congruenceSum / counted;
        CongruentShare = counted == 0 ? null : (double)congruent / counted;

        var recoveries = new List<double>();
        foreach (var (tick, move, k, face, confidence) in moves)
        {
            var before = Before(tick);
            var end = Math.Min(n - 1, tick + window - 1);
            double? recovery = null;
            var isBlame = blame.TryGetValue(move, out var b) && b;
            if (isBlame)
            {
                for (var t = tick; t < n; t++)
                {
                    if (Distress[t] <= before)
                    {
                        recovery = (t - tick + 1) * StepSeconds;
                        break;
                    }
                }

                if (recovery is { } r)
                {
                    recoveries.Add(r);
                }
                else
                {
                    UnrecoveredMoves++;
                }
            }

            Moves.Add(new RecordedMove(tick, move, isBlame, Face(face, confidence), k, before, Distress[end], recovery));
        }

        MeanRecoverySeconds = recoveries.Count == 0 ? null : Average(recoveries);

        var candidates = new List<TurningPoint>();
        foreach (var m in Moves)
        {
            var end = Math.Min(n - 1, m.Tick + window - 1);
            candidates.Add(new TurningPoint(m.Tick, "move " + m.Move, m.TraineeFace, m.DistressBefore, Distress[end], MoodP[end] - (m.Tick == 0 ? MoodP[0] : MoodP[m.Tick - 1])));
        }

        for (var t = 1; t < n; t++)
        {
            if (TraineeCategory[t] != TraineeCategory[t - 1])
            {
                var end = Math.Min(n - 1, t + window - 1);
                candidates.Add(new TurningPoint(t, "trainee expression " + LabelTables.NameOf(TraineeCategory[t - 1]) + " -> " + LabelTables.NameOf(TraineeCategory[t]), Face(TraineeCategory[t], TraineeConfidence[t]), Before(t), Distress[end], MoodP[end] - MoodP[t - 1]));
            }
        }

        candidates.Sort((x, y) =>
        {
            var c = Math.Abs(y.Effect).CompareTo(Math.Abs(x.Effect));
            return c != 0 ? c : x.Tick.CompareTo(y.Tick);
        });
        for (var i = 0; i < Math.Min(TopTurningPoints, candidates.Count); i++)
        {
            TurningPoints.Add(candidates[i]);
        }
    }

    private static double Average(List<double> xs)
    {
        var s = 0.0;
        foreach (var x in xs)
        {
            s += x;
        }

        return s / xs.Count;
    }
}
