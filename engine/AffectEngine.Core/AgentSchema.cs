using System;
using System.Collections.Generic;

namespace AffectEngine.Core;

/// <summary>The per-agent fields every agent has, fixed before the world is created.</summary>
public sealed class AgentSchema
{
    private readonly Dictionary<string, FieldId> _byName;

    private AgentSchema(IReadOnlyList<string> names, Dictionary<string, FieldId> byName, FieldId[] scalars, int hotFields, int coldFields)
    {
        FieldNames = names;
        _byName = byName;
        Scalars = scalars;
        HotFieldCount = hotFields;
        ColdFieldCount = coldFields;
    }

    /// <summary>One name per scalar field, in block order (vector fields give name[0], name[1], ...).</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Scalar fields per agent.</summary>
    public int FieldCount => FieldNames.Count;

    /// <summary>Scalar fields stored in the <see cref="AgentRegion.Hot"/> region.</summary>
    public int HotFieldCount { get; }

    /// <summary>Scalar fields stored in the <see cref="AgentRegion.Cold"/> region.</summary>
    public int ColdFieldCount { get; }

    /// <summary>Each scalar field (width 1) in canonical order, with its region and offset.</summary>
    internal FieldId[] Scalars { get; }

    /// <summary>The scalar field at position <paramref name="index"/> of <see cref="FieldNames"/> (its region and offset).</summary>
    public FieldId ScalarAt(int index) => Scalars[index];

    /// <summary>Looks up a field by name.</summary>
    public bool TryGetField(string name, out FieldId field) => _byName.TryGetValue(name, out field);

    /// <summary>Starts a schema.</summary>
    public static Builder CreateBuilder() => new();

    /// <summary>Declares fields; each name may be declared once.</summary>
    public sealed class Builder
    {
        private readonly List<string> _names = [];
        private readonly List<FieldId> _scalars = [];
        private readonly Dictionary<string, FieldId> _byName = new(StringComparer.Ordinal);
        private int _hot;
        private int _cold;

        /// <summary>Declares a scalar field (cold region), or returns the existing one.</summary>
        public FieldId Add(string name) => Add(name, 1, null, AgentRegion.Cold);

        /// <summary>Declares a vector field of <paramref name="width"/> consecutive floats named name[i] (cold region), or returns the existing one.</summary>
        public FieldId Add(string name, int width) => Add(name, width, null, AgentRegion.Cold);

        /// <summary>
        /// Declares a vector field whose components are named <c>name.component</c>; each component can
        /// also be looked up alone as a scalar field (e.g. "mood" with p, a, d gives "mood.p").
        /// </summary>
        public FieldId Add(string name, IReadOnlyList<string> components) => Add(name, components, AgentRegion.Cold);

        /// <summary>
        /// As <see cref="Add(string, IReadOnlyList{string})"/>, stored in <paramref name="region"/>. Declare
        /// <see cref="AgentRegion.Hot"/> only for the fields the per-agent affect pass streams every tick.
        /// Declaring again in another region returns the existing field (its region does not change).
        /// </summary>
        public FieldId Add(string name, IReadOnlyList<string> components, AgentRegion region)
        {
            if (components is null || components.Count == 0)
            {
                throw new ArgumentException($"Field '{name}' needs at least one component name.", nameof(components));
            }

            return Add(name, components.Count, components, region);
        }

        private FieldId Add(string name, int width, IReadOnlyList<string>? components, AgentRegion region)
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

            // A field's components are consecutive in its region, so a vector field is one run of lanes.
            int offset;
            if (region == AgentRegion.Hot)
            {
                offset = _hot * AgentBlocks.LanesPerBlock;
                _hot += width;
            }
            else
            {
                offset = _cold * AgentBlocks.LanesPerBlock;
                _cold += width;
            }

            var field = new FieldId(_names.Count, width, region, offset);
            _byName.Add(name, field);
            for (var i = 0; i < width; i++)
            {
                _scalars.Add(new FieldId(field.Index + i, 1, region, field.ComponentOffset(i)));
            }

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
                _byName.Add(componentName, _scalars[field.Index + i]);
            }

            return field;
        }

        /// <summary>Fixes the schema.</summary>
        public AgentSchema Build() => new(_names.ToArray(), new Dictionary<string, FieldId>(_byName, StringComparer.Ordinal), _scalars.ToArray(), _hot, _cold);
    }
}
