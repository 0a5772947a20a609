using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Resolves what a pod's containers read from the API, as the kubelet does: env from values, ConfigMap and Secret
/// keys and the pod's own fields, and the contents of configMap/secret volumes. One instance serves one attempt: it caches what it read, so a retry takes a new one.
/// </summary>
internal sealed class PodConfigResolver(IKubernetes client, V1Pod pod)
{
    private readonly Dictionary<string, V1ConfigMap?> configMaps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Secret?> secrets = new(StringComparer.Ordinal);

    private string Namespace => pod.Namespace() ?? "default";

    /// <summary>The container's environment in spec order: <c>envFrom</c> first, then <c>env</c>, with <c>$(VAR)</c> expanded.</summary>
    public async Task<List<KeyValuePair<string, string>>> EnvironmentAsync(V1Container container, CancellationToken cancellationToken)
    {
        var result = new List<KeyValuePair<string, string>>();
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string value)
        {
            result.Add(new(name, value));
            known[name] = value;
        }

        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? "";
            if (source.ConfigMapRef is { } cmRef)
            {
                var map = await ConfigMapAsync(cmRef.Name, cmRef.Optional == true, cancellationToken).ConfigureAwait(false);
                foreach (var (key, value) in map?.Data ?? new Dictionary<string, string>())
                {
                    Add(prefix + key, value);
                }
            }

            if (source.SecretRef is { } secretRef)
            {
                var secret = await SecretAsync(secretRef.Name, secretRef.Optional == true, cancellationToken).ConfigureAwait(false);
                foreach (var (key, value) in secret?.Data ?? new Dictionary<string, byte[]>())
                {
                    Add(prefix + key, Encoding.UTF8.GetString(value));
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom is null)
            {
                Add(variable.Name, Expand(variable.Value ?? "", known));
                continue;
            }

            var value = await ValueFromAsync(container, variable, cancellationToken).ConfigureAwait(false);
            if (value is not null)
            {
                Add(variable.Name, value);
            }
        }

