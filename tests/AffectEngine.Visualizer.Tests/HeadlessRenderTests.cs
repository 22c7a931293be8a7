using System;
using AffectEngine.Rendering;

namespace AffectEngine.Visualizer.Tests;

/// <summary>Real OpenGL through EGL surfaceless on Mesa (llvmpipe without a GPU); every test makes its own context on its thread.</summary>
public sealed class HeadlessRenderTests
{
    private const int W = 640;
    private const int H = 400;

    private static (Image Image, VisualizerSession Session, HeadlessContext Context) Render(IVisualizedSimulation sim, Action<VisualizerSession>? setup = null)
    {
        var context = new HeadlessContext(W, H);
        var session = new VisualizerSession(context, sim);
        session.Layers.Panel = false;
        session.Layers.Timeline = false;
        session.Layers.Perceived = false;
        setup?.Invoke(session);
        session.Render();
        context.Present();
        return (new Image(context.Target.ReadPixels(), W, H), session, context);
    }

    private static void Close(VisualizerSession session, HeadlessContext context, IVisualizedSimulation sim)
    {
        session.Dispose();
        context.Dispose();
        sim.Dispose();
    }

    [Fact]
    public void Context_is_Mesa_OpenGL_3_3_or_newer()
    {
        using var context = new HeadlessContext(64, 64);
        var version = context.Gl.GetStringS(Silk.NET.OpenGL.StringName.Version);
        Assert.False(string.IsNullOrEmpty(context.Renderer));
        Assert.Matches(@"^(3\.[3-9]|4\.\d)", version);
    }

    [Fact]
    public void Frame_has_the_requested_size_and_the_background_where_no_agent_is()
    {
        var world = new TestWorld();
        world.Add(0, 0, 0.5f, 0.5f, 0.5f);
        world.Add(10, 5, -0.5f, 0.5f, 0.5f);
        var sim = world.Static();
        var (image, session, context) = Render(sim);
        try
        {
            Assert.Equal(W * H * 4, context.Target.ReadPixels().Length);
            var view = session.AgentView();
            // The view's corners are outside the fitted bounding box (margins keep faces whole).
            foreach (var (x, y) in new[] { ((int)view.X + 2, (int)view.Y + 2), ((int)(view.X + view.Width) - 3, (int)(view.Y + view.Height) - 3) })
            {
                var p = image.At(x, y);
                Assert.True(Image.Near(p, Palette.Background, 2), $"pixel ({x},{y}) = {p} is not the background");
                Assert.Equal(255, p.A);
            }
        }
        finally
        {
            Close(session, context, sim);
        }
    }

    [Fact]
    public void Agents_appear_where_their_positions_say_in_their_octant_colours()
    {
        var world = new TestWorld();
        // Four agents at the corners of a 10 × 5 box, one per octant shown.
        var exuberant = world.Add(0, 0, 0.6f, 0.6f, 0.6f);    // +++ 7
        var hostile = world.Add(10, 0, -0.6f, 0.6f, 0.6f);     // -++ 6
        var relaxed = world.Add(0, 5, 0.6f, -0.6f, 0.6f);      // +-+ 5
        var anxious = world.Add(10, 5, -0.6f, 0.6f, -0.6f);    // -+- 2
        var sim = world.Static();
        var (image, session, context) = Render(sim);
        try
        {
            var expected = new[] { (exuberant, 7), (hostile, 6), (relaxed, 5), (anxious, 2) };
            var px = new (float X, float Y)[4];
            for (var i = 0; i < expected.Length; i++)
            {
                var (agent, octant) = expected[i];
                Assert.True(session.TryGetAgentPixel(agent, out var x, out var y, out var r));
                Assert.True(r >= 6, $"faces of a 4-agent world should be large, got radius {r}");
                px[i] = (x, y);
                // The centre of the face is skin: the octant colour (shading is zero at the centre).
                var centre = image.At((int)MathF.Round(x), (int)MathF.Round(y));
                Assert.True(Image.Near(centre, Palette.Octants[octant], 6), $"agent {i} centre {centre} is not octant {octant} {Palette.Octants[octant].ToBytes()}");
            }

            // Scenario x grows to the right, scenario y upwards (pixel y downwards), scale kept equal.
            Assert.True(px[1].X > px[0].X + 100);
            Assert.Equal(px[0].Y, px[1].Y, 0.5);
            Assert.True(px[2].Y < px[0].Y - 50);
            Assert.Equal(px[0].X, px[2].X, 0.5);
            var dx = px[1].X - px[0].X;
            var dy = px[0].Y - px[2].Y;
            Assert.Equal(2.0, dx / dy, 0.01);
            // The box is centred in the agent view.
            var view = session.AgentView();
            Assert.Equal(view.X + (view.Width / 2), (px[0].X + px[1].X) / 2, 1.0);
            Assert.Equal(view.Y + (view.Height / 2), (px[0].Y + px[2].Y) / 2, 1.0);
        }
        finally
        {
            Close(session, context, sim);
        }
    }

