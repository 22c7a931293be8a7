using System;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Perception;

/// <summary>
/// Where a source delivers what it observes. Implementations are thread-safe: sources call them from
/// their own host threads, never from the tick.
/// </summary>
public interface IPerceptSink
{
    /// <summary>Delivers one raw percept (the sink validates it and may still reject it).</summary>
    void Push(in Percept percept);

    /// <summary>Counts (and logs) something the source had to drop: a malformed packet, a garbage line, a disconnect.</summary>
    /// <param name="sourceId">The source's <see cref="IPerceptionSource.Id"/>.</param>
    /// <param name="reason">A short stable reason such as "malformed", "nan", "out-of-range", "no-face", "disconnect".</param>
    void Reject(string sourceId, string reason);
}

/// <summary>
/// A perception plugin: a file replay, a network listener, a sensor client. It runs on host threads
/// and pushes raw percepts into a sink; it never touches the world.
/// </summary>
public interface IPerceptionSource : IAsyncDisposable
{
    /// <summary>A stable id, normally the spec string it was created from.</summary>
    string Id { get; }

    /// <summary>The source's main modality.</summary>
    Modality Modality { get; }

    /// <summary>
    /// True for recordings (files): their timestamps are a timeline to replay on tick time, starting
    /// at the time fusion first sees them. False for live sources, whose percepts count from arrival.
    /// </summary>
    bool IsRecording { get; }

    /// <summary>
    /// Starts delivering. A recording pushes all its percepts before the returned task completes (so a
    /// replay does not depend on thread timing); a live source returns once it is listening or connecting.
    /// </summary>
    Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken);

    /// <summary>Stops delivering and releases sockets and files; safe to call twice.</summary>
    Task StopAsync();
}
