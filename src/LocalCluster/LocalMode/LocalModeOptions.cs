namespace DynamoMcp.LocalCluster.LocalMode;

/// <summary>How the one-process local mode runs (from its command line).</summary>
public sealed record LocalModeOptions
{
    /// <summary>Where the cluster's database, pod logs and kubeconfig live; starting again on it keeps everything.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>API server port on 127.0.0.1; 0 picks a free one (the kubeconfig is rewritten at each start).</summary>
    public int ApiPort { get; init; }

    /// <summary>MCP bridge port on 127.0.0.1; fixed by default so client configurations keep working across restarts.</summary>
    public int McpPort { get; init; } = DefaultMcpPort;

    /// <summary>Optional bearer token for the API server.</summary>
    public string? Token { get; init; }

    /// <summary>Serve only the Kubernetes API (with the job runner), without operator and bridge.</summary>
    public bool ApiServerOnly { get; init; }

    /// <summary>Run job pods without bubblewrap (only where bubblewrap cannot work; template code then runs unconfined).</summary>
    public bool NoSandbox { get; init; }

    /// <summary>Host folders bound read-only into sandbox pods, so templates can come from local paths or git repositories there.</summary>
    public IReadOnlyList<string> TemplateFolders { get; init; } = [];

    /// <summary>Extra image mappings, <c>IMAGE=/host/program[,network]</c> (see <see cref="LocalSandboxImages.AddImageMap"/>).</summary>
    public IReadOnlyList<string> ImageMaps { get; init; } = [];

    /// <summary>How many job pods run at once (null: the runner's default, the number of cores and at least 2); the others wait, Pending.</summary>
    public int? SandboxSlots { get; init; }

    /// <summary>Most processes one container may run at once (null: the runner's default, 1024).</summary>
    public int? PodPidsLimit { get; init; }

    /// <summary>How containers' resource limits are enforced.</summary>
    public Jobs.Limits.ResourceControlMode ResourceControl { get; init; } = Jobs.Limits.ResourceControlMode.Auto;

    /// <summary>Add the sample catalog's templates to the default namespace (only those not there yet).</summary>
    public bool Samples { get; init; }

    /// <summary>Host names the API server and the bridge answer to besides loopback names and IP addresses (DNS-rebinding protection).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Origins of web pages that may call the API server and the bridge besides loopback pages.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public const int DefaultMcpPort = 8765;
}
