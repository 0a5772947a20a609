namespace DynamoMcp.Runtime.Queue;

/// <summary>
/// A rate-limited, delaying work queue with client-go semantics: one pending entry per key however many
/// times it is added; a key being processed that is added again is marked dirty and queued once
/// <see cref="Done"/> is called, so no two workers ever hold the same key.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = new();
    private readonly HashSet<TKey> _processing = new();
    private readonly Dictionary<TKey, long> _queuedAt = new();
    private readonly Dictionary<TKey, long> _startedAt = new();
    private readonly Dictionary<TKey, DateTimeOffset> _waiting = new();
    private readonly PriorityQueue<TKey, DateTimeOffset> _waitingByTime = new();
    private readonly List<TaskCompletionSource> _getters = new();
    private readonly TimeProvider _time;
    private readonly IWorkQueueMetrics? _metrics;
    private readonly ExponentialBackoff<TKey> _backoff;
    private readonly ITimer _timer;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;

    public WorkQueue(WorkQueueOptions? options = null, TimeProvider? time = null, IWorkQueueMetrics? metrics = null)
    {
        options ??= new WorkQueueOptions();
        Name = options.Name;
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
        _backoff = new ExponentialBackoff<TKey>(options.BackoffBase, options.BackoffCap);
        _timer = _time.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    /// <summary>Keys ready to be handed to a worker (not counting delayed or in-flight ones).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys scheduled by <see cref="AddAfter"/> or <see cref="AddRateLimited"/> and not yet due.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds <paramref name="key"/> once <paramref name="delay"/> has passed; an earlier pending schedule wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(key);
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }

            _waiting[key] = due;
            _waitingByTime.Enqueue(key, due);
            RescheduleLocked();
        }
    }

    /// <summary>Adds <paramref name="key"/> after its next backoff delay (one more failure).</summary>
    public void AddRateLimited(TKey key)
    {
        _metrics?.Retried(Name);
        AddAfter(key, _backoff.When(key));
    }

    /// <summary>Resets the backoff of <paramref name="key"/> (after a success or when giving up on it).</summary>
    public void Forget(TKey key) => _backoff.Forget(key);

    public int NumRequeues(TKey key) => _backoff.NumRequeues(key);

    /// <summary>
    /// Waits for a key and marks it as being processed; the caller must call <see cref="Done"/>.
    /// Returns <c>default</c> with <c>shutdown = true</c> once the queue is shut down.
    /// </summary>
    public async ValueTask<(TKey? Key, bool Shutdown)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource signal;
            lock (_lock)
            {
                if (_shuttingDown)
                {
                    return (default, true);
                }

                if (_queue.First is { } first)
                {
                    var key = first.Value;
                    _queue.RemoveFirst();
                    _dirty.Remove(key);
                    _processing.Add(key);
                    var now = _time.GetTimestamp();
                    if (_queuedAt.Remove(key, out var queuedAt))
                    {
                        _metrics?.Queued(Name, _time.GetElapsedTime(queuedAt, now));
                    }

                    _startedAt[key] = now;
                    _metrics?.DepthChanged(Name, _queue.Count);
                    return (key, false);
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _getters.Add(signal);
            }

            try
            {
                await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (_lock)
                {
                    _getters.Remove(signal);
                }
            }
        }
    }

    /// <summary>Marks <paramref name="key"/> as processed; if it was added meanwhile it goes back on the queue now.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            if (!_processing.Remove(key))
            {
                return;
            }

            if (_startedAt.Remove(key, out var started))
            {
                _metrics?.Worked(Name, _time.GetElapsedTime(started));
            }

            if (_dirty.Contains(key) && !_shuttingDown)
            {
                EnqueueLocked(key);
            }

            if (_processing.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>Stops handing out keys; waiting <see cref="GetAsync"/> calls return shutdown; adds are ignored.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            WakeGettersLocked();
        }
    }

    /// <summary>Shuts down, then waits until every key handed out has been marked <see cref="Done"/>.</summary>
    public async Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_lock)
        {
            _shuttingDown = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            WakeGettersLocked();
            if (_processing.Count == 0)
            {
                return;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }

    private void AddLocked(TKey key)
    {
        if (_shuttingDown || !_dirty.Add(key))
        {
            return;
        }

        _metrics?.Added(Name);
        if (_processing.Contains(key))
        {
            return;
        }

        EnqueueLocked(key);
    }

    private void EnqueueLocked(TKey key)
    {
        _queue.AddLast(key);
        _queuedAt[key] = _time.GetTimestamp();
        _metrics?.DepthChanged(Name, _queue.Count);
        WakeGettersLocked();
    }

    private void WakeGettersLocked()
    {
        foreach (var getter in _getters)
        {
            getter.TrySetResult();
        }

        _getters.Clear();
    }

    private void PromoteDue()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_waitingByTime.TryPeek(out var key, out var due) && due <= now)
            {
                _waitingByTime.Dequeue();

                // Stale heap entries (a later AddAfter brought the key forward) are skipped.
                if (_waiting.TryGetValue(key, out var current) && current == due)
                {
                    _waiting.Remove(key);
                    AddLocked(key);
                }
            }

            RescheduleLocked();
        }
    }

    private void RescheduleLocked()
    {
        while (_waitingByTime.TryPeek(out var key, out var due))
        {
            if (_waiting.TryGetValue(key, out var current) && current == due)
            {
                if (!_shuttingDown)
                {
                    var delay = due - _time.GetUtcNow();
                    _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            _waitingByTime.Dequeue();
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
