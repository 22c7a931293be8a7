using System;
using System.Collections.Generic;
using AffectEngine.Core;

namespace AffectEngine.Persistence;

/// <summary>
/// Maps input kinds (<see cref="TickInput.Kind"/>) to readers, so a record's input batches can be
/// turned back into inputs. Every engine module that consumes a kind of input adds its reader
/// (Hosting's <c>IInputReaders</c>; plugins through their registry), and a host gets the complete
/// registry from its runner (<c>SimulationRunner.InputReaders()</c>); replaying a record that holds
/// an unregistered kind fails with a message naming the kind.
/// </summary>
public sealed class TickInputRegistry
{
    private readonly Dictionary<string, TickInputReader> _readers = new(StringComparer.Ordinal);

    /// <summary>Registers the reader of a kind; a kind may be registered once.</summary>
    public TickInputRegistry Register(string kind, TickInputReader reader)
    {
        if (string.IsNullOrEmpty(kind))
        {
            throw new ArgumentException("An input kind needs a name.", nameof(kind));
        }

        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        if (_readers.ContainsKey(kind))
        {
            throw new ArgumentException($"Input kind '{kind}' is registered twice.", nameof(kind));
        }

        _readers.Add(kind, reader);
        return this;
    }

    /// <summary>True when the kind has a reader.</summary>
    public bool IsRegistered(string kind) => kind is not null && _readers.ContainsKey(kind);

    /// <summary>The registered kinds.</summary>
    public IReadOnlyCollection<string> Kinds => _readers.Keys;

    /// <summary>
    /// Turns a stored input back into an input. Throws <see cref="RecordException"/> for an unknown
    /// kind, a payload the reader rejects, or bytes left over.
    /// </summary>
    public TickInput Decode(RecordedInput input)
    {
        if (input is null)
        {
            throw new ArgumentNullException(nameof(input));
        }

        if (!_readers.TryGetValue(input.Kind, out var reader))
        {
            throw new RecordException($"tick {input.Tick}: input kind '{input.Kind}' has no registered reader (known kinds: {string.Join(", ", _readers.Keys)})");
        }

        var payload = new BufferStateReader(input.Payload);
        TickInput decoded;
        try
        {
            decoded = reader(input.Tick, input.Source, input.Sequence, payload);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
        {
            throw new RecordException($"tick {input.Tick}: '{input.Kind}' input (source {input.Source}, sequence {input.Sequence}) is unreadable: {ex.Message}", ex);
        }

        if (payload.Remaining != 0)
        {
            throw new RecordException($"tick {input.Tick}: '{input.Kind}' input (source {input.Source}, sequence {input.Sequence}) has {payload.Remaining} unread payload bytes");
        }

        return decoded;
    }
}
