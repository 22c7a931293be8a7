using System;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect;

/// <summary>
/// A move of a perceived person embodied by an agent (a trainee's "reassure", "dismiss", ...): an
/// <see cref="AppraisalEvent"/> (the action judged against the perceivers' standards, its effects on
/// their goals) made while <see cref="Person"/>'s expression is being recognized. The Appraise stage
/// appraises the event like any other, then scales the impulses of every perceiver but the actor by
/// the expression congruence of the person's fused percept in the same tick's batch
/// (<see cref="PerceivedPersonRules.CongruenceFactor"/>). Input kind "move".
/// </summary>
public sealed class MoveInput : TickInput
{
    /// <summary>The input kind tag.</summary>
    public const string KindName = "move";

    private const int PayloadVersion = 1;

    /// <summary>Creates a move; <paramref name="appraisalEvent"/> must have the same tick, source and sequence.</summary>
    public MoveInput(string move, string person, AppraisalEvent appraisalEvent)
        : base((appraisalEvent ?? throw new ArgumentNullException(nameof(appraisalEvent))).Tick, appraisalEvent.Source, appraisalEvent.Sequence)
    {
        if (string.IsNullOrEmpty(move))
        {
            throw new ArgumentException("A move needs a name.", nameof(move));
        }

        if (string.IsNullOrEmpty(person))
        {
            throw new ArgumentException("A move needs the perceived person who makes it.", nameof(person));
        }

        Move = move;
        Person = person;
        Event = appraisalEvent;
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>The move's name ("reassure").</summary>
    public string Move { get; }

    /// <summary>The perceived person making it (their percepts give the expression).</summary>
    public string Person { get; }

    /// <summary>What the move means for appraisal.</summary>
    public AppraisalEvent Event { get; }

    /// <inheritdoc />
    public override void WritePayload(IStateWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteInt32(PayloadVersion);
        writer.WriteString(Move);
        writer.WriteString(Person);
        Event.WritePayload(writer);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/> (replay).</summary>
    public static MoveInput ReadPayload(long tick, int source, long sequence, IStateReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new FormatException($"Move payload version {version} is not supported (expected {PayloadVersion}).");
        }

        var move = reader.ReadString();
        var person = reader.ReadString();
        var e = AppraisalEvent.ReadPayload(tick, source, sequence, reader);
        try
        {
            return new MoveInput(move, person, e);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Move payload is invalid: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"move@{Tick} {Person}: {Move}";
}
