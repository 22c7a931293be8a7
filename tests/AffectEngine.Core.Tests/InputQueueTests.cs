using System;

namespace AffectEngine.Core.Tests;

public sealed class InputQueueTests
{
    [Fact]
    public void Inputs_are_applied_in_canonical_order_whatever_the_arrival_order()
    {
        var (world, sim, value) = TestWorlds.Create();
        using var _ = sim;
        var agent = world.AddAgent();
        var system = new AddInputSystem(world, value) { Record = true };
        sim.Attach(system);
        world.Inputs.Enqueue(new AddInput(0, 16, 0, agent, 3));
        world.Inputs.Enqueue(new AddInput(1, 0, 0, agent, 7));
        world.Inputs.Enqueue(new AddInput(0, 0, 2, agent, 2));
        world.Inputs.Enqueue(new AddInput(0, 0, 1, agent, 1));
        sim.Step();
        Assert.Equal([(0L, 0, 1L), (0L, 0, 2L), (0L, 16, 0L)], system.Seen);
        Assert.Equal(((((0 * 2) + 1) * 2) + 2) * 2 + 3, world.Value(agent, value));
        Assert.Equal(1, world.Inputs.PendingCount);
        sim.Step();
        Assert.Equal((0L + 1, 0, 0L), system.Seen[^1]);
    }

    [Fact]
    public void An_input_for_a_tick_already_run_is_refused()
    {
        var (world, sim, _) = TestWorlds.Create();
        using var _s = sim;
        var agent = world.AddAgent();
        sim.Step();
        sim.Step();
        var ex = Assert.Throws<ArgumentException>(() => world.Inputs.Enqueue(new AddInput(1, 0, 0, agent, 1)));
        Assert.Contains("tick 1", ex.Message);
        Assert.Contains("tick 2 is next", ex.Message);
    }

    [Fact]
    public void Two_inputs_with_the_same_order_key_are_refused()
    {
        var (world, sim, _) = TestWorlds.Create();
        using var _s = sim;
        var agent = world.AddAgent();
        world.Inputs.Enqueue(new AddInput(3, 1, 9, agent, 1));
        Assert.Throws<ArgumentException>(() => world.Inputs.Enqueue(new AddInput(3, 1, 9, agent, 2)));
    }
}
