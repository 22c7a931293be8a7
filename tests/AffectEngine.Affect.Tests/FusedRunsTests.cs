using AffectEngine.Core;

namespace AffectEngine.Affect.Tests;

/// <summary>The length of the runs a host pass hands to its fused passes: half the L2 cache, bounded, even; or as set.</summary>
public sealed class FusedRunsTests
{
    [Theory]
    [InlineData(368)]
    [InlineData(528)]
    [InlineData(656)]
    [InlineData(4096)]
    public void Measured_length_fills_at_most_half_the_L2_with_an_even_count_of_blocks(int blockStrideFloats)
    {
        var n = FusedRuns.Blocks(blockStrideFloats, requested: 0);
        Assert.True(n >= 32 && n <= 1024, $"{n} blocks");
        Assert.Equal(0, n % 2);
        var bytes = (long)n * blockStrideFloats * sizeof(float);
        if (FusedRuns.L2Bytes == 0)
        {
            // The cache could not be read: the length measured before the cache was considered.
            Assert.Equal(32, n);
        }
        else if (n > 32)
        {
            Assert.True(bytes <= FusedRuns.L2Bytes / 2, $"{n} blocks of {blockStrideFloats * 4} B = {bytes} B in an L2 of {FusedRuns.L2Bytes} B");
            Assert.True(bytes + (2L * blockStrideFloats * sizeof(float)) > FusedRuns.L2Bytes / 2 || n == 1024, $"{n} blocks leave room for two more");
        }
    }

    [Fact]
    public void A_set_length_is_taken_as_it_is()
    {
        Assert.Equal(7, FusedRuns.Blocks(528, requested: 7));
        Assert.Equal(1, FusedRuns.Blocks(528, requested: 1));
    }

    [Fact]
    public void A_negative_length_is_refused_by_name()
    {
        var problems = new WorldOptions { FusedRunBlocks = -1 }.Validate();
        Assert.Contains(problems, p => p.Contains(nameof(WorldOptions.FusedRunBlocks), System.StringComparison.Ordinal));
    }
}
