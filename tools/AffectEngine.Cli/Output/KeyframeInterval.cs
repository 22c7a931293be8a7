using System;

namespace AffectEngine.Cli.Output;

/// <summary>The record's default keyframe interval, from the size of the state a keyframe copies.</summary>
internal static class KeyframeInterval
{
    /// <summary>Up to this much state a keyframe every 1,000 ticks is cheap (a snapshot of a few thousand agents).</summary>
    internal const long SmallStateBytes = 128L << 20;

    /// <summary>The interval for small worlds, in ticks.</summary>
    internal const int SmallWorldEvery = 1000;

    /// <summary>
    /// 1,000 ticks up to 128 MB of agent state, then longer in proportion to the state: a keyframe copies and
    /// writes the whole state, and at 10^6 agents (228 MB, action units per tick) one keyframe every 1,000 ticks cost +7.3% of the run
    /// it recorded (benchmarks/README.md, "Recording at 10^6 agents"), which with the per-tick frames came close
    /// to the 10% recording budget. Scaling keeps the keyframes' share of the run roughly constant (2,000 ticks at
    /// 10^6 agents; at 10^7 about 13,000 on read, 18,000 per tick), at the price of a longer replay seek;
    /// <c>--keyframe-every</c> overrides it.
    /// </summary>
    internal static int Default(long stateBytes)
    {
        if (stateBytes <= SmallStateBytes)
        {
            return SmallWorldEvery;
        }

        var factor = (stateBytes + SmallStateBytes - 1) / SmallStateBytes;
        return (int)Math.Min(int.MaxValue / 2, factor * SmallWorldEvery);
    }
}
