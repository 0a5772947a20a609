using k8s.Models;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Turns a container of a pod spec into the host process that runs it: inside bubblewrap when a
/// <see cref="SandboxHost"/> is given, directly otherwise. Pure: no file system, no clock.
/// </summary>
public static class ContainerLaunchBuilder
{
    /// <summary>PATH a container gets when neither the image mapping nor its env set one (the usual image default).</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Builds the launch of <paramref name="container"/>.</summary>
    /// <param name="podName">Becomes the hostname and HOSTNAME, as in a pod.</param>
    /// <param name="container">The container spec.</param>
    /// <param name="podSecurity">The pod's security context (user and group ids).</param>
    /// <param name="environment">The container's env, already resolved, in spec order (later names win).</param>
    /// <param name="mounts">Volumes at their mount paths.</param>
    /// <param name="image">The image's local stand-in, if it has one.</param>
    /// <param name="sandbox">The host to build a bubblewrap sandbox from; null runs the command directly.</param>
    /// <param name="directWorkingDirectory">Host folder used without a sandbox when the container's workingDir does not exist on the host.</param>
    /// <param name="tmpfsBytes">Size cap of the sandbox's /tmp and /var/tmp (the container's ephemeral-storage limit), or null for the kernel's default.</param>
    /// <param name="userModeNetwork">
    /// Gives a container whose image may use the network a namespace of its own on the sandbox's user-mode network
    /// (<see cref="SandboxHost.HasUserModeNetwork"/>) instead of the host's: its resolv.conf names slirp4netns' DNS and its
    /// command waits for the route, which the runner attaches once the namespace exists.
    /// </param>
    public static ContainerLaunch Build(
        string podName,
        V1Container container,
        V1PodSecurityContext? podSecurity,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        IReadOnlyList<SandboxMount> mounts,
        LocalImage? image,
        SandboxHost? sandbox,
        string directWorkingDirectory,
        long? tmpfsBytes = null,
        bool userModeNetwork = false)
    {
        var argv = Command(container, image);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = DefaultPath,
            ["HOSTNAME"] = podName,
            // Kubernetes takes HOME from the image's passwd entry; a sandbox has no writable home, so /tmp stands in.
            ["HOME"] = sandbox is null ? directWorkingDirectory : "/tmp",
        };
        foreach (var (name, value) in image?.Environment ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        foreach (var (name, value) in environment)
        {
            env[name] = value;
        }

        if (sandbox is null)
        {
            return new ContainerLaunch
            {
                FileName = argv[0],
                Arguments = argv[1..],
                Environment = env,
                WorkingDirectory = directWorkingDirectory,
                Sandboxed = false,
            };
        }

        return new ContainerLaunch
        {
            FileName = sandbox.BubblewrapPath,
            Arguments = BubblewrapArguments(podName, container, podSecurity, mounts, image, sandbox, argv, tmpfsBytes, userModeNetwork && sandbox.HasUserModeNetwork && image?.AllowsNetwork(container.Name) == true),
            // bwrap hands its own environment to the command: passing env this way keeps Secret values out of
            // the host's process list, where --setenv arguments would be readable by every user.
            Environment = env,
            WorkingDirectory = "/",
            Sandboxed = true,
        };
    }

    /// <summary>The container's argv: <c>command</c> (else the image's entrypoint) followed by <c>args</c>.</summary>
    public static string[] Command(V1Container container, LocalImage? image)
    {
        IEnumerable<string> entrypoint = container.Command is { Count: > 0 } command ? command : image?.Entrypoint ?? [];
        var argv = entrypoint.Concat(container.Args ?? []).ToArray();
        if (argv.Length == 0 || (container.Command is not { Count: > 0 } && image is not { Entrypoint.Count: > 0 }))
        {
            throw new ContainerConfigException(
                "CreateContainerError",
                $"Container '{container.Name}' sets no command and image '{container.Image}' has no local entrypoint: " +
                "set the container's command, or map the image in LocalJobRunnerOptions.Images (local mode: --image-map IMAGE=/host/program).",
                retryable: false);
        }

        return argv;
    }

