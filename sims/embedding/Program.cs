using System;
using System.Globalization;
using System.Reactive.Disposables;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Reactive;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Samples.Embedding;

/// <summary>
/// A game embedding the engine: NPCs in a tavern, game events turned into elicited emotions, and
/// game code that reacts to the engine's events (Rx subscriptions) instead of polling every NPC
/// every frame: the guard's anger rising makes him draw his club and frightens the innkeeper, its
/// falling calms the room, and a face is redrawn only when its dominant emotion changes. A save
/// game carries the engine snapshot. Loading the save into a fresh engine and playing on gives the same state hash
/// as never having saved: the determinism a lockstep or replay system relies on.
/// </summary>
internal static class Program
{
    private const int FramesBeforeSave = 120;
    private const int FramesAfterSave = 120;

    // Saves come from disk: read them in MessagePack's untrusted-data mode. The resolver allows the
    // sample's internal save type.
    private static readonly MessagePackSerializerOptions SaveOptions = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolverAllowPrivate.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private static int Main()
    {
        var inv = CultureInfo.InvariantCulture;
        using var game = NewEngine();
        var npcs = AddNpcs(game);
        using var events = EngineEventStream.Attach(game.Simulation);
        using var reactions = React(game, events, npcs, show: true);

        // The game loop: one engine tick per game frame (fixed step 0.1 s of game time).
        for (var frame = 0; frame < FramesBeforeSave; frame++)
        {
            FeedGameEvents(game, npcs, frame);
            game.Step();
        }

        var save = new SaveGame { Frame = FramesBeforeSave, Npcs = Array.ConvertAll(npcs, n => game.NameOf(n)), Snapshot = game.Simulation.SaveSnapshot() };
        var bytes = MessagePackSerializer.Serialize(save, SaveOptions);
        Console.WriteLine($"saved at frame {save.Frame}: {bytes.Length} bytes (engine snapshot {save.Snapshot.Length} bytes)");

        for (var frame = FramesBeforeSave; frame < FramesBeforeSave + FramesAfterSave; frame++)
        {
            FeedGameEvents(game, npcs, frame);
            game.Step();
        }

        // Load: a new engine, the same NPCs by name, then the snapshot, then the same frames.
        var loaded = MessagePackSerializer.Deserialize<SaveGame>(bytes, SaveOptions);
        using var resumed = NewEngine();
        var resumedNpcs = Array.ConvertAll(loaded.Npcs, resumed.AddAgent);
        resumed.Simulation.LoadSnapshot(loaded.Snapshot);

        // The same reactions, silent: what they send is part of the run, so the hashes must still match.
        using var resumedEvents = EngineEventStream.Attach(resumed.Simulation);
        using var resumedReactions = React(resumed, resumedEvents, resumedNpcs, show: false);
        for (var frame = loaded.Frame; frame < FramesBeforeSave + FramesAfterSave; frame++)
        {
            FeedGameEvents(resumed, resumedNpcs, frame);
            resumed.Step();
        }

        PrintFace(game, npcs[0], FramesBeforeSave + FramesAfterSave, inv);
        var match = game.LastHash == resumed.LastHash;
        Console.WriteLine($"hash {game.LastHash:x16} after load {resumed.LastHash:x16}: {(match ? "MATCH" : "MISMATCH")}");
        return match ? 0 : 1;
    }

