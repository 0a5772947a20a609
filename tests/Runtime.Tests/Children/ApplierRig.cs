using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime.Children;
using DynamoMcp.Runtime.Hosting;
using DynamoMcp.Runtime.Informers;
using DynamoMcp.Runtime.Tests.Integration;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.Runtime.Tests.Children;

/// <summary>
/// A LocalCluster, the real client (counting its requests) and the services <c>AddControllerRuntime</c> registers,
/// with the ConfigMap and Secret informers either running (the applier finds children in its cache) or never started
/// (the cache stays empty, so every apply of an existing child goes through AlreadyExists).
/// </summary>
internal sealed class ApplierRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Kubernetes _client;

    private ApplierRig(LocalClusterServer cluster, Kubernetes client, RequestCounter requests, ServiceProvider services, bool informersRunning)
    {
        Cluster = cluster;
        _client = client;
        Requests = requests;
        Services = services;
        InformersRunning = informersRunning;
        Applier = services.GetRequiredService<ChildApplier>();
        Informers = services.GetRequiredService<InformerRegistry>();
        Writer = cluster.CreateClient();
    }

    public LocalClusterServer Cluster { get; }

    /// <summary>Counts what the applier's client sends (the writer below is a separate client).</summary>
    public RequestCounter Requests { get; }

    public ServiceProvider Services { get; }

    public bool InformersRunning { get; }

    public ChildApplier Applier { get; }

    public InformerRegistry Informers { get; }

    /// <summary>"Someone else": a separate client for setting up objects and reading the server's view.</summary>
    public Kubernetes Writer { get; }

    public IReadOnlyCache<V1ConfigMap> ConfigMaps => Informers.Cache<V1ConfigMap>();

    public static async Task<ApplierRig> StartAsync(bool informersRunning, CancellationToken cancellationToken)
    {
        var cluster = await LocalClusterServer.StartAsync(new LocalClusterOptions(), NullLoggerFactory.Instance, cancellationToken);
        var requests = new RequestCounter();
        var client = new Kubernetes(cluster.ClientConfiguration, requests);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IKubernetes>(client);
        services.AddControllerRuntime(o => o.Namespaces = ["default"]);
        var rig = new ApplierRig(cluster, client, requests, services.BuildServiceProvider(), informersRunning);
        if (informersRunning)
        {
            rig.Informers.Get<V1ConfigMap>();
            rig.Informers.Get<V1Secret>();
            rig.Informers.Start(rig._stop.Token);
            await rig.Informers.WaitForSyncAsync(cancellationToken);
        }

        return rig;
    }

    /// <summary>Creates the owner through the API, so it has a uid (any kind with a uid can own children).</summary>
    public Task<V1ConfigMap> CreateOwnerAsync(string name, CancellationToken cancellationToken) =>
        Writer.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" } }, "default", cancellationToken: cancellationToken);

    public async Task<V1ConfigMap?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await Writer.CoreV1.ReadNamespacedConfigMapAsync(name, "default", cancellationToken: cancellationToken);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Waits until the cache holds <paramref name="name"/> at <paramref name="resourceVersion"/> (null: until it is absent); a no-op without informers.</summary>
    public Task CacheHoldsAsync(string name, string? resourceVersion)
    {
        if (!InformersRunning)
        {
            return Task.CompletedTask;
        }

        var key = new ObjectKey("default", name);
        return Eventually.TrueAsync(
            () => ConfigMaps.Get(key)?.Metadata.ResourceVersion == resourceVersion,
            resourceVersion is null ? $"the cache dropped {name}" : $"the cache holds {name} at resourceVersion {resourceVersion}");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Informers.StoppedAsync();
        await Services.DisposeAsync();
        _client.Dispose();
        Writer.Dispose();
        await Cluster.DisposeAsync();
        _stop.Dispose();
    }
}
