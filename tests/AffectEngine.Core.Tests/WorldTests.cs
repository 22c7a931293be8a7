using System;

namespace AffectEngine.Core.Tests;

public sealed class WorldTests
{
    [Fact]
    public void Added_agents_get_consecutive_slots_and_start_with_zero_fields()
    {
        var (world, sim, value) = TestWorlds.Create();
        using var _ = sim;
        var a = world.AddAgent();
        var b = world.AddAgent();
        Assert.Equal(0, a.Slot);
        Assert.Equal(1, b.Slot);
        Assert.Equal(2, world.AgentCount);
        Assert.Equal(0f, world.Value(b, value));
    }

    [Fact]
    public void Removed_agent_handle_goes_stale_and_its_slot_is_reused_with_a_new_generation()
    {
        var (world, sim, value) = TestWorlds.Create();
        using var _ = sim;
        var a = world.AddAgent();
        world.AddAgent();
        world.Value(a, value) = 5f;
        Assert.True(world.RemoveAgent(a));
        Assert.False(world.IsAlive(a));
        Assert.False(world.RemoveAgent(a));
        Assert.Throws<ArgumentException>(() => world.Value(a, value));
        var c = world.AddAgent();
        Assert.Equal(a.Slot, c.Slot);
        Assert.NotEqual(a.Generation, c.Generation);
        Assert.Equal(0f, world.Value(c, value));
    }

    [Fact]
    public void Lowest_free_slot_is_reused_first()
    {
        var (world, sim, _) = TestWorlds.Create();
        using var s = sim;
        var ids = new AgentId[5];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = world.AddAgent();
        }

        world.RemoveAgent(ids[3]);
        world.RemoveAgent(ids[1]);
        Assert.Equal(1, world.AddAgent().Slot);
        Assert.Equal(3, world.AddAgent().Slot);
        Assert.Equal(5, world.AddAgent().Slot);
    }

    [Fact]
    public void Growing_past_capacity_keeps_every_agents_values()
    {
        var (world, sim, value) = TestWorlds.Create(capacity: 8);
        using var _ = sim;
        var ids = new AgentId[100];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = world.AddAgent();
            world.Value(ids[i], value) = i;
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(i, world.Value(ids[i], value));
        }

        Assert.Equal(13, world.BlockCount);
    }

    [Fact]
    public void Adding_an_agent_during_a_tick_is_refused()
    {
        var (world, sim, _) = TestWorlds.Create();
        using var _s = sim;
        Exception? seen = null;
        sim.Attach(new Lambda(TickStage.Social, () =>
        {
            try
            {
                world.AddAgent();
            }
            catch (InvalidOperationException ex)
            {
                seen = ex;
            }
        }));
        sim.Step();
        Assert.NotNull(seen);
        Assert.Contains("command for a later tick", seen!.Message);
    }

    [Fact]
    public void Schema_vector_components_are_addressable_by_name_and_consecutive()
    {
        var schema = AgentSchema.CreateBuilder();
        schema.Add("x");
        var mood = schema.Add("mood", ["p", "a", "d"]);
        var built = schema.Build();
        Assert.True(built.TryGetField("mood.a", out var a));
        Assert.Equal(mood.Index + 1, a.Index);
        Assert.Equal(["x", "mood.p", "mood.a", "mood.d"], built.FieldNames);
        Assert.Throws<ArgumentException>(() => schema.Add("mood", 2));
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var schema = AgentSchema.CreateBuilder().Build();
        var ex = Assert.Throws<ArgumentException>(() => new World(schema, new WorldOptions { Threads = 0 }));
        Assert.Contains("Threads", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new World(schema, new WorldOptions { StepSeconds = double.NaN }));
        Assert.Contains("StepSeconds", ex.Message);
    }

    private sealed class Lambda(TickStage stage, Action action) : IWorldSystem
    {
        public string Name => "lambda";

        public TickStage Stage => stage;

        public void Execute(in TickContext context) => action();
    }
}
