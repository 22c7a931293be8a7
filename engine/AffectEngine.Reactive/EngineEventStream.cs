using System;
using System.Reactive.Subjects;
using AffectEngine.Core;

namespace AffectEngine.Reactive;

/// <summary>
/// A simulation's engine events as an <see cref="IObservable{T}"/>: after every tick, each event of
/// <see cref="World.Events"/> is pushed to the subscribers in the buffer's deterministic order, on the
/// tick thread, from a Publish-stage system attached last (so every other system's events are in).
/// Observers run inside the tick: they may read state and schedule inputs for later ticks
/// (an NPC's reply to an insult), but must not add or remove agents. An exception thrown by an
/// observer ends the step with that exception. Nothing is pushed or allocated when nobody subscribes.
/// </summary>
/// <example>
/// <code>
/// using var events = EngineEventStream.Attach(runner.Simulation);
/// events.ForAgent(npc).Rising(EmotionType.Anger).Subscribe(e => game.Shout(npc));
/// </code>
/// </example>
public sealed class EngineEventStream : IObservable<EngineEvent>, IDisposable
{
    private readonly Subject<EngineEvent> _subject = new();
    private readonly PublishSystem _system;

    private EngineEventStream(World world) => _system = new PublishSystem(world, this);

    /// <summary>
    /// Attaches a stream to <paramref name="simulation"/> (between ticks). Affect events (threshold
    /// crossings, dominant emotion, mood octant) flow only when the world was made with
    /// <c>AffectSettings.Events.Enabled</c>; module events (actions, coping) flow either way.
    /// </summary>
    public static EngineEventStream Attach(Simulation simulation)
    {
        if (simulation is null)
        {
            throw new ArgumentNullException(nameof(simulation));
        }

        var stream = new EngineEventStream(simulation.World);
        simulation.Attach(stream._system);
        return stream;
    }

    /// <summary>Events pushed so far (counts every event of every tick seen while anyone subscribed).</summary>
    public long Published { get; private set; }

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<EngineEvent> observer) => _subject.Subscribe(observer);

    /// <summary>Completes every subscription; later ticks push nothing.</summary>
    public void Dispose()
    {
        if (!_subject.IsDisposed)
        {
            _subject.OnCompleted();
            _subject.Dispose();
        }
    }

    private void Publish(World world)
    {
        if (_subject.IsDisposed || !_subject.HasObservers)
        {
            return;
        }

        var events = world.Events.Events;
        for (var i = 0; i < events.Length; i++)
        {
            _subject.OnNext(events[i]);
        }

        Published += events.Length;
    }

    private sealed class PublishSystem(World world, EngineEventStream stream) : IWorldSystem
    {
        public string Name => "reactive.publish";

        public TickStage Stage => TickStage.Publish;

        public void Execute(in TickContext context) => stream.Publish(world);
    }
}
