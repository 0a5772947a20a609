using System.Security.Cryptography;
using System.Text;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>
/// Hashed API keys read from a Kubernetes Secret and re-read periodically, so keys can be added or revoked
/// without restarting the bridge.
/// </summary>
public sealed partial class ApiKeyStore(
    KubernetesClients clients,
    IOptions<BridgeOptions> options,
    ILogger<ApiKeyStore> logger) : BackgroundService
{
    private sealed record Entry(byte[] Hash, BridgeIdentity Identity);

    private volatile Entry[] _entries = [];
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the Secret was read (or found missing) at least once.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The identity owning the key, or null. Compares every stored hash in constant time.</summary>
    public BridgeIdentity? Find(string apiKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(apiKey), hash);
        BridgeIdentity? found = null;
        foreach (var entry in _entries)
        {
            // No early exit: the time taken does not reveal which entry (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(entry.Hash, hash))
            {
                found = entry.Identity;
            }
        }

        return found;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Auth.Enabled)
        {
            _loaded.TrySetResult();
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Auth.ApiKeyRefreshInterval);
        do
        {
            await ReloadAsync(stoppingToken).ConfigureAwait(false);
            _loaded.TrySetResult();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var ns = options.Value.BridgeNamespace;
        var name = options.Value.Auth.ApiKeySecretName;
        try
        {
            var secret = await clients.Bridge.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            var count = Load(secret.Data ?? new Dictionary<string, byte[]>());
            LogLoaded(count, ns, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            _entries = [];
            LogSecretMissing(ns, name);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // Keep the keys we had: a flaky API server must not lock everyone out.
            LogReloadFailed(e, ns, name);
        }
    }

    /// <summary>Replaces the keys with those of the Secret's <paramref name="data"/>; bad entries are logged and skipped.</summary>
    /// <returns>How many keys were loaded.</returns>
    internal int Load(IEnumerable<KeyValuePair<string, byte[]>> data)
    {
        var parsed = ApiKeySecretParser.Parse(data);
        foreach (var problem in parsed.Problems)
        {
            LogBadEntry(problem);
        }

        _entries = [.. parsed.Keys.Select(k => new Entry(k.Hash, k.Identity))];
        return _entries.Length;
    }

    [LoggerMessage(LogLevel.Information, "Loaded {Count} API keys from Secret {Namespace}/{Name}")]
    private partial void LogLoaded(int count, string @namespace, string name);

    [LoggerMessage(LogLevel.Warning, "API key Secret {Namespace}/{Name} does not exist: every request will be rejected with 401 until it is created")]
    private partial void LogSecretMissing(string @namespace, string name);

    [LoggerMessage(LogLevel.Warning, "Could not re-read API key Secret {Namespace}/{Name}; keeping the keys loaded before")]
    private partial void LogReloadFailed(Exception exception, string @namespace, string name);

    [LoggerMessage(LogLevel.Warning, "{Problem}")]
    private partial void LogBadEntry(string problem);
}
