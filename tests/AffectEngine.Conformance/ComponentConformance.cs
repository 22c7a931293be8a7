using System;
using System.Collections.Generic;
using AffectEngine.Hosting.Plugins;

namespace AffectEngine.Conformance;

/// <summary>A plugin's component of contract <typeparamref name="TContract"/>: the catalog that holds it and its name.</summary>
public sealed record ComponentSubject<TContract>(PluginCatalog Catalog, string Name)
    where TContract : class;

/// <summary>
/// Checks every component kind shares: each factory call makes a fresh, usable instance, and the
/// assembly holds no banned API. A kind with a richer contract (an appraisal model, a perception
/// source) derives from this class and yields <c>base.Checks()</c> followed by its own behavioural checks.
/// </summary>
public class ComponentConformance<TContract> : ConformanceKind<ComponentSubject<TContract>>
    where TContract : class
{
    public override string Kind => typeof(TContract).Name;

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
        yield return new("no wall clock, unseeded randomness or console in its IL", s =>
        {
            var found = BannedApiScanner.Scan(Create(s).GetType().Assembly.Location);
            return found.Count == 0 ? "no banned member references" : throw Fail("uses " + string.Join(", ", found));
        });
    }

    /// <summary>Creates the component through the catalog, failing the check when it is missing or null.</summary>
    protected static TContract Create(ComponentSubject<TContract> subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!subject.Catalog.TryCreateComponent<TContract>(subject.Name, out var component) || component is null)
        {
            throw Fail($"no {typeof(TContract).Name} named '{subject.Name}' could be created");
        }

        return component;
    }
}