    private static List<string> BubblewrapArguments(
        string podName,
        V1Container container,
        V1PodSecurityContext? podSecurity,
        IReadOnlyList<SandboxMount> mounts,
        LocalImage? image,
        SandboxHost sandbox,
        string[] argv,
        long? tmpfsBytes,
        bool userModeNetwork)
    {
        var security = container.SecurityContext;
        var uid = security?.RunAsUser ?? podSecurity?.RunAsUser ?? 0;
        var gid = security?.RunAsGroup ?? podSecurity?.RunAsGroup ?? uid;
        var args = new List<string>
        {
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--uid", uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gid", gid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--hostname", podName,
            // No capabilities even for uid 0: with CAP_SYS_ADMIN in its user namespace a process could remount binds writable.
            "--cap-drop", "ALL",
            "--die-with-parent", "--new-session",
            // The command is pid 1, as in a pod. Without it bwrap's own init is pid 1: dumpable, of the container's uid
            // and holding the container's stdout and stderr, so any process inside could write into the pod's log
            // through /proc/1/fd (a forged result frame) and read the container's environment from /proc/1/environ.
            "--as-pid-1",
        };
        if (image?.AllowsNetwork(container.Name) != true || userModeNetwork)
        {
            args.Add("--unshare-net");
        }

        foreach (var directory in sandbox.SystemDirectories)
        {
            args.AddRange(["--ro-bind", directory, directory]);
        }

        foreach (var (link, target) in sandbox.SystemSymlinks.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--symlink", target, link]);
        }

        foreach (var entry in sandbox.EtcEntries)
        {
            args.AddRange(["--ro-bind-try", entry, entry]);
        }

        if (userModeNetwork)
        {
            args.AddRange(["--ro-bind", sandbox.UserNetworkResolvConf!, "/etc/resolv.conf"]);
            argv = Networking.UserModeNetwork.WaitForRoute(argv);
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        foreach (var scratch in (string[])["/tmp", "/var/tmp"])
        {
            if (tmpfsBytes is { } size)
            {
                // --size applies to the next --tmpfs only.
                args.AddRange(["--size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            args.AddRange(["--tmpfs", scratch]);
        }

        // Image binds and volumes in one order, shallow paths first, so that whatever is mounted inside another
        // mount stays visible: a volume inside a volume, or a host template folder under an emptyDir at /tmp.
        var binds = sandbox.SharedReadOnlyBinds.Concat(image?.ReadOnlyBinds ?? new Dictionary<string, string>())
            .Select(b => (Flag: "--ro-bind", Host: b.Key, Inside: b.Value))
            .Concat(mounts.Select(m => (Flag: m.ReadOnly ? "--ro-bind" : "--bind", Host: m.HostPath, Inside: m.ContainerPath)))
            .OrderBy(b => Depth(b.Inside))
            .ThenBy(b => b.Inside, StringComparer.Ordinal);
        foreach (var (flag, host, inside) in binds)
        {
            args.AddRange([flag, host, inside]);
        }

        var workingDirectory = string.IsNullOrEmpty(container.WorkingDir) ? "/" : container.WorkingDir;
        if (workingDirectory != "/" && !IsProvided(workingDirectory, sandbox, mounts, image))
        {
            args.AddRange(["--dir", workingDirectory]);
        }

        if (security?.ReadOnlyRootFilesystem == true)
        {
            args.AddRange(["--remount-ro", "/"]);
        }

        args.AddRange(["--chdir", workingDirectory, "--"]);
        args.AddRange(argv);
        return args;
    }

    private static bool IsProvided(string path, SandboxHost sandbox, IReadOnlyList<SandboxMount> mounts, LocalImage? image)
    {
        IEnumerable<string> provided =
        [
            .. sandbox.SystemDirectories, .. sandbox.SystemSymlinks.Keys, "/etc", "/proc", "/dev", "/tmp", "/var/tmp",
            .. mounts.Select(m => m.ContainerPath), .. image?.ReadOnlyBinds.Values ?? [], .. sandbox.SharedReadOnlyBinds.Values,
        ];
        return provided.Any(p => path == p || path.StartsWith(p.TrimEnd('/') + "/", StringComparison.Ordinal));
    }

    private static int Depth(string path) => path.Count(c => c == '/');
}
