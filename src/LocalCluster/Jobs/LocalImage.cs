namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// How the local job runner stands in for a container image: the host command that plays the image's
/// entrypoint, host paths the image's files come from, and whether its containers may reach the network.
/// </summary>
public sealed record LocalImage
{
    /// <summary>
    /// Host command used when a container sets no <c>command</c> (the image's ENTRYPOINT); the container's
    /// <c>args</c> follow it, e.g. <c>["/usr/bin/python3", "/repo/images/generator/entrypoint.py"]</c>.
    /// </summary>
    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    /// <summary>Host paths bound read-only into the sandbox: host path → path inside the container.</summary>
    public IReadOnlyDictionary<string, string> ReadOnlyBinds { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment the image would define (like ENV in a Dockerfile); the container's <c>env</c> wins.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Lets the sandboxed process use the host's network (otherwise it sees only a private loopback).</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>
    /// With <see cref="AllowNetwork"/>, only containers (or init containers) of these names get the network; null gives
    /// it to all. Lets one image fetch with network in an init container and then run untrusted code without any.
    /// </summary>
    public IReadOnlySet<string>? NetworkContainers { get; init; }

    /// <summary>Whether container <paramref name="containerName"/> of this image may use the host's network.</summary>
    public bool AllowsNetwork(string containerName) =>
        AllowNetwork && (NetworkContainers is null || NetworkContainers.Contains(containerName));
}
