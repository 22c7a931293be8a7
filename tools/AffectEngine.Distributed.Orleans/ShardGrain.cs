using System;
using System.Threading.Tasks;
using Orleans;

namespace AffectEngine.Distributed.Orleans;

/// <summary>A shard as an Orleans grain, keyed "run/shard". Orleans runs its calls one at a time, as <see cref="IShard"/> expects.</summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Builds the shard's runner (again, if called twice).</summary>
    Task InitializeAsync(ShardSpec spec);

    /// <inheritdoc cref="IShard.StepAsync"/>
    Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState);

    /// <inheritdoc cref="IShard.AgentStateAsync"/>
    Task<byte[]> AgentStateAsync();

    /// <inheritdoc cref="IShard.TickAsync"/>
    Task<long> TickAsync();

    /// <inheritdoc cref="IShard.RestoreAsync"/>
    Task RestoreAsync(long tick, byte[] agentState);

    /// <summary>The silo this activation lives on (to check that shards spread over silos).</summary>
    Task<string> SiloAsync();
}

/// <summary>The grain: a thin adapter over <see cref="LocalShard"/>; the model never sees Orleans.</summary>
[ShardSpreadPlacement]
public sealed class ShardGrain : Grain, IShardGrain
{
    private LocalShard? _shard;

    /// <inheritdoc />
    public Task InitializeAsync(ShardSpec spec)
    {
        _shard?.Dispose();
        _shard = new LocalShard(spec);

        // The shard's state lives only in memory; keep it active for the run instead of letting idle collection drop it.
        DelayDeactivation(TimeSpan.FromDays(1));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState) => Shard.StepAsync(tick, inbox, collectState);

    /// <inheritdoc />
    public Task<byte[]> AgentStateAsync() => Shard.AgentStateAsync();

    /// <inheritdoc />
    public Task<long> TickAsync() => Shard.TickAsync();

    /// <inheritdoc />
    public Task RestoreAsync(long tick, byte[] agentState) => Shard.RestoreAsync(tick, agentState);

    /// <inheritdoc />
    public Task<string> SiloAsync() => Task.FromResult(RuntimeIdentity);

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, System.Threading.CancellationToken cancellationToken)
    {
        _shard?.Dispose();
        _shard = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private LocalShard Shard => _shard ?? throw new InvalidOperationException($"Shard grain '{this.GetPrimaryKeyString()}' was not initialized (or lost its activation with its silo).");
}
