using System;
using System.Collections.Generic;
using System.Linq;

namespace AffectEngine.Affect.Tests;

/// <summary>
/// <see cref="ActionUnitOutput.OnRead"/>: the world has no action-unit fields, the expression pass writes only the
/// dominant emotion, octant and class, and <see cref="Expression.CopyActionUnits"/> computes the action units when
/// read. Every value read must be the bits the per-tick pass stores, and everything else the per-tick run's.
/// </summary>
public sealed class ActionUnitsOnReadTests
{
    [Theory]
    [InlineData(1, false, true)]
    [InlineData(1, false, false)]
    [InlineData(2, false, true)]
    [InlineData(3, true, true)]
    [InlineData(3, false, false)]
    public void On_read_gives_the_per_tick_bits_and_the_same_run(int threads, bool hashEachStage, bool widePairs)
    {
        using var perTick = World(ActionUnitOutput.PerTick, threads, hashEachStage);
        using var onRead = World(ActionUnitOutput.OnRead, threads, hashEachStage);
        Express(perTick).WidePairs = widePairs;
        Express(onRead).WidePairs = widePairs;
        var rng = new Random(5);
        var rngOnRead = new Random(5);
        Span<float> stored = stackalloc float[AffectFields.ActionUnitCount];
        Span<float> read = stackalloc float[AffectFields.ActionUnitCount];
        long nonZero = 0, events = 0, dominants = 0;
        var unitsSeen = new HashSet<int>();
        for (var t = 0; t < 40; t++)
        {
            Impulses(perTick, rng);
            Impulses(onRead, rngOnRead);
            perTick.Simulation.Step();
            onRead.Simulation.Step();
            var e = onRead.World.Events.Events.ToArray();
            Assert.Equal(perTick.World.Events.Events.ToArray(), e);
            events += e.Length;
            foreach (var id in perTick.World.Agents)
            {
                for (var k = 0; k < Emotions.Count; k++)
                {
                    Assert.Equal(
                        BitConverter.SingleToInt32Bits(perTick.World.Value(id, perTick.Affect.Fields.Emotion, k)),
                        BitConverter.SingleToInt32Bits(onRead.World.Value(id, onRead.Affect.Fields.Emotion, k)));
                }

                var a = perTick.Affect.Expression(id);
                var b = onRead.Affect.Expression(id);
                Assert.Equal(a.Dominant, b.Dominant);
                Assert.Equal(a.Octant, b.Octant);
                Assert.Equal(a.MoodClass, b.MoodClass);
                dominants += a.Dominant >= 0 ? 1 : 0;
                a.CopyActionUnits(stored);
                b.CopyActionUnits(read);
                for (var u = 0; u < AffectFields.ActionUnitCount; u++)
                {
                    if (BitConverter.SingleToInt32Bits(stored[u]) != BitConverter.SingleToInt32Bits(read[u]))
                    {
                        Assert.Fail($"tick {t}, {id}, AU{AffectFields.ActionUnits[u]}: per tick {stored[u]:R}, on read {read[u]:R}");
                    }

                    if (stored[u] > 0f)
                    {
                        nonZero++;
                        unitsSeen.Add(u);
                    }

                    // The one-unit reader agrees with the copy.
                    Assert.Equal(read[u], b.ActionUnit(AffectFields.ActionUnits[u]));
                }
            }
        }

        // Not vacuous: every action unit was non-zero somewhere, and events and dominant emotions were compared.
        Assert.Equal(AffectFields.ActionUnitCount, unitsSeen.Count);
        Assert.True(nonZero > 5000 && events > 300 && dominants > 1000, $"{nonZero} non-zero units, {events} events, {dominants} dominant");
    }

