using System;
using System.Collections.Generic;
using AffectEngine.Core;

namespace AffectEngine.Hosting;

/// <summary>One system of the declared pipeline: its stage, its name, the module that attaches it and what it does.</summary>
/// <param name="Stage">The stage it runs in.</param>
/// <param name="System">The system's <see cref="ISystem.Name"/> (the name <c>affect run --profile</c> prints).</param>
/// <param name="Module">The <see cref="IEngineModule.Name"/> of the module that attaches it.</param>
/// <param name="Does">What it does, and when it is attached if not always.</param>
public sealed record PipelineStep(TickStage Stage, string System, string Module, string Does);

/// <summary>
/// What a tick runs, in order: the one declaration of the default pipeline (stage → systems). Stages
/// run in <see cref="TickStage"/> order; within a stage, the systems below run in the order listed,
/// which is part of the state hash. Modules attach their own systems, and every runner checks on
/// creation that what they attached keeps this order (<see cref="Check"/>), so a reordering is
/// caught by any test, not found by a changed hash. Systems of other modules (plugins, a host's
/// <see cref="AffectEngineBuilder.AddSystem"/>, a new engine module) are not listed here: they run
/// in their stage after the listed ones attached before them, in registration order.
/// <c>affect pipeline</c> prints this table; <c>affect pipeline scenario.json</c> the systems of that
/// scenario's runner (docs/architecture.md, "The tick").
/// </summary>
public static class TickPipeline
{
    /// <summary>The declared default systems in run order.</summary>
    public static IReadOnlyList<PipelineStep> Default { get; } =
    [
        new(TickStage.Inputs, "affect.elicit", "affect", "applies host elicit commands to emotion intensities"),
        new(TickStage.Perceive, "affect.perceive", "affect", "takes each perceived person's fused percept of the batch (expression congruence for moves)"),
        new(TickStage.Appraise, "affect.ambient", "affect", "background impulses from the seeded stream (only when ambient.rate > 0)"),
        new(TickStage.Appraise, "affect.appraise", "affect", "events and moves against goals, standards, attitudes, likings → impulses; attending agents react to percepts"),
        new(TickStage.Appraise, "behaviour.appraise-actions", "behaviour", "appraises the actions agents chose last tick as events of this tick (with a behaviour section)"),
        new(TickStage.Affect, "affect.dynamics", "affect", "impulses integrate, intensities decay, ALMA mood pull/push and return"),
        new(TickStage.Social, "social.encounters", "social", "encounters: recall, episodes, relation updates (with a social section)"),
        new(TickStage.Social, "social.contagion.capture", "social", "contagion pass 1: each sender's expressed emotion (when contagion is on)"),
        new(TickStage.Social, "social.contagion", "social", "contagion pass 2: ASCRIBE update of each receiver (when contagion is on)"),
        new(TickStage.Express, "affect.express", "affect", "dominant emotion, mood octant, facial action units"),
        new(TickStage.Express, "behaviour.act", "behaviour", "each agent chooses its action from its emotions and mood (with a behaviour section)"),
        new(TickStage.Publish, "affect.events", "affect", "engine events: emotions rising/falling, dominant and mood octant changes (when events are enabled)"),
        new(TickStage.Publish, "persistence.record", "host", "writes the sealed tick (inputs, hash, keyframes) when recording"),
    ];

    /// <summary>The position of a declared system in <see cref="Default"/>, or −1 for a system of another module.</summary>
    public static int RankOf(string systemName)
    {
        for (var i = 0; i < Default.Count; i++)
        {
            if (string.Equals(Default[i].System, systemName, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> when a declared system runs in another stage than
    /// declared or before a declared system listed ahead of it: the modules and this table disagree.
    /// </summary>
    public static void Check(Simulation simulation)
    {
        Guard.NotNull(simulation);
        for (var stage = TickStage.Inputs; stage <= TickStage.Publish; stage++)
        {
            var last = -1;
            string? lastName = null;
            foreach (var system in simulation.SystemsOf(stage))
            {
                var rank = RankOf(system.Name);
                if (rank < 0)
                {
                    continue;
                }

                if (Default[rank].Stage != stage)
                {
                    throw new InvalidOperationException($"System '{system.Name}' runs in the {stage} stage; the declared pipeline (TickPipeline.Default) puts it in {Default[rank].Stage}.");
                }

                if (rank < last)
                {
                    throw new InvalidOperationException($"System '{system.Name}' is attached after '{lastName}'; the declared pipeline (TickPipeline.Default) runs it before.");
                }

                last = rank;
                lastName = system.Name;
            }
        }
    }
}
