using AffectEngine.Core;

namespace AffectEngine.Visualizer;

/// <summary>A fixed-size ring of PAD samples (oldest overwritten), for the timeline and the trail.</summary>
internal sealed class PadRing(int capacity)
{
    private readonly float[] _p = new float[capacity];
    private readonly float[] _a = new float[capacity];
    private readonly float[] _d = new float[capacity];
    private int _start;

    public int Count { get; private set; }

    public int Capacity => _p.Length;

    public void Add(float p, float a, float d)
    {
        int index;
        if (Count < _p.Length)
        {
            index = (_start + Count) % _p.Length;
            Count++;
        }
        else
        {
            // Full: overwrite the oldest sample and move the start past it.
            index = _start;
            _start = (_start + 1) % _p.Length;
        }

        _p[index] = p;
        _a[index] = a;
        _d[index] = d;
    }

    /// <summary>The i-th sample, oldest first.</summary>
    public (float P, float A, float D) this[int i]
    {
        get
        {
            var k = (_start + i) % _p.Length;
            return (_p[k], _a[k], _d[k]);
        }
    }

    public void Clear()
    {
        Count = 0;
        _start = 0;
    }
}

/// <summary>Mean mood of the group after each tick, and the selected agent's mood trail.</summary>
internal sealed class MoodHistory
{
    public PadRing Mean { get; } = new(600);

    public PadRing Trail { get; } = new(150);

    public AgentId TrailAgent { get; private set; }

    /// <summary>Samples the world after a tick (read only).</summary>
    public void Record(World world, FieldMap fields, AgentId selected)
    {
        if (fields.P is not { } fp || fields.A is not { } fa || fields.D is not { } fd)
        {
            return;
        }

        double sp = 0, sa = 0, sd = 0;
        var n = 0;
        for (var block = 0; block < world.BlockCount; block++)
        {
            var alive = world.AliveMask(block);
            if (alive == 0)
            {
                continue;
            }

            var ps = world.Lanes(block, fp);
            var aa = world.Lanes(block, fa);
            var ds = world.Lanes(block, fd);
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((alive & (1 << lane)) != 0)
                {
                    sp += ps[lane];
                    sa += aa[lane];
                    sd += ds[lane];
                    n++;
                }
            }
        }

        if (n > 0)
        {
            Mean.Add((float)(sp / n), (float)(sa / n), (float)(sd / n));
        }

        if (selected != TrailAgent)
        {
            Trail.Clear();
            TrailAgent = selected;
        }

        if (!selected.IsNone && world.IsAlive(selected))
        {
            Trail.Add(world.Value(selected, fp), world.Value(selected, fa), world.Value(selected, fd));
        }
    }
}