    [Fact]
    public void Joyful_and_distressed_agents_render_visibly_different_faces()
    {
        // Same mood (so the same colour and size): only the expression output differs.
        var world = new TestWorld();
        var joyful = world.Add(0, 0, 0.5f, 0.2f, 0.2f, TestWorld.Emotion("joy", 1f), TestWorld.Au(6, 1f), TestWorld.Au(12, 1f), TestWorld.Au(26, 0.3f));
        var distressed = world.Add(10, 0, 0.5f, 0.2f, 0.2f, TestWorld.Emotion("distress", 1f), TestWorld.Au(1, 1f), TestWorld.Au(4, 1f), TestWorld.Au(15, 1f));
        var joyfulToo = world.Add(20, 0, 0.5f, 0.2f, 0.2f, TestWorld.Emotion("joy", 1f), TestWorld.Au(6, 1f), TestWorld.Au(12, 1f), TestWorld.Au(26, 0.3f));
        var sim = world.Static();
        var (image, session, context) = Render(sim);
        try
        {
            Assert.True(session.TryGetAgentPixel(joyful, out var jx, out var jy, out var r));
            Assert.True(session.TryGetAgentPixel(distressed, out var dx, out var dy, out _));
            Assert.True(session.TryGetAgentPixel(joyfulToo, out var kx, out var ky, out _));
            var half = (int)(r * 0.9f);
            var area = (2 * half + 1) * (2 * half + 1);
            var different = Image.CountDifferent(image, image, (int)jx, (int)jy, (int)dx, (int)dy, half);
            var same = Image.CountDifferent(image, image, (int)jx, (int)jy, (int)kx, (int)ky, half);
            Assert.True(different > area * 0.04, $"joyful vs distressed differ in {different} of {area} pixels");
            // The control: two equal faces differ by sub-pixel placement at most.
            Assert.True(same < different / 4, $"two joyful faces differ in {same} pixels, joyful vs distressed in {different}");

            // Shape, not just difference: near the mouth corner (x = +0.4 r) the smile's ink sits higher
            // (corners up) than the distressed mouth's (corners down).
            var joyInk = TopInkRow(image, jx + (0.4f * r), jy, r);
            var sadInk = TopInkRow(image, dx + (0.4f * r), dy, r);
            Assert.True(joyInk > 0 && sadInk > 0, $"no mouth ink found (joy {joyInk}, distress {sadInk})");
            Assert.True(joyInk - jy < sadInk - dy - 2, $"smile corner ink at +{joyInk - jy} px below centre should be above the distressed corner at +{sadInk - dy} px");
        }
        finally
        {
            Close(session, context, sim);
        }
    }

    // The first dark pixel scanning down the column from 0.15 r to 0.85 r below the face centre (the mouth region).
    private static int TopInkRow(Image image, float x, float centreY, float r)
    {
        for (var y = (int)(centreY + (0.15f * r)); y <= (int)(centreY + (0.85f * r)); y++)
        {
            var p = image.At((int)x, y);
            if (p.R + p.G + p.B < 200)
            {
                return y;
            }
        }

        return -1;
    }

    [Fact]
    public void Without_expression_output_the_mood_shapes_the_face()
    {
        // All action units zero (no Express stage yet): pleasure curves the mouth up, displeasure down.
        var world = new TestWorld();
        var pleased = world.Add(0, 0, 0.9f, 0.2f, 0.2f);
        var displeased = world.Add(10, 0, -0.9f, 0.2f, 0.2f);
        var sim = world.Static();
        var (image, session, context) = Render(sim);
        try
        {
            Assert.True(session.TryGetAgentPixel(pleased, out var px, out var py, out var r));
            Assert.True(session.TryGetAgentPixel(displeased, out var dx, out var dy, out _));
            var up = TopInkRow(image, px + (0.4f * r), py, r);
            var down = TopInkRow(image, dx + (0.4f * r), dy, r);
            Assert.True(up > 0 && down > 0, $"no mouth ink found ({up}, {down})");
            Assert.True(up - py < down - dy - 2, $"pleased corner at +{up - py} px should sit above displeased corner at +{down - dy} px");
            Assert.True(Image.Near(image.At((int)px, (int)py), Palette.Octants[AgentFields.OctantOf(0.9f, 0.2f, 0.2f)], 6));
            Assert.True(Image.Near(image.At((int)dx, (int)dy), Palette.Octants[AgentFields.OctantOf(-0.9f, 0.2f, 0.2f)], 6));
        }
        finally
        {
            Close(session, context, sim);
        }
    }

