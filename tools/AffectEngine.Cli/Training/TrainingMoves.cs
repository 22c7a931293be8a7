using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Training;

/// <summary>
/// Turns the scenario's training moves into <see cref="MoveInput"/>s: the trainee is the actor, the
/// patient the target, the move's action is judged by the patient's standards and its beliefs bear on
/// the patient's goals. The patient appraises it with the trainee's recognized face of the same tick.
/// </summary>
internal sealed class TrainingMoves
{
    private readonly SimulationRunner _runner;
    private readonly TrainingSpec _spec;
    private readonly AppraisalModule _appraisal;
    private readonly Dictionary<string, MoveSpec> _moves = new(StringComparer.Ordinal);
    private long _sequence;

    public TrainingMoves(SimulationRunner runner, TrainingSpec spec)
    {
        _runner = runner;
        _spec = spec;
        _appraisal = runner.Module<AffectEngineModule>().Appraisal;
        foreach (var m in spec.Moves)
        {
            _moves[m.Id] = m;
        }

        Trainee = Agent(spec.Trainee, "$.training.trainee");
        Patient = Agent(spec.Patient, "$.training.patient");
    }

    public AgentId Trainee { get; }

    public AgentId Patient { get; }

    public IReadOnlyList<MoveSpec> Menu => _spec.Moves;

    /// <summary>The move of that id (after <see cref="Make"/> accepted it).</summary>
    public MoveSpec Spec(string moveId) => _moves[moveId];

    /// <summary>Schedules the move for <paramref name="tick"/> (host input, recorded).</summary>
    public MoveInput Make(string moveId, long tick)
    {
        if (!_moves.TryGetValue(moveId, out var m))
        {
            throw new UserException($"no training move '{moveId}'; the scenario offers {string.Join(", ", _moves.Keys)}");
        }

        var index = _spec.Moves.IndexOf(m);
        var path = string.Format(CultureInfo.InvariantCulture, "$.training.moves[{0}]", index);
        var vocabulary = _appraisal.Vocabulary;
        var effects = new GoalEffect[m.Beliefs.Count];
        for (var i = 0; i < effects.Length; i++)
        {
            var b = m.Beliefs[i];
            var slash = b.Goal.IndexOf('/');
            var owner = Agent(b.Goal.Substring(0, slash), $"{path}.beliefs[{i}].goal");
            effects[i] = new GoalEffect(owner, vocabulary.Goal(b.Goal.Substring(slash + 1)), new Congruence(b.Congruence, $"{path}.beliefs[{i}].congruence"), new Likelihood(b.Likelihood, $"{path}.beliefs[{i}].likelihood"))
            {
                // How far the patient can change this outcome (EMA): picks problem- or emotion-focused coping.
                Controllability = b.Controllability,
            };
        }

        var action = vocabulary.Action(m.Action ?? m.Id);
        var e = new AppraisalEvent(tick, InputSources.Host, _sequence++, action, Trainee, effects, default, [Patient]);
        var error = _appraisal.Validate(e);
        if (error is not null)
        {
            throw new UserException($"{path}: {error}");
        }

        var move = new MoveInput(m.Id, _spec.Trainee, e);
        _runner.Enqueue(move);
        return move;
    }

    private AgentId Agent(string name, string path) =>
        _runner.TryGetAgent(name, out var id) ? id : throw Output.CliErrors.UnknownAgent(_runner, name, path);
}
