using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Networking;

/// <summary>
/// Outbound network for a server pod that may use it, without the host's network: the container keeps a network
/// namespace of its own (so replicas and servers do not fight over ports and nothing listens on the host's
/// interfaces), and slirp4netns — the user-mode network stack rootless Podman uses — gives it a NATed route out
/// (10.0.2.0/24, DNS at <see cref="Nameserver"/>), with the host's loopback refused: a pod cannot reach the local API
/// server, the bridge or anything else bound to 127.0.0.1 on the host.
/// </summary>
/// <remarks>
/// The container's command waits (bounded) for the default route that <c>slirp4netns --configure</c> adds last, so that
/// its first request does not race the network's set-up.
/// </remarks>
internal static class UserModeNetwork
{
    /// <summary>The interface slirp4netns creates in the pod's namespace.</summary>
    public const string Interface = "tap0";

    /// <summary>slirp4netns' DNS forwarder: the pod's resolv.conf names it, as the host's resolver may be on the host's loopback.</summary>
    public const string Nameserver = "10.0.2.3";

    /// <summary>What the pod's /etc/resolv.conf says.</summary>
    public const string ResolvConf = "nameserver " + Nameserver + "\n";

    /// <summary>
    /// Runs the container's argv once the namespace has its default route (at most about ten seconds later): a shell
    /// that then execs the command, so the command stays pid 1.
    /// </summary>
    public static string[] WaitForRoute(IReadOnlyList<string> argv) =>
    [
        "/bin/sh", "-c",
        "i=0; while [ $i -lt 200 ] && ! grep -Eq '^" + Interface + "[[:space:]]+00000000[[:space:]]' /proc/net/route 2>/dev/null; " +
        "do sleep 0.05; i=$((i+1)); done; exec \"$@\"",
        "sh", .. argv,
    ];

    /// <summary>
    /// slirp4netns' arguments for the namespace of process <paramref name="pid"/>. By path, not by pid: given a pid,
    /// slirp4netns also joins the process's user namespace, and inside the nested one bubblewrap makes for a
    /// <c>runAsUser</c> it may no longer enter the network namespace (EPERM).
    /// </summary>
    public static string[] Arguments(int pid) =>
    [
        "--configure", "--mtu=65520", "--disable-host-loopback", "--enable-sandbox",
        "--netns-type=path", $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/ns/net", Interface,
    ];

    /// <summary>
    /// Attaches slirp4netns to the namespace of <paramref name="pid"/> and keeps it until <paramref name="stop"/> is
    /// cancelled (the container ended), then ends it.
    /// </summary>
    public static async Task AttachAsync(string slirp4netns, int pid, string pod, ILogger logger, CancellationToken stop)
    {
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(slirp4netns)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            },
        };
        foreach (var argument in Arguments(pid))
        {
            process.StartInfo.ArgumentList.Add(argument);
        }

        try
        {
            await Jobs.ProcessLauncher.StartAsync(process).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            logger.LogWarning("Pod {Pod} has no outbound network: slirp4netns did not start ({Error})", pod, e.Message);
            return;
        }

        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(stop).ConfigureAwait(false);
            logger.LogWarning(
                "Pod {Pod} lost its outbound network: slirp4netns exited with {ExitCode}: {Error}",
                pod, process.ExitCode, (await errors.ConfigureAwait(false)).Trim());
            return;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _ = await output.ConfigureAwait(false);
        _ = await errors.ConfigureAwait(false);
    }
}
