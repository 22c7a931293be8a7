using System;
using System.IO;
using System.Threading.Tasks;
using AffectEngine.Distributed.Orleans;

namespace AffectEngine.Distributed.Tests;

/// <summary>A checkpoint written to a file and read back resumes the run with the hashes of an undisturbed run; a damaged one is refused.</summary>
public sealed class CheckpointFileTests : IClassFixture<TwoSiloCluster>
{
    private const int Ticks = 60;
    private readonly TwoSiloCluster _fixture;

    public CheckpointFileTests(TwoSiloCluster fixture) => _fixture = fixture;

    /// <summary>Runs the cross-shard tavern past the robbery (tick 20: actor and targets on both shards) and writes the checkpoint at tick 25.</summary>
    private async Task<(byte[] File, ClusterCheckpoint Taken)> CheckpointAfterTheRobberyAsync(string runId)
    {
        var run = await ClusterCoordinator.StartAsync(_fixture.Cluster.Client, CrossShardScenarios.Tavern(), 2, runId);
        while (run.Tick < 25)
        {
            await run.StepAsync();
        }

        var checkpoint = await run.CheckpointAsync();
        await run.StopAsync();
        return (Bytes(checkpoint), checkpoint);
    }

    private static byte[] Bytes(ClusterCheckpoint checkpoint)
    {
        using var file = new MemoryStream();
        ClusterCheckpointFile.Write(file, checkpoint);
        return file.ToArray();
    }

    [Fact]
    public async Task Impulses_in_flight_come_back_from_the_file_in_order()
    {
        var (_, taken) = await CheckpointAfterTheRobberyAsync("ckpending");

        // Events are replicated to every shard today, so a run rarely has batches in flight; the format must still carry them.
        var pending = new System.Collections.Generic.IReadOnlyList<ShardBatch>[]
        {
            [new ShardBatch(25, 1, [new CrossShardImpulse(0, Affect.EmotionType.Fear, 0.75f), new CrossShardImpulse(3, Affect.EmotionType.Reproach, 0.125f)])],
            [new ShardBatch(25, 0, [new CrossShardImpulse(5, Affect.EmotionType.Joy, 1f)]), new ShardBatch(25, 1, [])],
        };
        var read = ClusterCheckpointFile.Read(Bytes(new ClusterCheckpoint(taken.Snapshot, 2, pending, taken.ScenarioDigest)));
        Assert.Equal(3, read.PendingBatches);
        for (var s = 0; s < 2; s++)
        {
            Assert.Equal(pending[s].Count, read.Pending[s].Count);
            for (var b = 0; b < pending[s].Count; b++)
            {
                Assert.Equal(pending[s][b].Tick, read.Pending[s][b].Tick);
                Assert.Equal(pending[s][b].SourceShard, read.Pending[s][b].SourceShard);
                Assert.Equal(pending[s][b].Impulses, read.Pending[s][b].Impulses);
            }
        }

        // An impulse for an agent the run does not have is damage, not data.
        var wrong = new System.Collections.Generic.IReadOnlyList<ShardBatch>[] { [new ShardBatch(25, 1, [new CrossShardImpulse(99, Affect.EmotionType.Fear, 1f)])], [] };
        Assert.Contains("agent 99", Assert.Throws<InvalidDataException>(() => ClusterCheckpointFile.Read(Bytes(new ClusterCheckpoint(taken.Snapshot, 2, wrong, taken.ScenarioDigest)))).Message);
    }

    [Fact]
    public async Task A_checkpoint_read_back_from_its_file_resumes_with_the_hashes_of_an_undisturbed_run()
    {
        var expected = CrossShardScenarios.SingleProcessHashes(CrossShardScenarios.Tavern(), null, Ticks);
        var (file, taken) = await CheckpointAfterTheRobberyAsync("ckfile");
        var read = ClusterCheckpointFile.Read(file);
        Assert.Equal(25, read.Tick);
        Assert.Equal(taken.PendingBatches, read.PendingBatches);
        Assert.Equal(taken.ScenarioDigest, read.ScenarioDigest);
        Assert.Equal(expected[taken.Tick], read.Snapshot.Hash);

        // A fresh scenario object from the same text: the digest is of the content, not the instance.
        var resumed = await ClusterCoordinator.ResumeAsync(_fixture.Cluster.Client, CrossShardScenarios.Tavern(), read, "ckfile-resumed");
        Assert.Equal(taken.Tick, resumed.Tick);
        for (var t = taken.Tick + 1; t <= Ticks; t++)
        {
            Assert.Equal(expected[t], await resumed.StepAsync());
        }

        await resumed.StopAsync();
    }

    [Fact]
    public async Task A_damaged_or_foreign_checkpoint_is_refused_with_what_is_wrong()
    {
        var (file, _) = await CheckpointAfterTheRobberyAsync("ckbad");

        var flipped = (byte[])file.Clone();
        flipped[flipped.Length / 2] ^= 0x10;
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => ClusterCheckpointFile.Read(flipped)).Message);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => ClusterCheckpointFile.Read(file.AsSpan(0, file.Length - 100).ToArray())).Message);
        Assert.Contains("AECK", Assert.Throws<InvalidDataException>(() => ClusterCheckpointFile.Read("{\"name\":1}"u8.ToArray())).Message);

        // Another seed is another run: resuming under it would go on silently from the wrong state.
        var other = CrossShardScenarios.Tavern();
        other.Run.Seed = 8;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ClusterCoordinator.ResumeAsync(_fixture.Cluster.Client, other, ClusterCheckpointFile.Read(file), "ckbad-other"));
        Assert.Contains("another scenario", error.Message);
    }
}
