using System;
using System.Collections.Generic;
using AffectEngine.Hosting.Plugins;

namespace AffectEngine.Conformance;

/// <summary>
/// A component of contract <typeparamref name="TContract"/> under test: its name and a factory. Use
/// <see cref="FromCatalog"/> for a plugin's component (created through the catalog, as a host would),
/// or pass a factory for a built-in (the engine's OCC model).
/// </summary>
public sealed record ComponentSubject<TContract>(string Name, Func<TContract?> Factory)
    where TContract : class
{
    /// <summary>The component <paramref name="name"/> of a loaded catalog.</summary>
    public static ComponentSubject<TContract> FromCatalog(PluginCatalog catalog, string name)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(name, () => catalog.TryCreateComponent<TContract>(name, out var c) ? c : null);
    }
}

/// <summary>
/// Checks every component kind shares: each factory call makes a fresh, usable instance, and (unless
/// the kind opts out, see <see cref="ChecksIl"/>) the assembly holds no banned API. A kind with a
/// richer contract derives from this class and yields <c>base.Checks()</c> followed by its own checks.
/// </summary>
public class ComponentConformance<TContract> : ConformanceKind<ComponentSubject<TContract>>
    where TContract : class
{
    public override string Kind => typeof(TContract).Name;

    /// <summary>
    /// Whether the component's IL is scanned for the wall clock, unseeded randomness and console.
    /// True for everything that runs inside the tick; a kind that runs on host threads and must read
    /// a clock (live perception sources timestamp arrivals) turns it off.
    /// </summary>
    protected virtual bool ChecksIl => true;

    protected override string Describe(ComponentSubject<TContract> subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.Name;
    }

    public override IEnumerable<ConformanceCheck<ComponentSubject<TContract>>> Checks()
    {
        yield return new("the factory makes a fresh instance each call", s =>
        {
            var a = Create(s);
            var b = Create(s);
            if (ReferenceEquals(a, b))
            {
                throw Fail("the factory returned the same instance twice; components hold per-world state and must not be shared");
            }

            return a.GetType().FullName ?? a.GetType().Name;
        });
        if (ChecksIl)
        {
            yield return new("no wall clock, unseeded randomness or console in its IL", s =>
            {
                var found = BannedApiScanner.Scan(Create(s).GetType().Assembly.Location);
                return found.Count == 0 ? "no banned member references" : throw Fail("uses " + string.Join(", ", found));
            });
        }
    }

    /// <summary>Creates the component, failing the check when the factory gives nothing.</summary>
    protected static TContract Create(ComponentSubject<TContract> subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.Factory() ?? throw Fail($"no {typeof(TContract).Name} named '{subject.Name}' could be created");
    }
}
