using System;
using AffectEngine.Appraisal;

namespace AffectEngine.Behaviour;

/// <summary>
/// The candidates of a most-liked or least-liked search that does not scan the world: the agents the
/// chooser holds a liking of. <see cref="AppraiserView.TryGetLiking"/> answers from the view's liking source
/// first and its declared likings second, and is false with liking 0 for anyone in neither, so those two
/// lists hold every agent that can win (a winner needs a liking found and not 0).
/// </summary>
internal static class LikedSlots
{
    /// <summary>
    /// Writes into <paramref name="slots"/> (growing it) the slots of the view's declared likings and of the
    /// entries its liking source lists, ascending and distinct, and returns their count; −1 when the view has a
    /// liking source that cannot list its entries (not an <see cref="ILikingRows"/>: a host's own source may
    /// answer for anyone, so only the scan over every slot is exact then). The slots may name dead agents or
    /// old generations: the caller's per-slot tests, the scan's, drop those.
    /// </summary>
    public static int Collect(in AppraiserView view, ref int[] slots)
    {
        var count = 0;
        if (view.LikingSource is { } source)
        {
            if (source is not ILikingRows rows)
            {
                return -1;
            }

            count = rows.LikedCount(view.Agent);
            Grow(ref slots, count + view.Likings.Length);
            count = rows.CopyLikedSlots(view.Agent, slots.AsSpan(0, count));
        }

        var declared = view.Likings;
        Grow(ref slots, count + declared.Length);

        foreach (ref readonly var l in declared)
        {
            slots[count++] = l.Other.Slot;
        }

        // Slot order is what makes ties go to the lowest slot, as in the scan. Relation rows come sorted and
        // usually no likings are declared besides, so the sort is mostly skipped.
        var sorted = true;
        for (var i = 1; i < count && sorted; i++)
        {
            sorted = slots[i - 1] <= slots[i];
        }

        if (!sorted)
        {
            Array.Sort(slots, 0, count);
        }

        var n = Math.Min(count, 1);
        for (var i = 1; i < count; i++)
        {
            if (slots[i] != slots[n - 1])
            {
                slots[n++] = slots[i];
            }
        }

        return n;
    }

    private static void Grow(ref int[] slots, int need)
    {
        if (slots.Length < need)
        {
            Array.Resize(ref slots, Math.Max(slots.Length * 2, need));
        }
    }
}
