using System;
using AffectEngine.Core;

namespace AffectEngine.Behaviour;

/// <summary>
/// A uniform grid over the live agents' positions, rebuilt when asked (once per tick at most), that answers
/// "which agents may lie within r of (x, y)" with a superset of them in ascending slot order. Callers apply
/// their exact distance test to the candidates in that order, so a search over the candidates keeps the same
/// agent as the scan over every slot (same candidates in the same order, same arithmetic, same ties): the
/// grid changes the cost, never a result or a hash.
/// </summary>
/// <remarks>
/// Cells are hashed into a power-of-two table of buckets filled by a counting sort in slot order (no
/// dictionary, nothing allocated once grown). Agents whose position is not finite are candidates of every
/// query, as the scan's comparisons let them through. Queries are read-only and may run in parallel, each
/// with its own buffer; a query that would visit too many cells declines and the caller scans.
/// </remarks>
internal sealed class SpatialIndex
{
    // Beyond this many cells a query is no cheaper than a scan of a world this index is worth building for.
    private const int MaxCells = 64;
    private const double CellLimit = 1 << 29;

    private readonly int _position;
    private int[] _start = new int[2];
    private int[] _slots = [];
    private int[] _bucketOf = [];
    private int[] _everywhere = [];
    private int _everywhereCount;
    private int _mask;
    private double _inverseCell;

    // What the last build saw (slot count, live lanes per block, positions by bits), so a later stage of the
    // same tick can tell whether the grid still describes the world (Matches) instead of rebuilding it.
    private int _builtSlots = -1;
    private byte[] _alive = [];
    private int[] _xBits = [];
    private int[] _yBits = [];

    public SpatialIndex(int positionOffset) => _position = positionOffset;

    /// <summary>The cell edge of the last build; 0 before any.</summary>
    public float CellSize { get; private set; }

    /// <summary>Indexes every live agent of <paramref name="world"/> by its position, in cells of <paramref name="cellSize"/>.</summary>
    public void Build(World world, float cellSize)
    {
        if (!(cellSize > 0f) || float.IsInfinity(cellSize))
        {
            throw new ArgumentOutOfRangeException(nameof(cellSize), cellSize, "The cell size must be positive and finite.");
        }

        CellSize = cellSize;
        _inverseCell = 1.0 / cellSize;
        var slots = world.SlotCount;
        var buckets = 16;
        while (buckets < slots * 2)
        {
            buckets <<= 1;
        }

        _mask = buckets - 1;
        if (_start.Length < buckets + 1)
        {
            _start = new int[buckets + 1];
        }
        else
        {
            Array.Clear(_start, 0, buckets + 1);
        }

        if (_bucketOf.Length < slots)
        {
            _bucketOf = new int[Math.Max(slots, _bucketOf.Length * 2)];
            _slots = new int[_bucketOf.Length];
            _xBits = new int[_bucketOf.Length];
            _yBits = new int[_bucketOf.Length];
        }

        var blocks = (slots + AgentBlocks.LanesPerBlock - 1) / AgentBlocks.LanesPerBlock;
        if (_alive.Length < blocks)
        {
            _alive = new byte[Math.Max(blocks, _alive.Length * 2)];
        }

        for (var b = 0; b < blocks; b++)
        {
            _alive[b] = world.AliveMask(b);
        }

        _builtSlots = slots;

        _everywhereCount = 0;
        for (var s = 0; s < slots; s++)
        {
            _bucketOf[s] = -1;
            if (world.AgentAt(s).IsNone)
            {
                continue;
            }

            var (x, y) = PositionOf(world, s);
            _xBits[s] = BitConverter.SingleToInt32Bits(x);
            _yBits[s] = BitConverter.SingleToInt32Bits(y);
            if (!IsFinite(x) || !IsFinite(y))
            {
                if (_everywhereCount == _everywhere.Length)
                {
                    Array.Resize(ref _everywhere, Math.Max(8, _everywhere.Length * 2));
                }

                _everywhere[_everywhereCount++] = s;
                continue;
            }

            var bucket = Bucket(Cell(x), Cell(y));
            _bucketOf[s] = bucket;
            _start[bucket + 1]++;
        }

        for (var b = 0; b < buckets; b++)
        {
            _start[b + 1] += _start[b];
        }

        // Counting sort in slot order: within a bucket, slots ascend. _start[b] is used as the fill cursor, then restored.
        for (var s = 0; s < slots; s++)
        {
            var bucket = _bucketOf[s];
            if (bucket >= 0)
            {
                _slots[_start[bucket]++] = s;
            }
        }

        for (var b = buckets; b > 0; b--)
        {
            _start[b] = _start[b - 1];
        }

        _start[0] = 0;
    }

