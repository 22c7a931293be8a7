using System;
using AffectEngine.Core;

namespace AffectEngine.Visualizer;

/// <summary>
/// Reads the world (never writes it) into the per-instance data the face shader draws: 16 floats per
/// live agent, and per slot the pixel position and radius used for picking, lines and labels.
/// Walks the blocks of 8 in order, so sampling 10,000 agents streams memory once.
/// </summary>
internal sealed class SceneSampler
{
    /// <summary>Floats per instance: position/radius/arousal, colour/selected, mouth/brows, eyes/spare.</summary>
    public const int InstanceFloats = 16;

    private float[] _instances = new float[InstanceFloats * 64];
    private float[] _slotX = new float[64];
    private float[] _slotY = new float[64];
    private float[] _slotRadius = new float[64];
    private bool[] _slotShown = new bool[64];
    private int[] _instanceSlot = new int[64];
    private FieldMap? _fields;
    private World? _world;

    public ReadOnlySpan<float> Instances => new(_instances, 0, InstanceCount * InstanceFloats);

    public int InstanceCount { get; private set; }

    public ViewTransform Transform { get; } = new();

    // Where the action units a face shows (1, 2, 4, 5, 6, 7, 12, 15, 20, 26) sit in AffectFields.ActionUnits order.
    private static readonly int[] Au = Array.ConvertAll(
        new[] { 1, 2, 4, 5, 6, 7, 12, 15, 20, 26 },
        u => System.Linq.Enumerable.ToList(AffectEngine.Affect.AffectFields.ActionUnits).IndexOf(u));

    public FieldMap Fields => _fields ?? throw new InvalidOperationException("Sample a world first.");

    /// <summary>
    /// Reads every live agent's fields and lays the faces out in <paramref name="view"/>; a world without action-unit
    /// fields takes them from <paramref name="actionUnitsOnRead"/> when given.
    /// </summary>
    public void Sample(World world, PixelRect view, AgentId selected, ActionUnitReader? actionUnitsOnRead = null)
    {
        if (!ReferenceEquals(world, _world))
        {
            _world = world;
            _fields = new FieldMap(world);
            Transform.Reset();
        }

        var f = _fields!;
        var slots = world.SlotCount;
        EnsureCapacity(slots);
        var positions = f.HasPositions;
        var cols = Math.Max(1, (int)MathF.Ceiling(MathF.Sqrt(world.AgentCount * (view.Width / Math.Max(1f, view.Height)))));

        // Pass 1: scenario positions (or grid cells) and their bounds.
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        var n = 0;
        for (var block = 0; block < world.BlockCount; block++)
        {
            var alive = world.AliveMask(block);
            if (alive == 0)
            {
                continue;
            }

            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((alive & (1 << lane)) == 0)
                {
                    continue;
                }

                var slot = (block * AgentBlocks.LanesPerBlock) + lane;
                float x, y;
                if (positions)
                {
                    x = Sanitize(world.Lanes(block, f.X!.Value)[lane]);
                    y = Sanitize(world.Lanes(block, f.Y!.Value)[lane]);
                }
                else
                {
                    x = n % cols;
                    y = -(n / cols);
                }

                _slotX[slot] = x;
                _slotY[slot] = y;
                minX = Math.Min(minX, x);
                minY = Math.Min(minY, y);
                maxX = Math.Max(maxX, x);
                maxY = Math.Max(maxY, y);
                n++;
            }
        }

        if (n > 0)
        {
            Transform.Include(minX, minY, maxX, maxY);
        }

        Transform.Fit(view, n, positions ? null : 1f);
        var baseRadius = Transform.FaceRadius;

