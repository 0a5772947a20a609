using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using DynamoMcp.LocalCluster.Jobs;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Auth;

/// <summary>
/// The local kubelet's projected volumes (and plain downwardAPI volumes) for one pod: configMap and secret sources
/// (keys or items to paths), downwardAPI items (metadata fields) and serviceAccountToken sources, whose token it
/// asks the API for with a TokenRequest bound to the pod, as the kubelet does, and renews at 80 % of its lifetime
/// (at most a day after it was issued).
/// </summary>
internal sealed class ProjectedVolumeWriter(IKubernetes client, V1Pod pod, TimeProvider time, ILogger logger)
{
    private const int DefaultMode = 420;

    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, ProjectedTokenFile> tokens = new(StringComparer.Ordinal);

    private string Namespace => pod.Namespace() ?? "default";

    /// <summary>The service account the pod runs as (<c>spec.serviceAccountName</c>, else the deprecated <c>serviceAccount</c>, else <c>default</c>).</summary>
    public string ServiceAccount =>
        pod.Spec.ServiceAccountName is { Length: > 0 } name ? name : pod.Spec.ServiceAccount is { Length: > 0 } legacy ? legacy : "default";

    /// <summary>When the kubelet renews a token: at 80 % of its lifetime, or a day after it was issued if that is sooner.</summary>
    public static DateTimeOffset RefreshAt(DateTimeOffset issuedAt, DateTimeOffset expires)
    {
        var at = issuedAt + ((expires - issuedAt) * 0.8);
        var cap = issuedAt + TimeSpan.FromHours(24);
        return at < cap ? at : cap;
    }

