using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Orleans;
using Orleans.Hosting;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace AffectEngine.Distributed.Orleans;

/// <summary>Places shard s of a run on the s-th compatible silo (mod silo count), so shards spread over silos instead of landing where the caller is.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class ShardSpreadPlacement : PlacementStrategy
{
}

/// <summary>Marks a grain class for <see cref="ShardSpreadPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardSpreadPlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public ShardSpreadPlacementAttribute()
        : base(new ShardSpreadPlacement())
    {
    }
}

/// <summary>The director: silos sorted by address give every silo the same order, and the shard index from the key ("run/shard") picks one.</summary>
public sealed class ShardSpreadPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var silos = context.GetCompatibleSilos(target).OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var key = target.GrainIdentity.Key.ToString() ?? "";
        var slash = key.LastIndexOf('/');
        var shard = slash >= 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return Task.FromResult(silos[shard % silos.Length]);
    }
}

/// <summary>Silo setup for sharded runs.</summary>
public static class ShardSiloExtensions
{
    /// <summary>Registers the shard placement director on a silo (every silo of the cluster needs it).</summary>
    public static ISiloBuilder AddAffectEngineShards(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPlacementDirector<ShardSpreadPlacement, ShardSpreadPlacementDirector>();
        return builder;
    }
}
