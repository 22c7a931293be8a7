namespace AffectEngine;

/// <summary>
/// An outside input (scenario event, command, fused percept) stamped with the tick it applies at.
/// Inputs of one tick are applied in canonical order: (tick, source, sequence). Everything that is
/// not a pure function of the seed enters the world this way, so the input batches of a run are
/// exactly what a replay record needs.
/// </summary>
public abstract class TickInput
{
    /// <summary>Creates an input.</summary>
    protected TickInput(long tick, int source, long sequence)
    {
        Tick = tick;
        Source = source;
        Sequence = sequence;
    }

    /// <summary>The tick at which the input applies.</summary>
    public long Tick { get; private set; }

    /// <summary>Who produced it (scenario = 0, host commands = 1, perception sources from 16 up).</summary>
    public int Source { get; private set; }

    /// <summary>Order among inputs of the same tick and source.</summary>
    public long Sequence { get; private set; }

    /// <summary>Stamps a pooled input again for reuse, only once no queue, batch or record can still see it (see AppraisalEvent pooling).</summary>
    private protected void Restamp(long tick, int source, long sequence)
    {
        Tick = tick;
        Source = source;
        Sequence = sequence;
    }

    /// <summary>A stable type tag, used to encode the input in records ("event", "percept", ...).</summary>
    public abstract string Kind { get; }

    /// <summary>Writes the payload canonically (used in records and input hashes).</summary>
    public abstract void WritePayload(IStateWriter writer);
}

/// <summary>Well-known input source numbers; lower numbers apply first within a tick.</summary>
public static class InputSources
{
    /// <summary>Events scheduled by the scenario file.</summary>
    public const int Scenario = 0;

    /// <summary>Commands from the host (a game, the visualizer, a trainee's UI).</summary>
    public const int Host = 1;

    /// <summary>Encounters scheduled by the scenario file (two per mutual encounter, so they get their own sequence space).</summary>
    public const int Encounters = 2;

    /// <summary>The first number for perception sources; source i uses Perception + i.</summary>
    public const int Perception = 16;
}

/// <summary>
/// Reads a <see cref="TickInput"/> back from what its <see cref="TickInput.WritePayload"/> wrote (records,
/// replays); a reader that runs past the end throws <see cref="System.FormatException"/>. Engine modules and
/// plugins register one per input kind they consume.
/// </summary>
/// <param name="tick">The tick stamp.</param>
/// <param name="source">The source number.</param>
/// <param name="sequence">The sequence number.</param>
/// <param name="reader">The payload reader.</param>
public delegate TickInput TickInputReader(long tick, int source, long sequence, IStateReader reader);
