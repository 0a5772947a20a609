namespace DynamoMcp.LocalCluster;

/// <summary>How an embedded <see cref="LocalClusterServer"/> listens and where it keeps its state.</summary>
public sealed class LocalClusterOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Directory for <c>cluster.db</c>, pod logs and the kubeconfig; null keeps everything in memory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Optional static bearer token; when set, every request must carry it.</summary>
    public string? Token { get; set; }

    /// <summary>How many change events are kept for watches that resume from an older resourceVersion.</summary>
    public int WatchHistorySize { get; set; } = 10_000;

    /// <summary>How often a watch that asked for bookmarks receives one.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Host names the API server answers to besides IP addresses and <c>localhost</c> (it listens on loopback only);
    /// any other Host gets 403, against DNS rebinding. <c>*.example.com</c> matches subdomains.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; set; } = [];

    /// <summary>Origins of web pages that may call the API server besides loopback pages; clients without Origin need none.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// When set, the server starts a <see cref="Jobs.LocalJobRunner"/> with these options (Jobs run as local
    /// processes), a <see cref="Deployments.LocalDeploymentController"/> (Deployments' pods too) and the Service proxy
    /// (<see cref="LocalClusterServer.ServiceEndpoint"/>); null runs no workloads.
    /// </summary>
    public Jobs.LocalJobRunnerOptions? JobRunner { get; set; }
}
