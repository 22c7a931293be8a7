using System;
using System.Linq;

namespace AffectEngine.Social.Tests;

/// <summary>The contagion records' huge-page array must be an ordinary zeroed array of the asked length.</summary>
public sealed class HugePagesTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(1 << 20)]
    [InlineData((3 << 20) + 5)]
    public void A_huge_page_array_is_zeroed_and_of_the_asked_length(int length)
    {
        // Dirty the pinned heap first so a reused block would show through an uninitialised array.
        var junk = GC.AllocateUninitializedArray<float>(length, pinned: true);
        junk.AsSpan().Fill(1f);
        junk = null;
        GC.Collect();

        var array = HugePages.Floats(length);
        Assert.Equal(length, array.Length);
        Assert.True(array.All(v => v == 0f), "an element is not zero");
    }
}