    private static SimulationRunner NewEngine()
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = 2024;
            o.World.StepSeconds = 0.1;
            o.Affect.Events.Enabled = true;
        });
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SimulationRunnerFactory>().Create();
    }

    private static AgentId[] AddNpcs(SimulationRunner game)
    {
        var innkeeper = game.AddAgent("innkeeper");
        var bard = game.AddAgent("bard");
        var guard = game.AddAgent("guard");
        game.Affect.SetPersonality(innkeeper, new Ocean(0.2f, 0.7f, 0.4f, 0.6f, -0.1f));
        game.Affect.SetPersonality(bard, new Ocean(0.9f, -0.3f, 0.9f, 0.4f, 0.2f));
        game.Affect.SetPersonality(guard, new Ocean(-0.2f, 0.8f, -0.3f, -0.2f, 0.3f));
        return [innkeeper, bard, guard];
    }

    /// <summary>
    /// The game's reactions, run by the engine's events after each tick. What a reaction sends
    /// (an elicited emotion) is an input of the next tick, so the reactions are part of the
    /// deterministic run: a resumed game with the same subscriptions reaches the same hash.
    /// </summary>
    private static CompositeDisposable React(SimulationRunner game, EngineEventStream events, AgentId[] npcs, bool show)
    {
        var (innkeeper, guard) = (npcs[0], npcs[2]);
        var inv = CultureInfo.InvariantCulture;
        return new CompositeDisposable(
            events.ForAgent(guard).Rising(EmotionType.Anger).Subscribe(e =>
            {
                Say(show, inv, "frame {0,3} guard: anger {1:0.00}, he draws his club; the innkeeper backs off", e.Tick, e.To);
                game.Elicit(innkeeper, EmotionType.Fear, 0.8f);
            }),
            events.ForAgent(guard).Falling(EmotionType.Anger).Subscribe(e =>
            {
                Say(show, inv, "frame {0,3} guard: anger down to {1:0.00}, he sheathes the club", e.Tick, e.To);
                game.Elicit(innkeeper, EmotionType.Relief, 0.5f);
            }),
            events.OfKind(EngineEventKind.DominantChanged).Subscribe(e =>
            {
                if (show)
                {
                    PrintFace(game, e.Agent, (int)e.Tick, inv);
                }
            }));
    }

    private static void Say(bool show, IFormatProvider inv, string format, long tick, float value)
    {
        if (show)
        {
            Console.WriteLine(string.Format(inv, format, tick, value));
        }
    }

    /// <summary>Scripted game events; a real game sends these from gameplay (the engine stamps them for the next tick).</summary>
    private static void FeedGameEvents(SimulationRunner game, AgentId[] npcs, int frame)
    {
        switch (frame)
        {
            case 20: // the bard plays a fine song
                game.Elicit(npcs[0], EmotionType.Joy, 0.6f);
                game.Elicit(npcs[1], EmotionType.Pride, 0.8f);
                break;
            case 90: // a brawl breaks out
                game.Elicit(npcs[0], EmotionType.Distress, 0.7f);
                game.Elicit(npcs[2], EmotionType.Anger, 0.9f);
                break;
            case 160: // the guard restores order
                game.Elicit(npcs[0], EmotionType.Relief, 0.8f);
                game.Elicit(npcs[0], EmotionType.Gratitude, 0.7f);
                break;
        }
    }

    private static void PrintFace(SimulationRunner game, AgentId npc, int frame, IFormatProvider inv)
    {
        var affect = game.Affect;
        var mood = affect.Mood(npc);
        var fields = affect.Fields;
        var dominant = (int)game.World.Value(npc, fields.Dominant);
        Span<float> units = stackalloc float[AffectFields.ActionUnitCount];
        affect.Expression(npc).CopyActionUnits(units);
        var aus = new string[AffectFields.ActionUnits.Count];
        for (var i = 0; i < aus.Length; i++)
        {
            aus[i] = string.Format(inv, "AU{0}={1:0.00}", AffectFields.ActionUnits[i], units[i]);
        }

        var name = dominant >= 0 ? ((EmotionType)dominant).Name() : "none";
        Console.WriteLine(string.Format(inv, "frame {0,3} {1}: mood P={2:+0.000;-0.000} A={3:+0.000;-0.000} D={4:+0.000;-0.000} dominant={5} {6}", frame, game.NameOf(npc), mood.P, mood.A, mood.D, name, string.Join(' ', aus)));
    }
}

/// <summary>The game's save file: its own state plus the engine snapshot bytes.</summary>
[MessagePackObject]
internal sealed class SaveGame
{
    [Key(0)]
    public int Frame { get; set; }

    [Key(1)]
    public string[] Npcs { get; set; } = [];

    [Key(2)]
    public byte[] Snapshot { get; set; } = [];
}