    /// <summary>Writes the files of a projected or downwardAPI volume into <paramref name="directory"/>.</summary>
    public async Task WriteAsync(V1Volume volume, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        if (volume.DownwardAPI is { } downward)
        {
            await WriteDownwardAsync(volume.Name, downward.Items, downward.DefaultMode, directory, cancellationToken).ConfigureAwait(false);
            return;
        }

        var projected = volume.Projected;
        foreach (var source in projected.Sources ?? [])
        {
            if (source.ConfigMap is { } map)
            {
                var asVolume = new V1Volume
                {
                    Name = volume.Name,
                    ConfigMap = new V1ConfigMapVolumeSource { Name = map.Name, Items = map.Items, Optional = map.Optional, DefaultMode = projected.DefaultMode },
                };
                await new PodConfigResolver(client, pod).MaterializeAsync(asVolume, directory, cancellationToken).ConfigureAwait(false);
            }
            else if (source.Secret is { } secret)
            {
                var asVolume = new V1Volume
                {
                    Name = volume.Name,
                    Secret = new V1SecretVolumeSource { SecretName = secret.Name, Items = secret.Items, Optional = secret.Optional, DefaultMode = projected.DefaultMode },
                };
                await new PodConfigResolver(client, pod).MaterializeAsync(asVolume, directory, cancellationToken).ConfigureAwait(false);
            }
            else if (source.DownwardAPI is { } items)
            {
                await WriteDownwardAsync(volume.Name, items.Items, projected.DefaultMode, directory, cancellationToken).ConfigureAwait(false);
            }
            else if (source.ServiceAccountToken is { } token)
            {
                var file = new ProjectedTokenFile(FilePath(volume.Name, directory, token.Path), token, projected.DefaultMode ?? DefaultMode, DateTimeOffset.MaxValue);
                tokens[file.Path] = await WriteTokenAsync(file, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new ContainerConfigException(
                    "CreateContainerConfigError",
                    $"Volume '{volume.Name}' has a projected source the local kubelet does not support; use configMap, secret, downwardAPI or serviceAccountToken.",
                    false);
            }
        }
    }

    /// <summary>Renews the pod's tokens before they expire, until <paramref name="cancellationToken"/> is cancelled (the pod ends).</summary>
    public async Task RotateTokensAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested && !tokens.IsEmpty)
            {
                var next = tokens.Values.MinBy(t => t.RefreshAt)!;
                var wait = next.RefreshAt - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    tokens[next.Path] = await WriteTokenAsync(next, cancellationToken).ConfigureAwait(false);
                    logger.LogDebug("Renewed the service-account token of pod {Namespace}/{Pod} at {Path}", Namespace, pod.Name(), next.Path);
                }
                catch (Exception e) when (e is ContainerConfigException or HttpOperationException or HttpRequestException or IOException)
                {
                    logger.LogWarning("Could not renew the service-account token of pod {Namespace}/{Pod}: {Message}", Namespace, pod.Name(), e.Message);
                    tokens[next.Path] = next with { RefreshAt = time.GetUtcNow() + RetryInterval };
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The pod ended.
        }
    }

    private async Task<ProjectedTokenFile> WriteTokenAsync(ProjectedTokenFile file, CancellationToken cancellationToken)
    {
        var source = file.Source;
        var seconds = source.ExpirationSeconds ?? TokenExpiration.DefaultSeconds;
        if (TokenExpiration.Problem(seconds) is { } problem)
        {
            throw new ContainerConfigException("CreateContainerConfigError", $"serviceAccountToken expirationSeconds {seconds}: {problem}", false);
        }

        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                // No audience: the API server's own (the kubelet sends none either).
                Audiences = string.IsNullOrEmpty(source.Audience) ? [] : [source.Audience],
                ExpirationSeconds = seconds,
                BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Name(), Uid = pod.Uid() },
            },
        };
        Authenticationv1TokenRequest response;
        var issuedAt = time.GetUtcNow();
        try
        {
            response = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, ServiceAccount, Namespace, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound
                                               && Message(e).StartsWith("serviceaccounts ", StringComparison.Ordinal))
        {
            throw new ContainerConfigException(
                "CreateContainerConfigError", $"error looking up service account {Namespace}/{ServiceAccount}: serviceaccount \"{ServiceAccount}\" not found", false);
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode is 409 or 429 or >= 500)
        {
            // The API had a moment: the kubelet keeps the pod waiting and asks again.
            throw new ContainerConfigException(
                "CreateContainerConfigError", $"failed to fetch token for service account {Namespace}/{ServiceAccount}: {Message(e)}", true);
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode is >= 400 and < 500)
        {
            throw new ContainerConfigException(
                "CreateContainerConfigError", $"failed to fetch token for service account {Namespace}/{ServiceAccount}: {Message(e)}", false);
        }

        var expires = response.Status.ExpirationTimestamp is { } at
            ? new DateTimeOffset(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime())
            : issuedAt.AddSeconds(seconds);
        await WriteAtomicallyAsync(file.Path, Encoding.ASCII.GetBytes(response.Status.Token), file.Mode, cancellationToken).ConfigureAwait(false);
        return file with { RefreshAt = RefreshAt(issuedAt, expires) };
    }

    private async Task WriteDownwardAsync(string volumeName, IList<V1DownwardAPIVolumeFile>? items, int? mode, string directory, CancellationToken cancellationToken)
    {
        foreach (var item in items ?? [])
        {
            var value = item.FieldRef?.FieldPath is { } field
                ? FieldValue(field)
                : throw new ContainerConfigException(
                    "CreateContainerConfigError", $"Volume '{volumeName}' item '{item.Path}' uses resourceFieldRef, which the local kubelet does not support.", false);
            if (value is null)
            {
                throw new ContainerConfigException(
                    "CreateContainerConfigError", $"Volume '{volumeName}' item '{item.Path}' uses unsupported fieldPath '{item.FieldRef.FieldPath}'.", false);
            }

            await WriteAtomicallyAsync(FilePath(volumeName, directory, item.Path), Encoding.UTF8.GetBytes(value), item.Mode ?? mode ?? DefaultMode, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>A downwardAPI volume's field (volumes offer metadata only), or null when not supported.</summary>
    private string? FieldValue(string fieldPath)
    {
        static string Pairs(IDictionary<string, string>? pairs) =>
            string.Join("\n", (pairs ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key}=\"{p.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\""));
        return fieldPath switch
        {
            "metadata.name" => pod.Name(),
            "metadata.namespace" => Namespace,
            "metadata.uid" => pod.Uid(),
            "metadata.labels" => Pairs(pod.Labels()),
            "metadata.annotations" => Pairs(pod.Annotations()),
            var path when path.StartsWith("metadata.labels['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
                => pod.Labels()?.TryGetValue(path[17..^2], out var label) == true ? label : "",
            var path when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
                => pod.Annotations()?.TryGetValue(path[22..^2], out var note) == true ? note : "",
            _ => null,
        };
    }

    private static string FilePath(string volumeName, string directory, string relative)
    {
        var root = Path.GetFullPath(directory);
        var path = Path.GetFullPath(Path.Combine(root, relative ?? ""));
        if (string.IsNullOrEmpty(relative) || Path.IsPathRooted(relative) || !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ContainerConfigException("CreateContainerConfigError", $"Volume '{volumeName}' path '{relative}' leaves the volume.", false);
        }

        return path;
    }

    /// <summary>Writes beside the file and renames over it, so that a reader in the container sees the old token or the new one, never half.</summary>
    private static async Task WriteAtomicallyAsync(string path, byte[] content, int mode, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, ".." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        await File.WriteAllBytesAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, (UnixFileMode)(mode & 0x1FF));
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static string Message(HttpOperationException e)
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(e.Response.Content).RootElement.GetProperty("message").GetString() ?? e.Message;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)e.Response.StatusCode} {e.Response.Content}");
        }
    }
}
