using System;
using System.Collections.Generic;

namespace AffectEngine.Core;

/// <summary>The hot fields every agent has, fixed before the world is created.</summary>
public sealed class AgentSchema
{
    private readonly Dictionary<string, FieldId> _byName;

    private AgentSchema(IReadOnlyList<string> names, Dictionary<string, FieldId> byName)
    {
        FieldNames = names;
        _byName = byName;
    }

    /// <summary>One name per scalar field, in block order (vector fields give name[0], name[1], ...).</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Scalar fields per agent.</summary>
    public int FieldCount => FieldNames.Count;

    /// <summary>Looks up a field by name.</summary>
    public bool TryGetField(string name, out FieldId field) => _byName.TryGetValue(name, out field);

    /// <summary>Starts a schema.</summary>
    public static Builder CreateBuilder() => new();

    /// <summary>Declares fields; each name may be declared once.</summary>
    public sealed class Builder
    {
        private readonly List<string> _names = [];
        private readonly Dictionary<string, FieldId> _byName = new(StringComparer.Ordinal);

        /// <summary>Declares a field of <paramref name="width"/> consecutive floats, or returns the existing one of the same width.</summary>
        public FieldId Add(string name, int width = 1)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("A field needs a name.", nameof(name));
            }

            if (width < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(width), width, $"Field '{name}' needs a width of at least 1.");
            }

            if (_byName.TryGetValue(name, out var existing))
            {
                if (existing.Width != width)
                {
                    throw new ArgumentException($"Field '{name}' is declared twice with widths {existing.Width} and {width}.", nameof(name));
                }

                return existing;
            }

            var field = new FieldId(_names.Count, width);
            _byName.Add(name, field);
            if (width == 1)
            {
                _names.Add(name);
            }
            else
            {
                for (var i = 0; i < width; i++)
                {
                    _names.Add($"{name}[{i}]");
                }
            }

            return field;
        }

        /// <summary>Fixes the schema.</summary>
        public AgentSchema Build() => new(_names.ToArray(), new Dictionary<string, FieldId>(_byName, StringComparer.Ordinal));
    }
}
