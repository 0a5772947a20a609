using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.Runtime.Client;

/// <summary>
/// <see cref="IResourceClient{T}"/> over the CustomObjects API, which serves built-in kinds as well
/// (an empty group maps to <c>/api/v1</c>): one path for ConfigMaps, Jobs and our own kinds alike.
/// </summary>
public sealed class ResourceClient<T> : IResourceClient<T> where T : IKubernetesObject<V1ObjectMeta>
{
    private const int PageSize = 500;
    private readonly IKubernetes _client;

    public ResourceClient(IKubernetes client)
    {
        _client = client;
        Kind = ResourceKind.Of<T>();
    }

    public ResourceKind Kind { get; }

    public async Task<ResourceList<T>> ListAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        while (true)
        {
            var response = @namespace is null
                ? await _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync(
                    Kind.Group, Kind.Version, Kind.Plural, continueParameter: continueToken, limit: PageSize,
                    cancellationToken: cancellationToken).ConfigureAwait(false)
                : await _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(
                    Kind.Group, Kind.Version, @namespace, Kind.Plural, continueParameter: continueToken, limit: PageSize,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var page = Convert<ListBody>(response.Body);
                items.AddRange(page.Items ?? []);
                continueToken = page.Metadata?.ContinueProperty;
                if (string.IsNullOrEmpty(continueToken))
                {
                    return new ResourceList<T>(items, page.Metadata?.ResourceVersion ?? "0");
                }
            }
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string? @namespace,
        string resourceVersion,
        int timeoutSeconds,
        Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = @namespace is null
            ? _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync(
                Kind.Group, Kind.Version, Kind.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken)
            : _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(
                Kind.Group, Kind.Version, @namespace, Kind.Plural, allowWatchBookmarks: true, resourceVersion: resourceVersion,
                timeoutSeconds: timeoutSeconds, watch: true, cancellationToken: cancellationToken);

        // Obsolete in 21.x but still the only typed watch over the CustomObjects API (see LIBRARY-NOTES.md).
#pragma warning disable CS0618
        var events = request.WatchAsync<T, object>(onError, cancellationToken);
#pragma warning restore CS0618
        await foreach (var item in events.ConfigureAwait(false))
        {
            yield return item;
        }
    }

    public async Task<T?> GetAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var body = key.Namespace is null
                ? await _client.CustomObjects.GetClusterCustomObjectAsync(
                    Kind.Group, Kind.Version, Kind.Plural, key.Name, cancellationToken).ConfigureAwait(false)
                : await _client.CustomObjects.GetNamespacedCustomObjectAsync(
                    Kind.Group, Kind.Version, key.Namespace, Kind.Plural, key.Name, cancellationToken).ConfigureAwait(false);
            return Convert<T>(body);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }
    }

    public async Task<T> CreateAsync(T obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Stamp(obj);
        var key = ObjectKey.From(obj);
        var body = key.Namespace is null
            ? await _client.CustomObjects.CreateClusterCustomObjectAsync(
                obj, Kind.Group, Kind.Version, Kind.Plural, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _client.CustomObjects.CreateNamespacedCustomObjectAsync(
                obj, Kind.Group, Kind.Version, key.Namespace, Kind.Plural, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Convert<T>(body);
    }

    public async Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Stamp(obj);
        var key = ObjectKey.From(obj);
        var body = key.Namespace is null
            ? await _client.CustomObjects.ReplaceClusterCustomObjectAsync(
                obj, Kind.Group, Kind.Version, Kind.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(
                obj, Kind.Group, Kind.Version, key.Namespace, Kind.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Convert<T>(body);
    }

    public async Task<bool> DeleteAsync(ObjectKey key, string? uid, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions
        {
            PropagationPolicy = "Background",
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        };
        try
        {
            if (key.Namespace is null)
            {
                await _client.CustomObjects.DeleteClusterCustomObjectAsync(
                    Kind.Group, Kind.Version, Kind.Plural, key.Name, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                    Kind.Group, Kind.Version, key.Namespace, Kind.Plural, key.Name, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound
            || (uid is not null && e.Response.StatusCode == HttpStatusCode.Conflict))
        {
            // A 409 under a uid precondition: the object of that name is a newer one, and the one meant is gone.
            return false;
        }
    }

    public async Task<T> PatchAsync(ObjectKey key, V1Patch patch, CancellationToken cancellationToken)
    {
        var body = key.Namespace is null
            ? await _client.CustomObjects.PatchClusterCustomObjectAsync(
                patch, Kind.Group, Kind.Version, Kind.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
                patch, Kind.Group, Kind.Version, key.Namespace, Kind.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Convert<T>(body);
    }

    public async Task<T> PatchStatusAsync(ObjectKey key, V1Patch patch, CancellationToken cancellationToken)
    {
        var body = key.Namespace is null
            ? await _client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                patch, Kind.Group, Kind.Version, Kind.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                patch, Kind.Group, Kind.Version, key.Namespace, Kind.Plural, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Convert<T>(body);
    }

    // Typed models leave apiVersion and kind empty until Initialize(); the server needs both in a body.
    private void Stamp(T obj)
    {
        if (string.IsNullOrEmpty(obj.ApiVersion))
        {
            obj.ApiVersion = Kind.ApiVersion;
        }

        if (string.IsNullOrEmpty(obj.Kind))
        {
            obj.Kind = Kind.Kind;
        }
    }

    private static TOut Convert<TOut>(object? body) => body switch
    {
        TOut typed => typed,
        JsonElement element => KubernetesJson.Deserialize<TOut>(element.GetRawText()),
        null => throw new InvalidOperationException("The API server returned an empty body."),
        _ => KubernetesJson.Deserialize<TOut>(KubernetesJson.Serialize(body)),
    };

    private sealed class ListBody
    {
        [JsonPropertyName("metadata")]
        public V1ListMeta? Metadata { get; set; }

        [JsonPropertyName("items")]
        public List<T>? Items { get; set; }
    }
}
