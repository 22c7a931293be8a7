using System;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>Attaches the affect module's input and background systems (kept apart from the core dynamics).</summary>
public static class AffectInputs
{
    /// <summary>Attaches the elicit-command system (Inputs stage) and, when the rate is above zero, ambient stimuli (Appraise stage).</summary>
    public static void Attach(Simulation simulation, AffectModule module, AmbientSettings ambient)
    {
        if (simulation is null || module is null || ambient is null)
        {
            throw new ArgumentNullException(simulation is null ? nameof(simulation) : module is null ? nameof(module) : nameof(ambient));
        }

        Problems.ThrowIfAny(ambient.Validate(), paramName: nameof(ambient));

        simulation.Attach(new ElicitSystem(simulation.World, module.Fields));
        if (ambient.Rate > 0f)
        {
            simulation.Attach(new AmbientStimulusSystem(simulation.World, module.Fields, ambient));
        }
    }
}
