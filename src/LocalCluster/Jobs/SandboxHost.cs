namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// What of the host a sandbox is built from: where bubblewrap is, which top-level system folders are
/// real folders (bound read-only) or merged-/usr symlinks (recreated as symlinks), and which /etc entries exist.
/// </summary>
public sealed record SandboxHost
{
    /// <summary>Path of the bwrap executable.</summary>
    public required string BubblewrapPath { get; init; }

    /// <summary>Top-level folders bound read-only, e.g. <c>/usr</c>, and <c>/lib</c> on hosts without merged /usr.</summary>
    public required IReadOnlyList<string> SystemDirectories { get; init; }

    /// <summary>Top-level symlinks recreated inside: <c>/bin</c> → <c>usr/bin</c> on merged-/usr hosts.</summary>
    public required IReadOnlyDictionary<string, string> SystemSymlinks { get; init; }

    /// <summary>Absolute /etc paths that exist on the host and are bound read-only.</summary>
    public required IReadOnlyList<string> EtcEntries { get; init; }

    /// <summary>
    /// Host paths bound read-only into every container, whatever its image: tooling the node provides to all pods, as
    /// local mode's stdio front (its program and the .NET runtime it runs on). Host path → path inside.
    /// </summary>
    public IReadOnlyDictionary<string, string> SharedReadOnlyBinds { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// slirp4netns, when server pods with network get a namespace of their own with a user-mode route out
    /// (<see cref="Networking.UserModeNetwork"/>); null shares the host's network with them.
    /// </summary>
    public string? Slirp4netnsPath { get; init; }

    /// <summary>The host file bound as /etc/resolv.conf into containers on the user-mode network (names slirp4netns' DNS).</summary>
    public string? UserNetworkResolvConf { get; init; }

    /// <summary>Whether containers can be given the user-mode network.</summary>
    public bool HasUserModeNetwork => Slirp4netnsPath is not null && UserNetworkResolvConf is not null;

    /// <summary>Inspects the host once; null when bubblewrap is not installed.</summary>
    public static SandboxHost? Detect(string bubblewrapPath, IEnumerable<string> etcEntries, IReadOnlyDictionary<string, string>? sharedReadOnlyBinds = null)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists(bubblewrapPath))
        {
            return null;
        }

        var directories = new List<string>();
        var symlinks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in (string[])["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"])
        {
            var info = new DirectoryInfo(path);
            if (!info.Exists)
            {
                continue;
            }

            if (info.LinkTarget is { } target)
            {
                symlinks[path] = target;
            }
            else
            {
                directories.Add(path);
            }
        }

        return new SandboxHost
        {
            BubblewrapPath = bubblewrapPath,
            SystemDirectories = directories,
            SystemSymlinks = symlinks,
            EtcEntries = [.. etcEntries.Select(e => "/etc/" + e).Where(p => File.Exists(p) || Directory.Exists(p))],
            SharedReadOnlyBinds = sharedReadOnlyBinds is null ? new Dictionary<string, string>() : new Dictionary<string, string>(sharedReadOnlyBinds),
        };
    }
}
