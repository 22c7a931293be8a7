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

        /// <summary>Declares a scalar field, or returns the existing one.</summary>
        public FieldId Add(string name) => Add(name, 1, null);

        /// <summary>Declares a vector field of <paramref name="width"/> consecutive floats named name[i], or returns the existing one.</summary>
        public FieldId Add(string name, int width) => Add(name, width, null);

        /// <summary>
        /// Declares a vector field whose components are named <c>name.component</c>; each component can
        /// also be looked up alone as a scalar field (e.g. "mood" with p, a, d gives "mood.p").
        /// </summary>
        public FieldId Add(string name, IReadOnlyList<string> components)
        {
            if (components is null || components.Count == 0)
            {
                throw new ArgumentException($"Field '{name}' needs at least one component name.", nameof(components));
            }

            return Add(name, components.Count, components);
        }

        private FieldId Add(string name, int width, IReadOnlyList<string>? components)
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
            if (width == 1 && components is null)
            {
                _names.Add(name);
                return field;
            }

            for (var i = 0; i < width; i++)
            {
                var componentName = components is null ? $"{name}[{i}]" : $"{name}.{components[i]}";
                if (_byName.ContainsKey(componentName))
                {
                    throw new ArgumentException($"Field component '{componentName}' clashes with an existing field.", nameof(components));
                }

                _names.Add(componentName);
                _byName.Add(componentName, new FieldId(field.Index + i, 1));
            }

            return field;
        }

        /// <summary>Fixes the schema.</summary>
        public AgentSchema Build() => new(_names.ToArray(), new Dictionary<string, FieldId>(_byName, StringComparer.Ordinal));
    }
}
