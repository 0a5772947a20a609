using System.ComponentModel.DataAnnotations;

namespace DynamoMcp.PackageDocs.Caching;

/// <summary>How long answers stay fresh and how long a stale one may stand in for a registry that is down.</summary>
public sealed class AnswerCacheOptions
{
    public const string Section = "Cache";

    /// <summary>An answer younger than this is served as fresh; older, it is served stale and refreshed in the background.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Beyond this age a stale answer is no longer served: the fetch runs now and its error is the caller's.</summary>
    public TimeSpan MaxStaleAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>After a failed background refresh of a key, stale serves of it start no new fetch for this long (a registry that is down is not hammered).</summary>
    public TimeSpan FailedRefreshBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many answers the in-memory store keeps (least recently used go first).</summary>
    [Range(1, int.MaxValue)]
    public int MemoryCapacity { get; set; } = 10_000;

    /// <summary>How often <see cref="CacheRefresher"/> looks for answers older than <see cref="RefreshInterval"/>.</summary>
    public TimeSpan RefresherPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Says what is wrong with these options, or null when they are usable.</summary>
    public string? Validate() =>
        RefreshInterval <= TimeSpan.Zero ? $"Cache:RefreshInterval must be positive (is {RefreshInterval})."
        : MaxStaleAge < RefreshInterval ? $"Cache:MaxStaleAge ({MaxStaleAge}) must be at least Cache:RefreshInterval ({RefreshInterval})."
        : FailedRefreshBackoff < TimeSpan.Zero ? $"Cache:FailedRefreshBackoff must not be negative (is {FailedRefreshBackoff})."
        : MemoryCapacity < 1 ? $"Cache:MemoryCapacity must be at least 1 (is {MemoryCapacity})."
        : RefresherPeriod <= TimeSpan.Zero ? $"Cache:RefresherPeriod must be positive (is {RefresherPeriod})."
        : null;
}
