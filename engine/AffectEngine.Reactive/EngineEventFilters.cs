using System;
using System.Reactive.Linq;
using AffectEngine.Affect;

namespace AffectEngine.Reactive;

/// <summary>Filters of engine event streams for game code: by agent, by kind, by emotion type.</summary>
public static class EngineEventFilters
{
    /// <summary>Events that happened to <paramref name="agent"/> (slot and generation: a later agent in the same slot is not it).</summary>
    public static IObservable<EngineEvent> ForAgent(this IObservable<EngineEvent> source, AgentId agent) =>
        Checked(source).Where(e => e.AgentSlot == agent.Slot && e.AgentGeneration == agent.Generation);

    /// <summary>Events of one kind.</summary>
    public static IObservable<EngineEvent> OfKind(this IObservable<EngineEvent> source, EngineEventKind kind) =>
        Checked(source).Where(e => e.Kind == kind);

    /// <summary>Events about one emotion type: it rose or fell, or became (or stopped being) the dominant emotion.</summary>
    public static IObservable<EngineEvent> OfEmotion(this IObservable<EngineEvent> source, EmotionType type) =>
        Checked(source).Where(e => e.Kind switch
        {
            EngineEventKind.EmotionRose or EngineEventKind.EmotionFell => e.Code == (int)type,
            EngineEventKind.DominantChanged => (int)e.From == (int)type || (int)e.To == (int)type,
            _ => false,
        });

    /// <summary>The emotion reached its up threshold ("the NPC just became furious").</summary>
    public static IObservable<EngineEvent> Rising(this IObservable<EngineEvent> source, EmotionType type) =>
        Checked(source).Where(e => e.Kind == EngineEventKind.EmotionRose && e.Code == (int)type);

    /// <summary>The emotion fell below its down threshold.</summary>
    public static IObservable<EngineEvent> Falling(this IObservable<EngineEvent> source, EmotionType type) =>
        Checked(source).Where(e => e.Kind == EngineEventKind.EmotionFell && e.Code == (int)type);

    private static IObservable<EngineEvent> Checked(IObservable<EngineEvent> source) => source ?? throw new ArgumentNullException(nameof(source));
}