        // Pass 2: pixels, colours and features.
        var count = 0;
        Array.Clear(_slotShown, 0, slots);
        Span<float> units = stackalloc float[AffectEngine.Affect.AffectFields.ActionUnitCount];
        for (var block = 0; block < world.BlockCount; block++)
        {
            var alive = world.AliveMask(block);
            if (alive == 0)
            {
                continue;
            }

            // One span per block: each field of the 8 agents is then a fixed offset away.
            ReadOnlySpan<float> b = world.Block(block);
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((alive & (1 << lane)) == 0)
                {
                    continue;
                }

                var slot = (block * AgentBlocks.LanesPerBlock) + lane;
                var (px, py) = Transform.ToPixels(_slotX[slot], _slotY[slot]);
                var p = At(b, f.P, lane);
                var a = At(b, f.A, lane);
                var d = At(b, f.D, lane);
                var arousal01 = f.A.HasValue ? Math.Clamp((a + 1f) * 0.5f, 0f, 1f) : 0.5f;
                var radius = baseRadius * (0.85f + (0.3f * arousal01));
                // The octant is a function of the mood (contract bits), so the mood decides when it is
                // there; express.octant serves worlds that publish only the expression output.
                Rgb colour;
                if (f.HasMood)
                {
                    colour = Palette.Octants[AgentFields.OctantOf(p, a, d)];
                }
                else if (f.Octant.HasValue)
                {
                    colour = Palette.Octants[Math.Clamp((int)At(b, f.Octant, lane), 0, 7)];
                }
                else
                {
                    colour = Palette.NoMood;
                }

                // Action units drive the face when the agent expresses anything; an all-zero expression
                // output (no emotion active, or a model without the Express stage) shows the mood instead.
                FaceFeatures face;
                float au1 = At(b, f.Au1, lane), au2 = At(b, f.Au2, lane), au4 = At(b, f.Au4, lane), au5 = At(b, f.Au5, lane);
                float au6 = At(b, f.Au6, lane), au7 = At(b, f.Au7, lane), au12 = At(b, f.Au12, lane), au15 = At(b, f.Au15, lane);
                float au20 = At(b, f.Au20, lane), au26 = At(b, f.Au26, lane);
                var hasActionUnits = f.HasActionUnits;
                if (!hasActionUnits && actionUnitsOnRead is not null)
                {
                    actionUnitsOnRead(world.AgentAt(slot), units);
                    (au1, au2, au4, au5, au6, au7) = (units[Au[0]], units[Au[1]], units[Au[2]], units[Au[3]], units[Au[4]], units[Au[5]]);
                    (au12, au15, au20, au26) = (units[Au[6]], units[Au[7]], units[Au[8]], units[Au[9]]);
                    hasActionUnits = true;
                }

                var expressing = au1 + au2 + au4 + au5 + au6 + au7 + au12 + au15 + au20 + au26 > 0f;
                if (hasActionUnits && (expressing || !f.HasMood))
                {
                    face = FaceFeatures.FromActionUnits(au1, au2, au4, au5, au6, au7, au12, au15, au20, au26);
                }
                else
                {
                    face = f.HasMood ? FaceFeatures.FromMood(p, a, d) : FaceFeatures.Neutral;
                }

                _slotShown[slot] = true;
                _slotX[slot] = px;
                _slotY[slot] = py;
                _slotRadius[slot] = radius;
                _instanceSlot[count] = slot;
                var o = count * InstanceFloats;
                var i = _instances;
                i[o] = px;
                i[o + 1] = py;
                i[o + 2] = radius;
                i[o + 3] = arousal01;
                i[o + 4] = colour.R;
                i[o + 5] = colour.G;
                i[o + 6] = colour.B;
                i[o + 7] = selected.Slot == slot && !selected.IsNone ? 1f : 0f;
                i[o + 8] = face.MouthCurve;
                i[o + 9] = face.MouthOpen;
                i[o + 10] = face.BrowRaise;
                i[o + 11] = face.BrowTilt;
                i[o + 12] = face.EyeOpen;
                i[o + 13] = 0f;
                i[o + 14] = 0f;
                i[o + 15] = 0f;
                count++;
            }
        }

        InstanceCount = count;
    }

    /// <summary>The pixel centre and radius of a sampled agent, or false when it was not drawn.</summary>
    public bool TryGetPixel(AgentId agent, out float x, out float y, out float radius)
    {
        var slot = agent.Slot;
        if (agent.IsNone || slot >= _slotShown.Length || !_slotShown[slot] || _world is null || !_world.IsAlive(agent))
        {
            x = y = radius = 0;
            return false;
        }

        x = _slotX[slot];
        y = _slotY[slot];
        radius = _slotRadius[slot];
        return true;
    }

    /// <summary>The agent whose face contains the pixel (the nearest centre wins), or none.</summary>
    public AgentId Pick(float x, float y)
    {
        if (_world is null)
        {
            return AgentId.None;
        }

        var best = -1;
        var bestDistance = float.MaxValue;
        for (var k = 0; k < InstanceCount; k++)
        {
            var slot = _instanceSlot[k];
            var dx = _slotX[slot] - x;
            var dy = _slotY[slot] - y;
            var dist = (dx * dx) + (dy * dy);
            var reach = _slotRadius[slot] * 1.2f;
            if (dist <= reach * reach && dist < bestDistance)
            {
                bestDistance = dist;
                best = slot;
            }
        }

        return best < 0 ? AgentId.None : _world.AgentAt(best);
    }

    private static float At(ReadOnlySpan<float> block, FieldId? field, int lane) =>
        field is { } f ? Sanitize(block[f.Offset + lane]) : 0f;

    // A NaN from a broken model must not poison the bounds or the shader.
    private static float Sanitize(float v) => float.IsFinite(v) ? v : 0f;

    private void EnsureCapacity(int slots)
    {
        if (_slotX.Length >= slots)
        {
            return;
        }

        var size = Math.Max(slots, _slotX.Length * 2);
        Array.Resize(ref _instances, size * InstanceFloats);
        Array.Resize(ref _slotX, size);
        Array.Resize(ref _slotY, size);
        Array.Resize(ref _slotRadius, size);
        Array.Resize(ref _slotShown, size);
        Array.Resize(ref _instanceSlot, size);
    }
}