        return result;
    }

    /// <summary>Writes the files of a configMap or secret volume into <paramref name="directory"/>.</summary>
    public async Task MaterializeAsync(V1Volume volume, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        IReadOnlyDictionary<string, byte[]> content;
        IList<V1KeyToPath>? items;
        int? mode;
        if (volume.ConfigMap is { } cm)
        {
            var map = await ConfigMapAsync(cm.Name, cm.Optional == true, cancellationToken).ConfigureAwait(false);
            content = (map?.Data ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value))
                .Concat(map?.BinaryData ?? new Dictionary<string, byte[]>()).ToDictionary(p => p.Key, p => p.Value);
            (items, mode) = (cm.Items, cm.DefaultMode);
        }
        else if (volume.Secret is { } s)
        {
            var secret = await SecretAsync(s.SecretName, s.Optional == true, cancellationToken).ConfigureAwait(false);
            content = (secret?.Data ?? new Dictionary<string, byte[]>()).ToDictionary(p => p.Key, p => p.Value);
            (items, mode) = (s.Items, s.DefaultMode);
        }
        else
        {
            throw new ContainerConfigException("CreateContainerConfigError", $"Volume '{volume.Name}' is neither a configMap nor a secret.", false);
        }

        var files = items is { Count: > 0 }
            ? items.Select(i => (Key: i.Key, Path: i.Path, Mode: i.Mode ?? mode))
            : content.Keys.Select(k => (Key: k, Path: k, Mode: mode));
        foreach (var (key, relative, fileMode) in files)
        {
            if (!content.TryGetValue(key, out var bytes))
            {
                throw new ContainerConfigException(
                    "CreateContainerConfigError", $"Volume '{volume.Name}' asks for key '{key}', which its source does not have.", true);
            }

            var path = Path.GetFullPath(Path.Combine(directory, relative));
            if (!path.StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ContainerConfigException("CreateContainerConfigError", $"Volume '{volume.Name}' item path '{relative}' leaves the volume.", false);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)((fileMode ?? 420) & 0x1FF));
            }
        }
    }

    /// <summary>Expands <c>$(NAME)</c> from <paramref name="known"/>; <c>$$</c> escapes; unknown references stay as written.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> known)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                output.Append('$');
                i++;
            }
            else if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(' && text.IndexOf(')', i + 2) is var close and > 0
                     && known.TryGetValue(text[(i + 2)..close], out var value))
            {
                output.Append(value);
                i = close;
            }
            else
            {
                output.Append(text[i]);
            }
        }

        return output.ToString();
    }

    private async Task<string?> ValueFromAsync(V1Container container, V1EnvVar variable, CancellationToken cancellationToken)
    {
        var from = variable.ValueFrom;
        if (from.ConfigMapKeyRef is { } cmKey)
        {
            var map = await ConfigMapAsync(cmKey.Name, cmKey.Optional == true, cancellationToken).ConfigureAwait(false);
            if (map?.Data?.TryGetValue(cmKey.Key, out var value) == true)
            {
                return value;
            }

            if (map?.BinaryData?.TryGetValue(cmKey.Key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            return cmKey.Optional == true
                ? null
                : throw new ContainerConfigException(
                    "CreateContainerConfigError", $"couldn't find key {cmKey.Key} in ConfigMap {Namespace}/{cmKey.Name}", true);
        }

        if (from.SecretKeyRef is { } secretKey)
        {
            var secret = await SecretAsync(secretKey.Name, secretKey.Optional == true, cancellationToken).ConfigureAwait(false);
            if (secret?.Data?.TryGetValue(secretKey.Key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }

            return secretKey.Optional == true
                ? null
                : throw new ContainerConfigException(
                    "CreateContainerConfigError", $"couldn't find key {secretKey.Key} in Secret {Namespace}/{secretKey.Name}", true);
        }

        if (from.FieldRef is { } field)
        {
            return field.FieldPath switch
            {
                "metadata.name" => pod.Name(),
                "metadata.namespace" => Namespace,
                "metadata.uid" => pod.Uid(),
                "spec.nodeName" => pod.Spec.NodeName ?? "",
                "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "default",
                "status.podIP" or "status.hostIP" => "127.0.0.1",
                var path when path.StartsWith("metadata.labels['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
                    => pod.Labels()?.TryGetValue(path[17..^2], out var label) == true ? label : "",
                var path when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
                    => pod.Annotations()?.TryGetValue(path[22..^2], out var note) == true ? note : "",
                _ => throw new ContainerConfigException(
                    "CreateContainerConfigError", $"Env '{variable.Name}' of container '{container.Name}' uses unsupported fieldPath '{field.FieldPath}'.", false),
            };
        }

        throw new ContainerConfigException(
            "CreateContainerConfigError",
            $"Env '{variable.Name}' of container '{container.Name}' uses a valueFrom source the local runner does not support (resourceFieldRef); set a value instead.",
            false);
    }

    private async Task<V1ConfigMap?> ConfigMapAsync(string name, bool optional, CancellationToken cancellationToken)
    {
        if (!configMaps.TryGetValue(name, out var map))
        {
            map = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedConfigMapAsync(name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            configMaps[name] = map;
        }

        return map is null && !optional
            ? throw new ContainerConfigException("CreateContainerConfigError", $"configmap \"{name}\" not found", true)
            : map;
    }

    private async Task<V1Secret?> SecretAsync(string name, bool optional, CancellationToken cancellationToken)
    {
        if (!secrets.TryGetValue(name, out var secret))
        {
            secret = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedSecretAsync(name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            secrets[name] = secret;
        }

        return secret is null && !optional
            ? throw new ContainerConfigException("CreateContainerConfigError", $"secret \"{name}\" not found", true)
            : secret;
    }

    private static async Task<T?> GetOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
