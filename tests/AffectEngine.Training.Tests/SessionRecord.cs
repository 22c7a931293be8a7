using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Hosting;
using AffectEngine.Perception;
using AffectEngine.Persistence;
using AffectEngine.Scenarios;

namespace AffectEngine.Training.Tests;

/// <summary>
/// A session record replayed here, independently of the command's report code, so the report's numbers
/// can be checked against values recomputed from the record.
/// </summary>
internal sealed class SessionRecord
{
    public double Step { get; private set; }

    public double InitialDistress { get; private set; }

    public List<double> Distress { get; } = [];

    public List<float> PatientDistressEmotion { get; } = [];

    public List<float> PatientPity { get; } = [];

    public List<PerceptInput?> TraineeFace { get; } = [];

    public List<(long Tick, string Move)> Moves { get; } = [];

    public List<MoveInput> MoveInputs { get; } = [];

    public long PerceptInputs { get; private set; }

    public bool Verified { get; private set; }

    public static SessionRecord Replay(string path, string patientName = "patient", string traineeName = "trainee")
    {
        using var reader = RecordReader.Open(path);
        var h = reader.Header;
        var scenario = ScenarioLoader.Parse(h.Scenario, "embedded");
        using var runner = ScenarioHost.CreateRunner(scenario, new RunOverrides { Seed = h.Seed, Threads = h.Threads });
        Assert.True(runner.TryGetAgent(patientName, out var patient));
        var affect = runner.Affect;
        var s = new SessionRecord { Step = h.StepSeconds };
        var registry = new TickInputRegistry()
            .Register("elicit", ElicitCommand.ReadPayload)
            .Register("event", AppraisalEvent.ReadPayload)
            .Register("percept", PerceptInput.ReadPayload)
            .Register("move", MoveInput.ReadPayload);
        var result = RecordReplayer.Replay(reader, runner.Simulation, registry, new ReplayOptions
        {
            Verify = true,
            AfterLoad = _ => s.InitialDistress = Index(affect, patient),
            AfterTick = (tick, sim) =>
            {
                s.Distress.Add(Index(affect, patient));
                s.PatientDistressEmotion.Add(affect.Intensity(patient, EmotionType.Distress));
                s.PatientPity.Add(affect.Intensity(patient, EmotionType.Pity));
                PerceptInput? face = null;
                foreach (var input in sim.World.Inputs.Current)
                {
                    if (input is PerceptInput p)
                    {
                        s.PerceptInputs++;
                        if (p.Person == traineeName)
                        {
                            face = p;
                        }
                    }
                    else if (input is MoveInput m)
                    {
                        s.Moves.Add((tick, m.Move));
                        s.MoveInputs.Add(m);
                    }
                }

                s.TraineeFace.Add(face);
            },
        });
        Assert.Null(result.Mismatch);
        s.Verified = result.Mismatch is null && result.Complete;
        return s;
    }

    /// <summary>The report's definition, written again: clamp(−Σ Iₑ·Pₑ, 0, 1) with ALMA's pleasure per type.</summary>
    private static double Index(AffectModule affect, AgentId agent)
    {
        var sum = 0.0;
        for (var e = 0; e < Emotions.Count; e++)
        {
            sum += affect.Intensity(agent, (EmotionType)e) * AlmaTables.OccToPad((EmotionType)e).P;
        }

        return Math.Clamp(-sum, 0, 1);
    }

    public double Before(long tick) => tick == 0 ? InitialDistress : Distress[(int)tick - 1];

    /// <summary>D at the end of the report's 5 s window from <paramref name="tick"/> minus D just before it.</summary>
    public double Effect(long tick)
    {
        var window = (int)Math.Round(5 / Step);
        var end = Math.Min(Distress.Count - 1, tick + window - 1);
        return Distress[(int)end] - Before(tick);
    }
}