    [Fact]
    public void Relation_lines_take_the_liking_colour_and_toggle_off()
    {
        var world = new TestWorld();
        var a = world.Add(0, 0, 0.5f, 0.5f, 0.5f);
        var b = world.Add(20, 0, 0.5f, 0.5f, 0.5f);
        var sim = world.Static(new FixedRelations(new Relation(a, b, 1f)));
        var (image, session, context) = Render(sim);
        try
        {
            session.TryGetAgentPixel(a, out var ax, out var ay, out _);
            session.TryGetAgentPixel(b, out var bx, out _, out _);
            var mid = image.At((int)((ax + bx) / 2), (int)MathF.Round(ay));
            var bg = Palette.Background.ToBytes();
            Assert.True(mid.G > mid.R + 40 && mid.G > bg.G + 40, $"a liking line should be green, got {mid}");

            session.Layers.Relations = false;
            session.Render();
            context.Present();
            var off = new Image(context.Target.ReadPixels(), W, H).At((int)((ax + bx) / 2), (int)MathF.Round(ay));
            Assert.True(Image.Near(off, Palette.Background, 2), $"with relations off the midpoint is background, got {off}");
        }
        finally
        {
            Close(session, context, sim);
        }
    }

    [Fact]
    public void Agents_without_positions_are_laid_out_on_a_grid_inside_the_view()
    {
        var world = new TestWorld(withPositions: false);
        var agents = new AgentId[12];
        for (var i = 0; i < agents.Length; i++)
        {
            agents[i] = world.Add(0, 0, i % 2 == 0 ? 0.5f : -0.5f, 0.5f, 0.5f);
        }

        var sim = world.Static();
        var (image, session, context) = Render(sim);
        try
        {
            var view = session.AgentView();
            var seen = new System.Collections.Generic.HashSet<(int, int)>();
            for (var i = 0; i < agents.Length; i++)
            {
                Assert.True(session.TryGetAgentPixel(agents[i], out var x, out var y, out var r));
                Assert.True(view.Contains(x - r, y - r) && view.Contains(x + r, y + r), $"agent {i} at ({x},{y}) r {r} leaves the view");
                Assert.True(seen.Add(((int)x, (int)y)), "two agents share a cell");
                var octant = i % 2 == 0 ? 7 : 6;
                Assert.True(Image.Near(image.At((int)x, (int)y), Palette.Octants[octant], 6));
            }
        }
        finally
        {
            Close(session, context, sim);
        }
    }

    [Fact]
    public void Clicking_a_face_selects_its_agent_and_the_panel_draws_over_the_right_side()
    {
        var world = new TestWorld();
        world.Add(0, 0, 0.5f, 0.5f, 0.5f);
        var target = world.Add(10, 0, -0.5f, -0.5f, -0.5f, TestWorld.Emotion("distress", 0.8f), ("personality.o", 0.4f));
        var sim = world.Static();
        var (_, session, context) = Render(sim);
        try
        {
            session.TryGetAgentPixel(target, out var x, out var y, out _);
            Assert.Equal(InputOutcome.None, session.Handle(new WindowInput(WindowInputKind.Click, '\0', x + 1, y - 1)));
            Assert.Equal(target, session.Selected);

            session.Layers.Panel = true;
            session.Render();
            context.Present();
            var image = new Image(context.Target.ReadPixels(), W, H);
            // The panel's background is painted where faces were not, right of the agent view.
            var panelPixel = image.At(W - 10, H - 10);
            Assert.False(Image.Near(panelPixel, Palette.Background, 3), $"panel pixel {panelPixel} should not be the plain background");
            Assert.True(session.AgentView().Width <= W - 300);
        }
        finally
        {
            Close(session, context, sim);
        }
    }
}
