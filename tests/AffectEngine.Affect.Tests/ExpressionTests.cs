namespace AffectEngine.Affect.Tests;

/// <summary>Dominant emotion, mood octant and class, and EMFACS action units.</summary>
public sealed class ExpressionTests
{
    [Fact]
    public void Joy_shows_as_happiness_AU6_and_AU12_and_is_dominant()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Joy, 0.8f);
        f.Affect.Elicit(a, EmotionType.Hope, 0.3f);
        f.Simulation.Step();
        var ex = f.Affect.Expression(a);
        Assert.Equal(EmotionType.Joy, ex.DominantType);
        var joy = f.I(a, EmotionType.Joy);
        Assert.Equal(joy, ex.ActionUnit(6));
        Assert.Equal(joy, ex.ActionUnit(12));
        Assert.Equal(0f, ex.ActionUnit(4));
        Assert.Equal(0f, ex.ActionUnit(15));
    }

    [Fact]
    public void Fear_shows_the_EMFACS_fear_prototype()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Fear, 0.6f);
        f.Simulation.Step();
        var ex = f.Affect.Expression(a);
        var i = f.I(a, EmotionType.Fear);
        foreach (var au in new[] { 1, 2, 4, 5, 7, 20, 26 })
        {
            Assert.Equal(i, ex.ActionUnit(au));
        }

        foreach (var au in new[] { 6, 9, 12, 14, 15, 16, 23 })
        {
            Assert.Equal(0f, ex.ActionUnit(au));
        }
    }

    [Fact]
    public void Anger_reproach_and_hate_map_to_anger_and_disgust_prototypes()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Reproach, 0.5f);
        f.Affect.Elicit(a, EmotionType.Hate, 0.7f);
        f.Simulation.Step();
        var ex = f.Affect.Expression(a);
        Assert.Equal(f.I(a, EmotionType.Reproach), ex.ActionUnit(23));
        Assert.Equal(f.I(a, EmotionType.Hate), ex.ActionUnit(9));
        Assert.Equal(f.I(a, EmotionType.Hate), ex.ActionUnit(16));
        Assert.Equal(EmotionType.Hate, ex.DominantType);
    }

    [Fact]
    public void Weak_emotions_leave_no_dominant_emotion()
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Joy, 0.05f);
        f.Simulation.Step();
        Assert.Equal(-1, f.Affect.Expression(a).Dominant);
        Assert.Null(f.Affect.Expression(a).DominantType);
    }

    [Theory]
    [InlineData(0.5f, 0.5f, 0.5f, "exuberant", MoodIntensity.Moderately)]
    [InlineData(-0.2f, -0.2f, -0.2f, "bored", MoodIntensity.Slightly)]
    [InlineData(0.9f, 0.9f, -0.9f, "dependent", MoodIntensity.Fully)]
    [InlineData(-0.3f, -0.3f, 0.3f, "disdainful", MoodIntensity.Slightly)]
    [InlineData(0.3f, -0.3f, 0.3f, "relaxed", MoodIntensity.Slightly)]
    [InlineData(-0.3f, 0.3f, -0.3f, "anxious", MoodIntensity.Slightly)]
    [InlineData(0.3f, -0.3f, -0.3f, "docile", MoodIntensity.Slightly)]
    [InlineData(-0.7f, 0.7f, 0.7f, "hostile", MoodIntensity.Fully)]
    public void Mood_octant_and_class_follow_ALMA(float p, float ar, float d, string name, MoodIntensity cls)
    {
        using var f = Fixture.Occ();
        var a = f.Agent();
        f.Affect.SetMood(a, new Pad(p, ar, d));
        f.Simulation.Step();
        var ex = f.Affect.Expression(a);
        Assert.Equal(name, ex.OctantName);
        Assert.Equal(cls, ex.MoodClass);
    }

    [Fact]
    public void Intensity_class_bounds_are_thirds_of_root_three()
    {
        Assert.Equal(MoodIntensity.Slightly, MoodOctants.Classify(0.577f));
        Assert.Equal(MoodIntensity.Moderately, MoodOctants.Classify(0.578f));
        Assert.Equal(MoodIntensity.Moderately, MoodOctants.Classify(1.154f));
        Assert.Equal(MoodIntensity.Fully, MoodOctants.Classify(1.155f));
    }

    [Fact]
    public void Expression_table_is_data_a_lab_can_swap()
    {
        var settings = new AffectSettings();
        settings.Expression = ExpressionTable.Emfacs().SetWeight(BasicExpression.Disgust, 16, 0f).Map(EmotionType.Gloating, BasicExpression.Happiness);
        using var f = Fixture.Occ(settings);
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Hate, 0.7f);
        f.Affect.Elicit(a, EmotionType.Gloating, 0.4f);
        f.Simulation.Step();
        var ex = f.Affect.Expression(a);
        Assert.Equal(0f, ex.ActionUnit(16));
        Assert.Equal(f.I(a, EmotionType.Gloating), ex.ActionUnit(12));
    }
}

/// <summary>The vectorized express pass and its scalar fallback (used where vectors are not 8 wide) agree.</summary>
public sealed class ExpressPathTests
{
    [Fact]
    public void Vector_and_scalar_express_paths_write_the_same_fields()
    {
        if (System.Numerics.Vector<float>.Count != AgentBlocks.LanesPerBlock)
        {
            return;
        }

        using var f = Fixture.Occ();
        var agents = new System.Collections.Generic.List<AgentId>();
        for (var i = 0; i < 21; i++)
        {
            agents.Add(f.Agent());
        }

        f.World.RemoveAgent(agents[3]);
        var r = new RandomStream(11, 3, 0, 0);
        foreach (var a in agents)
        {
            if (!f.World.IsAlive(a))
            {
                continue;
            }

            for (var e = 0; e < Emotions.Count; e++)
            {
                if (r.NextInt(3) == 0)
                {
                    f.World.Value(a, f.Affect.Fields.Emotion, e) = r.NextSingle();
                }
            }

            f.Affect.SetMood(a, new Pad((r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1, (r.NextSingle() * 2) - 1));
        }

        AssertScalarWritesTheVectorBits(f);
    }

    /// <summary>From one state, the scalar and the vector passes write the same bits, and they write something.</summary>
    internal static void AssertScalarWritesTheVectorBits(Fixture f)
    {
        var system = new ExpressSystem(f.World, f.Affect.Fields, ExpressionTable.Emfacs());
        var initial = f.Simulation.SaveSnapshot();
        system.ExecuteScalar(0, f.World.BlockCount);
        var scalar = f.Simulation.SaveSnapshot();
        f.Simulation.LoadSnapshot(initial);
        system.ExecuteVector(0, f.World.BlockCount);
        Assert.NotEqual(initial, scalar);
        Assert.Equal(scalar, f.Simulation.SaveSnapshot());
    }
}
