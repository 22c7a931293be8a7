using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Concurrency;

namespace AffectEngine.Distributed.Orleans;

/// <summary>A shard as an Orleans grain, keyed "run/shard". Orleans runs its calls one at a time, as <see cref="IShard"/> expects.</summary>
public interface IShardGrain : IGrainWithStringKey
{
    /// <summary>Builds the shard's runner (again, if called twice) and reports its range and ghosts.</summary>
    Task<ShardInfo> InitializeAsync(ShardSpec spec);

    /// <inheritdoc cref="IShard.ConnectAsync"/>
    Task ConnectAsync(IReadOnlyList<HaloRoute> exports);

    /// <inheritdoc cref="IShard.StepAsync"/>
    Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState);

    /// <inheritdoc cref="IShard.BeginStepAsync"/>
    Task<IReadOnlyList<HaloBatch>> BeginStepAsync(long tick, ShardInbox inbox);

    /// <inheritdoc cref="IShard.EndStepAsync"/>
    Task<ShardStepResult> EndStepAsync(long tick, IReadOnlyList<HaloBatch> halo, bool collectState);

    /// <inheritdoc cref="IShard.ActAsync"/>
    Task<ActionBatch> ActAsync(long tick, ShardInbox inbox, IReadOnlyList<HaloBatch> halo);

    /// <inheritdoc cref="IShard.EndActAsync"/>
    Task<ShardStepResult> EndActAsync(long tick, ActionBatch actions, bool collectState);

    /// <inheritdoc cref="IShard.AgentStateAsync"/>
    Task<byte[]> AgentStateAsync();

    /// <inheritdoc cref="IShard.SideStateAsync"/>
    Task<byte[]> SideStateAsync();

    /// <inheritdoc cref="IShard.TickAsync"/>
    Task<long> TickAsync();

    /// <inheritdoc cref="IShard.RestoreAsync"/>
    Task RestoreAsync(long tick, byte[] agentState, byte[] sideState);

    /// <summary>The silo this activation lives on (to check that shards spread over silos).</summary>
    Task<string> SiloAsync();

    /// <summary>Ends the shard: fails a tick waiting at the exchange, frees the runner, lets the activation go.</summary>
    [AlwaysInterleave]
    Task StopAsync();
}

/// <summary>Host registrations every shard runner of a silo gets (e.g. the appraisal models the host offers).</summary>
public interface IShardRunnerSetup
{
    /// <summary>Adds registrations to a shard runner's engine builder.</summary>
    void Configure(AffectEngineBuilder builder);
}

/// <summary>The grain: a thin adapter over <see cref="LocalShard"/>; the model never sees Orleans.</summary>
[ShardSpreadPlacement]
public sealed class ShardGrain : Grain, IShardGrain
{
    private readonly IShardRunnerSetup? _setup;
    private LocalShard? _shard;

    /// <summary>Created by Orleans; the silo may register an <see cref="IShardRunnerSetup"/>.</summary>
    public ShardGrain(IServiceProvider services) => _setup = services.GetService<IShardRunnerSetup>();

    /// <inheritdoc />
    public Task<ShardInfo> InitializeAsync(ShardSpec spec)
    {
        _shard?.Dispose();
        _shard = null;
        _shard = new LocalShard(spec, _setup is null ? null : _setup.Configure);

        // The shard's state lives only in memory; keep it active for the run instead of letting idle collection drop it.
        DelayDeactivation(TimeSpan.FromDays(1));
        return Task.FromResult(_shard.Info);
    }

    /// <inheritdoc />
    public Task ConnectAsync(IReadOnlyList<HaloRoute> exports) => Shard.ConnectAsync(exports);

    /// <inheritdoc />
    public Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState) => Shard.StepAsync(tick, inbox, collectState);

    /// <inheritdoc />
    public Task<IReadOnlyList<HaloBatch>> BeginStepAsync(long tick, ShardInbox inbox) => Shard.BeginStepAsync(tick, inbox);

    /// <inheritdoc />
    public Task<ShardStepResult> EndStepAsync(long tick, IReadOnlyList<HaloBatch> halo, bool collectState) => Shard.EndStepAsync(tick, halo, collectState);

    /// <inheritdoc />
    public Task<ActionBatch> ActAsync(long tick, ShardInbox inbox, IReadOnlyList<HaloBatch> halo) => Shard.ActAsync(tick, inbox, halo);

    /// <inheritdoc />
    public Task<ShardStepResult> EndActAsync(long tick, ActionBatch actions, bool collectState) => Shard.EndActAsync(tick, actions, collectState);

    /// <inheritdoc />
    public Task<byte[]> AgentStateAsync() => Shard.AgentStateAsync();

    /// <inheritdoc />
    public Task<byte[]> SideStateAsync() => Shard.SideStateAsync();

    /// <inheritdoc />
    public Task<long> TickAsync() => Shard.TickAsync();

    /// <inheritdoc />
    public Task RestoreAsync(long tick, byte[] agentState, byte[] sideState) => Shard.RestoreAsync(tick, agentState, sideState);

    /// <inheritdoc />
    public Task<string> SiloAsync() => Task.FromResult(RuntimeIdentity);

    /// <inheritdoc />
    public Task StopAsync()
    {
        // Interleaves with a call blocked at the exchange: aborting releases its tick thread, then the grain goes.
        _shard?.Abort();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, System.Threading.CancellationToken cancellationToken)
    {
        _shard?.Dispose();
        _shard = null;
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    private LocalShard Shard => _shard ?? throw new InvalidOperationException($"Shard grain '{this.GetPrimaryKeyString()}' was not initialized (or lost its activation with its silo).");
}
