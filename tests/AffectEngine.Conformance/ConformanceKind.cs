using System;
using System.Collections.Generic;
using System.Linq;

namespace AffectEngine.Conformance;

/// <summary>Thrown when a subject fails one or more conformance checks; the message lists each failure.</summary>
public sealed class ConformanceException : Exception
{
    public ConformanceException(string message)
        : base(message)
    {
    }

    public ConformanceException()
    {
    }

    public ConformanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The outcome of one check.</summary>
public sealed record ConformanceResult(string Kind, string Subject, string Check, bool Passed, string Detail)
{
    public override string ToString() => $"[{(Passed ? "pass" : "FAIL")}] {Kind} '{Subject}' / {Check}: {Detail}";
}

/// <summary>All check outcomes for one subject.</summary>
public sealed class ConformanceReport
{
    public ConformanceReport(IReadOnlyList<ConformanceResult> results) => Results = results;

    public IReadOnlyList<ConformanceResult> Results { get; }

    public bool Passed => Results.All(r => r.Passed);

    /// <summary>Throws <see cref="ConformanceException"/> listing every failed check.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed)
        {
            throw new ConformanceException(string.Join(Environment.NewLine, Results.Where(r => !r.Passed)));
        }
    }

    public override string ToString() => string.Join(Environment.NewLine, Results);
}

/// <summary>One named check of a kind: passes by returning a short detail, fails by throwing <see cref="ConformanceException"/>.</summary>
public sealed record ConformanceCheck<TSubject>(string Name, Func<TSubject, string> Run);

/// <summary>
/// A kind of plugin part (system, appraisal model, perception source, ...) and the checks every
/// part of that kind must pass. To add a kind, derive from this class, name it, and yield its checks;
/// a test then runs <see cref="Run"/> over every part of that kind found in the repository's plugins.
/// </summary>
public abstract class ConformanceKind<TSubject>
{
    /// <summary>The kind's name in reports ("system", "appraisal model", ...).</summary>
    public abstract string Kind { get; }

    /// <summary>The checks, in the order they run.</summary>
    public abstract IEnumerable<ConformanceCheck<TSubject>> Checks();

    /// <summary>A short name of a subject for reports.</summary>
    protected abstract string Describe(TSubject subject);

    /// <summary>Runs every check; a check that throws anything fails with that exception's type and message.</summary>
    public ConformanceReport Run(TSubject subject)
    {
        var results = new List<ConformanceResult>();
        var name = Describe(subject);
        foreach (var check in Checks())
        {
            try
            {
                results.Add(new ConformanceResult(Kind, name, check.Name, true, check.Run(subject)));
            }
#pragma warning disable CA1031 // A conformance failure of any kind is a result to report, not a crash of the kit.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var detail = ex is ConformanceException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                results.Add(new ConformanceResult(Kind, name, check.Name, false, detail));
            }
        }

        return new ConformanceReport(results);
    }

    /// <summary>Fails the current check.</summary>
    protected static ConformanceException Fail(string message) => new(message);
}
