using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using AffectEngine.Affect;
using AffectEngine.Cli.Output;
using AffectEngine.Cli.Training;
using AffectEngine.Hosting;
using AffectEngine.Perception;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect train &lt;scenario&gt; [--percepts source] [--script moves.json] --report out/ [--record out.aerec]</c>:
/// an empathy-training session. The trainee's recognized face comes from the scenario's perception
/// source for the trainee (or <c>--percepts</c>); their moves come from a script, or, on a terminal, from
/// a numbered menu offered every <c>training.menuEvery</c> of simulated time. The session is recorded and
/// the feedback report is computed from the record.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "The training scenario (with a \"training\" section)." };
        var percepts = new Option<string?>("--percepts") { Description = "The trainee's perception sources, replacing the scenario's: one spec or a comma-separated list, one per channel (e.g. openface:face.csv,openpose:poses/,e4:e4/)." };
        var script = new Option<string?>("--script") { Description = "Scripted moves (JSON: { \"moves\": [ { \"at\": \"5s\", \"move\": \"reassure\" } ] }); without it the session is interactive." };
        var report = new Option<string>("--report") { Description = "Folder for report.html and the plots (created when missing).", Required = true };
        var record = new Option<string?>("--record") { Description = "Where to write the session record (default: <report>/session.aerec)." };
        var ticks = CliOptions.Ticks("Session length in ticks (default: the scenario's).", min: 1);
        var quiet = new Option<bool>("--quiet") { Description = "Print only the report path and the state hash." };
        var command = new Command("train", "Run an empathy-training session (scripted or interactive) and write its feedback report.")
        {
            scenario, percepts, script, report, record, ticks, quiet,
        };
        command.SetAction(parse =>
        {
            var t = parse.GetValue(ticks);
            if (t is < 1)
            {
                throw new UserException($"--ticks must be 1 or more; got {t}");
            }

            return Run(parse.GetValue(scenario)!, parse.GetValue(percepts), parse.GetValue(script), parse.GetValue(report)!, parse.GetValue(record), t, parse.GetValue(quiet));
        });
        return command;
    }

    private static int Run(string path, string? percepts, string? scriptPath, string reportDir, string? recordPath, long? ticks, bool quiet)
    {
        var (scenario, bytes) = ScenarioFiles.LoadWithBytes(path);
        if (scenario.Training is not { } training)
        {
            throw new UserException($"{path}: has no \"training\" section (trainee, patient, moves); affect train needs one");
        }

        var overrides = new RunOverrides { Ticks = ticks };
        var total = ScenarioHost.TicksOf(scenario, overrides);
        var step = scenario.Run.Step.Seconds;
        List<ScriptedMove>? script = null;
        if (scriptPath is not null)
        {
            script = MovesScript.Load(scriptPath, training, step, total);
        }
        else if (Console.IsInputRedirected)
        {
            throw new UserException("stdin is not a terminal: an interactive session needs one; give --script moves.json for a scripted session");
        }

        var createdReport = OutputPaths.CreateFolder(reportDir, "--report");
        try
        {
            return Session(path, scenario, bytes, training, overrides, total, step, script, percepts, reportDir, recordPath, quiet);
        }
        catch
        {
            if (createdReport)
            {
                OutputPaths.RemoveIfEmpty(reportDir);
            }

            throw;
        }
    }

    private static int Session(string path, Scenarios.Scenario scenario, byte[] bytes, Scenarios.TrainingSpec training, RunOverrides overrides, long total, double step, List<ScriptedMove>? script, string? percepts, string reportDir, string? recordPath, bool quiet)
    {
        recordPath ??= Path.Combine(reportDir, "session.aerec");
        long ran;
        var digest = new RunDigest();
        var channels = new ModalityTimeline(training.Trainee);
        List<TranscriptLine> transcript;
        using (var runner = EngineSetup.CreateRunner(scenario, overrides, stageHashes: true, runFrom: ScenarioFiles.DirectoryOf(path)))
        using (var perception = ScenarioPerception.Open(scenario, ScenarioFiles.DirectoryOf(path), percepts is null ? null : (training.Trainee, ScenarioPerception.SplitSpecs(percepts))))
        using (perception?.ModalityReadings.Subscribe(channels))
        {
            if (perception is null && !quiet)
            {
                Console.Out.WriteLine($"note: no perception source for '{training.Trainee}': moves are appraised without the trainee's face (give --percepts)");
            }

            if (perception is not null)
            {
                runner.AddInputFeed(perception);
            }

            var moves = new TrainingMoves(runner, training);
            var voice = new PatientVoice(runner, training, moves.Patient, step);
            using var files = new OutputSet();
            var recordFile = files.Add(recordPath, "--record");
            using (var writer = new RecordWriter(recordFile.Stream, EngineSetup.Header(runner, scenario, bytes, Path.GetFileName(path), total, keyframeEvery: 1000, stageHashes: true)))
            {
                var recorder = RunRecorder.Attach(runner.Simulation, writer);
                runner.TickCompleted += digest.Add;
                ran = script is not null ? Scripted(runner, moves, voice, script, total, quiet) : Interactive(runner, moves, voice, training, total, step, perception);
                recorder.Complete();
            }

            files.CommitAll();
            transcript = voice.Transcript;
            if (!quiet)
            {
                Console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "session   {0} ticks ({1:0.#} s simulated), record {2}", ran, ran * step, recordPath));
                if (perception is not null)
                {
                    SummaryText.WriteWrapped(Console.Out, string.Format(CultureInfo.InvariantCulture, "percepts  {0} accepted, {1} fused into the run from {2}", perception.Accepted, perception.Produced, string.Join("; ", perception.Sources)), 10);
                }
            }
        }

        var analysis = SessionAnalysis.FromRecord(recordPath);
        var html = FeedbackReport.Write(analysis, reportDir, Path.GetFileName(recordPath), transcript, channels);
        var inv = CultureInfo.InvariantCulture;
        if (!quiet)
        {
            Console.Out.WriteLine(string.Format(inv, "distress  {0:0.0} s above {1} ({2:0.0%} of the session)", analysis.TimeInDistressSeconds, SessionAnalysis.DistressThreshold, analysis.TimeInDistressShare));
            Console.Out.WriteLine("recovery  " + (analysis.MeanRecoverySeconds is { } r ? r.ToString("0.0", inv) + " s mean after blameworthy moves" : "no blameworthy move recovered or none made") + (analysis.UnrecoveredMoves > 0 ? $" ({analysis.UnrecoveredMoves} not recovered)" : ""));
            Console.Out.WriteLine("congruence " + (analysis.MeanCongruence is { } c ? c.ToString("0.000", inv) : "n/a (the patient was never in distress with the trainee's face recognized)"));
        }

        Console.Out.WriteLine("report    " + html);
        RunDigest.Print(Console.Out, digest.Value, analysis.FinalHash);
        return 0;
    }

    private static long Scripted(SimulationRunner runner, TrainingMoves moves, PatientVoice voice, List<ScriptedMove> script, long total, bool quiet)
    {
        CliProgress.Run("session", "ticks", total, quiet, report =>
        {
            var next = 0;
            for (long tick = 0; tick < total; tick++)
            {
                while (next < script.Count && script[next].Tick == tick)
                {
                    moves.Make(script[next].Move, tick);
                    voice.Moved(tick, moves.Spec(script[next].Move));
                    next++;
                }

                runner.Step();
                report(1);
                if (voice.After(tick) is { } said && !quiet)
                {
                    Console.Out.WriteLine(Say(said, runner.World.Options.StepSeconds));
                }
            }
        });
        return total;
    }

    /// <summary>A transcript line as the session shows it: <c>[12.5 s] patient (tearful): "..."</c>.</summary>
    internal static string Say(TranscriptLine line, double step) =>
        string.Format(CultureInfo.InvariantCulture, "[{0:0.0} s] {1} ({2}): \"{3}\"", line.Tick * step, line.Speaker, line.State, line.Text);

    private static long Interactive(SimulationRunner runner, TrainingMoves moves, PatientVoice voice, Scenarios.TrainingSpec training, long total, double step, ScenarioPerception? perception)
    {
        var every = Math.Max(1, (long)Math.Round(training.MenuEvery.Seconds / step));
        PerceptInput? lastFace = null;
        using var subscription = perception?.Fused.Subscribe(new FaceWatcher(training.Trainee, p => lastFace = p));
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"Training session: you are '{training.Trainee}', speaking with '{training.Patient}'. Every {training.MenuEvery} of simulated time, pick a move.");
        for (long tick = 0; tick < total; tick++)
        {
            if (tick > 0 && tick % every == 0)
            {
                var affect = runner.Affect;
                var mood = affect.Mood(moves.Patient);
                Console.Out.WriteLine();
                Console.Out.WriteLine(string.Format(inv, "t = {0:0.#} s  {1}: distress index {2:0.00}, mood P {3:+0.00;-0.00} A {4:+0.00;-0.00} D {5:+0.00;-0.00}, strongest: {6}", tick * step, training.Patient, SessionAnalysis.DistressIndex(affect, moves.Patient), mood.P, mood.A, mood.D, Strongest(affect, moves.Patient)));
                Console.Out.WriteLine("your recognized face: " + (lastFace is null ? "no perception source" : SessionAnalysis.Face(lastFace.Category, lastFace.Confidence)));
                for (var i = 0; i < moves.Menu.Count; i++)
                {
                    Console.Out.WriteLine(string.Format(inv, "  {0}) {1}", i + 1, moves.Menu[i].Label ?? moves.Menu[i].Id));
                }

                Console.Out.WriteLine("  0) say nothing    q) end the session");
                while (true)
                {
                    Console.Out.Write("> ");
                    var line = Console.ReadLine();
                    if (line is null || line.Trim() == "q")
                    {
                        return tick;
                    }

                    line = line.Trim();
                    if (line.Length == 0 || line == "0")
                    {
                        break;
                    }

                    if (int.TryParse(line, NumberStyles.None, inv, out var k) && k >= 1 && k <= moves.Menu.Count)
                    {
                        moves.Make(moves.Menu[k - 1].Id, tick);
                        voice.Moved(tick, moves.Menu[k - 1]);
                        break;
                    }

                    Console.Out.WriteLine(string.Format(inv, "pick 1..{0}, 0 or q", moves.Menu.Count));
                }
            }

            Interrupt.ThrowIfRequested();
            runner.Step();
            if (voice.After(tick) is { } said)
            {
                Console.Out.WriteLine(Say(said, step));
            }
        }

        return total;
    }

    private static string Strongest(AffectModule affect, AgentId agent)
    {
        var best = -1;
        var value = 0.05f;
        for (var e = 0; e < Emotions.Count; e++)
        {
            var v = affect.Intensity(agent, (EmotionType)e);
            if (v > value)
            {
                value = v;
                best = e;
            }
        }

        return best < 0 ? "calm" : ((EmotionType)best).Name() + " " + value.ToString("0.00", CultureInfo.InvariantCulture);
    }

    private sealed class FaceWatcher : IObserver<PerceptInput>
    {
        private readonly string _person;
        private readonly Action<PerceptInput> _seen;

        public FaceWatcher(string person, Action<PerceptInput> seen)
        {
            _person = person;
            _seen = seen;
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(PerceptInput value)
        {
            if (value.Person == _person)
            {
                _seen(value);
            }
        }
    }
}
