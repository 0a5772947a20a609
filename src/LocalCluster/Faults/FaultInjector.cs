namespace DynamoMcp.LocalCluster.Faults;

/// <summary>
/// Switchable failures for reliability tests: dropped watches, failing writes, latency and history loss.
/// Every setting can be changed while the server runs; <see cref="Reset"/> turns everything off.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private int _failNextWrites;
    private int _failNextWritesStatus;
    private double _writeFailureShare;
    private int _writeFailureShareStatus;
    private long _forcedCompactionRevision;

    /// <summary>Watches are closed by the server after sending this many events (null: never).</summary>
    public int? CloseWatchesAfterEvents { get; set; }

    /// <summary>Watches are closed by the server after this long (null: never).</summary>
    public TimeSpan? CloseWatchesAfter { get; set; }

    /// <summary>Delay added before every request is handled.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Answers the next <paramref name="count"/> writes with <paramref name="statusCode"/> (409 or 500).</summary>
    public void FailNextWrites(int count, int statusCode = 500)
    {
        lock (_gate)
        {
            _failNextWrites = count;
            _failNextWritesStatus = statusCode;
        }
    }

    /// <summary>Answers a random <paramref name="share"/> (0..1) of writes with <paramref name="statusCode"/> (409 or 500).</summary>
    public void FailWriteShare(double share, int statusCode = 500)
    {
        lock (_gate)
        {
            _writeFailureShare = share;
            _writeFailureShareStatus = statusCode;
        }
    }

    /// <summary>Makes every watch that resumes from a resourceVersion older than now receive 410 Gone.</summary>
    public void ExpireWatchHistory() => Interlocked.Exchange(ref _forcedCompactionRevision, RevisionSource?.Invoke() ?? 0);

    /// <summary>The store's current revision, wired by the server.</summary>
    internal Func<long>? RevisionSource { get; set; }

    /// <summary>Turns every fault off.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _failNextWrites = 0;
            _writeFailureShare = 0;
        }
        CloseWatchesAfterEvents = null;
        CloseWatchesAfter = null;
        Latency = TimeSpan.Zero;
        Interlocked.Exchange(ref _forcedCompactionRevision, 0);
    }

    /// <summary>Returns the status code a write must fail with, or null to let it through.</summary>
    internal int? NextWriteFailure()
    {
        lock (_gate)
        {
            if (_failNextWrites > 0)
            {
                _failNextWrites--;
                return _failNextWritesStatus;
            }
            if (_writeFailureShare > 0 && Random.Shared.NextDouble() < _writeFailureShare)
            {
                return _writeFailureShareStatus;
            }
            return null;
        }
    }

    /// <summary>Watches from a revision older than this get 410 (0: no forced expiry).</summary>
    internal long ForcedCompactionRevision => Interlocked.Read(ref _forcedCompactionRevision);
}
