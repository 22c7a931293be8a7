using System;
using AffectEngine.Core;

namespace AffectEngine.Behaviour;

/// <summary>
/// The module's one grid per tick: the Appraise stage's witness search and the Express pass's target searches
/// read the same positions (agents move only in the pass's EndTick), so the first user of a tick builds it,
/// in cells of the largest finite radius any of them uses, and the second reuses it. Reuse is checked, not
/// assumed: a host or plugin system between the two stages may move, add or remove agents, and then the grid
/// is built again, so a query always describes the positions of the moment it is asked.
/// </summary>
internal sealed class TickGrid
{
    private readonly SpatialIndex _index;
    private readonly int _position;
    private long _tick = long.MinValue;

    public TickGrid(int positionOffset, float cell)
    {
        _index = new SpatialIndex(positionOffset);
        _position = positionOffset;
        Cell = cell;
    }

    /// <summary>
    /// The cell edge: the largest finite search, support or witness radius of the settings; 0 when none, and
    /// then (for nearest-anywhere searches) each build sizes cells from the live agents' extent (<see cref="CellFor"/>).
    /// </summary>
    public float Cell { get; }

    /// <summary>Grids built since the module was attached (tests count one per tick).</summary>
    public long Builds { get; private set; }

    /// <summary>True when the grid was built or checked in tick <paramref name="tick"/>.</summary>
    public bool BuiltIn(long tick) => _tick == tick;

    /// <summary>The grid over the world as it is now in tick <paramref name="tick"/>: built on the tick's first call, reused after while it still matches.</summary>
    public SpatialIndex For(World world, long tick)
    {
        if (_tick == tick && _index.Matches(world))
        {
            return _index;
        }

        _index.Build(world, Cell > 0f ? Cell : CellFor(world, _position));
        _tick = tick;
        Builds++;
        return _index;
    }

    /// <summary>
    /// Cells holding about four agents each over the bounding box of the live agents' finite positions (a
    /// line of agents: four per cell along it); 1 when there is nothing to measure. Derived from the state
    /// alone, so every host and thread count builds the same grid; the searches' results do not depend on it.
    /// </summary>
    public static float CellFor(World world, int positionOffset)
    {
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        var live = 0;
        for (var s = 0; s < world.SlotCount; s++)
        {
            if (world.AgentAt(s).IsNone)
            {
                continue;
            }

            var block = world.Block(s >> 3);
            var x = block[positionOffset + (s & 7)];
            var y = block[positionOffset + AgentBlocks.LanesPerBlock + (s & 7)];
            if (!float.IsFinite(x) || !float.IsFinite(y))
            {
                continue;
            }

            live++;
            x0 = Math.Min(x0, x);
            x1 = Math.Max(x1, x);
            y0 = Math.Min(y0, y);
            y1 = Math.Max(y1, y);
        }

        if (live < 2)
        {
            return 1f;
        }

        var w = x1 - x0;
        var h = y1 - y0;
        var cell = w > 0 && h > 0 ? Math.Sqrt(w * h * 4.0 / live) : Math.Max(w, h) * 4.0 / live;
        return cell > 1e-6 && cell < 1e30 ? (float)cell : 1f;
    }

    /// <summary>The largest finite positive radius among the actions' searches and witnesses and the coping support search.</summary>
    public static float CellOf(BehaviourSettings settings)
    {
        var cell = 0f;
        void Take(float r)
        {
            if (r > 0f && !float.IsInfinity(r))
            {
                cell = Math.Max(cell, r);
            }
        }

        foreach (var rule in settings.Actions)
        {
            if (rule.Target is TargetKind.Nearest or TargetKind.MostLiked or TargetKind.LeastLiked)
            {
                Take(rule.Radius);
            }

            if (rule.Appraised)
            {
                Take(rule.WitnessRadius);
            }
        }

        if (settings.Coping is { } coping)
        {
            Take(coping.SupportRadius);
        }

        return cell;
    }
}
