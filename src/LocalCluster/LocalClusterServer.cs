using System.Net;
using DynamoMcp.LocalCluster.Authorization;
using DynamoMcp.LocalCluster.Controllers;
using DynamoMcp.LocalCluster.Faults;
using DynamoMcp.LocalCluster.Hosting;
using DynamoMcp.LocalCluster.Pods;
using DynamoMcp.LocalCluster.Resources;
using DynamoMcp.LocalCluster.Storage;
using DynamoMcp.LocalCluster.Watch;
using DynamoMcp.Runtime.DnsRebinding;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.LocalCluster;

/// <summary>
/// An embedded Kubernetes-compatible API server on 127.0.0.1: discovery, generic CRUD and watch of built-in and
/// custom resources, RBAC through impersonation, SQLite persistence, fault injection. Good enough for operators,
/// client libraries and the real kubectl; a development and test target, not a production API server.
/// </summary>
public sealed class LocalClusterServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly ClusterControllers _controllers;
    private readonly string? _temporaryDirectory;
    private int _stopped;
    private Jobs.LocalJobRunner? _jobRunner;
    private Deployments.LocalDeploymentController? _deployments;
    private Networking.LocalServiceProxy? _services;

    private LocalClusterServer(WebApplication app, ObjectStore store, ClusterControllers controllers, Uri baseUri, string kubeconfigPath,
        string? temporaryDirectory, FaultInjector faults, IPodLogStore podLogs, string? token)
    {
        _app = app;
        _store = store;
        _controllers = controllers;
        _temporaryDirectory = temporaryDirectory;
        BaseUri = baseUri;
        KubeconfigPath = kubeconfigPath;
        Faults = faults;
        PodLogs = podLogs;
        ClientConfiguration = new KubernetesClientConfiguration { Host = baseUri.ToString().TrimEnd('/'), AccessToken = token };
    }

    /// <summary>How a refused client can allow its Host or Origin, in the 403 answer of the DNS-rebinding protection.</summary>
    public const string AllowHostSetting = "--allowed-host of the local mode (LocalClusterOptions.AllowedHosts)";

    public const string AllowOriginSetting = "--allowed-origin of the local mode (LocalClusterOptions.AllowedOrigins)";

    public Uri BaseUri { get; }

    /// <summary>What holds job containers to their resource limits, in a sentence; null without a job runner.</summary>
    public string? LimitEnforcement => _jobRunner?.LimitEnforcementDescription;

    /// <summary>The network of server pods with network access, or null without the job runner.</summary>
    public string? ServerNetwork => _jobRunner?.ServerNetworkDescription;

    /// <summary>A kubeconfig for this server (context <c>local</c>), in the data directory or a temporary one.</summary>
    public string KubeconfigPath { get; }

    public KubernetesClientConfiguration ClientConfiguration { get; }

    public FaultInjector Faults { get; }

    public IPodLogStore PodLogs { get; }

    public static async Task<LocalClusterServer> StartAsync(LocalClusterOptions options, ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var rebinding = new DnsRebindingProtectionOptions
        {
            AllowedHosts = options.AllowedHosts,
            AllowedOrigins = options.AllowedOrigins,
            AllowHostSetting = AllowHostSetting,
            AllowOriginSetting = AllowOriginSetting,
        };

        // A bad allowlist entry fails here (ArgumentException naming it), before anything is opened.
        _ = HostOriginPolicy.Create(rebinding.AllowedHosts, rebinding.AllowedOrigins);
        if (options.DataDirectory is not null)
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        var faults = new FaultInjector();
        var store = await ObjectStore.OpenAsync(options.DataDirectory, options.WatchHistorySize, faults, loggerFactory.CreateLogger<ObjectStore>(), ct);
        var podLogs = new PodLogStore(options.DataDirectory);
        var registry = new ResourceRegistry();
        var clock = TimeProvider.System;
        var service = new ResourceService(store, registry, podLogs, clock);
        service.RegisterStoredCustomResourceDefinitions();
        await ClusterBootstrap.EnsureDefaultsAsync(service);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        // Watches stay open until their clients go; a stop waits this long for them, then cuts them.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton<IPodLogStore>(podLogs);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton<RbacAuthorizer>();
        builder.Services.AddSingleton(new ListSnapshotCache(clock));
        builder.Services.AddSingleton<WatchStreamer>();
        builder.Services.AddSingleton(_ => new Auth.ServiceAccountTokenIssuer(Auth.ServiceAccountSigningKey.LoadOrCreate(options.DataDirectory), clock));
        builder.Services.AddSingleton<Auth.TokenEndpoints>();
        builder.Services.AddSingleton<ResourceEndpoint>();
        builder.Services.AddSingleton<ApiDispatcher>();
        var app = builder.Build();
        var dispatcher = app.Services.GetRequiredService<ApiDispatcher>();

        // Before the token check: a web page rebinding its domain to 127.0.0.1 must not reach the API at all.
        app.UseDnsRebindingProtection(rebinding);
        app.Run(dispatcher.HandleAsync);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        string? temporary = null;
        var directory = options.DataDirectory;
        if (directory is null)
        {
            temporary = Path.Combine(Path.GetTempPath(), "localcluster-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temporary);
            directory = temporary;
        }
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, KubeconfigWriter.Render(baseUri, options.Token), ct);

        var controllers = ClusterControllers.Start(service, loggerFactory);
        var server = new LocalClusterServer(app, store, controllers, baseUri, kubeconfig, temporary, faults, podLogs, options.Token);
        if (options.JobRunner is not null)
        {
            server._jobRunner = new Jobs.LocalJobRunner(server.CreateClient(), podLogs, options.JobRunner, loggerFactory);
            await server._jobRunner.StartAsync(CancellationToken.None);
            var endpoints = new Networking.LocalPodEndpoints();
            server._deployments = new Deployments.LocalDeploymentController(server.CreateClient(), podLogs, options.JobRunner, server._jobRunner, endpoints, loggerFactory);
            await server._deployments.StartAsync(CancellationToken.None);
            server._services = new Networking.LocalServiceProxy(server.CreateClient(), endpoints, options.JobRunner, loggerFactory);
            await server._services.StartAsync(CancellationToken.None);
        }
        return server;
    }

    /// <summary>
    /// Where port <paramref name="port"/> of Service <paramref name="ns"/>/<paramref name="name"/> is served on this host in
    /// local mode (<c>http://127.0.0.1:&lt;hostPort&gt;/</c>, reaching its ready pods), or null while it has none: no
    /// selector, no such port, not seen yet, or no job runner. Out of process, read the Service's annotation
    /// <c>dynamo-mcp.io/local-addresses</c> (<c>&lt;port&gt;=127.0.0.1:&lt;hostPort&gt;,...</c>) or
    /// <c>dynamo-mcp.io/local-address</c> (its first port).
    /// </summary>
    public Uri? ServiceEndpoint(string ns, string name, int port) => _services?.Endpoint(ns, name, port);

    /// <summary>A client acting as the admin, or as <paramref name="impersonateUser"/> (and groups) so RBAC applies.</summary>
    public Kubernetes CreateClient(string? impersonateUser = null, IReadOnlyList<string>? impersonateGroups = null)
    {
        if (impersonateUser is null)
        {
            return new Kubernetes(ClientConfiguration);
        }
        return new Kubernetes(ClientConfiguration, new ImpersonationHandler(impersonateUser, impersonateGroups ?? []));
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        if (_jobRunner is not null)
        {
            await _jobRunner.DisposeAsync();
        }
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        if (_deployments is not null)
        {
            await _deployments.DisposeAsync();
        }
        await _controllers.DisposeAsync();
        await _store.DisposeAsync();
        await _app.StopAsync(ct);
        await _app.DisposeAsync();
        if (_temporaryDirectory is not null)
        {
            try
            {
                Directory.Delete(_temporaryDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A kubectl still reading the kubeconfig; the temp dir is cleaned by the OS eventually.
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
