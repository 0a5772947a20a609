using System.Diagnostics;
using System.Globalization;
using System.Text;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Networking;

/// <summary>
/// One try of a container's readiness, liveness or startup probe, as the kubelet makes it: <c>httpGet</c> (2xx/3xx
/// succeeds) and <c>tcpSocket</c> inside the pod's network namespace, <c>exec</c> inside all of the container's
/// namespaces (nsenter), each within <c>timeoutSeconds</c>.
/// </summary>
internal static class ContainerProbe
{
    private const string NsenterPath = "/usr/bin/nsenter";

    /// <summary>Whether the probe succeeded; the message says why not.</summary>
    public static async Task<(bool Success, string? Message)> TryAsync(V1Probe probe, V1Container container, int? namespacePid, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1)));
        try
        {
            if (probe.HttpGet is { } http)
            {
                var port = ResolvePort(http.Port, container);
                using var socket = await PodNetwork.ConnectAsync(namespacePid, port, timeout.Token).ConfigureAwait(false);
                await using var stream = new System.Net.Sockets.NetworkStream(socket, ownsSocket: false);
                var path = string.IsNullOrEmpty(http.Path) ? "/" : http.Path;
                var request = new StringBuilder($"GET {path} HTTP/1.1\r\nHost: {http.Host ?? "localhost"}:{port}\r\nUser-Agent: kube-probe/1.31\r\nConnection: close\r\n");
                foreach (var header in http.HttpHeaders ?? [])
                {
                    request.Append(CultureInfo.InvariantCulture, $"{header.Name}: {header.Value}\r\n");
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), timeout.Token).ConfigureAwait(false);
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var line = await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false) ?? "";
                var parts = line.Split(' ');
                return parts.Length >= 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var code) && code is >= 200 and < 400
                    ? (true, null)
                    : (false, $"HTTP probe failed with statuscode: {(parts.Length >= 2 ? parts[1] : "none")}");
            }

            if (probe.TcpSocket is { } tcp)
            {
                using var socket = await PodNetwork.ConnectAsync(namespacePid, ResolvePort(tcp.Port, container), timeout.Token).ConfigureAwait(false);
                return (true, null);
            }

            if (probe.Exec?.Command is { Count: > 0 } command)
            {
                return await ExecAsync(command, namespacePid, timeout.Token).ConfigureAwait(false);
            }

            return (false, "The probe sets none of httpGet, tcpSocket, exec (grpc is not supported locally).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"Probe timed out after {Math.Max(1, probe.TimeoutSeconds ?? 1)}s");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            return (false, e.Message);
        }
    }

    /// <summary>A probe's or a Service's target port: a number, or the name of one of the container's ports.</summary>
    public static int ResolvePort(IntOrString port, V1Container container)
    {
        var text = port?.Value ?? "";
        if (int.TryParse(text, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return container.Ports?.FirstOrDefault(p => p.Name == text)?.ContainerPort
               ?? throw new InvalidOperationException($"Container '{container.Name}' has no port named '{text}'.");
    }

    private static async Task<(bool, string?)> ExecAsync(IList<string> command, int? namespacePid, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (namespacePid is { } pid && File.Exists(NsenterPath))
        {
            info.FileName = NsenterPath;
            foreach (var a in (string[])["-t", pid.ToString(CultureInfo.InvariantCulture), "-U", "-m", "-n", "-p", "-i", "-u", "--preserve-credentials", "--"])
            {
                info.ArgumentList.Add(a);
            }

            info.ArgumentList.Add(command[0]);
        }
        else
        {
            info.FileName = command[0];
        }

        foreach (var a in command.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = Jobs.ContainerLaunchBuilder.DefaultPath;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode == 0 ? (true, null) : (false, ((await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false))).Trim());
    }
}
