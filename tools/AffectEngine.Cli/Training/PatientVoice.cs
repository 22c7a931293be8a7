using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Training;

/// <summary>One line of a session transcript: a trainee move or a patient answer.</summary>
/// <param name="Tick">The tick it was said in.</param>
/// <param name="Speaker">Who said it (the agent id).</param>
/// <param name="State">For an answer, the patient's state it was chosen for ("tearful"); for a move, the move id.</param>
/// <param name="Text">What was said.</param>
internal sealed record TranscriptLine(long Tick, string Speaker, string State, string Text);

/// <summary>
/// The patient's authored answers (<c>training.utterances</c>): <c>replyAfter</c> after each move, the
/// first utterance whose conditions on her emotions and mood all hold is said, its lines in turn.
/// It only reads the state, between ticks, so a session's hash is the same with or without answers.
/// </summary>
internal sealed class PatientVoice
{
    private readonly SimulationRunner _runner;
    private readonly TrainingSpec _spec;
    private readonly AgentId _patient;
    private readonly long _delay;
    private readonly int[] _nextLine;
    private readonly Queue<long> _due = new();

    public PatientVoice(SimulationRunner runner, TrainingSpec spec, AgentId patient, double stepSeconds)
    {
        _runner = runner;
        _spec = spec;
        _patient = patient;
        _delay = Math.Max(0, (long)Math.Round(spec.ReplyAfter.Seconds / stepSeconds));
        _nextLine = new int[spec.Utterances.Count];
    }

    /// <summary>The session so far: moves and answers in order.</summary>
    public List<TranscriptLine> Transcript { get; } = [];

    /// <summary>Notes a move made for <paramref name="tick"/>; the answer comes <c>replyAfter</c> later.</summary>
    public void Moved(long tick, MoveSpec move)
    {
        Transcript.Add(new TranscriptLine(tick, _spec.Trainee, move.Id, move.Label ?? move.Id));
        if (_spec.Utterances.Count > 0)
        {
            _due.Enqueue(tick + _delay);
        }
    }

    /// <summary>Called after tick <paramref name="tick"/> ran: the answer due then, if any (null otherwise).</summary>
    public TranscriptLine? After(long tick)
    {
        TranscriptLine? said = null;
        while (_due.Count > 0 && _due.Peek() <= tick)
        {
            _due.Dequeue();
            said = Answer(tick);
        }

        return said;
    }

    /// <summary>The line the patient says now, from the first utterance whose conditions hold (null when none does).</summary>
    public TranscriptLine? Answer(long tick)
    {
        for (var i = 0; i < _spec.Utterances.Count; i++)
        {
            var u = _spec.Utterances[i];
            if (!Holds(u))
            {
                continue;
            }

            var line = new TranscriptLine(tick, _spec.Patient, u.Id, u.Lines[_nextLine[i] % u.Lines.Count]);
            _nextLine[i]++;
            Transcript.Add(line);
            return line;
        }

        return null;
    }

    private bool Holds(UtteranceSpec u)
    {
        var affect = _runner.Affect;
        foreach (var c in u.When)
        {
            float value;
            if (c.Emotion is not null && Emotions.TryParse(c.Emotion, out var type))
            {
                value = affect.Intensity(_patient, type);
            }
            else
            {
                var mood = affect.Mood(_patient);
                value = c.Mood switch { "p" => mood.P, "a" => mood.A, _ => mood.D };
            }

            if ((c.Min is { } min && value < min) || (c.Max is { } max && value > max))
            {
                return false;
            }
        }

        return true;
    }
}