    [Fact]
    public void On_read_world_has_no_action_unit_fields_and_says_how_to_read_them()
    {
        using var perTick = World(ActionUnitOutput.PerTick, 1, false);
        using var onRead = World(ActionUnitOutput.OnRead, 1, false);
        Assert.True(perTick.Affect.Fields.HasActionUnitFields);
        Assert.False(onRead.Affect.Fields.HasActionUnitFields);
        Assert.Contains(perTick.World.Schema.FieldNames, n => n.StartsWith("express.au", StringComparison.Ordinal));
        Assert.DoesNotContain(onRead.World.Schema.FieldNames, n => n.StartsWith("express.au", StringComparison.Ordinal));
        Assert.Equal(perTick.World.BlockStride - (AffectFields.ActionUnitCount * AgentBlocks.LanesPerBlock), onRead.World.BlockStride);
        var error = Assert.Throws<InvalidOperationException>(() => onRead.Affect.Fields.ActionUnitIntensity);
        Assert.Contains("on read", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expression.ActionUnit", error.Message, StringComparison.Ordinal);

        var agent = onRead.World.AgentAt(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => onRead.Affect.Expression(agent).ActionUnit(3));
        Assert.Throws<ArgumentException>(() => onRead.Affect.Expression(agent).CopyActionUnits(new float[13]));
    }

    [Fact]
    public void On_read_is_the_default_and_a_per_tick_save_is_refused_naming_the_action_units()
    {
        Assert.Equal(ActionUnitOutput.OnRead, new AffectSettings().ActionUnits);

        // A game's save from before the default changed holds the 14 action-unit rows; loading it into an engine made
        // with today's default must fail before anything is overwritten, and point at the setting.
        using var perTick = World(ActionUnitOutput.PerTick, 1, false);
        using var onRead = World(ActionUnitOutput.OnRead, 1, false);
        perTick.Simulation.Step();
        onRead.Simulation.Step();
        var save = perTick.Simulation.SaveSnapshot();
        var before = onRead.Simulation.ComputeHash();
        var error = Assert.ThrowsAny<FormatException>(() => onRead.Simulation.LoadSnapshot(save));
        Assert.Contains("action units", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, onRead.Simulation.ComputeHash());

        using var again = World(ActionUnitOutput.PerTick, 1, false);
        again.Simulation.LoadSnapshot(save);
        Assert.Equal(perTick.Simulation.ComputeHash(), again.Simulation.ComputeHash());
    }

    [Fact]
    public void On_read_scalar_and_vector_passes_write_the_same_fields()
    {
        if (System.Numerics.Vector<float>.Count != AgentBlocks.LanesPerBlock)
        {
            return;
        }

        using var f = World(ActionUnitOutput.OnRead, 1, false);
        ExpressPathTests.AssertScalarWritesTheVectorBits(f);
    }

    /// <summary>
    /// The split around contagion (early part, then the merge of the contagious emotions) writes the unsplit pass's
    /// bits, with intensities drawn from five values so that ties between a contagious and another emotion, and
    /// maxima exactly at the threshold or at 0, are common; also a recall's redo of one block. Per tick the merge
    /// follows contagion, which here is simulated by rewriting the contagious rows between the two parts.
    /// </summary>
    [Theory]
    [InlineData(true, new[] { (int)EmotionType.Fear })]
    [InlineData(false, new[] { (int)EmotionType.Fear })]
    [InlineData(true, new[] { (int)EmotionType.Joy, (int)EmotionType.Fear, (int)EmotionType.Anger })]
    [InlineData(false, new[] { (int)EmotionType.Anger, (int)EmotionType.Joy })]
    public void Split_around_contagion_writes_the_unsplit_bits_with_ties(bool widePairs, int[] channels)
    {
        if (System.Numerics.Vector<float>.Count != AgentBlocks.LanesPerBlock)
        {
            return;
        }

        float[] levels = [0f, 0.05f, 0.1f, 0.25f, 0.5f];
        using var f = World(ActionUnitOutput.OnRead, 1, false);
        var fields = f.Affect.Fields;
        var r = new RandomStream(17, 2, 0, 0);
        void Draw(IEnumerable<int> types)
        {
            foreach (var id in f.World.Agents)
            {
                foreach (var e in types)
                {
                    f.World.Value(id, fields.Emotion, e) = levels[r.NextInt(levels.Length)];
                }
            }
        }

        Draw(Enumerable.Range(0, Emotions.Count));
        var system = new ExpressSystem(f.World, fields, ExpressionTable.Emfacs()) { WidePairs = widePairs };
        long ties = 0;
        for (var t = 0; t < 6; t++)
        {
            var context = new TickContext(100 + t, 0.1, 1, TickStage.Express);
            Assert.True(system.BeginSplit(context, fields.Emotion, channels));
            system.ExecuteEarly(0, f.World.BlockCount);

            // Contagion rewrites the contagious rows; a recall rewrites one agent's other rows, and its block is redone.
            Draw(channels);
            var recalled = f.World.AgentAt(8 * (t + 1));
            f.World.Value(recalled, fields.Emotion, (int)EmotionType.Distress) = levels[r.NextInt(levels.Length)];
            system.RedoEarly(recalled.Slot);
            var before = f.Simulation.SaveSnapshot();
            system.ExecuteFused(context, 0, f.World.BlockCount, 0);
            var split = f.Simulation.SaveSnapshot();

            f.Simulation.LoadSnapshot(before);
            system.ExecuteVector(0, f.World.BlockCount);
            Assert.Equal(f.Simulation.SaveSnapshot(), split);

            foreach (var id in f.World.Agents)
            {
                var dominant = f.Affect.Expression(id).Dominant;
                if (dominant >= 0 && Array.IndexOf(channels, dominant) < 0)
                {
                    // A non-contagious emotion won: count it a tie when a contagious one had the same value.
                    var value = f.World.Value(id, fields.Emotion, dominant);
                    ties += channels.Any(c => f.World.Value(id, fields.Emotion, c) == value) ? 1 : 0;
                }
            }
        }

        Assert.True(ties > 100, $"{ties} ties between a contagious and another emotion decided");
    }

    private static Fixture World(ActionUnitOutput output, int threads, bool hashEachStage) =>
        ExpressEventsPathTests.World(threads, hashEachStage, output);

    private static void Impulses(Fixture f, Random rng) => ExpressEventsPathTests.Impulses(f, rng);

    private static ExpressSystem Express(Fixture f) =>
        (ExpressSystem)f.Simulation.SystemsOf(TickStage.Express).Single(s => s.Name == "affect.express");
}
