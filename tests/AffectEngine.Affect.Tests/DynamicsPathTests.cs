using AffectEngine.Core;

namespace AffectEngine.Affect.Tests;

/// <summary>The affect pass's paired 512-bit loop and its one-block 256-bit loop write the same bits.</summary>
public sealed class DynamicsPathTests
{
    [Fact]
    public void Paired_512_bit_loop_and_one_block_loop_write_the_same_bits()
    {
        if (System.Numerics.Vector<float>.Count != AgentBlocks.LanesPerBlock || !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            // Only the one-block loop runs on this machine (or with DOTNET_EnableAVX512=0): nothing to compare.
            return;
        }

        // Linear decay on every third emotion, exponential on the rest, so both constants are used.
        var settings = new AffectSettings();
        for (var e = 0; e < Emotions.Count; e += 3)
        {
            settings.SetDecay((EmotionType)e, new DecaySetting(DecayKind.Linear, 5 + e));
        }

        using var f = Fixture.Occ(settings);
        var r = new RandomStream(7, 5, 0, 0);

        // 101 agents fill 13 blocks: six pairs, and a last block the one-block loop takes.
        for (var n = 0; n < 101; n++)
        {
            var a = f.Agent(new Ocean(
                (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1,
                (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1));
            for (var e = 0; e < Emotions.Count; e++)
            {
                if (r.NextInt(3) == 0)
                {
                    f.World.Value(a, f.Affect.Fields.Emotion, e) = r.NextSingle();
                }
            }

            f.Affect.SetMood(a, new Pad((r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1));
        }

        var initial = f.Simulation.SaveSnapshot();
        Run(new AffectDynamicsSystem(f.World, f.Affect.Fields, settings), f.World);
        var paired = f.Simulation.SaveSnapshot();
        f.Simulation.LoadSnapshot(initial);
        Run(new AffectDynamicsSystem(f.World, f.Affect.Fields, settings) { WidePairs = false }, f.World);
        Assert.NotEqual(initial, paired);
        Assert.Equal(paired, f.Simulation.SaveSnapshot());
    }

    private static void Run(AffectDynamicsSystem system, World world)
    {
        for (var t = 0; t < 40; t++)
        {
            var context = new TickContext(t, 0.25, 1, TickStage.Affect);
            system.BeginTick(context, 1);
            system.Execute(context, 0, world.BlockCount, 0);
        }
    }
}
