namespace DynamoMcp.Runtime.Informers;

public sealed class InformerOptions
{
    /// <summary>Namespaces to list and watch; empty means all namespaces (one cluster-wide watch).</summary>
    public IList<string> Namespaces { get; set; } = [];

    /// <summary>Server-side watch timeout; when it expires the stream ends and the informer re-watches from its last resourceVersion.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before retrying after a failed list or watch; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
