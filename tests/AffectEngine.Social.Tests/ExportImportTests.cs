using System;
using System.Collections.Generic;
using System.Linq;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Social.Tests;

/// <summary>The per-agent export/import hooks a sharded run uses for snapshots, and the system slot before contagion.</summary>
public sealed class ExportImportTests
{
    [Fact]
    public void Stored_episodes_copy_into_another_world_exactly()
    {
        using var a = Worlds.Create(s => s.Memory.Capacity = 4);
        var owner = Worlds.Add(a, "owner");
        var other = Worlds.Add(a, "other");
        var memory = a.Social().Memory;
        memory.Store(owner, 0, 3, other, AgentId.None, [new FeltEmotion(EmotionType.Anger, 0.8f), new FeltEmotion(EmotionType.Distress, 0.4f)]);
        memory.Store(owner, 5, 4, AgentId.None, other, [new FeltEmotion(EmotionType.Joy, 0.5f)]);
        a.Social().Recall(owner, new MemoryCue(other)); // rehearsal changes strength and the rehearsal tick
        var stored = new StoredEpisode[4];
        Assert.Equal(2, memory.CopyStored(owner, stored));

        // Another world, the agents in other slots: the episodes carry over with their references mapped.
        using var b = Worlds.Create(s => s.Memory.Capacity = 4);
        Worlds.Add(b, "filler");
        var other2 = Worlds.Add(b, "other");
        var owner2 = Worlds.Add(b, "owner");
        var mapped = Array.ConvertAll(stored[..2], e => e with
        {
            Actor = e.Actor == other ? other2 : e.Actor,
            Target = e.Target == other ? other2 : e.Target,
        });
        b.Social().Memory.RestoreStored(owner2, mapped);
        var back = new StoredEpisode[4];
        Assert.Equal(2, b.Social().Memory.CopyStored(owner2, back));
        Assert.Equal(mapped, back[..2]);
        Assert.Equal(memory.Salience(owner, 0, 40), b.Social().Memory.Salience(owner2, 0, 40));
        Assert.Equal(memory.AppraisalBias(owner, MemoryCue.OfKind(3), EmotionType.Anger, 40), b.Social().Memory.AppraisalBias(owner2, MemoryCue.OfKind(3), EmotionType.Anger, 40));

        Assert.Throws<ArgumentException>(() => b.Social().Memory.RestoreStored(owner2, new StoredEpisode[5]));
        Assert.Throws<ArgumentException>(() => b.Social().Memory.RestoreStored(owner2, [mapped[0] with { EmotionCount = 4 }]));
    }

    [Fact]
    public void Relations_replace_a_row_in_canonical_order()
    {
        using var runner = Worlds.Create(s => s.Relations.Capacity = 3);
        var a = Worlds.Add(runner, "a");
        var b = Worlds.Add(runner, "b");
        var c = Worlds.Add(runner, "c");
        var relations = runner.Social().Relations;
        relations.Set(a, b, 0.5f, 0.2f);
        relations.ReplaceRelations(a, [new RelationEntry(c, -0.3f, 0.6f), new RelationEntry(b, 0.1f, 0.9f)]);
        var row = new RelationEntry[3];
        Assert.Equal(2, relations.CopyRelations(a, row));
        Assert.Equal(new RelationEntry(b, 0.1f, 0.9f), row[0]); // sorted by the other's slot whatever the given order
        Assert.Equal(new RelationEntry(c, -0.3f, 0.6f), row[1]);

        relations.ReplaceRelations(a, []);
        Assert.Equal(0, relations.Count(a));
        Assert.Throws<ArgumentException>(() => relations.ReplaceRelations(a, [new RelationEntry(b, 0f, 0f), new RelationEntry(b, 0.2f, 0f)]));
        Assert.Throws<ArgumentException>(() => relations.ReplaceRelations(a, [new RelationEntry(a, 0f, 0f)]));
    }

    [Fact]
    public void A_system_added_before_contagion_runs_after_the_encounters_and_before_the_capture()
    {
        var probe = new Probe();
        var settings = new SocialSettings();
        settings.Contagion.Neighbours = NeighbourKind.Spatial;
        SocialEngineModule? social = null;
        var services = new ServiceCollection();
        services.AddAffectEngine()
            .AddModule(_ => social = new SocialEngineModule(settings))
            .AddModule(_ => new ProbeModule(probe, social!)); // after the social module, as a sharded run's border exchange is
        using var provider = services.BuildServiceProvider();
        using var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var names = new List<string>();
        foreach (var system in runner.Simulation.SystemsOf(TickStage.Social))
        {
            names.Add(system.Name);
        }

        var at = names.IndexOf(probe.Name);
        Assert.True(at > names.IndexOf("social.encounters") && at < names.IndexOf("social.contagion.capture"), string.Join(", ", names));

        // It is not transparent to the capture: the dynamics pass does not run the capture before it.
        var dynamics = runner.Simulation.SystemsOf(TickStage.Affect).Single(s => s.Name == "affect.dynamics");
        Assert.Null(runner.Simulation.FusableAfter(dynamics));
        Assert.Throws<InvalidOperationException>(() => runner.Social().AddBeforeContagion(new Probe())); // attached: too late
    }

    private sealed class Probe : IWorldSystem
    {
        public string Name => "test.probe";

        public TickStage Stage => TickStage.Social;

        public void Execute(in TickContext context)
        {
        }
    }

    private sealed class ProbeModule(Probe probe, SocialEngineModule social) : IEngineModule
    {
        public string Name => "test.probe";

        public void Declare(AgentSchema.Builder schema) => social.Social.AddBeforeContagion(probe);

        public void Attach(Simulation simulation)
        {
        }
    }
}
