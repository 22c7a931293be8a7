using System;
using System.Collections.Generic;

namespace AffectEngine.Perception;

/// <summary>
/// What every bundled source pushes through (the perception-source conformance rules): a percept
/// that is non-finite, out of range or malformed is rejected and counted here, at the source, with
/// the validator's reason; a timestamp earlier than the previous one for the same person is flagged
/// <see cref="PerceptQuality.OutOfOrder"/> rather than dropped. Thread-safe.
/// </summary>
internal sealed class CheckedSink : IPerceptSink
{
    private readonly IPerceptSink _inner;
    private readonly string _sourceId;
    private readonly Dictionary<string, double> _last = new(StringComparer.Ordinal);

    private CheckedSink(IPerceptSink inner, string sourceId)
    {
        _inner = inner;
        _sourceId = sourceId;
    }

    public static IPerceptSink Wrap(IPerceptSink sink, string sourceId)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return sink is CheckedSink ? sink : new CheckedSink(sink, sourceId);
    }

    public void Push(in Percept percept)
    {
        var problem = PerceptValidator.Check(percept);
        if (problem is not null)
        {
            _inner.Reject(_sourceId, problem);
            return;
        }

        bool backwards;
        lock (_last)
        {
            backwards = _last.TryGetValue(percept.Person, out var previous) && percept.SourceTime < previous;
            if (!backwards)
            {
                _last[percept.Person] = percept.SourceTime;
            }
        }

        if (backwards)
        {
            _inner.Push(percept with { Quality = percept.Quality | PerceptQuality.OutOfOrder });
            return;
        }

        _inner.Push(percept);
    }

    public void Reject(string sourceId, string reason) => _inner.Reject(sourceId, reason);
}
