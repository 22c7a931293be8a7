using System;
using System.Threading;

namespace AffectEngine.Core;

/// <summary>
/// Runs a partitioned system over contiguous block ranges on dedicated threads. Partition p always
/// covers the same blocks for a given (block count, partition count), and each partition touches
/// only its blocks, so results do not depend on scheduling. Dispatch allocates nothing.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly CountdownEvent _done;
    private readonly long[] _allocated;
    private IPartitionedSystem? _system;
    private TickContext _context;
    private int _blockCount;
    private Exception? _failure;
    private volatile bool _stopping;

    public WorkerPool(int threads)
    {
        PartitionCount = Math.Max(1, threads);
        _threads = new Thread[PartitionCount - 1];
        _start = new SemaphoreSlim[PartitionCount - 1];
        _done = new CountdownEvent(1);
        _allocated = new long[PartitionCount];
        for (var i = 0; i < _threads.Length; i++)
        {
            _start[i] = new SemaphoreSlim(0);
            var partition = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(partition))
            {
                IsBackground = true,
                Name = $"AffectEngine worker {partition}",
            };
            _threads[i].Start();
        }
    }

    public int PartitionCount { get; }

    /// <summary>Bytes the worker threads have allocated so far (each thread's own counter, read after its last partition).</summary>
    public long WorkerAllocatedBytes
    {
        get
        {
            long sum = 0;
            for (var i = 1; i < _allocated.Length; i++)
            {
                sum += Volatile.Read(ref _allocated[i]);
            }

            return sum;
        }
    }

    public void Run(IPartitionedSystem system, in TickContext context, int blockCount)
    {
        if (PartitionCount == 1)
        {
            system.Execute(context, 0, blockCount, 0);
            return;
        }

        _system = system;
        _context = context;
        _blockCount = blockCount;
        _failure = null;
        _done.Reset(_threads.Length);
        for (var i = 0; i < _start.Length; i++)
        {
            _start[i].Release();
        }

        RunPartition(0);
        _done.Wait();
        _system = null;
        if (_failure is not null)
        {
            var failure = _failure;
            _failure = null;
            throw new InvalidOperationException($"System '{system.Name}' failed in a worker partition: {failure.Message}", failure);
        }
    }

    public static void Range(int blockCount, int partitions, int partition, out int first, out int end)
    {
        first = (int)((long)blockCount * partition / partitions);
        end = (int)((long)blockCount * (partition + 1) / partitions);
    }

    private void RunPartition(int partition)
    {
        Range(_blockCount, PartitionCount, partition, out var first, out var end);
        if (first < end)
        {
            _system!.Execute(_context, first, end, partition);
        }
    }

    private void WorkerLoop(int partition)
    {
        var start = _start[partition - 1];
        while (true)
        {
            start.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                RunPartition(partition);
                Volatile.Write(ref _allocated[partition], GC.GetAllocatedBytesForCurrentThread());
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _failure, ex, null);
            }
            finally
            {
                _done.Signal();
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var s in _start)
        {
            s.Release();
        }

        foreach (var t in _threads)
        {
            t.Join();
        }

        foreach (var s in _start)
        {
            s.Dispose();
        }

        _done.Dispose();
    }
}
