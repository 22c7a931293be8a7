using AffectEngine.Rendering;

namespace AffectEngine.Visualizer.Tests;

public sealed class ControlTests
{
    [Fact]
    public void Keys_pause_step_change_speed_and_toggle_layers()
    {
        var world = new TestWorld();
        world.Add(0, 0, 0.1f, 0.1f, 0.1f);
        using var sim = world.Static();
        using var context = new HeadlessContext(320, 200);
        using var session = new VisualizerSession(context, sim);
        static WindowInput Key(char c) => new(WindowInputKind.Character, c, 0, 0);

        Assert.Equal(1, session.Advance());
        session.Handle(Key(' '));
        Assert.True(session.Paused);
        Assert.Equal(0, session.Advance());
        var before = sim.Tick;
        session.Handle(Key('.'));
        Assert.Equal(before + 1, sim.Tick);

        session.Handle(Key(' '));
        session.Handle(Key('+'));
        Assert.Equal(2f, session.TicksPerFrame);
        Assert.Equal(2, session.Advance());
        session.Handle(Key('-'));
        session.Handle(Key('-'));
        Assert.Equal(0.5f, session.TicksPerFrame);
        Assert.Equal(0, session.Advance());
        Assert.Equal(1, session.Advance());

        session.Handle(Key('r'));
        session.Handle(Key('p'));
        session.Handle(Key('t'));
        session.Handle(Key('h'));
        Assert.False(session.Layers.Relations);
        Assert.False(session.Layers.Panel);
        Assert.False(session.Layers.Timeline);
        Assert.True(session.Layers.Help);
        Assert.Equal(InputOutcome.Screenshot, session.Handle(Key('s')));
        Assert.Equal(InputOutcome.Quit, session.Handle(new WindowInput(WindowInputKind.Escape, '\0', 0, 0)));
    }

    [Fact]
    public void Action_units_shape_the_face_as_FACS_describes()
    {
        var smile = FaceFeatures.FromActionUnits(0, 0, 0, 0, 1, 0, 1, 0, 0, 0);
        var sad = FaceFeatures.FromActionUnits(1, 0, 1, 0, 0, 0, 0, 1, 0, 0);
        var fear = FaceFeatures.FromActionUnits(1, 1, 0.3f, 1, 0, 0, 0, 0, 1, 1);
        var anger = FaceFeatures.FromActionUnits(0, 0, 1, 1, 0, 1, 0, 0, 0, 0);
        Assert.True(smile.MouthCurve > 0.9f);
        Assert.True(sad.MouthCurve < -0.9f);
        Assert.True(fear.MouthOpen > 0.9f && fear.EyeOpen > 0.9f && fear.BrowRaise > 0.5f);
        Assert.True(anger.BrowRaise < -0.9f && anger.BrowTilt < -0.9f);
        Assert.True(smile.EyeOpen < FaceFeatures.Neutral.EyeOpen, "AU6 narrows the eyes of a Duchenne smile");
        Assert.Equal(FaceFeatures.Neutral, FaceFeatures.FromActionUnits(0, 0, 0, 0, 0, 0, 0, 0, 0, 0) with { EyeOpen = FaceFeatures.Neutral.EyeOpen });
    }

    [Fact]
    public void Octants_follow_the_contract_bits()
    {
        Assert.Equal("exuberant", AgentFields.OctantNames[AgentFields.OctantOf(1, 1, 1)]);
        Assert.Equal("bored", AgentFields.OctantNames[AgentFields.OctantOf(-1, -1, -1)]);
        Assert.Equal("dependent", AgentFields.OctantNames[AgentFields.OctantOf(1, 1, -1)]);
        Assert.Equal("disdainful", AgentFields.OctantNames[AgentFields.OctantOf(-1, -1, 1)]);
        Assert.Equal("relaxed", AgentFields.OctantNames[AgentFields.OctantOf(1, -1, 1)]);
        Assert.Equal("anxious", AgentFields.OctantNames[AgentFields.OctantOf(-1, 1, -1)]);
        Assert.Equal("docile", AgentFields.OctantNames[AgentFields.OctantOf(1, -1, -1)]);
        Assert.Equal("hostile", AgentFields.OctantNames[AgentFields.OctantOf(-1, 1, 1)]);
    }
}