    /// <summary>
    /// True when <paramref name="world"/> has the slots, live agents and positions (bit for bit) of the last
    /// build, so every query answers as a fresh build would. One read of the position lines: far cheaper than
    /// a build (no hashing, no scattered writes).
    /// </summary>
    public bool Matches(World world)
    {
        var slots = world.SlotCount;
        if (slots != _builtSlots)
        {
            return false;
        }

        var blocks = (slots + AgentBlocks.LanesPerBlock - 1) / AgentBlocks.LanesPerBlock;
        for (var b = 0; b < blocks; b++)
        {
            var alive = world.AliveMask(b);
            if (alive != _alive[b])
            {
                return false;
            }

            if (alive == 0)
            {
                continue;
            }

            var block = world.Block(b);
            var first = b * AgentBlocks.LanesPerBlock;
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((alive & (1 << lane)) != 0
                    && (BitConverter.SingleToInt32Bits(block[_position + lane]) != _xBits[first + lane]
                        || BitConverter.SingleToInt32Bits(block[_position + AgentBlocks.LanesPerBlock + lane]) != _yBits[first + lane]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> (grown as needed) with every live agent that may lie within
    /// <paramref name="radius"/> of (x, y), in ascending slot order, and returns how many; −1 when the query
    /// declines (centre not finite, radius not positive, or too many cells) and the caller must scan.
    /// </summary>
    public int Query(float x, float y, float radius, ref int[] buffer)
    {
        if (!(radius > 0f) || !IsFinite(x) || !IsFinite(y) || float.IsInfinity(radius))
        {
            return -1;
        }

        // The float distance test of the callers may accept an agent a few ulps beyond r: widen the range by a
        // margin far above float rounding so no such agent falls in an unvisited cell.
        var margin = (1e-4 * (radius + Math.Abs(x) + Math.Abs(y))) + 1e-6;
        var cx0 = Cell(x - radius - margin);
        var cx1 = Cell(x + radius + margin);
        var cy0 = Cell(y - radius - margin);
        var cy1 = Cell(y + radius + margin);
        if (((long)cx1 - cx0 + 1) * ((long)cy1 - cy0 + 1) > MaxCells)
        {
            return -1;
        }

        Span<int> visited = stackalloc int[MaxCells];
        var visitedCount = 0;
        var count = 0;
        for (var cx = cx0; cx <= cx1; cx++)
        {
            for (var cy = cy0; cy <= cy1; cy++)
            {
                var bucket = Bucket(cx, cy);

                // Cells that hash to one bucket share its list: visit each bucket once.
                if (visited.Slice(0, visitedCount).IndexOf(bucket) >= 0)
                {
                    continue;
                }

                visited[visitedCount++] = bucket;
                var from = _start[bucket];
                var to = _start[bucket + 1];
                Ensure(ref buffer, count + (to - from));
                Array.Copy(_slots, from, buffer, count, to - from);
                count += to - from;
            }
        }

        Ensure(ref buffer, count + _everywhereCount);
        Array.Copy(_everywhere, 0, buffer, count, _everywhereCount);
        count += _everywhereCount;
        Array.Sort(buffer, 0, count);
        return count;
    }

    private static void Ensure(ref int[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
        }
    }

    private static bool IsFinite(float v) => !float.IsNaN(v) && !float.IsInfinity(v);

    // Clamped so far-away agents share edge cells instead of overflowing; the callers' exact test sorts them out.
    private int Cell(double v) => (int)Math.Max(-CellLimit, Math.Min(CellLimit, Math.Floor(v * _inverseCell)));

    private int Bucket(int cx, int cy) => (int)((((uint)cx * 73856093u) ^ ((uint)cy * 19349663u)) & (uint)_mask);

    private (float X, float Y) PositionOf(World world, int slot)
    {
        var block = world.Block(slot >> 3);
        var lane = slot & 7;
        return (block[_position + lane], block[_position + AgentBlocks.LanesPerBlock + lane]);
    }
}
