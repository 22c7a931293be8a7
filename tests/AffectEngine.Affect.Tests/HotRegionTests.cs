using System;
using AffectEngine.Core;

namespace AffectEngine.Affect.Tests;

/// <summary>The affect pass over the hot storage region: its layout, and the two-block (512-bit) loop against the one-block loop.</summary>
public sealed class HotRegionTests
{
    [Fact]
    public void The_affect_fields_fill_the_hot_region_and_everything_else_is_cold()
    {
        var schema = AgentSchema.CreateBuilder();
        var fields = new AffectFields(schema);
        var extra = schema.Add("extra");
        var world = new World(schema.Build(), new WorldOptions { Seed = 1 });

        Assert.Equal(AgentRegion.Hot, fields.Emotion.Region);
        Assert.Equal(AgentRegion.Hot, fields.DecayRate.Region);
        Assert.Equal(AgentRegion.Cold, fields.Personality.Region);
        Assert.Equal(AgentRegion.Cold, extra.Region);

        // 24 emotions + 3 mood + 3 default mood + 2 decay rates, 8 lanes each: exactly 1 KiB per block.
        Assert.Equal(32, world.Schema.HotFieldCount);
        Assert.Equal(32 * AgentBlocks.LanesPerBlock, world.BlockStride(AgentRegion.Hot));
        Assert.Equal(0, world.BlockStride(AgentRegion.Cold) % 16);
        Assert.Equal(world.Schema.FieldCount * AgentBlocks.LanesPerBlock, world.CanonicalStride);
    }

    [Fact]
    public void Values_written_by_handle_are_read_back_through_their_region_and_in_canonical_order()
    {
        var schema = AgentSchema.CreateBuilder();
        var fields = new AffectFields(schema);
        var world = new World(schema.Build(), new WorldOptions { Seed = 1 });
        AgentId last = default;
        for (var i = 0; i < 11; i++)
        {
            last = world.AddAgent();
        }

        world.Value(last, fields.Mood, 1) = 0.25f;
        world.Value(last, fields.Personality, 3) = -0.5f;
        var lane = last.Slot & 7;
        Assert.Equal(0.25f, world.Block(last.Slot >> 3, AgentRegion.Hot)[fields.Mood.ComponentOffset(1) + lane]);
        Assert.Equal(-0.5f, world.Block(last.Slot >> 3, AgentRegion.Cold)[fields.Personality.ComponentOffset(3) + lane]);

        var canonical = new float[world.Schema.FieldCount];
        world.ReadSlot(last.Slot, canonical);
        Assert.Equal(0.25f, canonical[fields.Mood.Index + 1]);
        Assert.Equal(-0.5f, canonical[fields.Personality.Index + 3]);
    }

    [Fact]
    public void Two_blocks_per_vector_give_the_same_bits_as_one_block_at_a_time()
    {
        // 13 blocks (odd, so the pair loop also leaves a last single block), 40 ticks of decay and mood.
        const int agents = 101;
        var (pairWorld, pairSystem, pairFields) = Build(agents);
        var (singleWorld, singleSystem, _) = Build(agents);
        var blocks = pairWorld.BlockCount;
        for (var t = 0; t < 40; t++)
        {
            var context = new TickContext(t, 0.5, 7, TickStage.Affect);
            pairSystem.BeginTick(context, 1);
            pairSystem.Execute(context, 0, blocks, 0);
            singleSystem.BeginTick(context, 1);
            for (var b = 0; b < blocks; b++)
            {
                singleSystem.Execute(context, b, b + 1, 0);
            }
        }

        var changed = false;
        for (var b = 0; b < blocks; b++)
        {
            var expected = singleWorld.Block(b, AgentRegion.Hot);
            var actual = pairWorld.Block(b, AgentRegion.Hot);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
            }
        }

        foreach (var id in pairWorld.Agents)
        {
            changed |= pairWorld.Value(id, pairFields.Mood, 0) != 0f;
        }

        Assert.True(changed, "the pass should have moved some mood");
    }

    private static (World World, AffectDynamicsSystem System, AffectFields Fields) Build(int agents)
    {
        var settings = new AffectSettings().SetDecayAll(new DecaySetting(DecayKind.Exponential, 30));
        var schema = AgentSchema.CreateBuilder();
        var fields = new AffectFields(schema);
        var world = new World(schema.Build(), new WorldOptions { Seed = 3 });
        for (var i = 0; i < agents; i++)
        {
            var id = world.AddAgent();
            var rng = new RandomStream(3, 5, 0, i);
            for (var c = 0; c < 3; c++)
            {
                world.Value(id, fields.DefaultMood, c) = (rng.NextSingle() * 2) - 1;
                world.Value(id, fields.Mood, c) = (rng.NextSingle() * 2) - 1;
            }

            world.Value(id, fields.DecayRate, 1) = (rng.NextSingle() * 0.4f) - 0.2f;
            for (var e = 0; e < Emotions.Count; e++)
            {
                world.Value(id, fields.Emotion, e) = rng.NextSingle() < 0.4f ? rng.NextSingle() : 0f;
            }
        }

        return (world, new AffectDynamicsSystem(world, fields, settings), fields);
    }
}
