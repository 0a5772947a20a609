using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Hosting;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.Runtime.Tests.Integration;

/// <summary>A controller host as Program will build it (AddControllerRuntime + AddController + endpoints), on a TestServer.</summary>
internal sealed class RuntimeHost : IAsyncDisposable
{
    private RuntimeHost(WebApplication app, RequestCounter requests, Kubernetes client)
    {
        App = app;
        Requests = requests;
        Client = client;
    }

    public WebApplication App { get; }

    public RequestCounter Requests { get; }

    public Kubernetes Client { get; }

    public IServiceProvider Services => App.Services;

    public ControllerManager Manager => App.Services.GetRequiredService<ControllerManager>();

    public Controller<V1ConfigMap> Controller => (Controller<V1ConfigMap>)Manager.Controllers.Single();

    public HttpClient Http => App.GetTestClient();

    /// <summary>
    /// Unique per host: OpenTelemetry listens to every meter of this name in the process, so hosts running in
    /// parallel tests would otherwise add up into one series.
    /// </summary>
    public string ControllerName { get; private init; } = "";

    public static async Task<RuntimeHost> StartAsync(
        LocalClusterServer cluster,
        ReconcileLog log,
        string name = "host",
        Action<ControllerRuntimeOptions>? configure = null,
        int workers = 4,
        CancellationToken cancellationToken = default,
        Action<ControllerBuilder<V1ConfigMap>>? controller = null,
        TimeProvider? time = null)
    {
        var requests = new RequestCounter();
        var client = new Kubernetes(cluster.ClientConfiguration, requests);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IKubernetes>(client);
        if (time is not null)
        {
            // A fake clock: the work queue's delays (requeue-after, backoff) fall due only when the test advances it.
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(new HostName(name));
        builder.Services.AddControllerRuntime(o =>
        {
            o.Namespaces = ["default"];
            configure?.Invoke(o);
        });
        var controllerName = $"sample-{name}-{Guid.NewGuid():N}"[..24];
        builder.Services.AddController<V1ConfigMap, SampleConfigMapController>(c =>
        {
            c.Named(controllerName).WithWorkers(workers);
            controller?.Invoke(c);
        });
        var app = builder.Build();
        app.MapControllerRuntimeEndpoints();
        await app.StartAsync(cancellationToken);
        return new RuntimeHost(app, requests, client) { ControllerName = controllerName };
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        Client.Dispose();
    }
}
