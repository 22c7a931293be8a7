using System;
using System.Collections.Generic;
using AffectEngine.Core;

namespace AffectEngine.Visualizer.Tests;

/// <summary>Builds small worlds with the engine's field contract, one agent at a time.</summary>
internal sealed class TestWorld
{
    private readonly World _world;

    public TestWorld(bool withPositions = true)
    {
        var builder = AgentFields.AddAll(AgentSchema.CreateBuilder());
        foreach (var trait in AgentFields.PersonalityTraits)
        {
            builder.Add("personality." + trait);
        }

        var schema = builder.Build();
        if (!withPositions)
        {
            var b = AgentSchema.CreateBuilder();
            foreach (var name in schema.FieldNames)
            {
                if (!name.StartsWith("position.", StringComparison.Ordinal))
                {
                    b.Add(name);
                }
            }

            schema = b.Build();
        }

        _world = new World(schema, new WorldOptions { Seed = 7 });
    }

    public World World => _world;

    /// <summary>Adds an agent with a mood (octant derived from it) and the given field values.</summary>
    public AgentId Add(float x, float y, float p, float a, float d, params (string Field, float Value)[] values)
    {
        var id = _world.AddAgent();
        Set(id, AgentFields.MoodP, p);
        Set(id, AgentFields.MoodA, a);
        Set(id, AgentFields.MoodD, d);
        Set(id, AgentFields.Octant, AgentFields.OctantOf(p, a, d));
        Set(id, AgentFields.Dominant, -1);
        if (_world.TryGetField(AgentFields.PositionX, out _))
        {
            Set(id, AgentFields.PositionX, x);
            Set(id, AgentFields.PositionY, y);
        }

        foreach (var (field, value) in values)
        {
            Set(id, field, value);
        }

        return id;
    }

    public void Set(AgentId id, string field, float value) => _world.Value(id, _world.Field(field)) = value;

    /// <summary>A simulation with no systems: the world stays as built, tick after tick.</summary>
    public IVisualizedSimulation Static(IRelationProvider? relations = null, IPerceivedEmotionProvider? perceived = null) =>
        new CoreSimulationAdapter(new Simulation(_world), "test world", owns: true, relations, perceived);

    public static (string, float) Au(int au, float v) => (AgentFields.ActionUnit(au), v);

    public static (string, float) Emotion(string name, float v) => (AgentFields.Emotion(name), v);
}

internal sealed class FixedRelations(params Relation[] relations) : IRelationProvider
{
    public void GetRelations(World world, List<Relation> into) => into.AddRange(relations);
}

/// <summary>Pixel access on an RGBA, top-row-first buffer.</summary>
internal readonly struct Image(byte[] rgba, int width, int height)
{
    public int Width => width;

    public int Height => height;

    public (byte R, byte G, byte B, byte A) At(int x, int y)
    {
        var i = ((y * width) + x) * 4;
        return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]);
    }

    public static bool Near((byte R, byte G, byte B, byte A) pixel, Rgb expected, int tolerance)
    {
        var e = expected.ToBytes();
        return Math.Abs(pixel.R - e.R) <= tolerance && Math.Abs(pixel.G - e.G) <= tolerance && Math.Abs(pixel.B - e.B) <= tolerance;
    }

    /// <summary>Pixels in a square around a centre whose colour differs by more than 24 in any channel.</summary>
    public static int CountDifferent(Image a, Image b, int ax, int ay, int bx, int by, int half)
    {
        var count = 0;
        for (var dy = -half; dy <= half; dy++)
        {
            for (var dx = -half; dx <= half; dx++)
            {
                var p = a.At(ax + dx, ay + dy);
                var q = b.At(bx + dx, by + dy);
                if (Math.Abs(p.R - q.R) > 24 || Math.Abs(p.G - q.G) > 24 || Math.Abs(p.B - q.B) > 24)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
