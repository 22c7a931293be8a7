namespace AffectEngine;

/// <summary>The named stages of one tick, run in this order; the systems each runs are declared in Hosting's TickPipeline (docs/architecture.md, "The tick").</summary>
public enum TickStage
{
    /// <summary>Apply the tick's input batch: scenario events, commands, fused percepts.</summary>
    Inputs = 0,

    /// <summary>Each agent filters the events it can perceive.</summary>
    Perceive = 1,

    /// <summary>Events against goals, standards, attitudes and relations give emotion impulses.</summary>
    Appraise = 2,

    /// <summary>Impulses integrate into intensities; decay; mood pull/push and return.</summary>
    Affect = 3,

    /// <summary>Episodic memory, relations, contagion.</summary>
    Social = 4,

    /// <summary>Dominant emotion, mood octant, facial action units.</summary>
    Express = 5,

    /// <summary>After the tick is sealed: observers read state (hash, record, notifications). Never mutates state.</summary>
    Publish = 6,
}
