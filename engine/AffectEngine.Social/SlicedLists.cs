using System;
#if NET
#endif

namespace AffectEngine.Social;

/// <summary>
/// Incoming neighbour lists in sliced ELLPACK form with slices of one block (SELL-8, Kreutzer et al.
/// 2014, SIAM J. Sci. Comput. 36(5)): the k-th sender of the block's eight receivers sits at
/// <c>start + 8k + lane</c>, so one vector load gives eight receivers' k-th senders and weights.
/// A block's slice is as wide as its receiver with the most senders; shorter lists are padded with
/// the zero record (weight 0), whose contribution is exactly +0.
/// </summary>
internal sealed class SlicedLists
{
    /// <summary>First entry of block b's slice (a multiple of 8).</summary>
    public int[] SliceStart = [];

    /// <summary>Senders per lane in block b's slice (the longest list of its eight receivers).</summary>
    public int[] SliceWidth = [];

    /// <summary>Sender slots.</summary>
    public int[] Sender = [];

    /// <summary>Channel strengths α (1 for spatial neighbours).</summary>
    public float[] Weight = [];

    /// <summary>
    /// For the network's lists: every listed α is exactly 1 (an unweighted network), so the paired sums add the
    /// records without reading <see cref="Weight"/>: 1·r is r, and a pad entry adds the zero record either way.
    /// Set when the lists are built; tests and benchmarks clear it to read the weights anyway.
    /// </summary>
    public bool UnitWeights;

    /// <summary>
    /// For the network's lists, the senders whose records the pass hints ahead: per block b, entries
    /// [FarStart[b], FarStart[b + 1]) of <see cref="FarSender"/>, the senders more than <c>NearBlocks</c> blocks from b.
    /// A nearer sender's record is on a line the pass's walk through the records has just read or is about to.
    /// </summary>
    public int[] FarStart = [];

    /// <summary>Far senders' slots, block by block (see <see cref="FarStart"/>).</summary>
    public int[] FarSender = [];

    /// <summary>Most senders are far (a random graph): the pass hints every sender's record from <see cref="Sender"/> and <see cref="FarSender"/> is not listed.</summary>
    public bool HintEverySender;

    /// <summary>Blocks covered; −1 when the lists must be rebuilt.</summary>
    public int Blocks = -1;

    /// <summary>Entries in use.</summary>
    public int Length;

    /// <summary>For a partition's spatial lists: the grid layout they were built from, and their block range.</summary>
    public int Version = -1;

    /// <summary>For spatial lists: the <see cref="ContagionState.PositionVersion"/> they are exact for.</summary>
    public int PositionVersion = -1;

    /// <summary>
    /// For spatial lists, per block of the range: how far (distance) the closest candidate of the
    /// block's receivers was from crossing the radius when the block was listed, less a rounding allowance.
    /// </summary>
    public float[] Margin = [];

    /// <summary>Per block: <see cref="ContagionState.Displacement"/> when the block was listed.</summary>
    public float[] MarginDisplacement = [];

    public int FirstBlock;

    public int EndBlock;

    /// <summary>One growable list of senders per lane, used while a block's slice is built.</summary>
    public int[][] Scratch = [[], [], [], [], [], [], [], []];

    /// <summary>Starts a rebuild over <paramref name="blocks"/> blocks.</summary>
    public void Begin(int blocks)
    {
        if (SliceStart.Length < blocks)
        {
            SliceStart = new int[blocks];
            SliceWidth = new int[blocks];
        }

        Blocks = blocks;
        Length = 0;
    }

    /// <summary>Sizes the per-block margins for <paramref name="blocks"/> blocks.</summary>
    public void EnsureMargins(int blocks)
    {
        if (Margin.Length < blocks)
        {
            Margin = new float[blocks];
            MarginDisplacement = new float[blocks];
        }
    }

    /// <summary>Appends block b's slice of <paramref name="width"/> senders per lane; returns its first entry.</summary>
    public int Append(int block, int width)
    {
        var start = Length;
        var end = checked(start + (width * AgentBlocks.LanesPerBlock));
        if (Sender.Length < end)
        {
            var size = Math.Max(end, Sender.Length * 2);
            Array.Resize(ref Sender, size);
            Array.Resize(ref Weight, size);
        }

        SliceStart[block] = start;
        SliceWidth[block] = width;
        Length = end;
        return start;
    }
}
