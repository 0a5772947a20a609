namespace DynamoMcp.Runtime.Queue;

/// <summary>Per-key exponential backoff (client-go's ItemExponentialFailureRateLimiter): base·2^failures, capped.</summary>
public sealed class ExponentialBackoff<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, int> _failures = new();
    private readonly Lock _lock = new();

    public ExponentialBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (baseDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "The base backoff must be positive; use e.g. 5 ms.");
        }

        if (maxDelay < baseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), maxDelay, "The backoff cap must be at least the base delay.");
        }

        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>Records one more failure of <paramref name="key"/> and returns how long to wait before retrying it.</summary>
    public TimeSpan When(TKey key)
    {
        int exponent;
        lock (_lock)
        {
            _failures.TryGetValue(key, out exponent);
            _failures[key] = exponent + 1;
        }

        // Past 2^62 the multiplication overflows long before the cap matters; compare in doubles.
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How many failures <paramref name="key"/> has had since it last succeeded.</summary>
    public int NumRequeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.TryGetValue(key, out var n) ? n : 0;
        }
    }

    /// <summary>Resets the backoff of <paramref name="key"/>: called after a successful reconcile.</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }
}
