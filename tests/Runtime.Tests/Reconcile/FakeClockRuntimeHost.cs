using DynamoMcp.LocalCluster;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Hosting;
using DynamoMcp.Runtime.Tests.Integration;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DynamoMcp.Runtime.Tests.Reconcile;

/// <summary>
/// The sample ConfigMap controller hosted like <see cref="RuntimeHost"/>, but on a <see cref="FakeTimeProvider"/>: the
/// work queue's delays (requeue-after, backoff) only fall due when the test advances the clock.
/// </summary>
internal sealed class FakeClockRuntimeHost : IAsyncDisposable
{
    private int _disposed;

    private FakeClockRuntimeHost(WebApplication app, Kubernetes client, FakeTimeProvider time, string controllerName)
    {
        App = app;
        Client = client;
        Time = time;
        ControllerName = controllerName;
    }

    public WebApplication App { get; }

    public Kubernetes Client { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>Unique per host, so parallel tests' metrics never add up into one series.</summary>
    public string ControllerName { get; }

    public Controller<V1ConfigMap> Controller =>
        (Controller<V1ConfigMap>)App.Services.GetRequiredService<ControllerManager>().Controllers.Single();

    public HttpClient Http => App.GetTestClient();

    public static async Task<FakeClockRuntimeHost> StartAsync(
        LocalClusterServer cluster, ReconcileLog log, Action<ControllerRuntimeOptions> configure, CancellationToken cancellationToken)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = new Kubernetes(cluster.ClientConfiguration);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IKubernetes>(client);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(new HostName("fake-clock"));
        builder.Services.AddControllerRuntime(o =>
        {
            o.Namespaces = ["default"];
            configure(o);
        });
        var controllerName = $"fake-clock-{Guid.NewGuid():N}"[..24];
        builder.Services.AddController<V1ConfigMap, SampleConfigMapController>(c => c.Named(controllerName).WithWorkers(1));
        var app = builder.Build();
        app.MapControllerRuntimeEndpoints();
        await app.StartAsync(cancellationToken);

        // The manager builds its controllers in ExecuteAsync, which runs after StartAsync has returned.
        var manager = app.Services.GetRequiredService<ControllerManager>();
        await Eventually.TrueAsync(() => manager.Controllers.Count == 1, "the manager built its controller");
        return new FakeClockRuntimeHost(app, client, time, controllerName);
    }

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
