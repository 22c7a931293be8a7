using System;
using System.Collections.Generic;
using System.Globalization;

namespace AffectEngine.Appraisal;

/// <summary>A goal, interned from its name at load (0 = none). The hot path compares ints, never strings.</summary>
/// <param name="Value">The interned number (≥ 1), or 0 for none.</param>
public readonly record struct GoalId(int Value)
{
    /// <summary>True for the default, unassigned id.</summary>
    public bool IsNone => Value == 0;
}

/// <summary>A belief (the proposition an event is evidence for), so later events can update the same belief's likelihood (0 = none).</summary>
/// <param name="Value">The interned number (≥ 1), or 0 for none.</param>
public readonly record struct BeliefId(int Value)
{
    /// <summary>True for the default, unassigned id.</summary>
    public bool IsNone => Value == 0;
}

/// <summary>An action name, judged by standards (0 = none).</summary>
/// <param name="Value">The interned number (≥ 1), or 0 for none.</param>
public readonly record struct ActionId(int Value)
{
    /// <summary>True for the default, unassigned id.</summary>
    public bool IsNone => Value == 0;
}

/// <summary>An object (thing, place, agent-as-object) judged by attitudes (0 = none).</summary>
/// <param name="Value">The interned number (≥ 1), or 0 for none.</param>
public readonly record struct ObjectId(int Value)
{
    /// <summary>True for the default, unassigned id.</summary>
    public bool IsNone => Value == 0;
}

/// <summary>
/// Maps names to small positive integers in first-seen order (load time only). Interning order is
/// deterministic when the scenario is read in file order, so ids are the same run after run.
/// </summary>
public sealed class SymbolTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _names = [string.Empty];

    /// <summary>What the table names ("goal", "belief", ...), used in error messages.</summary>
    public SymbolTable(string kind) => Kind = kind ?? throw new ArgumentNullException(nameof(kind));

    /// <summary>What the table names.</summary>
    public string Kind { get; }

    /// <summary>Number of interned names.</summary>
    public int Count => _names.Count - 1;

    /// <summary>The id of <paramref name="name"/>, interning it when new.</summary>
    public int Intern(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"A {Kind} needs a non-empty name.", nameof(name));
        }

        if (_ids.TryGetValue(name, out var id))
        {
            return id;
        }

        id = _names.Count;
        _names.Add(name);
        _ids.Add(name, id);
        return id;
    }

    /// <summary>The id of a name already interned.</summary>
    public bool TryGet(string name, out int id) => _ids.TryGetValue(name ?? string.Empty, out id);

    /// <summary>The name of an id ("#n" when unknown).</summary>
    public string NameOf(int id) =>
        id > 0 && id < _names.Count ? _names[id] : "#" + id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The names of goals, beliefs, actions and objects of one scenario, interned at load.</summary>
public sealed class AppraisalVocabulary
{
    /// <summary>Goal names.</summary>
    public SymbolTable Goals { get; } = new("goal");

    /// <summary>Belief names.</summary>
    public SymbolTable Beliefs { get; } = new("belief");

    /// <summary>Action names.</summary>
    public SymbolTable Actions { get; } = new("action");

    /// <summary>Object names.</summary>
    public SymbolTable Objects { get; } = new("object");

    /// <summary>The id of a goal name (interned when new).</summary>
    public GoalId Goal(string name) => new(Goals.Intern(name));

    /// <summary>The id of a belief name (interned when new).</summary>
    public BeliefId Belief(string name) => new(Beliefs.Intern(name));

    /// <summary>The id of an action name (interned when new).</summary>
    public ActionId Action(string name) => new(Actions.Intern(name));

    /// <summary>The id of an object name (interned when new).</summary>
    public ObjectId Object(string name) => new(Objects.Intern(name));
}
