namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>The host process that runs one container: executable, arguments, its whole environment and folder.</summary>
public sealed record ContainerLaunch
{
    /// <summary>Executable started on the host (bwrap, or the container's command itself without a sandbox).</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments after <see cref="FileName"/>.</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>The complete environment of the process; nothing of the runner's own environment is added.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Host folder the process starts in.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Whether <see cref="FileName"/> is bubblewrap.</summary>
    public required bool Sandboxed { get; init; }
}
