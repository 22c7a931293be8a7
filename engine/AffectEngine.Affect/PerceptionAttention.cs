using System;
using System.Collections.Generic;

namespace AffectEngine.Affect;

/// <summary>
/// Who attends to which perceived person. A perceived person is a real human observed by a
/// perception source (the scenario's <c>perception[].person</c>); the agents attending to them
/// react to their fused percepts (<see cref="PerceivedPersonRules"/>). When the person is also an
/// agent of the world (a trainee's avatar), the attending agents' liking of that agent shapes the
/// reaction and the person can be the actor of moves (<see cref="MoveInput"/>).
/// Setup data, like goals and standards: set before the run, from the scenario.
/// </summary>
public sealed class PerceptionAttention
{
    private readonly Dictionary<string, Entry> _persons = new(StringComparer.Ordinal);

    /// <summary>Persons with at least one attending agent, in ordinal order.</summary>
    public IReadOnlyList<string> Persons
    {
        get
        {
            var list = new List<string>(_persons.Keys);
            list.Sort(StringComparer.Ordinal);
            return list;
        }
    }

    /// <summary>Makes <paramref name="agent"/> attend to <paramref name="person"/> (idempotent).</summary>
    public void Attend(string person, AgentId agent)
    {
        if (string.IsNullOrEmpty(person))
        {
            throw new ArgumentException("A perceived person needs an id.", nameof(person));
        }

        if (agent.IsNone)
        {
            throw new ArgumentException($"perception '{person}': an attending agent must be an agent.", nameof(agent));
        }

        var e = Get(person);
        if (e.Known.Add(agent))
        {
            e.Attenders.Add(agent);
            e.Dirty = true;
        }
    }

    /// <summary>Says that <paramref name="person"/> is embodied by <paramref name="agent"/> in the world (likings toward it apply).</summary>
    public void SetAgent(string person, AgentId agent)
    {
        if (string.IsNullOrEmpty(person))
        {
            throw new ArgumentException("A perceived person needs an id.", nameof(person));
        }

        Get(person).Agent = agent;
    }

    /// <summary>Sets how the attending agents read <paramref name="person"/>'s displays (default <see cref="PerceivedReading.Fortunes"/>).</summary>
    public void SetReading(string person, PerceivedReading reading)
    {
        if (string.IsNullOrEmpty(person))
        {
            throw new ArgumentException("A perceived person needs an id.", nameof(person));
        }

        Get(person).Reading = reading;
    }

    /// <summary>How <paramref name="person"/>'s displays are read.</summary>
    public PerceivedReading ReadingOf(string person) => _persons.TryGetValue(person, out var e) ? e.Reading : PerceivedReading.Fortunes;

    /// <summary>The agents attending to <paramref name="person"/> (sorted), empty when none.</summary>
    public ReadOnlySpan<AgentId> AttendersOf(string person) =>
        _persons.TryGetValue(person, out var e) ? e.AttendersArray : ReadOnlySpan<AgentId>.Empty;

    /// <summary>The agent embodying <paramref name="person"/>, or <see cref="AgentId.None"/>.</summary>
    public AgentId AgentOf(string person) => _persons.TryGetValue(person, out var e) ? e.Agent : AgentId.None;

    private Entry Get(string person)
    {
        if (!_persons.TryGetValue(person, out var e))
        {
            e = new Entry();
            _persons.Add(person, e);
        }

        return e;
    }

    private sealed class Entry
    {
        private AgentId[]? _array;

        public List<AgentId> Attenders { get; } = new();

        public HashSet<AgentId> Known { get; } = new();

        public bool Dirty { get; set; }

        public AgentId Agent { get; set; } = AgentId.None;

        public PerceivedReading Reading { get; set; }

        // Cached so the tick reads a span without allocating; rebuilt after setup changes.
        public AgentId[] AttendersArray
        {
            get
            {
                if (_array is null || Dirty)
                {
                    // Sorted once after setup, so reactions are applied in agent order whatever the declaration order.
                    Attenders.Sort();
                    _array = Attenders.ToArray();
                    Dirty = false;
                }

                return _array;
            }
        }
    }
}
