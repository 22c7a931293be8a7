using System;
using System.Collections.Generic;
using AffectEngine.Core;
using AffectEngine.Perception;

namespace AffectEngine.Affect;

/// <summary>
/// The Perceive stage: what each perceived person shows this tick. It takes the tick's fused percepts
/// (<see cref="PerceptInput"/>) and keeps, per person, the first one of the batch, so the Appraise stage
/// reads a person's expression congruence (κ, <see cref="PerceivedPersonRules.Congruence"/>) for moves
/// without scanning the batch again. It writes no agent state (the hash after this stage is the hash
/// after Inputs); the reactions of attending agents stay in the Appraise stage in batch order, after
/// the scenario's events, as before (docs/adr/0004-one-declared-pipeline.md).
/// </summary>
internal sealed class PerceiveSystem : IWorldSystem
{
    private readonly World _world;
    private readonly Dictionary<string, PerceptInput> _byPerson = new(StringComparer.Ordinal);

    public PerceiveSystem(World world) => _world = world;

    public string Name => "affect.perceive";

    public TickStage Stage => TickStage.Perceive;

    public void Execute(in TickContext context)
    {
        _byPerson.Clear();
        var inputs = _world.Inputs.Current;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is PerceptInput p && !_byPerson.ContainsKey(p.Person))
            {
                _byPerson.Add(p.Person, p);
            }
        }
    }

    /// <summary>κ of the person's first fused percept in this tick's batch; 0 when the batch has none (no source, no modulation).</summary>
    public float CongruenceOf(string person) =>
        _byPerson.TryGetValue(person, out var p) ? PerceivedPersonRules.Congruence(p) : 0f;
}
