using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AffectEngine.Core.Tests;

/// <summary>The per-tick event buffer: cleared each tick, partition order merged into slot order, blittable events.</summary>
public sealed class EventBufferTests
{
    [Fact]
    public void Events_from_partitions_come_out_in_slot_order_at_any_thread_count()
    {
        var one = Run(1);
        var four = Run(4);
        Assert.True(one.Count > 100);
        Assert.Equal(one, four);
        for (var i = 1; i < one.Count; i++)
        {
            Assert.True(one[i - 1].AgentSlot < one[i].AgentSlot || one[i - 1].Tick < one[i].Tick);
        }
    }

    [Fact]
    public void The_buffer_holds_only_the_last_tick_and_tick_thread_events_keep_their_order()
    {
        var (world, sim, _) = TestWorlds.Create();
        using (sim)
        {
            var a = world.AddAgent();
            sim.Attach(new TickThreadEvents(world, a));
            sim.Step();
            sim.Step();
            Assert.Equal(1L, world.Events.Tick);
            var events = world.Events.Events.ToArray();
            Assert.Equal(3, events.Length);
            Assert.Equal([1, 2, 3], new[] { events[0].Code, events[1].Code, events[2].Code });
            Assert.All(events, e => Assert.Equal(1L, e.Tick));
            Assert.Equal(a, events[0].Agent);
        }
    }

    [Fact]
    public void Events_written_in_place_count_once_advanced_and_keep_their_order_among_appends()
    {
        var buffer = new EventBuffer();
        buffer.Append(new EngineEvent(0, new AgentId(1, 1), EngineEventKind.ActionChosen, 1, 0f, 0f));

        // Room beyond the 64 the buffer starts with: it grows and keeps the event already there.
        var span = buffer.GetAppendSpan(100);
        Assert.True(span.Length >= 100);
        Assert.Equal(1, buffer.Count);
        for (var i = 0; i < 100; i++)
        {
            span[i] = new EngineEvent(0, new AgentId(2 + i, 1), EngineEventKind.ActionChosen, 2 + i, 0f, 0f);
        }

        // Only what is advanced counts; the rest of the room is the next writer's.
        buffer.Advance(60);
        buffer.Append(new EngineEvent(0, new AgentId(999, 1), EngineEventKind.ActionChosen, 999, 0f, 0f));
        var events = buffer.Events.ToArray();
        Assert.Equal(62, events.Length);
        for (var i = 0; i < 61; i++)
        {
            Assert.Equal(1 + i, events[i].Code);
        }

        Assert.Equal(999, events[61].Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.GetAppendSpan(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Advance(buffer.Capacity - buffer.Count + 1));
        Assert.Equal(62, buffer.Count);
    }

    [Fact]
    public void The_event_layout_is_48_bytes_as_the_C_header_declares()
    {
        Assert.Equal(48, Unsafe.SizeOf<EngineEvent>());
        var e = new EngineEvent(5, new AgentId(3, 2), EngineEventKind.ActionChosen, 9, 0.25f, 0.75f, new AgentId(7, 1), 4);
        Assert.Equal(new AgentId(3, 2), e.Agent);
        Assert.Equal(new AgentId(7, 1), e.Other);
        Assert.Equal(4, e.Detail);
        Assert.Equal(5, (int)EngineEventKind.ActionChosen);
    }

    private static List<EngineEvent> Run(int threads)
    {
        var (world, sim, value) = TestWorlds.Create(threads: threads, capacity: 256);
        using (sim)
        {
            for (var i = 0; i < 200; i++)
            {
                world.AddAgent();
            }

            world.RemoveAgent(world.AgentAt(17));
            sim.Attach(new EveryThirdAgent(world));
            var all = new List<EngineEvent>();
            for (var t = 0; t < 3; t++)
            {
                sim.Step();
                all.AddRange(world.Events.Events.ToArray());
            }

            return all;
        }
    }

    /// <summary>Reports every third live agent, from whichever partition holds it.</summary>
    private sealed class EveryThirdAgent(World world) : IPartitionedSystem
    {
        public string Name => "test.every-third";

        public TickStage Stage => TickStage.Publish;

        public void BeginTick(in TickContext context, int partitionCount) => world.Events.BeginPartitions(partitionCount);

        public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
        {
            for (var slot = firstBlock * 8; slot < endBlock * 8; slot++)
            {
                var agent = world.AgentAt(slot);
                if (!agent.IsNone && (slot + context.Tick) % 3 == 0)
                {
                    world.Events.AppendFromPartition(partition, new EngineEvent(context.Tick, agent, EngineEventKind.EmotionRose, 0, 0f, slot));
                }
            }
        }

        public void EndTick(in TickContext context, int partitionCount) => world.Events.CommitPartitions(partitionCount);
    }

    [Fact]
    public void Appends_past_the_initial_capacity_grow_the_buffer_and_keep_every_event_in_order()
    {
        var (world, sim, _) = TestWorlds.Create();
        using (sim)
        {
            var a = world.AddAgent();
            sim.Attach(new TickThreadEvents(world, a, 200));
            sim.Step();
            var events = world.Events.Events.ToArray();
            Assert.Equal(200, events.Length);
            Assert.True(world.Events.Capacity >= 200);
            for (var i = 0; i < events.Length; i++)
            {
                Assert.Equal(i + 1, events[i].Code);
            }
        }
    }

    private sealed class TickThreadEvents(World world, AgentId agent, int count = 3) : IWorldSystem
    {
        public string Name => "test.tick-thread";

        public TickStage Stage => TickStage.Social;

        public void Execute(in TickContext context)
        {
            for (var code = 1; code <= count; code++)
            {
                world.Events.Append(new EngineEvent(context.Tick, agent, EngineEventKind.ActionChosen, code, 0f, 0f));
            }
        }
    }
}
